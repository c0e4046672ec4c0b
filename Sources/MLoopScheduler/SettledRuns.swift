import MLoopStore

/// The runs this scheduler last found settled — nothing waits, some tasks are queued or running — with how many of
/// their tries are still to end. Until they have, planning such a run again can decide nothing: in a 1,000-task
/// fan-out that was a database check after every batch of ends. Only `.ended` wake-ups count down (a plain one, or
/// anything that could add work — a clear, a mark, a failure, a retry — sends a plain one and forces a plan), and an
/// end whose wake-up arrives after the check that already saw it only makes the next plan come early, never late.
struct SettledRuns {
    private var remaining: [RunID: Int] = [:]

    /// Whether `wake` for `run` needs a plan; counts the ends down when it does not.
    mutating func needsPlan(_ run: RunID, _ wake: WakeUps.RunWake) -> Bool {
        guard case .ended(let count) = wake, let left = remaining[run], left > count else {
            remaining[run] = nil
            return true
        }
        remaining[run] = left - count
        return false
    }

    /// What planning `run` found (nil: the run was not planned, e.g. another scheduler held it).
    mutating func record(_ run: RunID, _ outcome: RunPlanOutcome?) {
        remaining[run] = outcome?.settledActive
    }

    /// Forgets every run, e.g. when notifications may have been missed.
    mutating func forgetAll() {
        remaining = [:]
    }
}
