import Foundation
import Testing
@testable import SegEngine
@testable import SegStore
@testable import SegMemory
@testable import SegDemo

/// `seg lsp`, driven as an editor drives it: a scripted client writes LSP messages to the
/// server's stdin and checks each response exactly.
@Suite struct LanguageServerTests {
    /// A running `seg lsp` and the messages it has sent.
    final class Client {
        let process = Process()
        let stdin = Pipe()
        let stdout = Pipe()
        var buffer = Data()
        var nextID = 1

        init(cwd: URL) throws {
            process.executableURL = Support.segBinary
            process.arguments = ["lsp", "--schema", "demo"]
            process.currentDirectoryURL = cwd
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ message: [String: Any]) throws {
            let body = try JSONSerialization.data(withJSONObject: message)
            stdin.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }

        /// The next message from the server.
        func receive() throws -> [String: Any] {
            func fill() throws {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
                buffer.append(chunk)
            }
            while buffer.range(of: Data("\r\n\r\n".utf8)) == nil { try fill() }
            let end = buffer.range(of: Data("\r\n\r\n".utf8))!
            let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
            let length = Int(header.replacingOccurrences(of: "Content-Length: ", with: ""))!
            buffer = Data(buffer[end.upperBound...])
            while buffer.count < length { try fill() }
            let body = buffer.prefix(length)
            buffer = Data(buffer.dropFirst(length))
            return try JSONSerialization.jsonObject(with: body) as! [String: Any]
        }

        /// A request and its response's `result`.
        func request(_ method: String, _ params: [String: Any]) throws -> Any? {
            let id = nextID
            nextID += 1
            try send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
            while true {
                let m = try receive()
                if m["id"] as? Int == id { return m["result"] }
            }
        }

        func notify(_ method: String, _ params: [String: Any]) throws {
            try send(["jsonrpc": "2.0", "method": method, "params": params])
        }

        func close() {
            try? request("shutdown", [:]).map { _ in () }
            try? notify("exit", [:])
            stdin.fileHandleForWriting.closeFile()
            process.waitUntilExit()
        }
    }

