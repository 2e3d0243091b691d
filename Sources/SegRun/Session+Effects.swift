import Foundation
import SegSyntax
import SegCheck
import SegCompile
import SegEngine
import SegStore
import SegMemory

/// The statements that write: rows stream from the engine through the masking step into a
/// saved list, a table or a file (a temporary path, moved into place after the commit).
extension Session {
    /// What a statement saved, in words; under `seg report` (`rehearse`), what it would have saved.
    func effect(_ said: String, file: Bool = false) -> String {
        guard options.rehearse else {
            effects.texts.insert(said)
            if file { effects.fileTexts.insert(said) }
            return said
        }
        if said.hasPrefix("saved ") { return "would save " + said.dropFirst(6) + " (not saved: a report undoes it)" }
        if said.hasPrefix("wrote ") { return "would write " + said.dropFirst(6) + " (not written: a report undoes it)" }
        return said
    }

    /// `export … to list`: members stream from the engine into the store in chunks, each
    /// kept by its real key and shown through the masking step; the header goes last.
    func streamList(_ c: CompiledAction, name listName: String, program: CheckedProgram, scriptPath: String) throws -> Output {
        notePersonal(c.columns)
        let store = listStore
        do {
            try engine.begin()
            let writer = try ListStore.VersionWriter(store: store, name: listName, columns: c.columns.map(\.label), types: masking.outputTypes(c.columns))
            // The members go into the store while the statement's rows are still being read.
            try store.db.storeWritingWhileReading {
                try forEachRow(c) { row in
                    var shown = row
                    masking.presentRow(&shown, c.columns)
                    try writer.append(key: row[0], row: shown)
                }
            }
            let saved = try writer.finish(.init(script: scriptPath, scriptVersion: program.version, asOf: referenceDate(program),
                                                scriptSHA256: scriptTexts[scriptPath].map(Ledger.sha256), params: paramText(program),
                                                engine: engine.label, role: policy.role, user: runUser, reclassified: program.entity.reclassified,
                                                personalColumns: Masking.personalColumns(c.columns), revealed: masking.reveal,
                                                sources: runSources?.json, dataVersion: replayDataVersion(program)))
            effects.wrote.append("\(listName) v\(saved.version)")
            effects.savedListVersions.append((listName, saved.version))
            return .message(effect("saved list \(listName) version \(saved.version) (\(Cell.grouped(Int64(saved.members))) members)"))
        } catch {
            throw statementFailure(error, at: c.action.span)
        }
    }

    /// `export … to table`: the table is made with its columns' types known before any row —
    /// a field keeps its column's type, a computed number is an integer only when it is one
    /// by construction (`StoreColumnType.of(_:in:)`) — and rows stream into it in chunks.
    func streamTable(_ c: CompiledAction, name: Name, program: CheckedProgram) throws -> Output {
        // That the table does not exist yet was checked before any query (`execute`).
        let db = store
        notePersonal(c.columns)
        let shownTypes = masking.outputTypes(c.columns)
        // Columns named like the entity's fields keep their names; computed ones are c1, c2, ….
        let columns = c.columns.enumerated().map { i, col in
            (name: program.entity.field(col.label) != nil ? col.label : "c\(i + 1)",
             type: shownTypes[i] == col.expr.type ? StoreColumnType.of(col.expr, in: program) : StoreColumnType.text)
        }
        var written = 0
        do {
            try engine.begin()
            try db.storeCreateTable(name.text, columns: columns)
            var chunk: [[SQLValue]] = []
            let rowsPerInsert = db.storeTraits.rowsPerInsert
            try db.storeWritingWhileReading {
                try forEachRow(c) { row in
                    var shown = row
                    masking.presentRow(&shown, c.columns)
                    chunk.append(zip(shown, columns).map { $1.type.bind($0) })
                    if chunk.count >= rowsPerInsert {
                        try db.storeInsert(into: name.text, columns: columns.map(\.name), rows: chunk)
                        written += chunk.count
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
            }
            try db.storeInsert(into: name.text, columns: columns.map(\.name), rows: chunk)
            written += chunk.count
        } catch {
            throw statementFailure(error, at: c.action.span)
        }
        return .message(effect("wrote \(Cell.grouped(Int64(written))) rows to table \(name.text)"))
    }

    /// A table name longer than the engine keeps (PostgreSQL cuts names to 63 bytes): the
    /// table would be made under a name the script does not say, so it is refused before the run.
    func tableNameTooLong(_ name: Name) -> Diagnostic? {
        guard let limit = store.storeTraits.identifierBytes, name.text.utf8.count > limit else { return nil }
        return .tableNameTooLong(name.text, limit: limit, engine: engine.dialect.name.displayName, name.span)
    }

    /// `export … to csv|jsonl`: rows stream from the engine through the masking step into the
    /// file, so memory does not grow with the list (bench/export.py).
    func streamExport(_ c: CompiledAction, path: String, format: FileExport.Format, temp: String, span: Span = .none) throws -> Output {
        notePersonal(c.columns)
        let types = masking.outputTypes(c.columns)
        let writer: FileExport.Writer
        do {
            writer = try FileExport.Writer(format: format, columns: c.columns.map(\.label), types: types, path: path, temp: temp)
        } catch {
            throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine)
        }
        do {
            try forEachRow(c) { row in
                var row = row
                masking.presentRow(&row, c.columns)
                do { try writer.append(row) } catch { throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine) }
            }
            do { try writer.finish() } catch { throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine) }
        } catch {
            writer.abandon()
            throw error
        }
        return .message(effect("wrote \(Cell.grouped(Int64(writer.rows))) rows to \(path)", file: true))
    }

    /// Saved lists: name, version, members, when, from which script — newest version first.
    public func lists() throws(EngineError) -> ResultTable {
        let db = store
        return ResultTable(title: "lists", columns: ["list", "version", "members", "created", "script", "script version", "as of", "personal data"],
                           types: [.string, .number, .number, .string, .string, .string, .string, .string],
                           rows: try ListStore(db: db).summary())
    }

    /// How a file export is written: `--csv-excel` makes every CSV file one for Excel.
    func fileFormat(_ destination: ExportDestination) -> FileExport.Format {
        switch destination {
        case .csv(_, _, let excel): return excel || options.csvForExcel ? .csvForExcel : .csv
        default: return .jsonl
        }
    }

    /// A campaign's list also written to a file (`export to csv …` in the campaign): the rows
    /// are the campaign's members, already in memory for the assignment.
    func exportFile(_ t: ResultTable, to destination: ExportDestination, staged: inout StagedFiles) throws -> Output? {
        let path: String, span: Span
        switch destination {
        case .csv(let p, let s, _), .jsonl(let p, let s): (path, span) = (p, s)
        case .list, .table: return nil
        }
        do {
            try FileExport.write(t, format: fileFormat(destination), to: path, temp: staged.temp(for: path))
        } catch {
            throw StatementFailure(diagnostic: .cannotWrite(path, Self.reason(error), span), failure: .engine)
        }
        return .message(effect("wrote \(Cell.grouped(Int64(t.rows.count))) rows to \(path)", file: true))
    }
}
