import ArgumentParser
import CReadline
import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegRun
import SegEngine
import SegStore
import SegDemo

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "The interactive shell: type statements, see counts, tables and SQL.",
        discussion: """
            Definitions persist between entries and may be redefined; an error never ends the session. \
            A statement that is not finished continues on the next line; an empty line or `;` ends it. \
            Type .help for the meta-commands. With standard input not a terminal, statements are read \
            from it and only results are printed; the exit code is non-zero if any statement failed.
            """)

    @OptionGroup var script: ScriptOptions

    @Option(name: .long, help: "How to print results: table, json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let session = try script.session()
        // An `expect` typed in the REPL says "ok" when it holds; one that does not stops the entry.
        session.options.expectations = .show
        // Each segment evaluated is kept as a set of members for the rest of the session.
        session.options.keepSegments = true
        let conversation = Conversation(session: session)
        var repl = Repl(conversation: conversation, format: format, interactive: isatty(0) != 0 && isatty(1) != 0)
        let failed = repl.interactive ? repl.loop() : repl.piped()
        if failed { throw ExitCode(1) }
    }
}

/// The shell's state: what the meta-commands set, and the entry being typed.
struct Repl {
    let conversation: Conversation
    var format: OutputFormat
    let interactive: Bool
    var showSQL = false
    var timer = false
    var anyFailed = false
    /// Comment lines typed alone, kept for the entry that follows: a `-- …` line directly above
    /// a definition describes it, as in a script.
    var pendingComment: [String] = []
    /// The last entry, when it only defined (and succeeded): a next line starting with
    /// `and` / `or` continues it, as it would in a script.
    var continuable: String?
    /// The line just fed continued `continuable` (an `and …` line): its history item extends the last.
    var continuedPrevious = false
    /// The last history item this session added.
    var lastHistoryEntry: String?

    /// `.x`: rows as blocks always (on), never (off), or when the table is wider than the terminal (auto).
    var expanded: Expanded = .off
    enum Expanded: String { case on, off, auto }
    /// `.pager`: results taller than the terminal go through `$PAGER` (else `less -FRSX`).
    var pager = true
    /// `.once FILE`: the next entry's results go to this file instead of the screen.
    var once: String?
    /// Scripts this session read (`.load`): with the database, files no `.once`, `.save` or
    /// history may replace (`FileDoor`); `.once` and `.save` spare the history file too.
    var readFiles: [String] = []
    var historyFile: String?
    /// How many of the session's sources were looked at for module files.
    var sourcesSeen = 0
    var protectedFiles: [String] { conversation.session.engine.databaseFiles + readFiles + (historyFile.map { [$0] } ?? []) }

    var printer: Printer {
        Printer(format: format, colour: interactive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil, expanded: expanded == .on)
    }

    /// Reads statements from standard input (a pipe or a file): no prompts, results only.
    mutating func piped() -> Bool {
        var buffer = ""
        while let line = Swift.readLine(strippingNewline: true) {
            let step = feed(line, buffer: &buffer)
            // A program driving the REPL through a pipe reads each answer (and each
            // `.command`'s) as it comes.
            fflush(nil)
            if step == .quit { return anyFailed }
        }
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { evaluate(buffer) }
        return anyFailed
    }

