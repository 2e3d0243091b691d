import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

// Every message of running a script, by stable code (scheme in SegSyntax/Diagnostic+Messages.swift).

extension Diagnostic {
    /// An engine failure, said plainly; the engine's own words go in a note.
    public static func engine(_ e: EngineError, at span: Span = .none) -> Diagnostic {
        switch e.kind {
        case .missingFile:
            return Diagnostic(code: "E0701", message: "database file `\(e.path)` does not exist", span: span,
                              suggestion: "check the path, or build the demo bank there with `seg demo --db \(e.path)`")
        case .notADatabase:
            return Diagnostic(code: "E0702", message: "`\(e.path)` is not a SQLite database", span: span,
                              notes: ["it exists, but its contents are not a database Seg can read"])
        case .locked:
            return Diagnostic(code: "E0703", message: "database `\(e.path)` is locked by another program", span: span,
                              notes: ["waited 5 seconds for it"], suggestion: "try again when the other program has finished")
        case .readOnly:
            return Diagnostic(code: "E0704", message: "database `\(e.path)` is read-only, so nothing can be saved to it", span: span,
                              suggestion: "check the file's permissions")
        case .interrupted:
            // At the statement's start, not under all of it: a long statement's carets would fill the screen.
            let start = span == .none ? span : Span(file: span.file, start: span.start, end: span.start + 1)
            return Diagnostic(code: "E0706", message: "the query was cancelled", span: start,
                              notes: ["nothing of this entry was saved"])
        case .cannotOpen where e.path.hasPrefix("PostgreSQL"):
            return Diagnostic(code: "E0713", message: "cannot connect to \(e.path)", span: span, notes: [e.detail],
                              suggestion: "check that the server is running and reachable there, and the user, password (PGPASSWORD or ~/.pgpass) and database name")
        case .cannotOpen:
            return Diagnostic(code: "E0707", message: "cannot open database `\(e.path)`", span: span, notes: [e.detail])
        case .full:
            return Diagnostic(code: "E0708", message: "the disk holding `\(e.path)` is full", span: span)
        case .tooComplex:
            return Diagnostic(code: "E0709", message: "this statement is too deeply nested for the database to run", span: span,
                              notes: ["the engine said: \(e.detail)"], suggestion: "simplify the definitions it uses")
        case .refused:
            return Diagnostic(code: "E0734", message: e.detail, span: span,
                              notes: ["roles are defined and granted in the store's policy, never by a script or seg.toml"],
                              suggestion: "run without --role (personal data stays masked), or under a role you hold")
        case .constraint, .query:
            return Diagnostic(code: "E0705", message: "the database could not run this statement", span: span,
                              notes: ["the engine said: \(e.detail)"])
        }
    }

