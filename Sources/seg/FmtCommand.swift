import ArgumentParser
import Foundation
import SegRun
import SegSyntax
import SegEngine
import SegStore
import SegDemo

/// `seg fmt`: rewrites scripts in the canonical layout (SegSyntax/Formatter.swift).
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format scripts in Seg's one layout, keeping every comment.",
        discussion: """
            Rewrites each file in place and names the ones it changed. With --check, changes \
            nothing: names the files that are not formatted and exits 1 if there are any (for CI). \
            A file with syntax errors is reported and left as it is. `-` formats standard input \
            to standard output.
            """)

    @Argument(help: ArgumentHelp("The .seg scripts (or folders, searched for .seg files) to format; `-` for standard input.", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Change nothing; exit 1 if a file is not formatted.")
    var check = false

    func run() throws {
        if files == ["-"] {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            switch ScriptFormatter.format(text, path: "<stdin>") {
            case .success(let out):
                if check {
                    if out != text { print("<stdin>: not formatted"); print(FmtCommand.diff(text, out), terminator: ""); throw ExitCode(1) }
                } else {
                    FileHandle.standardOutput.write(Data(out.utf8))
                }
            case .failure(let refusal):
                Diagnostics.print(refusal.diagnostics, refusal.sources)
                throw ExitCode(1)
            }
            return
        }
        var unformatted: [String] = []
        var failed = false
        for file in try FmtCommand.expand(files) {
            // What fmt would write, through the door (`FileDoor`), before anything is read: a
            // device, pipe or socket is neither read nor replaced.
            let target = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
            if let reason = FileDoor.problem(file.hasSuffix("/") ? file : target) {
                FileHandle.standardError.write(Data("error: cannot format \(file): \(reason)\n".utf8))
                failed = true
                continue
            }
            let text: String
            do { text = try readScript(file) } catch { failed = true; continue }
            switch ScriptFormatter.format(text, path: file) {
            case .failure(let refusal):
                Diagnostics.print(refusal.diagnostics, refusal.sources)
                failed = true
            case .success(let out) where out != text:
                unformatted.append(file)
                if check { print("\(file): not formatted"); print(FmtCommand.diff(text, out), terminator: "") } else {
                    do {
                        try FmtCommand.replace(file, with: out)
                        print("formatted \(file)")
                    } catch {
                        FileHandle.standardError.write(Data("error: \((error as? FileRefusal)?.description ?? "cannot write \(file): \(error.localizedDescription)")\n".utf8))
                        failed = true
                    }
                }
            case .success:
                break
            }
        }
        if failed || (check && !unformatted.isEmpty) { throw ExitCode(1) }
    }

    /// What formatting would change, line by line (`-` as written, `+` formatted), with
    /// line numbers of the file as written; at most 40 lines.
    static func diff(_ before: String, _ after: String) -> String {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var removed: [Int: String] = [:], inserted: [Int: String] = [:]
        for change in new.difference(from: old) {
            switch change {
            case .remove(let offset, let line, _): removed[offset] = line
            case .insert(let offset, let line, _): inserted[offset] = line
            }
        }
        // Walk both texts together so each change stands where it happens.
        var out: [String] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            let gone = i < old.count ? removed[i] : nil, come = j < new.count ? inserted[j] : nil
            if let gone { out.append("  \(i + 1) - \(gone)") }
            if let come { out.append("  \(min(i, old.count - 1) + 1) + \(come)") }
            // A changed line is a removal and an insertion at the same place: shown as a pair.
            if gone != nil || come == nil { i += 1 }
            if come != nil || gone == nil { j += 1 }
        }
        let shown = out.prefix(40).joined(separator: "\n")
        return shown.isEmpty ? "" : shown + (out.count > 40 ? "\n  … (\(out.count - 40) more lines)\n" : "\n")
    }

    /// Writes the new text over the file a path names (through a symlink, to its target)
    /// through the one door (`FileDoor`: atomic, keeping the file's permissions).
    static func replace(_ path: String, with text: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        try FileDoor.write(Data(text.utf8), to: target.path, by: .fmt)
    }

    /// Files as named, and the .seg files under each folder named (sorted, hidden folders skipped).
    static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { out.append(path); continue }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".seg") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
            out += found.map { (path as NSString).appendingPathComponent($0) }
        }
        return out
    }
}
