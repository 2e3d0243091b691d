import SegSyntax
import SegCheck

/// What a run has made for a program before its statements compile: the tables and functions
/// its SQL reads instead of computing again. The checked program is never rewritten — it is
/// what the checker proved — so a statement compiles from the program *and* these, and a
/// program compiled with `RunReads()` is the statement as written.
public struct RunReads: Sendable, Equatable {
    /// Ranks computed once into temporary tables (`seg_k`, `seg_v`): by the rank's query text
    /// (`Compiler.rankingKey`), the table.
    public var rankTables: [String: String] = [:]
    /// A fresh tag table the run reads definitions from (SegRun's `TagStore`), and the column
    /// of each definition it holds, by definition id.
    public var tagTable: String?
    public var tagColumns: [Int: String] = [:]
    /// Models scored for every entity in blocks, outside the query: by model id, the SQL
    /// function that reads a score by the entity's key.
    public var scoredModels: [Int: String] = [:]
    /// Conditions computed once into a table of their members' keys (shared conditions of a
    /// run, the REPL's kept segments): by definition id, the table.
    public var computed: [Int: String] = [:]

    public init() {}

    /// The program as the compiler reads it for this run: each computed condition's
    /// definition reads its table (a `computedOnce` node no checker ever makes).
    func view(_ program: CheckedProgram) -> CheckedProgram {
        guard !computed.isEmpty else { return program }
        var p = program
        for (id, table) in computed {
            let body = p.definitions[id].body
            p.definitions[id].body = TypedExpr(.computedOnce(table: table), .bool, nullable: false, body.span)
        }
        return p
    }

    /// Whether any part of an expression matches, through the definitions it uses, except
    /// those a tag table holds (they are columns: their bodies are not evaluated).
    public func mentionsBeyondTags(_ e: TypedExpr, in program: CheckedProgram, _ match: (TypedExpr) -> Bool) -> Bool {
        var seen = Set<Int>()
        func walk(_ x: TypedExpr) -> Bool {
            if case .definition(let id) = x.kind {
                guard tagColumns[id] == nil, seen.insert(id).inserted else { return false }
                return walk(program.definitions[id].body)
            }
            return match(x) || program.parts(x).contains(where: walk)
        }
        return walk(e)
    }

    /// These reads without the tables a run computes (what a statement's identity is made of).
    var withoutRanks: RunReads {
        var r = self
        r.rankTables = [:]
        return r
    }
}