    /// The interactive loop on GNU readline: history, completion, continuation prompts.
    mutating func loop() -> Bool {
        let env = ProcessInfo.processInfo.environment
        let history = env["SEG_HISTORY"] ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.seg_history")
        seg_history_setup()
        // A history "file" that is a pipe, device or the database is neither read (a FIFO
        // would block the REPL) nor written.
        var historyWarned = false
        if let reason = FileDoor.problem(history, protected: conversation.session.engine.databaseFiles) {
            print("history not saved: cannot write \(history): \(reason)")
            historyWarned = true
        } else {
            read_history(history)
        }
        stifle_history(2000)
        historyFile = history
        ReplCompletion.install(conversation)
        interruptible = conversation.session.engine
        seg_install_interrupt { interruptible?.cancel() }
        // A parent may have started us with SIGINT blocked (test runners do); Ctrl-C must reach us.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        let options = conversation.session.options
        print("Seg \(Seg.version) on \(conversation.session.engine.label), as of \(options.asOf) (\(options.asOfSource.phrase))")
        print(".help for help, .asof DATE to change the date, Ctrl-D to quit")
        var buffer = ""
        // The lines of the entry being typed: one history item when it is whole.
        var entry: [String] = []
        while true {
            _ = seg_take_interrupt()  // a Ctrl-C that stopped a query is not one for the prompt
            guard let raw = readline(buffer.isEmpty ? "seg> " : "...> ") else {
                print()
                if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { evaluate(buffer) }
                break
            }
            let line = String(cString: raw)
            free(raw)
            if seg_take_interrupt() != 0 {
                // The handler also asked the engine to stop its next query: there is none to
                // stop, and Tab's lookups (a field's values) must not be the one stopped.
                conversation.session.engine.clearCancel()
                // Ctrl-C: what was being typed is dropped, the pending entry with it.
                print(buffer.isEmpty ? "" : "(entry cleared)")
                buffer = ""
                entry = []
                continue
            }
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { entry.append(line) }
            let step = feed(line, buffer: &buffer)
            if buffer.isEmpty || step == .quit {
                // The entry is whole (run, or a meta-command): saved now, not only at exit.
                if !entry.isEmpty {
                    // An `and …` line: the definition it continues, whole, as one history item.
                    if continuedPrevious, let last = lastHistoryEntry {
                        lastHistoryEntry = last + "\n" + entry.joined(separator: "\n")
                        seg_extend_last_history(lastHistoryEntry!)
                    } else {
                        lastHistoryEntry = entry.joined(separator: "\n")
                        add_history(lastHistoryEntry!)
                    }
                    continuedPrevious = false
                    // The whole history (at most 2,000 entries) through the one door: a history
                    // file that is the database, a link or a device is never written.
                    do throws(FileRefusal) {
                        try FileDoor.write(to: history, by: .replHistory, protected: conversation.session.engine.databaseFiles + readFiles) { temp throws(FileRefusal) in
                            let rc = write_history(temp)
                            if rc != 0 { throw FileRefusal(path: history, reason: String(cString: strerror(rc))) }
                        }
                    } catch {
                        if !historyWarned { print("history not saved: \(error.description)") }
                        historyWarned = true
                    }
                }
                entry = []
            }
            if step == .quit { break }
        }
        return false
    }

    enum Step { case next, quit }

    /// Adds a line to the entry being typed; runs it when it is whole.
    mutating func feed(_ line: String, buffer: inout String) -> Step {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        // A block (campaign, entity, scorecard) goes on while its lines are indented, as in a
        // script: the first line that is not ends it and starts the next entry.
        if !buffer.isEmpty, Self.isBlock(buffer), !trimmed.isEmpty, line.first != " ", line.first != "\t" {
            evaluate(buffer)
            buffer = ""
        }
        if buffer.isEmpty, trimmed.hasPrefix(".") { return meta(trimmed) }
        if buffer.isEmpty, trimmed.hasPrefix("--") {
            pendingComment.append(line)
            return .next
        }
        if buffer.isEmpty, Self.startsWithConnective(trimmed) {
            guard let previous = continuable else {
                Self.hintNoContinuation(trimmed)
                anyFailed = true
                return .next
            }
            // The definition is made again with this line added (a name may be redefined).
            buffer = previous
            continuedPrevious = true
        }
        if trimmed.isEmpty {
            pendingComment = []  // a blank line parts a comment from what follows, as in a script
            // An empty line ends an unfinished statement (its errors then show).
            if !buffer.isEmpty { evaluate(buffer); buffer = "" }
            return .next
        }
        if buffer.isEmpty, !pendingComment.isEmpty {
            buffer = pendingComment.joined(separator: "\n")
            pendingComment = []
        }
        buffer += (buffer.isEmpty ? "" : "\n") + line
        if Conversation.completeness(buffer) != .incomplete, !Self.isBlock(buffer) {
            evaluate(buffer)
            buffer = ""
        }
        return .next
    }

