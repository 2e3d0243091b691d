import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

extension Session {
    /// `export S to csv "train.csv" with … as of [d1, d2, …] label L = C after N days`: one row
    /// per member of S and date. Each date is a run of its own as of that date (S, every column,
    /// every aggregate stop there: LANGUAGE.md §4), and the label is C as of the date plus N,
    /// so it reads only the window after the date. From the checked program, not the run's
    /// rewritten one: tags, scores, ranks and shared conditions the run computed are as of the
    /// run's date, not the snapshot's.
    func streamSnapshots(_ c: CompiledAction, _ spec: CheckedSnapshots, program: CheckedProgram, path: String, format: FileExport.Format,
                         temp: String, span: Span) throws -> Output {
        let a = c.action
        guard case .export(let destination, let columns) = a.kind, let keyField = program.entity.keyField else { return .message("") }
        let key = OutputColumn(label: keyField.name, expr: TypedExpr(.field(keyField.name), keyField.type, nullable: false, a.span))
        var features = a
        features.kind = .export(destination, columns: [key] + columns)
        features.snapshots = nil
        let label = spec.label.map { l in
            var x = CheckedAction(kind: .export(destination, columns: [key, OutputColumn(label: l.name, expr: l.condition)]),
                                  target: TypedExpr(.literal(.bool(true)), .bool, nullable: false, a.span),
                                  targetName: nil, targetText: "all", span: a.span)
            x.snapshots = nil
            return x
        }
        notePersonal(c.columns)
        let types: [SegType] = [.date] + masking.outputTypes(c.columns) + (spec.label == nil ? [] : [.bool])
        let writer: FileExport.Writer
        do {
            writer = try FileExport.Writer(format: format, columns: ["as_of"] + columns.map(\.label) + (spec.label.map { [$0.name] } ?? []),
                                           types: types, path: path, temp: temp)
        } catch {
            throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine)
        }
        // Every read stops at the run's as_of: a date, or a label window, past it is refused
        // before anything is written (the rows would read what the run does not know).
        if let runDate = CivilDate(iso: referenceDate(program)) {
            for date in spec.dates {
                let labelDate = spec.label.map { $0.labelDate(CivilDate(iso: date) ?? CivilDate(1970, 1, 1)).description }
                for (day, isLabel) in [(date, false)] + (labelDate.map { [($0, true)] } ?? []) {
                    if let d = CivilDate(iso: day), d.dayNumber > runDate.dayNumber {
                        writer.abandon()
                        throw StatementFailure(diagnostic: .snapshotPastAsOf(date, label: isLabel ? day : nil, asOf: runDate.description,
                                                                             source: asOfPhrase(program), span), failure: .inScript)
                    }
                }
            }
        }
        // A date before the data begins gives rows of empty aggregates: said (W0708).
        let read = ReferenceDate.datedRelations(a, in: program).compactMap { program.entity.relation($0) }
        for date in spec.dates where !read.isEmpty {
            if !read.contains(where: { r in r.date.map { hasRow(r.table, $0, onOrBefore: date) } ?? true }) {
                effects.warnings.append(.snapshotBeforeData(date, relations: read.map(\.name), span))
            }
        }
        do {
            for date in spec.dates {
                let labelDate = spec.label.map { $0.labelDate(CivilDate(iso: date) ?? CivilDate(1970, 1, 1)).description }
                var labels: [Value: Value] = [:]
                if let label, let labelDate {
                    let q = try snapshotQuery(label, program: program, asOf: labelDate)
                    try forEachRow(q) { row in labels[row[0]] = row[1] }
                }
                let q = try snapshotQuery(features, program: program, asOf: date)
                try forEachRow(q) { row in
                    var shown = Array(row.dropFirst())
                    masking.presentRow(&shown, c.columns)
                    var out: [Value] = [.text(date)] + shown
                    if spec.label != nil { out.append(CampaignAssignment.truthy(labels[row[0]] ?? .null) ? .integer(1) : .integer(0)) }
                    do { try writer.append(out) } catch { throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine) }
                }
            }
            do { try writer.finish() } catch { throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine) }
        } catch {
            writer.abandon()
            throw error
        }
        return .message(effect("wrote \(Cell.grouped(Int64(writer.rows))) rows to \(path) (\(spec.dates.count) date\(spec.dates.count == 1 ? "" : "s"))", file: true))
    }

    /// An action compiled as of another date: the program's `as_of` (parameter or not) is that date.
    func snapshotQuery(_ action: CheckedAction, program: CheckedProgram, asOf date: String) throws -> CompiledAction {
        var p = program
        if case .date? = p.parameters["as_of"]?.value { p.parameters["as_of"]?.value = .date(date) }
        switch Compiler.compile(action, in: p, dialect: engine.dialect, asOf: date, plan: planner.planChoice(for: action, in: p),
                                pushdownModels: options.pushdownModels) {
        case .success(let c): return c
        case .failure(let d): throw StatementFailure(diagnostic: d, failure: .inScript)
        }
    }
}
