import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// Where a run's reference date (`today`, the end of every `within` window) came from.
public enum AsOfSource: Sendable, Equatable {
    /// The date the run started: nothing declared one.
    case clock
    /// `--as-of`, or `.asof` in the REPL.
    case given
    /// The database's own declaration: the row `('as_of', 'YYYY-MM-DD')` of its table
    /// `seg_settings (name, value)`, kept current by whatever loads the data (the demo bank
    /// declares the last day of its history).
    case database

    /// How the date is described beside it ("as of 2026-11-01 (the database's reference date)").
    public var phrase: String {
        switch self {
        case .clock: return "today's date: the database declares none"
        case .given: return "set with --as-of or .asof"
        case .database: return "the database's reference date"
        }
    }
}

/// The reference date a database declares, and whether a window reaches past its data.
enum ReferenceDate {
    static let settingsTable = StoreNames.settings

    /// The date the database declares in `seg_settings`, if it declares a valid one.
    static func declared(by engine: any Engine) -> String? {
        guard let db = engine.ownTables, (try? db.storeHasTable(settingsTable)) == true else { return nil }
        let sql = "SELECT value FROM \(engine.dialect.quote(settingsTable)) WHERE name = \(engine.dialect.literal(.text("as_of")))"
        var found: String?
        try? engine.run(BoundQuery(text: sql, parameters: [])) { row in
            if case .text(let t)? = row.first { found = t }
        }
        guard let found, found.count == 10, CivilDate(iso: found) != nil else { return nil }
        return found
    }

    /// The relations read through a `within` window (which ends on the reference date) by an
    /// action, with where each is first written.
    static func windowedRelations(_ action: CheckedAction, in program: CheckedProgram) -> [(relation: String, span: Span)] {
        var found: [(relation: String, span: Span)] = []
        for e in action.expressions {
            _ = program.mentions(e) { x in
                if case .aggregate(let a) = x.kind, case .within? = a.window, !found.contains(where: { $0.relation == a.relation }) {
                    found.append((a.relation, x.span))
                }
                return false
            }
        }
        return found
    }

    /// Whether an action depends on the reference date at all: `today`, a cap, or any read of
    /// a dated relation (each stops at as_of, windowed or not).
    static func isUsed(by action: CheckedAction, in program: CheckedProgram) -> Bool {
        if case .campaign = action.kind { return true }
        return !datedRelations(action, in: program).isEmpty || action.expressions.contains { e in
            program.mentions(e) { x in if case .today = x.kind { return true } else { return false } }
        }
    }

    /// The dated relations an action reads (each read up to as_of), in the order first met.
    static func datedRelations(_ action: CheckedAction, in program: CheckedProgram) -> [String] {
        var found: [String] = []
        for e in action.expressions {
            _ = program.mentions(e) { x in
                if case .aggregate(let a) = x.kind, program.entity.relation(a.relation)?.date != nil, !found.contains(a.relation) {
                    found.append(a.relation)
                }
                return false
            }
        }
        return found
    }
}

extension Session {
    /// Where a program's reference date came from, for messages. A script's `param as_of`
    /// is its date (LANGUAGE.md: overridable with `--param as_of=`); `--as-of` and `.asof`
    /// set the run's date, which such a script does not use — the message says so.
    public func asOfPhrase(_ program: CheckedProgram?) -> String {
        guard let program, case .date? = program.parameters["as_of"]?.value else { return options.asOfSource.phrase }
        if options.params["as_of"] != nil { return "given with --param as_of" }
        let ignored = options.asOfSource == .given && referenceDate(program) != options.asOf
            ? "; --as-of/.asof \(options.asOf) does not change it, --param as_of= does" : ""
        return "the script's `param as_of`" + ignored
    }

    /// "2026-11-01 (the database's reference date)"
    public func asOfDescription(_ program: CheckedProgram?) -> String {
        "\(program.map(referenceDate) ?? options.asOf) (\(asOfPhrase(program)))"
    }

    /// How to move a program's windows to another date.
    func asOfRemedy(_ program: CheckedProgram, _ date: String) -> String {
        if case .date? = program.parameters["as_of"]?.value { return "`--param as_of=\(date)` (in the REPL, `param as_of: date = \(date)`)" }
        return "`--as-of \(date)` (in the REPL, `.asof \(date)`)"
    }

    /// W0702 for each relation a `within` window reads whose data ends more than a day before
    /// the window does (one day is the usual lag of a nightly load): the window's last days
    /// are empty, so its counts are silently low. Once per relation and date in a session.
    func windowsPastData(_ program: CheckedProgram) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let asOf = referenceDate(program)
        guard let end = CivilDate(iso: asOf) else { return [] }
        for action in program.actions {
            for (name, span) in ReferenceDate.windowedRelations(action, in: program) {
                guard let relation = program.entity.relation(name), let column = relation.date,
                      !warnedPastData.contains(name + "@" + asOf) else { continue }
                // One cheap probe first (a row on the window's last two days ends the search at
                // once); the full MAX scan only when the data stops short, which is the warning.
                let key = name + "@" + asOf
                if lastDates[key] == nil {
                    let lastNeeded = end.adding(days: -1).description
                    lastDates[key] = hasRow(relation.table, column, onOrAfter: lastNeeded) ? .some(nil) : lastDate(relation.table, column)
                }
                guard let last = lastDates[key] ?? nil, let lastDay = CivilDate(iso: last),
                      end.dayNumber - lastDay.dayNumber > 1 else { continue }
                warnedPastData.insert(name + "@" + asOf)
                out.append(.windowPastData(name, last: last, asOf: asOf, source: asOfPhrase(program), remedy: asOfRemedy(program, last),
                                           fromClock: options.asOfSource == .clock && program.parameters["as_of"] == nil, span))
            }
        }
        return out
    }

    /// Whether a relation has a row dated on or after a day (true too when it cannot tell).
    func hasRow(_ table: String, _ column: String, onOrAfter day: String) -> Bool { hasRow(table, column, ">=", day) }

    /// Whether a relation has a row dated on or before a day (true too when it cannot tell).
    func hasRow(_ table: String, _ column: String, onOrBefore day: String) -> Bool { hasRow(table, column, "<=", day) }

    func hasRow(_ table: String, _ column: String, _ op: String, _ day: String) -> Bool {
        let d = engine.dialect
        var found = false
        do {
            try engine.run(BoundQuery(text: "SELECT 1 FROM \(d.quote(table)) WHERE \(d.quote(column)) \(op) \(d.literal(.date(day))) LIMIT 1",
                                      parameters: [])) { _ in found = true }
        } catch { return true }
        return found
    }

    /// The latest date in a relation's date column (its first ten characters), if any.
    func lastDate(_ table: String, _ column: String) -> String? {
        let d = engine.dialect
        var found: String?
        try? engine.run(BoundQuery(text: "SELECT MAX(\(d.quote(column))) FROM \(d.quote(table))", parameters: [])) { row in
            if case .text(let t)? = row.first, t.count >= 10 { found = String(t.prefix(10)) }
        }
        return found.flatMap { CivilDate(iso: $0) != nil ? $0 : nil }
    }
}