    /// Whether a line begins with `and` / `or`: the rest of a condition broken over lines.
    static func startsWithConnective(_ line: String) -> Bool {
        let first = line.prefix { $0.isLetter }.lowercased()
        return first == "and" || first == "or"
    }

    /// A line continuing an entry that already ran (its statement did something, or failed).
    static func hintNoContinuation(_ line: String) {
        var sources = SourceMap()
        let file = sources.add(path: "<entry>", text: line)
        let word = String(line.prefix { $0.isLetter })
        Diagnostics.print([.continuesRanEntry(word, Span(file: file.id, start: 0, end: word.utf8.count))], sources)
    }

    /// Whether an entry begins a block statement, whose clauses follow on indented lines.
    static func isBlock(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).prefix(2).map { $0.lowercased() }
        // `evaluate campaign` and `plan campaign` have clauses on indented lines too
        // (`by decile(…)`, `adjusted by …`, `uplift 2%`).
        if words.count == 2, ["evaluate", "plan"].contains(words[0]), words[1] == "campaign" { return true }
        return ["campaign", "entity", "scorecard"].contains(words.first ?? "")
    }

    mutating func evaluate(_ text: String, path: String? = nil) {
        let start = Date()
        let printer = self.printer
        let showSQL = self.showSQL
        let screen = ResultScreen(printer: printer, auto: expanded == .auto, pager: pager && interactive, file: once, protected: protectedFiles)
        once = nil
        let result = conversation.evaluate(text, path: path, emit: { screen.show($0) }, trace: { c in
            if showSQL { print("-- SQL\n" + c.inlineText) }
        })
        // Module files this entry `use`d are files the session reads, as `.load`ed ones are
        // (the session's sources only grow: just the ones added since the last entry are new).
        let files = result.sources.files
        if files.count < sourcesSeen { sourcesSeen = 0 }
        for i in sourcesSeen..<files.count where !files[i].path.hasPrefix("<") && FileManager.default.fileExists(atPath: files[i].path) {
            if !readFiles.contains(files[i].path) { readFiles.append(files[i].path) }
        }
        sourcesSeen = files.count
        screen.finish(protected: protectedFiles)
        continuable = result.failure == nil && Conversation.onlyDefines(text) ? text : nil
        Diagnostics.print(result.diagnostics, result.sources, limit: 5)
        if result.failure != nil { anyFailed = true }
        if timer { print(String(format: "time: %.1f ms", Date().timeIntervalSince(start) * 1000)) }
    }

    /// `.help`, `.fields`, `.segments`, `.schema`, `.sql`, `.timer`, `.format`, `.asof`, `.load`, `.save`, `.quit`.
    mutating func meta(_ line: String) -> Step {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let program = conversation.program
        switch parts[0] {
        case ".quit", ".exit":
            return .quit
        case ".help" where !arg.isEmpty:
            print(ReplHelp.topics[arg.lowercased()] ?? "no help on `\(arg)`; topics: \(ReplHelp.topics.keys.sorted().joined(separator: ", "))")
        case ".help":
            print("""
                Statements (the README and LANGUAGE.md have each):
                  define, segment, param, use, entity, model, scorecard, campaign, version
                  count, show, profile, overlap, explain, export, diff, sample, split,
                  evaluate, plan campaign, assert, expect, build tags
                .memory             what this process takes, and what it keeps to answer questions
                .fields [pattern]   the entity's fields and relations, with types
                .segments [pattern] the segments and defines of this session: type, text, description
                .models             the models and scorecards of this session, with their features
                .schema             the database's tables and columns
                .lists              the saved lists and their versions
                .policy             the store's personal-data policy, your roles and this session's
                .replay L [V]       run list L's kept text again as of its date: identical? (.replay --run ID: a run)
                .sql on|off         print the SQL of each statement before its result
                .timer on|off       print how long each entry took
                .format table|csv|json
                .x [on|off|auto]    expanded display: each row as a block (auto: when wider than the screen)
                .pager on|off       page results taller than the screen ($PAGER, else less)
                .once FILE          write the next entry's results to FILE (.csv, .json/.jsonl, else text)
                .asof [DATE]        show or set the reference date (`today`, the end of windows)
                .load FILE          run a script in this session
                .save FILE          write this session's definitions as a script
                .quit               leave (or Ctrl-D)
                .help TOPIC         more on: \(ReplHelp.topics.keys.sorted().joined(separator: ", "))
                """)
        case ".fields":
            guard let entity = program?.entity else { break }
            for f in entity.fields where arg.isEmpty || f.name.contains(arg) {
                print("\(f.name)  \(f.type.rawValue)\(f.pii ? "  (personal data)" : "")")
            }
            for r in entity.relations where arg.isEmpty || r.name.contains(arg) {
                print("\(r.name)  relation (\(r.table)\(r.date.map { ", dated by \($0)" } ?? ""))")
            }
        case ".segments":
            // Each definition as written (its body's text, on one line), its type, its description.
            let definitions = (program?.definitions ?? []).filter { arg.isEmpty || $0.name.localizedCaseInsensitiveContains(arg) }
            let width = definitions.map { $0.kind.rawValue.count + 1 + $0.name.count }.max() ?? 0
            for d in definitions {
                let head = "\(d.kind.rawValue) \(d.name)"
                var body = conversation.sources.file(d.body.span.file)?.slice(d.body.span) ?? ""
                body = body.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                // One definition asked for by name is shown whole; a listing keeps to a line each.
                let whole = definitions.count == 1
                if body.count > 90, !whole { body = String(body.prefix(89)) + "…" }
                let doc = d.doc.map { text -> String in
                    let line = text.split(separator: "\n").joined(separator: " ")
                    return "  -- " + (line.count > 90 && !whole ? String(line.prefix(89)) + "…" : line)
                } ?? ""
                print(head.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + d.body.type.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                      + "  = " + body + doc)
            }
        case ".models":
            for m in program?.models ?? [] {
                let what = m.model.format == .scorecard ? "scorecard" : "\(m.model.format.rawValue) model from \(m.model.path)"
                print("\(m.name)  \(what); features: \(m.model.features.joined(separator: ", "))\(m.doc.map { "  -- \($0)" } ?? "")")
            }
        case ".schema":
            for t in conversation.session.catalog.tables {
                print("\(t.name) (\(t.columns.map { "\($0.name) \($0.type?.rawValue ?? "?")" }.joined(separator: ", ")))")
            }
        case ".lists":
            if let t = try? conversation.session.lists() { printer.print(.table(t)) }
        case ".policy":
            // The store's personal-data policy and this session's role (seg policy); read only.
            do { for t in try conversation.session.policyReport() { printer.print(.table(t)) } } catch { print("error: \(error)") }
        case ".replay":
            // `.replay LIST [VERSION]`: the list's kept text run again as of its date (seg replay).
            // `.replay --run ID`: a run of the ledger.
            let parts = arg.split(separator: " ").map(String.init)
            let usage = "usage: .replay LIST [VERSION] or .replay --run ID"
            guard let first = parts.first, parts.count <= 2 else { print(usage); break }
            do {
                let report: Replay.Report
                if first == "--run" {
                    guard parts.count == 2, let id = Int(parts[1]) else { print(usage); break }
                    report = try conversation.session.replayRun(id)
                } else {
                    var version: Int?
                    if parts.count == 2 {
                        guard let v = Int(parts[1]), v > 0 else { print("error: `\(parts[1])` is not a version number; \(usage)"); break }
                        version = v
                    }
                    report = try conversation.session.replayList(first, version: version)
                }
                for o in report.shown(forMachines: false) { printer.print(o) }
            } catch {
                print("error: \(error.message)")
            }
        case ".memory":
            let m = conversation.session.memoryReport()
            func mb(_ b: Int?) -> String {
                guard let b else { return "unknown" }
                return b >= 1 << 30 ? String(format: "%.1f GB", Double(b) / 1_073_741_824) : String(format: "%.1f MB", Double(b) / 1_048_576)
            }
            print("memory: \(mb(m.resident)) now, \(mb(m.peak)) at most (this process)")
            print(m.keptRows == 0 ? "kept for questions: nothing yet (memory answers once a question reads tags or kept segments)"
                  : "kept for questions: \(Cell.grouped(Int64(m.keptRows))) rows × \(m.keptColumns) columns and \(m.keptSegments) segments, \(mb(m.keptBytes)); past \(mb(m.budget)) of columns a question runs as SQL")
        case ".sql": showSQL = arg != "off"
        case ".timer": timer = arg != "off"
        case ".format":
            guard let f = OutputFormat(rawValue: arg) else { print("formats: table, csv, json"); break }
            format = f
        case ".x":
            if arg.isEmpty { expanded = expanded == .on ? .off : .on } else if let e = Expanded(rawValue: arg) { expanded = e } else {
                print("give on, off or auto")
                break
            }
            print("expanded display is \(expanded.rawValue)")
        case ".pager":
            pager = arg != "off"
            print("pager is \(pager ? "on" : "off")")
        case ".once":
            guard !arg.isEmpty else { print("give a file: .once out/result.csv (csv, json or jsonl by its name, else text)"); break }
            // Known now, not after the query (`FileDoor`, checked again when it is written).
            if let reason = FileDoor.problem(arg, protected: protectedFiles) {
                print("cannot write \(arg): \(reason)"); anyFailed = true; break
            }
            once = arg
        case ".asof":
            if arg.isEmpty {
                print("as of \(conversation.session.asOfDescription(conversation.program))")
                break
            }
            guard isValidDate(arg), arg.count == 10 else { print("give a date as YYYY-MM-DD (.asof alone shows the date in use)"); break }
            conversation.session.options.asOf = arg
            conversation.session.options.asOfSource = .given
            if case .date(let pinned)? = conversation.program?.parameters["as_of"]?.value, pinned != arg {
                print("this session's `param as_of` (\(pinned)) decides the date; to change it: param as_of: date = \(arg)")
            } else {
                print("as of \(arg): `today` and every `within` window end on this date")
            }
        case ".load":
            let data: Data
            do { data = try ScriptFile.read(arg, databaseFiles: conversation.session.engine.databaseFiles) } catch { print("cannot read \(arg): \(error.reason)"); anyFailed = true; break }
            readFiles.append(arg)
            // Its `use`, model files and `build tags` are relative to its folder, as in `seg run`.
            evaluate(String(decoding: data, as: UTF8.self), path: arg)
        case ".save":
            guard !arg.isEmpty else { print("give a file: .save session.seg"); anyFailed = true; break }
            var text = conversation.script.joined(separator: "\n") + "\n"
            // A date set with `.asof` is part of what the session answered: kept as the
            // script's `as_of`, unless the session declared its own.
            let options = conversation.session.options
            if options.asOfSource == .given, conversation.program?.parameters["as_of"] == nil {
                text = "param as_of: date = \(options.asOf)   -- set with .asof in the REPL\n" + text
            }
            do {
                try FileDoor.write(Data(text.utf8), to: arg, by: .replSave, protected: protectedFiles)
                print("saved \(conversation.script.count) definitions to \(arg)")
            } catch {
                print(error.description)
                anyFailed = true
            }
        default:
            print("unknown command \(parts[0]); .help lists them")
            anyFailed = true
        }
        return .next
    }
}

