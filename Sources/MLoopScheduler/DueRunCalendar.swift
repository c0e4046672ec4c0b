import Foundation
import MLoopCore
import Synchronization

/// When each scheduled workflow next needs a look for due runs. Each tick used to query every scheduled workflow
/// (two statements each) although, once caught up, a workflow has nothing due until its next data interval ends —
/// with hundreds of workflows that was most of an idle scheduler's work. Interval ends are a pure function of the
/// version's schedule, so remembering them per (workflow, version) is exact: a new version is looked at at once, and
/// another scheduler creating the run meanwhile only makes our later look find it already there.
final class DueRunCalendar: Sendable {
    private struct Entry {
        var version: Int64
        var nextLook: Date
    }

    private let entries = Mutex<[WorkflowID: Entry]>([:])

    /// Whether the workflow's version may have an interval due by `now`.
    func needsLook(at workflow: WorkflowID, version: Int64, now: Date) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[workflow], entry.version == version else { return true }
            return now >= entry.nextLook
        }
    }

    /// Nothing is due before `nextLook` (nil: the schedule creates no more runs).
    func remember(_ workflow: WorkflowID, version: Int64, nextLook: Date?) {
        entries.withLock { $0[workflow] = Entry(version: version, nextLook: nextLook ?? .distantFuture) }
    }
}
