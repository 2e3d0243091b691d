/// A source text Seg reads: a script file, a REPL entry, a `--param` value.
///
/// Spans point into `scalars` by Unicode-scalar offset, so a Chinese identifier
/// is one position per character; line and column are computed only when a
/// diagnostic is rendered.
public struct SourceFile: Sendable {
    public let id: Int
    /// The path as the user gave it (shown in diagnostics), or a label like `<repl>`.
    public let path: String
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// Offsets at which each line starts (line 1 starts at 0).
    let lineStarts: [Int]

    public init(id: Int, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of an offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : scalars.count
        while end > start, scalars[end - 1] == "\n" || scalars[end - 1] == "\r" { end -= 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }

    public func slice(_ span: Span) -> String {
        let lo = max(0, min(span.start, scalars.count)), hi = max(lo, min(span.end, scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[lo..<hi])
        return String(s)
    }
}

/// A half-open range of scalar offsets in one source file.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var file: Int
    public var start: Int
    public var end: Int

    public init(file: Int, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span for things that come from no source text (built-ins, catalog).
    public static let none = Span(file: -1, start: 0, end: 0)

    /// The smallest span covering both.
    public func to(_ other: Span) -> Span {
        guard file == other.file else { return self }
        return Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(file):\(start)..<\(end)" }
}

/// The set of sources of one run, so diagnostics can find their text.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []
    public init() {}

    public mutating func add(path: String, text: String) -> SourceFile {
        let file = SourceFile(id: files.count, path: path, text: text)
        files.append(file)
        return file
    }

    public func file(_ id: Int) -> SourceFile? {
        id >= 0 && id < files.count ? files[id] : nil
    }
}

/// Decodes script bytes as UTF-8; returns the offset of the first invalid byte sequence
/// (as a scalar offset in the repaired text) when the bytes are not valid UTF-8.
public func decodeSource(_ bytes: [UInt8]) -> (text: String, firstInvalid: Int?) {
    var scalars = String.UnicodeScalarView()
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var firstInvalid: Int?
    loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let s): scalars.append(s)
        case .emptyInput: break loop
        case .error:
            if firstInvalid == nil { firstInvalid = scalars.count }
            scalars.append("\u{FFFD}")
        }
    }
    return (String(scalars), firstInvalid)
}