/// Short help by topic (`.help windows`).
enum ReplHelp {
    static let topics: [String: String] = [
        "segments": "segment NAME where CONDITION | segment NAME from S where C | segment NAME = C; a segment may end with an action (`export to list`).",
        "actions": "count S [by f], show S [with …] [order by …] [limit n], profile S by f [vs B], overlap A, B, explain S [for customer K], export S to list|csv|jsonl|table …, diff S against list L, assert count S between a and b, sample N from S seed \"…\"",
        "windows": "count(R [where c] within N days|weeks|months|years), between d1 and d2, before d: the last N days up to as_of, as_of included; months clamp to the month's end.",
        "aggregates": "count, sum, avg, min, max, distinct_count, first, last, any — over a relation, with `where` and a window: sum(transactions.amount where type = \"deposit\" within 30 days).",
        "functions": "coalesce abs round floor ceil min max log exp days_since months_since years_since year month bucket(x, [edges]); if c then a else b; ntile(x, n); percent_rank(x).",
        "models": "model NAME = \"file.json\" [format xgboost|lightgbm|linear] [inputs (feature = expr, …)]; scorecard NAME base N / feature: under a -> p, a to b -> p, missing -> p, else -> p; reasons(model [, k]); evaluate MODEL on S against LABEL [vs S2].",
        "campaigns": "campaign NAME / target S / exclude S | exclude contacted [via C] within N days / cap K contacts [via C] per N days / holdout P% seed \"…\" / rank by x desc / limit N [per f] / channel C / priority N / export to list with …; evaluate campaign NAME response = c [by decile(score)] or on m [adjusted by x] (windows may say `after contact`, `before contact`); plan campaign NAME response = c [uplift 2%] [power 80%] [significance 5%].",
        "lists": "export S to list [NAME]; in list L [version N]; diff S against list L; .lists; `seg lists --runs` shows the ledger.",
        "expect": "expect customer K [not] in S [because C]; expect count S between a and b | expect count S >= n. Here: `ok` when it holds, else the entry stops. `seg test` runs files of them.",
        "tags": "`build tags stdlib.rfm` (or `seg tags build MODULE…`) computes definitions for every customer into a tag table, read while fresh; in this REPL each costly segment is kept for the session (`explain` says so), and on SQLite counts, `by`, `profile` and `overlap` of tags, fields and kept segments are answered from memory after the first.",
    ]
}

