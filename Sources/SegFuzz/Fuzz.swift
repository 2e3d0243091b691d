#if canImport(Glibc)
import Glibc
#endif
import SegSyntax
import SegCheck
import SegCompile

/// Feeds arbitrary bytes through lexer, parser, checker and compiler. Any crash is a bug:
/// bad input must only ever produce diagnostics.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let (text, invalid) = decodeSource(Array(bytes))
    var sources = SourceMap()
    if invalid != nil { return }
    let catalog = Catalog(tables: [
        Catalog.Table(name: "customers", columns: [
            .init(name: "customer_id", type: .number, notNull: true),
            .init(name: "aum", type: .number, notNull: false),
            .init(name: "age", type: .number, notNull: false),
            .init(name: "city", type: .string, notNull: false),
            .init(name: "open_date", type: .date, notNull: false),
            .init(name: "vip_flag", type: .bool, notNull: false),
        ], primaryKey: ["customer_id"]),
    ])
    // The same front end as `seg check`: `use` of the standard library resolves too.
    let (checked, diagnostics) = FrontEnd.check(path: "fuzz.seg", text: text, catalog: catalog,
                                                options: FrontEnd.Options(asOf: "2026-11-01"), sources: &sources)
    _ = DiagnosticRenderer().render(diagnostics, in: sources)
    // Compile what checks, for every dialect: the compiler must not trap on any program.
    if let checked {
        for d in Dialect.Name.allCases { _ = Compiler.compile(checked, dialect: .named(d), asOf: "2026-11-01") }
    }
}

#if SEG_FUZZ
// Built with `--sanitize fuzzer -Xswiftc -DSEG_FUZZ`: libFuzzer supplies `main`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzOne(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
/// Without the fuzzer: replays the files named on the command line (crash reproducers).
@main
enum Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let f = fopen(path, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, f)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            fclose(f)
            bytes.withUnsafeBufferPointer { fuzzOne($0) }
            print("\(path): ok")
        }
    }
}
#endif
