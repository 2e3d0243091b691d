import Foundation
import SegSyntax
import SegCheck
import SegEngine
import SegStore
import SegMemory

/// What a run will write, checked before any query runs (LANGUAGE.md §6): every file target
/// must be a regular file that can be written, or a new path in a folder that can be. A
/// directory, symbolic link, device, pipe or socket is refused, so an export can never
/// replace `/dev/full` or follow a link out of the folder it names.
enum Preflight {
    /// The files the actions will write, with where each is named.
    static func fileTargets(_ actions: [CheckedAction]) -> [(path: String, span: Span)] {
        actions.compactMap { a -> (String, Span)? in
            let destination: ExportDestination?
            switch a.kind {
            case .export(let d, _): destination = d
            case .campaign(let c): destination = c.destination
            default: destination = nil
            }
            switch destination {
            case .csv(let path, let span, _)?, .jsonl(let path, let span)?: return (path, span)
            default: return nil
            }
        }
    }

    /// Whether the actions write anything (files, lists, planned contacts, tables).
    static func hasEffects(_ actions: [CheckedAction]) -> Bool {
        actions.contains(where: \.writes)
    }

    /// Every problem with the run's file targets, as diagnostics at the statements naming them:
    /// what `problem` finds, a file the run reads or keeps its data in (the database, a
    /// script), and a file two exports of the run would both write.
    static func check(_ actions: [CheckedAction], protected: [String] = []) -> [Diagnostic] {
        var seen: [String: String] = [:]
        return fileTargets(actions).compactMap { target in
            if let p = FileDoor.problem(target.path, protected: protected) { return .cannotWrite(target.path, p, target.span) }
            let path = FileDoor.resolved(target.path)
            if let first = seen[path] {
                return .cannotWrite(target.path, "another export of this run writes it too (`\(first)`); give each its own file", target.span)
            }
            seen[path] = target.path
            return nil
        }
    }
}
