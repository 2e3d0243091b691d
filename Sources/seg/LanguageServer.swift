import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

/// `seg lsp`: the Language Server Protocol over stdio (JSON-RPC 2.0 with `Content-Length`
/// headers), on the same front end as `seg check` (`FrontEnd.check`). Documents are synced
/// whole; positions are UTF-16 code units, as the protocol's default says.
final class LanguageServer {
    let session: Session
    var documents: [String: String] = [:]   // uri → text
    var shutdown = false
    var initialized = false
    let output: FileHandle

    init(session: Session, output: FileHandle = .standardOutput) {
        self.session = session
        self.output = output
    }

    // MARK: transport

    /// Reads messages until `exit` or the end of input. A malformed message (no usable
    /// `Content-Length`, a body that is not JSON or shorter than announced) is answered with a
    /// parse error and reading goes on at the next header (`MessageReader`).
    func serve(input: FileHandle = .standardInput) {
        var reader = MessageReader { input.availableData }
        while let frame = reader.next() {
            switch frame {
            case .bad(let reason):
                send(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": reason]])
            case .body(let body):
                guard let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                    send(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "parse error"]])
                    continue
                }
                if handle(message) == false { return }
            }
        }
    }

    func send(_ message: [String: Any]) {
        guard let body = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func reply(_ id: Any, _ result: Any) { send(["jsonrpc": "2.0", "id": id, "result": result]) }

    /// Handles one message; false when the server should stop.
    func handle(_ message: [String: Any]) -> Bool {
        let method = message["method"] as? String ?? ""
        let params = message["params"] as? [String: Any] ?? [:]
        let id = message["id"]
        if !initialized, method != "initialize", method != "exit" {
            if let id { send(["jsonrpc": "2.0", "id": id, "error": ["code": -32002, "message": "the server is not initialized"]]) }
            return true
        }
        switch method {
        case "initialize":
            initialized = true
            reply(id ?? NSNull(), [
                "capabilities": [
                    "textDocumentSync": 1,
                    "completionProvider": ["triggerCharacters": [".", "\""]],
                    "hoverProvider": true,
                    "definitionProvider": true,
                    "documentFormattingProvider": true,
                    "documentSymbolProvider": true,
                    "codeActionProvider": true,
                ],
                "serverInfo": ["name": "seg", "version": Seg.version],
            ])
        case "initialized", "$/cancelRequest", "workspace/didChangeConfiguration":
            break
        case "shutdown":
            shutdown = true
            reply(id ?? NSNull(), NSNull())
        case "exit":
            return false
        case "textDocument/didOpen":
            let doc = params["textDocument"] as? [String: Any] ?? [:]
            if let uri = doc["uri"] as? String, let text = doc["text"] as? String { open(uri, text) }
        case "textDocument/didChange":
            let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String
            if let uri, let changes = params["contentChanges"] as? [[String: Any]], let text = changes.last?["text"] as? String { open(uri, text) }
        case "textDocument/didClose":
            if let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String {
                documents[uri] = nil
                send(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": ["uri": uri, "diagnostics": [Any]()]])
            }
        case "textDocument/formatting":
            reply(id ?? NSNull(), formatting(params))
        case "textDocument/hover":
            reply(id ?? NSNull(), hover(params) ?? NSNull())
        case "textDocument/definition":
            reply(id ?? NSNull(), definition(params) ?? NSNull())
        case "textDocument/completion":
            reply(id ?? NSNull(), completion(params))
        case "textDocument/documentSymbol":
            reply(id ?? NSNull(), symbols(params))
        case "textDocument/codeAction":
            reply(id ?? NSNull(), codeActions(params))
        default:
            if let id { send(["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": "method not found: \(method)"]]) }
        }
        return true
    }

    // MARK: documents

    /// A document checked: its program, every diagnostic, and the sources they point into.
    struct Analysis {
        var program: CheckedProgram?
        var diagnostics: [Diagnostic]
        var sources: SourceMap
        var file: SourceFile
    }

    static func path(of uri: String) -> String {
        URL(string: uri).map { $0.isFileURL ? $0.path : uri } ?? uri
    }

    func analyse(_ uri: String) -> Analysis? {
        guard let text = documents[uri] else { return nil }
        var sources = SourceMap()
        // What checked even where something did not: a document being typed is rarely whole.
        let (program, diagnostics) = FrontEnd.check(path: Self.path(of: uri), text: text, catalog: session.catalog,
                                                    options: session.frontEndOptions, sources: &sources, partial: true)
        guard let file = sources.file(0) else { return nil }
        return Analysis(program: program, diagnostics: diagnostics, sources: sources, file: file)
    }

    func open(_ uri: String, _ text: String) {
        documents[uri] = text
        guard let a = analyse(uri) else { return }
        // Diagnostics in this document; those in a `use`d file are shown on the `use`.
        let items: [[String: Any]] = a.diagnostics.map { d in
            let inHere = d.span.file == a.file.id
            var item: [String: Any] = [
                "range": inHere ? range(d.span, in: a.file) : range(Span(file: a.file.id, start: 0, end: 0), in: a.file),
                "severity": d.severity == .error ? 1 : 2,
                "code": d.code,
                "source": "seg",
                "message": inHere ? d.message : "in \(a.sources.file(d.span.file)?.path ?? "a used file"): \(d.message)",
            ]
            if let s = d.suggestion { item["message"] = (item["message"] as! String) + "\n" + s }
            return item
        }
        send(["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": ["uri": uri, "diagnostics": items]])
    }

    // MARK: positions (UTF-16, as LSP counts)

    func position(_ offset: Int, in file: SourceFile) -> [String: Int] {
        var line = 0, character = 0
        for (i, c) in file.scalars.enumerated() {
            if i >= offset { break }
            if c == "\n" { line += 1; character = 0 } else { character += c.utf16.count }
        }
        return ["line": line, "character": character]
    }

    func range(_ span: Span, in file: SourceFile) -> [String: Any] {
        ["start": position(span.start, in: file), "end": position(max(span.end, span.start), in: file)]
    }

    /// The scalar offset of an LSP position.
    func offset(_ position: [String: Any], in file: SourceFile) -> Int {
        let line = position["line"] as? Int ?? 0, character = position["character"] as? Int ?? 0
        var l = 0, i = 0, units = 0
        let s = file.scalars
        while i < s.count, l < line { if s[i] == "\n" { l += 1 }; i += 1 }
        while i < s.count, s[i] != "\n", units < character { units += s[i].utf16.count; i += 1 }
        return i
    }

    func textDocument(_ params: [String: Any]) -> String? { (params["textDocument"] as? [String: Any])?["uri"] as? String }

    /// The token under the cursor (or just before it, at the end of a word).
    func token(at params: [String: Any], _ a: Analysis) -> Token? {
        guard let p = params["position"] as? [String: Any] else { return nil }
        let o = offset(p, in: a.file)
        let tokens = Lexer.tokenize(a.file).tokens
        return tokens.first { $0.span.start <= o && o < $0.span.end } ?? tokens.first { $0.span.end == o && $0.kind != .eof }
    }

    // MARK: features

    func formatting(_ params: [String: Any]) -> Any {
        guard let uri = textDocument(params), let text = documents[uri] else { return [Any]() }
        let out: String
        switch ScriptFormatter.format(text, path: Self.path(of: uri)) {
        case .success(let formatted): out = formatted
        case .failure(let refusal):
            // Formatting needs the statements' structure: said, not silently nothing.
            let first = refusal.diagnostics.first { $0.isError }
            let place = first.flatMap { d in refusal.sources.file(d.span.file).map { "line \($0.location(of: d.span.start).line): " } } ?? ""
            send(["jsonrpc": "2.0", "method": "window/showMessage",
                  "params": ["type": 2, "message": "Seg does not format a file with syntax errors; fix them first (\(place)\(first?.message ?? "a syntax error"))."]])
            return [Any]()
        }
        guard out != text else { return [Any]() }
        var sources = SourceMap()
        let file = sources.add(path: "f", text: text)
        return [["range": range(Span(file: file.id, start: 0, end: file.scalars.count), in: file), "newText": out]]
    }

    func hover(_ params: [String: Any]) -> [String: Any]? {
        guard let uri = textDocument(params), let a = analyse(uri), let program = a.program, let t = token(at: params, a),
              case .identifier(let name, _) = t.kind else { return nil }
        var text: String?
        func flags(_ type: SegType, nullable: Bool, personal: Bool) -> String {
            "\(type)" + (nullable ? ", may be missing" : "") + (personal ? ", personal data (masked on output)" : "")
        }
        if let d = program.definitions.last(where: { $0.name == name }) {
            let body = a.sources.file(d.body.span.file).map { $0.slice(d.body.span) } ?? ""
            let source = "\(d.kind.rawValue) \(d.name) \(d.kind == .segment ? "where" : "=") \(body)"
            text = "**\(d.kind.rawValue) \(d.name)**: \(flags(d.body.type, nullable: d.body.nullable, personal: d.body.personal))\n\n```seg\n\(source)\n```"
            if let doc = d.doc { text! += "\n\n" + doc }
        } else if let f = program.entity.field(name) {
            text = "**field \(f.name)** of `\(program.entity.table)`: \(flags(f.type, nullable: f.nullable, personal: f.pii))"
        } else if let r = relationBefore(t, a, program), let c = r.column(name) {
            text = "**\(r.name).\(c.name)**, a column of `\(r.table)`: \(flags(c.type, nullable: c.nullable, personal: c.pii))"
        } else if let r = program.entity.relation(name) {
            text = "**relation \(r.name)**: rows of table `\(r.table)`; columns " + r.columns.map { "`\($0.name)`" }.joined(separator: ", ")
        } else if let p = program.parameters[name] {
            text = "**param \(name)**: \(p.type)"
        } else if let m = program.models.first(where: { $0.name == name }) {
            text = "**model \(m.name)**: a score from \(m.inputs.count) input\(m.inputs.count == 1 ? "" : "s")"
        }
        guard let text else { return nil }
        return ["contents": ["kind": "markdown", "value": text], "range": range(t.span, in: a.file)]
    }

    /// The relation in `relation.column` when `t` is the column.
    func relationBefore(_ t: Token, _ a: Analysis, _ program: CheckedProgram) -> Relation? {
        let tokens = Lexer.tokenize(a.file).tokens
        guard let i = tokens.firstIndex(where: { $0.span == t.span }), i >= 2, tokens[i - 1].isSymbol("."),
              case .identifier(let r, _) = tokens[i - 2].kind else { return nil }
        return program.entity.relation(r)
    }

    func definition(_ params: [String: Any]) -> [String: Any]? {
        guard let uri = textDocument(params), let a = analyse(uri), let t = token(at: params, a) else { return nil }
        // `use "file.seg"`: the file itself.
        if case .string(let relative) = t.kind {
            let tokens = Lexer.tokenize(a.file).tokens
            guard let i = tokens.firstIndex(where: { $0.span == t.span }), i > 0, tokens[i - 1].isKeyword(.use) else { return nil }
            let base = URL(fileURLWithPath: Self.path(of: uri)).deletingLastPathComponent()
            let target = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : base.appendingPathComponent(relative).standardized
            guard FileManager.default.fileExists(atPath: target.path) else { return nil }
            return ["uri": target.absoluteString, "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]]]
        }
        guard let program = a.program, case .identifier(let name, _) = t.kind, let d = program.definitions.last(where: { $0.name == name }),
              let file = a.sources.file(d.span.file) else { return nil }
        if d.span.file == a.file.id { return ["uri": uri, "range": range(d.span, in: file)] }
        // A definition of the library built into seg has no file to open.
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return ["uri": URL(fileURLWithPath: file.path).absoluteString, "range": range(d.span, in: file)]
    }

    func completion(_ params: [String: Any]) -> [String: Any] {
        guard let uri = textDocument(params), let text = documents[uri], let p = params["position"] as? [String: Any] else {
            return ["isIncomplete": false, "items": [Any]()]
        }
        var sources = SourceMap()
        let file = sources.add(path: "c", text: text)
        let o = offset(p, in: file)
        // The line being typed rarely checks: the names come from the rest of the document.
        var a = analyse(uri)
        if a?.program == nil {
            let line = p["line"] as? Int ?? 0
            var lines = text.components(separatedBy: "\n")
            if line < lines.count { lines[line] = "" }
            documents[uri] = lines.joined(separator: "\n")
            a = analyse(uri)
            documents[uri] = text
        }
        // The line up to the cursor, and the word being typed.
        var lineStart = o
        while lineStart > 0, file.scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        let before = String(String.UnicodeScalarView(file.scalars[lineStart..<o]))
        let word = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
        let head = String(before.dropLast(word.count))
        let quoted = head.filter { $0 == "\"" }.count % 2 == 1
        let completion = Completion(session: session, program: { a?.program })
        let words = completion.candidates(before: head, word: word, quoted: quoted) ?? []
        let program = a?.program
        // The word typed (a relation's name and its dot included) is replaced whole.
        let wordRange: [String: Any] = ["start": ["line": p["line"] as? Int ?? 0, "character": (p["character"] as? Int ?? 0) - word.utf16.count],
                                        "end": ["line": p["line"] as? Int ?? 0, "character": p["character"] as? Int ?? 0]]
        let items: [[String: Any]] = words.prefix(200).map { w in
            var kind = 14  // keyword
            if let program {
                if program.entity.field(w) != nil { kind = 5 }  // field
                else if program.definitions.contains(where: { $0.name == w }) { kind = 6 }  // variable
                else if program.entity.relation(w) != nil { kind = 7 }  // class
                else if program.parameters[w] != nil { kind = 21 }  // constant
                else if w.hasPrefix("stdlib.") { kind = 9 }  // module
                else if w.contains(".") { kind = 5 }
            }
            return ["label": w, "kind": kind, "textEdit": ["range": wordRange, "newText": w]]
        }
        return ["isIncomplete": false, "items": items]
    }

    func symbols(_ params: [String: Any]) -> [[String: Any]] {
        guard let uri = textDocument(params), let text = documents[uri] else { return [] }
        var sources = SourceMap()
        let file = sources.add(path: Self.path(of: uri), text: text)
        let (program, _) = Parser.parse(file)
        return program.statements.compactMap { st -> [String: Any]? in
            let (name, kind, detail): (Name, Int, String)
            switch st.kind {
            case .define(let n, _): (name, kind, detail) = (n, 13, "define")
            case .segment(let n, _, _, _): (name, kind, detail) = (n, 13, "segment")
            case .param(let n, _, _, _): (name, kind, detail) = (n, 14, "param")
            case .campaign(let c): (name, kind, detail) = (c.name, 12, "campaign")
            case .model(let m): (name, kind, detail) = (m.name, 12, "model")
            case .scorecard(let s): (name, kind, detail) = (s.name, 12, "scorecard")
            case .entity(let e): (name, kind, detail) = (e.name, 5, "entity")
            default: return nil
            }
            return ["name": name.text, "kind": kind, "detail": detail, "range": range(st.span, in: file), "selectionRange": range(name.span, in: file)]
        }
    }

    /// Quick fixes: a diagnostic whose suggestion names a replacement ("did you mean `aum`?")
    /// offers to put it in place of the text the diagnostic points at.
    func codeActions(_ params: [String: Any]) -> [[String: Any]] {
        guard let uri = textDocument(params), let a = analyse(uri) else { return [] }
        // The diagnostics the asked range touches.
        var lo = 0, hi = Int.max
        if let r = params["range"] as? [String: Any], let start = r["start"] as? [String: Any], let end = r["end"] as? [String: Any] {
            lo = offset(start, in: a.file)
            hi = offset(end, in: a.file)
        }
        var out: [[String: Any]] = []
        for d in a.diagnostics where d.span.file == a.file.id && d.span.start <= hi && d.span.end >= lo {
            guard let s = d.suggestion, let r = s.range(of: "did you mean `") else { continue }
            let rest = s[r.upperBound...]
            guard let end = rest.firstIndex(of: "`") else { continue }
            let replacement = String(rest[..<end])
            out.append([
                "title": "Replace with `\(replacement)`",
                "kind": "quickfix",
                "diagnostics": [["range": range(d.span, in: a.file), "code": d.code, "message": d.message]],
                "edit": ["changes": [uri: [["range": range(d.span, in: a.file), "newText": replacement]]]],
            ])
        }
        return out
    }
}

import ArgumentParser

/// `seg lsp`: runs the language server on stdin and stdout.
struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "The language server (LSP over stdio) for editors: diagnostics, completion, hover, go to definition, formatting, symbols.",
        discussion: "Checks against --db, a --schema file, or by default the demo bank's schema (no data is read).")

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: ArgumentHelp("Check against the tables of a SQL schema file, or `demo`.", valueName: "file.sql|demo"))
    var schema: String?

    func run() throws {
        let session = try script.session(schema: schema)
        LanguageServer(session: session).serve()
    }
}

