import SegSyntax
import SegEngine
import SegStore
import SegMemory

/// What one run did, made new for every run (each of the REPL's entries too), so nothing of
/// one run is seen by the next. What outlives a run — kept segments, scored models, the
/// statistics — is the session's (`Session`'s caches).
struct RunEffects {
    /// What this run wrote, for the ledger.
    var wrote: [String] = []
    /// Warnings a statement raised while it ran (an empty campaign), for the run's diagnostics.
    var warnings: [Diagnostic] = []
    /// The personal columns this run put out (masked or revealed), for the ledger.
    var personalOut: [String] = []
    /// The run's `build tags`, done at its commit point.
    var stagedTagBuilds: [StagedTagBuild] = []
    /// Whether the run's ledger row went in with its effects (`RunJournal`, step 3).
    var recordedInCommit = false
    /// What the statements said they saved or wrote (`effect`), and which of those are
    /// files: a run with a commit point says them only once it has committed.
    package var texts: Set<String> = []
    var fileTexts: Set<String> = []
    /// The list versions this run saved, in order.
    var savedListVersions: [(name: String, version: Int64)] = []
    /// The data version of each entity table this run read, computed once (`replayDataVersion`).
    var dataVersions: [String: String] = [:]
}