    /// JSON as canonical text, to compare responses exactly.
    static func json(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aSessionOfAnEditor() throws {
        let dir = Support.tempDir()
        let lib = dir.appendingPathComponent("lib.seg")
        try "-- Customers with real money.\nsegment rich where aum >= 100万\n".write(to: lib, atomically: true, encoding: .utf8)
        let uri = dir.appendingPathComponent("main.seg").absoluteString
        let libURI = lib.absoluteString
        let client = try Client(cwd: dir)
        defer { client.close() }

        let initialize = try client.request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [:]]) as? [String: Any]
        #expect(Self.json(initialize?["capabilities"]) == """
            {"codeActionProvider":true,"completionProvider":{"triggerCharacters":[".","\\""]},"definitionProvider":true,"documentFormattingProvider":true,"documentSymbolProvider":true,"hoverProvider":true,"textDocumentSync":1}
            """)
        try client.notify("initialized", [:])

        // Diagnostics as the document opens: an unknown name, with its code and suggestion.
        let text = "use \"lib.seg\"\n-- 上海的客户\nsegment sh where city = \"上海\" and agee > 30\ncount  rich\n"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "seg", "version": 1, "text": text]])
        let published = try client.receive()
        #expect(published["method"] as? String == "textDocument/publishDiagnostics")
        let diagnostics = (published["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count == 1)
        #expect(Self.json(diagnostics.first?["range"]) == #"{"end":{"character":37,"line":2},"start":{"character":33,"line":2}}"#)
        #expect(diagnostics.first?["code"] as? String == "E0301")
        #expect((diagnostics.first?["message"] as? String)?.contains("did you mean `age`?") == true, "\(diagnostics)")

        // The quick fix puts the suggestion in place.
        let actions = try client.request("textDocument/codeAction", ["textDocument": ["uri": uri],
                                                                    "range": diagnostics.first?["range"] ?? [:], "context": ["diagnostics": diagnostics]]) as? [[String: Any]]
        #expect(Self.json(actions?.first?["edit"]) == """
            {"changes":{"\(uri)":[{"newText":"age","range":{"end":{"character":37,"line":2},"start":{"character":33,"line":2}}}]}}
            """)

        // Fixed: no diagnostics.
        let fixed = text.replacingOccurrences(of: "agee", with: "age")
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": fixed]]])
        let clean = try client.receive()
        #expect(Self.json((clean["params"] as? [String: Any])?["diagnostics"]) == "[]")

        // Hover on a field: its type and whether it is personal; on a definition: its text and comment.
        let hoverField = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 2, "character": 18]]) as? [String: Any]
        #expect(Self.json(hoverField) == #"{"contents":{"kind":"markdown","value":"**field city** of `customers`: a string"},"range":{"end":{"character":21,"line":2},"start":{"character":17,"line":2}}}"#)
        let hoverSegment = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 3, "character": 8]]) as? [String: Any]
        #expect(Self.json((hoverSegment?["contents"] as? [String: Any])?["value"]) == """
            "**segment rich**: a condition\\n\\n```seg\\nsegment rich where aum >= 100万\\n```\\n\\nCustomers with real money."
            """)

        // Go to definition, across `use`.
        let location = try client.request("textDocument/definition", ["textDocument": ["uri": uri], "position": ["line": 3, "character": 8]])
        #expect(Self.json(location) == #"{"range":{"end":{"character":12,"line":1},"start":{"character":8,"line":1}},"uri":"\#(libURI)"}"#)

        // Completion: fields and definitions by prefix.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": fixed + "count ri"]]])
        _ = try client.receive()
        let completion = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": ["line": 4, "character": 8]]) as? [String: Any]
        let labels = (completion?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        #expect(labels == ["rich", "risk_level"], "\(labels)")

        // Symbols and formatting.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 4], "contentChanges": [["text": fixed]]])
        _ = try client.receive()
        let symbols = try client.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]]) as? [[String: Any]]
        #expect(symbols?.map { "\($0["detail"]!) \($0["name"]!)" } == ["segment sh"])
        let edits = try client.request("textDocument/formatting", ["textDocument": ["uri": uri], "options": ["tabSize": 4, "insertSpaces": true]]) as? [[String: Any]]
        #expect(edits?.count == 1)
        #expect(edits?.first?["newText"] as? String == fixed.replacingOccurrences(of: "count  rich", with: "count rich"))

        // An unknown method is an error, and the server goes on.
        let id = client.nextID
        client.nextID += 1
        try client.send(["jsonrpc": "2.0", "id": id, "method": "textDocument/unknown", "params": [:]])
        let error = try client.receive()
        #expect(Self.json(error["error"]) == #"{"code":-32601,"message":"method not found: textDocument/unknown"}"#)
    }

    /// While a document has errors, what did check still answers hover and completion;
    /// requests before `initialize` and a bad header are errors, not a crash.
    @Test func anUnfinishedDocumentAndBadInput() throws {
        let dir = Support.tempDir()
        let uri = dir.appendingPathComponent("d.seg").absoluteString
        let client = try Client(cwd: dir)
        defer { client.close() }
        let early = client.nextID
        client.nextID += 1
        try client.send(["jsonrpc": "2.0", "id": early, "method": "textDocument/hover", "params": [:]])
        #expect(Self.json(try client.receive()["error"]) == #"{"code":-32002,"message":"the server is not initialized"}"#)
        _ = try client.request("initialize", ["capabilities": [:]])
        let text = "define big = aum >= 50万\nsegment vip where big and citty = \"x\"\ncount bi"
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "seg", "version": 1, "text": text]])
        _ = try client.receive()
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 1, "character": 19]]) as? [String: Any]
        #expect(((hover?["contents"] as? [String: Any])?["value"] as? String)?.hasPrefix("**define big**") == true, "\(Self.json(hover))")
        let completion = try client.request("textDocument/completion", ["textDocument": ["uri": uri], "position": ["line": 2, "character": 8]]) as? [String: Any]
        let items = completion?["items"] as? [[String: Any]] ?? []
        #expect(items.compactMap { $0["label"] as? String }.contains("big"))
        #expect(Self.json(items.first { $0["label"] as? String == "big" }?["textEdit"]) == #"{"newText":"big","range":{"end":{"character":8,"line":2},"start":{"character":6,"line":2}}}"#)
        // A negative length is refused and the server goes on.
        client.stdin.fileHandleForWriting.write(Data("Content-Length: -5\r\n\r\n".utf8))
        #expect(Self.json(try client.receive()["error"]) == #"{"code":-32700,"message":"bad Content-Length"}"#)
        let symbols = try client.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]]) as? [[String: Any]]
        #expect(symbols?.count == 2)
        // Formatting a document with a syntax error changes nothing, and says why.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": "count  (aum >\n"]]])
        _ = try client.receive()
        let id = client.nextID
        client.nextID += 1
        try client.send(["jsonrpc": "2.0", "id": id, "method": "textDocument/formatting", "params": ["textDocument": ["uri": uri], "options": [:]]])
        var said: String?, edits: Any?
        while true {
            let m = try client.receive()
            if m["method"] as? String == "window/showMessage" { said = (m["params"] as? [String: Any])?["message"] as? String }
            if m["id"] as? Int == id { edits = m["result"]; break }
        }
        #expect((edits as? [Any])?.isEmpty == true)
        #expect(said?.contains("does not format a file with syntax errors") == true && said?.contains("line 1") == true, "\(String(describing: said))")
    }

    /// Malformed framing (issue 25): a length that is not a number, no length at all, a body
    /// shorter than announced followed by more messages. Each is answered with a parse error
    /// and the requests after it are answered (the server went silent until stdin closed).
    @Test func malformedHeadersAreSkippedAndLaterRequestsAnswered() throws {
        let dir = Support.tempDir()
        let client = try Client(cwd: dir)
        defer { client.close() }
        func frame(_ message: [String: Any], announcing length: Int? = nil) throws -> Data {
            let body = try JSONSerialization.data(withJSONObject: message)
            return Data("Content-Length: \(length ?? body.count)\r\n\r\n".utf8) + body
        }
        let write = client.stdin.fileHandleForWriting
        // `abc` as the length, with a body after it; then a valid request.
        write.write(Data("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}".utf8))
        #expect(Self.json(try client.receive()["error"]) == #"{"code":-32700,"message":"bad Content-Length"}"#)
        let initialized = try client.request("initialize", ["capabilities": [:]]) as? [String: Any]
        #expect(initialized?["capabilities"] != nil)
        // No Content-Length at all.
        write.write(Data("Content-Type: application/vscode-jsonrpc\r\n\r\n{}".utf8))
        #expect(Self.json(try client.receive()["error"]) == #"{"code":-32700,"message":"missing Content-Length"}"#)
        let uri = dir.appendingPathComponent("d.seg").absoluteString
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "seg", "version": 1, "text": "define big = aum >= 50万\nsegment vip where big\n"]])
        _ = try client.receive()
        // A body 200 bytes shorter than announced, then a request the client waits on.
        let short = try frame(["jsonrpc": "2.0", "id": 98, "method": "textDocument/documentSymbol", "params": ["textDocument": ["uri": uri]]], announcing: 400)
        write.write(short)
        let id = client.nextID
        client.nextID += 1
        write.write(try frame(["jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol", "params": ["textDocument": ["uri": uri]]]))
        #expect(Self.json(try client.receive()["error"]) == #"{"code":-32700,"message":"body shorter than its Content-Length"}"#)
        let answer = try client.receive()
        #expect(answer["id"] as? Int == id)
        #expect((answer["result"] as? [[String: Any]])?.count == 2)
    }
}