/// The engine whose running query Ctrl-C stops.
nonisolated(unsafe) var interruptible: (any Engine)?

/// Tab completion from a cached word list (keywords, fields, relations and their fields,
/// definitions, stdlib modules): no query per keystroke.
enum ReplCompletion {
    nonisolated(unsafe) static var completion: Completion?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var index = 0

    static func install(_ c: Conversation) {
        completion = Completion(conversation: c)
        seg_set_completion { text, state in
            let word = text.map { String(cString: $0) } ?? ""
            if state == 0 {
                // The line up to the word (its opening quote included when quoted).
                let line = Array(String(cString: seg_line_buffer()).utf8)
                let end = max(0, min(line.count, Int(seg_point()) - word.utf8.count))
                let before = String(decoding: line[..<end], as: UTF8.self)
                let quoted = seg_completing_quoted() != 0
                guard let found = ReplCompletion.completion?.candidates(before: before, word: word, quoted: quoted) else {
                    ReplCompletion.matches = []
                    ReplCompletion.index = -1  // a path: readline's file names
                    return seg_filename_completion(text, state)
                }
                ReplCompletion.matches = found
                ReplCompletion.index = 0
            }
            if ReplCompletion.index < 0 { return seg_filename_completion(text, state) }
            guard ReplCompletion.index < ReplCompletion.matches.count else { return nil }
            defer { ReplCompletion.index += 1 }
            return strdup(ReplCompletion.matches[ReplCompletion.index])
        }
    }
}