/// LSP framing over a byte stream (`Content-Length: N`, a blank line, N bytes), recovering from
/// malformed input: whatever precedes a header block is skipped with it (the header is found
/// by its last `Content-Length:`), and a body cut short by the next header ends there. (Before,
/// a message with no usable length left its body in front of the next header, which was then
/// read as garbage and the server waited for a blank line that never came.) A valid JSON body
/// never holds a header with its blank line: JSON strings cannot hold a raw line break.
struct MessageReader {
    enum Frame: Equatable {
        case body(Data)
        /// Refused, with the reason sent back as a parse error.
        case bad(String)
    }

    let read: () -> Data
    var buffer = Data()

    init(read: @escaping () -> Data) { self.read = read }

    static let blankLine = Data("\r\n\r\n".utf8)
    static let lengthName = Array("content-length:".utf8)

    /// More input; false at its end.
    mutating func fill() -> Bool {
        let chunk = read()
        if chunk.isEmpty { return false }
        buffer.append(chunk)
        return true
    }

    /// The next message, or nil at the end of input.
    mutating func next() -> Frame? {
        while buffer.range(of: Self.blankLine) == nil {
            if !fill() { return nil }
        }
        let end = buffer.range(of: Self.blankLine)!
        let headers = Data(buffer[buffer.startIndex..<end.lowerBound])
        buffer = Data(buffer[end.upperBound...])
        guard let at = Self.lastLengthHeader(in: headers) else { return .bad("missing Content-Length") }
        let valueEnd = headers[at...].range(of: Data("\r\n".utf8))?.lowerBound ?? headers.endIndex
        let value = String(decoding: headers[(at + Self.lengthName.count)..<valueEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard let length = Int(value), length >= 0, length < 1 << 30 else { return .bad("bad Content-Length") }
        // The body; a header inside what was announced means it was cut short.
        var scanned = 0
        while buffer.count < length {
            if let i = Self.firstName(in: buffer, from: scanned) {
                if buffer[i...].range(of: Self.blankLine) != nil {
                    buffer = Data(buffer[i...])
                    return .bad("body shorter than its Content-Length")
                }
                scanned = i  // a header still arriving, perhaps
            } else {
                scanned = max(0, buffer.count - Self.lengthName.count + 1)
            }
            if !fill() { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer = Data(buffer.dropFirst(length))
        if (try? JSONSerialization.jsonObject(with: body)) == nil, let cut = Self.headerBlock(in: body, from: 0) {
            buffer = Data(body[cut...]) + buffer
            return .bad("body shorter than its Content-Length")
        }
        return .body(body)
    }

    /// Where the last `Content-Length:` of a header block begins (any case), if it has one.
    static func lastLengthHeader(in headers: Data) -> Int? {
        headers.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            guard bytes.count >= lengthName.count else { return nil }
            for i in stride(from: bytes.count - lengthName.count, through: 0, by: -1) where matchesName(bytes, at: i) {
                return headers.startIndex + i
            }
            return nil
        }
    }

    /// The offset of a whole header block (`Content-Length:` … blank line) at or after `from`.
    static func headerBlock(in data: Data, from: Int) -> Int? {
        guard let i = firstName(in: data, from: from), data[i...].range(of: blankLine) != nil else { return nil }
        return i
    }

    /// The first `Content-Length:` (any case) at or after `from`.
    static func firstName(in data: Data, from: Int) -> Int? {
        let found: Int? = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            var i = max(0, from)
            while i + lengthName.count <= bytes.count {
                if matchesName(bytes, at: i) { return i }
                i += 1
            }
            return nil
        }
        return found.map { data.startIndex + $0 }
    }

    static func matchesName(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Bool {
        for (k, c) in lengthName.enumerated() {
            var b = bytes[i + k]
            if b >= 65 && b <= 90 { b += 32 }
            if b != c { return false }
        }
        return true
    }
}
