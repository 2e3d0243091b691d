import Foundation
import SegSyntax
import SegCheck
import SegEngine
import SegStore
import SegMemory

/// What a run may not write over, and the tables its exports would make: checked before any
/// query runs (`Session.execute`), and the tables once more under the write lock.
extension Session {
    /// Files the run reads: the database and its journals, the scripts, every module file they
    /// `use`d (in `sources`), and the module files a `build tags` names, relative to its script.
    func filesRead(by programs: [(CheckedProgram, String)], sources: SourceMap) -> [String] {
        var files = engine.databaseFiles + programs.map(\.1) + sources.files.map(\.path)
        for (program, path) in programs {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            for a in program.actions {
                guard case .buildTags(let targets) = a.kind else { continue }
                for case .file(let file) in targets { files.append(URL(fileURLWithPath: file, relativeTo: folder).path) }
            }
        }
        return files
    }

    /// `export … to table` names the engine would cut, tables that exist already, and two
    /// exports making one table.
    func tableProblems(_ actions: [CheckedAction]) -> [Diagnostic] {
        var seen = Set<String>()
        return actions.compactMap { a -> Diagnostic? in
            guard case .export(.table(let name), _) = a.kind else { return nil }
            if let tooLong = tableNameTooLong(name) { return tooLong }
            let exists = catalog.tables.contains { $0.name.lowercased() == name.text.lowercased() }
                || ((try? store.storeHasTable(name.text)) ?? false)
            if exists { return .tableExists(name.text, name.span) }
            // Two exports of this run making one table: the second would find the first's.
            return seen.insert(name.text.lowercased()).inserted ? nil : .tableTwice(name.text, name.span)
        }
    }

    /// The tables the exports would make that exist now (another run made one since the check).
    func tablesTaken(_ actions: [CheckedAction]) -> [Diagnostic] {
        actions.compactMap { a -> Diagnostic? in
            guard case .export(.table(let name), _) = a.kind, (try? store.storeHasTable(name.text)) == true else { return nil }
            return .tableExists(name.text, name.span)
        }
    }
}