    public static func tableTwice(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0735", message: "another export of this run makes table `\(name)` too; exporting would replace it", span: span,
                   suggestion: "give each export its own table name")
    }
    public static func tableExists(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0711", message: "table `\(name)` already exists; exporting would replace it", span: span,
                   suggestion: "export to a new table name (a date in the name helps: mkt_vip_20261101)")
    }
    /// `export … to table NAME` with a name the engine would cut (PostgreSQL keeps 63 bytes).
    static func tableNameTooLong(_ name: String, limit: Int, engine: String, _ span: Span) -> Diagnostic {
        var cut = ""
        for c in name {
            guard cut.utf8.count + String(c).utf8.count <= limit else { break }
            cut.append(c)
        }
        return Diagnostic(code: "E0715", message: "table name `\(name)` is \(name.utf8.count) bytes long; \(engine) keeps only the first \(limit)",
                          span: span, notes: ["the table would be made as `\(cut)`, a name the script does not say"],
                          suggestion: "use a table name of at most \(limit) bytes")
    }
    public static func cannotRehearse(_ engine: String) -> Diagnostic {
        Diagnostic(code: "E0728", message: "\(engine) cannot undo what this script saves, so a report of it would save it", span: .none,
                   suggestion: "make the report on SQLite or PostgreSQL, or leave the exports and campaigns out of the script")
    }
    public static func expectationFailed(_ text: String, _ detail: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0726", message: "expectation failed: \(detail)", span: span,
                   notes: ["`\(text)` does not hold; nothing this run would have written was saved"])
    }
    /// "between 1 and 5", "at least 3", "at most 9".
    static func range(_ low: Double?, _ high: Double?) -> String {
        switch (low, high) {
        case (let l?, let h?): return l == h ? "exactly \(formatNumber(l))" : "between \(formatNumber(l)) and \(formatNumber(h))"
        case (let l?, nil): return "at least \(formatNumber(l))"
        case (nil, let h?): return "at most \(formatNumber(h))"
        default: return ""
        }
    }
    public static func assertFailed(_ text: String, count: Int64, low: Double?, high: Double?, _ span: Span) -> Diagnostic {
        let range = Self.range(low, high)
        return Diagnostic(code: "E0720", message: "assertion failed: the count is \(count), expected \(range)", span: span,
                          notes: [runStoppedNothingExported])
    }
    public static func noSuchList(_ name: String, version: Int?, known: [String], _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "E0712", message: version.map { "list `\(name)` has no version \($0)" } ?? "there is no saved list `\(name)`", span: span)
        if let c = Suggest.closest(to: name, in: known) { d.suggestion = "did you mean `\(c)`?" }
        else if !known.isEmpty { d.notes.append("saved lists: " + known.sorted().joined(separator: ", ")) }
        else { d.notes.append("save one with `export … to list \(name)`") }
        return d
    }
    /// `evaluate campaign C` where list C was saved, but never by campaign C's run.
    static func noCampaignVersion(_ campaign: String, list: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0737", message: "campaign `\(campaign)` has not run: list `\(list)` has no version saved by it, so no one was contacted and no one held out", span: span,
                   suggestion: "run the campaign first (`seg run` of its script); `evaluate campaign` reads the groups and the contact date of its latest run")
    }
    /// `in list L version N` where L has no version N.
    static func noSuchListVersion(_ name: String, version: Int, latest: Int64?, _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "E0714", message: "list `\(name)` has no version \(version)", span: span)
        if let latest {
            d.notes.append("its versions run from 1 to \(latest)")
            d.suggestion = "leave out `version` for the latest (\(latest))"
        } else {
            d.notes.append("it has no version yet: save one with `export … to list \(name)`")
        }
        return d
    }
    /// `--param NAME=…` for a parameter no script declares: a misspelt name would otherwise run with the default.
    public static func unknownParameter(_ name: String, declared: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0722", message: "unknown parameter `\(name)` (--param \(name)=…): no script of this run declares it", span: .none)
        if name == "as_of" {
            d.suggestion = "these scripts take the run's date: `--as-of DATE` (--param as_of= is for a script that declares `param as_of`)"
        } else if let close = Suggest.closest(to: name, in: declared) {
            d.suggestion = "did you mean `\(close)`?"
        } else {
            d.notes.append(declared.isEmpty ? "these scripts declare no parameters (`param NAME: TYPE = DEFAULT`)"
                                            : "parameters: " + declared.sorted().map { "`\($0)`" }.joined(separator: ", "))
        }
        return d
    }
    /// A campaign whose target holds no one: its new version is empty.
    static func windowPastData(_ relation: String, last: String, asOf: String, source: String, remedy: String, fromClock: Bool, _ span: Span) -> Diagnostic {
        let gap = (CivilDate(iso: asOf)?.dayNumber ?? 0) - (CivilDate(iso: last)?.dayNumber ?? 0)
        var d = Diagnostic(code: "W0702", severity: .warning,
                           message: "`\(relation)` has no rows after \(last), but this window ends on \(asOf) (\(source)): its last \(gap) days are empty",
                           span: span, suggestion: "run as of the data's last day: \(remedy)")
        if fromClock {
            d.notes.append("a database can declare its reference date: INSERT INTO \(StoreNames.settings) (name, value) VALUES ('as_of', '\(last)')")
        }
        return d
    }
    static func unknownChannel(_ channel: String, campaign: String, known: [String], _ span: Span) -> Diagnostic {
        var d = Diagnostic(code: "W0704", severity: .warning,
                           message: "campaign `\(campaign)` names the channel `\(channel)`, which no contact in the history uses",
                           span: span, notes: ["channels in the history: " + known.joined(separator: ", "),
                                               "an `exclude contacted via \(channel)` or `cap … via \(channel)` would leave no one out"])
        if let close = Suggest.closest(to: channel, in: known) { d.suggestion = "did you mean `\(close)`?" }
        return d
    }
    /// `--as-of` given to a script that declares `param as_of`: the script's date stands.
    static func asOfIgnored(_ given: String, script: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0705", severity: .warning,
                   message: "--as-of \(given) does not change this script's date: it declares `param as_of` (\(script))",
                   span: span, suggestion: "to run it as of \(given): --param as_of=\(given)")
    }
    /// A training set's date, or its label's window, past the run's as_of: rows not yet known.
    static func snapshotPastAsOf(_ date: String, label: String?, asOf: String, source: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0733",
                   message: label.map { "the label of the rows of \(date) looks to \($0), after this run's as_of \(asOf) (\(source)): what happens after \(asOf) is not known" }
                       ?? "the training date \(date) is after this run's as_of \(asOf) (\(source)): its rows would read what the run does not know",
                   span: span, suggestion: label == nil ? "use dates on or before \(asOf)" : "use dates whose label window ends by \(asOf), or a shorter `after`")
    }
    static func snapshotBeforeData(_ date: String, relations: [String], _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0708", severity: .warning,
                   message: "no row of \(relations.joined(separator: ", ")) is dated on or before \(date): the rows of \(date) read empty aggregates",
                   span: span, suggestion: "use dates within the data's history")
    }
    /// `city = "上海市"` where no row has that city: the comparison is never true (LANGUAGE.md §2).
    static func valueNotHeld(_ value: String, column: String, relation: String?, known: [String], nearest: [String], _ span: Span) -> Diagnostic {
        let owner = relation.map { "no row of `\($0)` has" } ?? "no one has"
        let shown = known.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (known.count > 20 ? ", … (\(known.count) in all)" : "")
        var d = Diagnostic(code: "W0707", severity: .warning,
                           message: "\(owner) \(column) \"\(value)\", so this value matches nothing",
                           span: span, notes: ["the values of \(relation.map { "`\($0).\(column)`" } ?? "`\(column)`") in its first 200,000 rows: \(shown)"])
        if !nearest.isEmpty {
            d.suggestion = "did you mean " + nearest.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
        }
        return d
    }
    /// The warnings that say the script most likely does not say what was meant: a reversed
    /// `between`, a channel or a value no row has. (Windows past the data, W0702 and W0708,
    /// describe the data, and a script that pins its date over `--as-of`, W0705, says what it
    /// means: they are said, and stop nothing.)
    public var doubtsTheAnswer: Bool {
        ["W0303", "W0704", "W0707"].contains(code)
    }
    static func stoppedOnWarnings(_ count: Int, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0736", message: "the campaign run stopped before saving anything: \(count == 1 ? "the warning" : "\(count) warnings") above", span: span,
                   notes: ["a campaign's list and planned contacts are hard to take back once sent"],
                   suggestion: "fix what \(count == 1 ? "it points" : "they point") at, or run again with --accept-warnings to save anyway")
    }
    static func noTreatment(_ name: String, held: Int, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0706", severity: .warning,
                   message: "campaign `\(name)` contacts no one: all \(held) customers left are in its holdout",
                   span: span, notes: ["the exclusions, caps and limits before the holdout left only customers whose bucket holds them out"],
                   suggestion: "check the exclusions (`explain \(name) for customer K` shows each step), or lower the holdout share")
    }
    static func emptyHoldout(_ name: String, share: Double, members: Int, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0703", severity: .warning,
                   message: "campaign `\(name)` holds out no one: none of its \(members) customers fell in its \(formatNumber(share))% holdout",
                   span: span, notes: ["without a holdout, `evaluate campaign \(name)` cannot measure the effect"],
                   suggestion: "raise the holdout share or the `limit`, or use a larger target")
    }
    static func emptyCampaign(_ name: String, target: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0701", severity: .warning, message: "campaign `\(name)` has no one in its target `\(target)`: the version it saves is empty",
                   span: span, suggestion: "to stop such a run instead, add `assert count \(target) >= 1` before the campaign")
    }
    /// The store could not record a run with effects: then it writes nothing (LANGUAGE.md §6).
    static func cannotRecordRun(_ error: Error) -> Diagnostic {
        let reason = (error as? EngineError).map { $0.detail } ?? "\(error)"
        return Diagnostic(code: "E0723", message: "cannot record this run in the store, so it writes nothing", span: .none,
                          notes: ["the store said: \(reason)"],
                          suggestion: "a run that saves lists or files needs a store it can write (its ledger and journal); check the database's permissions")
    }
    public static func cannotReadScript(_ path: String, _ reason: String) -> Diagnostic {
        Diagnostic(code: "E0721", message: "cannot read script `\(path)`: \(reason)", span: .none)
    }
}
