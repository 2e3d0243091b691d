import Foundation
import SegRun
import SegSyntax
import SegEngine
import SegStore
import SegDemo

/// Where one REPL entry's results go: the screen (expanded when too wide with `.x auto`,
/// through a pager when too tall), or the file `.once` named.
final class ResultScreen {
    let printer: Printer
    let auto: Bool
    let pager: Bool
    let file: String?
    /// Files `.once` may not replace (the database, scripts read): `FileDoor`.
    let protected: [String]
    var saved = ""
    var count = 0

    init(printer: Printer, auto: Bool, pager: Bool, file: String?, protected: [String] = []) {
        self.protected = protected
        self.printer = printer
        self.auto = auto
        self.pager = pager
        self.file = file
    }

    func show(_ output: Output) {
        if let file {
            // The file's format follows its name; the text is never coloured.
            let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
            let format: OutputFormat = ext == "csv" ? .csv : ext == "json" || ext == "jsonl" ? .json : .table
            saved += Printer(format: format, colour: false, expanded: printer.expanded).text(output)
            count += 1
            return
        }
        var p = printer
        var text = p.text(output)
        let size = Terminal.size()
        if auto, case .table = output, let size, Self.widest(text) > size.columns {
            p.expanded = true
            text = p.text(output)
        }
        if pager, let size, text.reduce(0, { $1 == "\n" ? $0 + 1 : $0 }) >= size.rows - 1, Self.page(text) { return }
        Swift.print(text, terminator: "")
    }

    /// Writes what `.once` collected.
    func finish(protected more: [String] = []) {
        guard let file else { return }
        let protected = self.protected + more
        do {
            try FileDoor.write(Data(saved.utf8), to: file, by: .replOnce, protected: protected)
            Swift.print("wrote \(count) result\(count == 1 ? "" : "s") to \(file)")
        } catch {
            // The result is not lost: it goes to the screen instead.
            Swift.print("\(error.description); the result follows here")
            Swift.print(saved, terminator: "")
        }
    }

    static func widest(_ text: String) -> Int {
        text.split(separator: "\n").map { displayWidth(String($0)) }.max() ?? 0
    }

    /// Shows text through `$PAGER` (else `less -FRSX`); false when no pager could start.
    static func page(_ text: String) -> Bool {
        let command = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -FRSX"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let pipe = Pipe()
        p.standardInput = pipe
        do { try p.run() } catch { return false }
        // The pager owns the terminal until it quits; Ctrl-C there must not stop seg.
        pipe.fileHandleForWriting.write(Data(text.utf8))
        try? pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        return p.terminationStatus == 0 || p.terminationStatus == 1
    }
}

/// The terminal's size, when standard output is one.
enum Terminal {
    static func size() -> (rows: Int, columns: Int)? {
        guard isatty(1) != 0 else { return nil }
        var w = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_row > 0, w.ws_col > 0 else { return nil }
        return (Int(w.ws_row), Int(w.ws_col))
    }
}
