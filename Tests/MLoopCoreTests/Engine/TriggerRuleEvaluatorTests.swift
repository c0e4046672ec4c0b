import MLoopCore
import Testing

/// Expected outcomes follow Airflow 3's `TriggerRuleDep._evaluate_direct_relatives`
/// (airflow-core/src/airflow/ti_deps/deps/trigger_rule_dep.py): first the `flag_upstream_failed` branch may settle
/// the task as skipped or upstream_failed, then the rule's pass condition lets it run; otherwise it waits.
@Suite struct TriggerRuleEvaluatorTests {
    enum Outcome: String { case run, wait, skip, upstreamFailed }

    struct Case: CustomTestStringConvertible, Sendable {
        var rule: TriggerRule
        var upstream: String
        var expected: Outcome
        var testDescription: String { "\(rule.rawValue) [\(upstream)] → \(expected.rawValue)" }
    }

    // Letters: S success, F failed, U upstream_failed, K skipped, R removed, P pending, Q queued, X running,
    // Y up_for_retry.
    static func states(_ letters: String) -> [TaskInstanceState] {
        let map: [Character: TaskInstanceState] = [
            "S": .success, "F": .failed, "U": .upstreamFailed, "K": .skipped, "R": .removed, "P": .pending,
            "Q": .queued, "X": .running, "Y": .upForRetry,
        ]
        return letters.map { map[$0]! }
    }

    static let cases: [Case] = [
        // all_success: a failure upstream wins over a skip, and neither waits for the rest.
        .init(rule: .allSuccess, upstream: "SS", expected: .run),
        .init(rule: .allSuccess, upstream: "SX", expected: .wait),
        .init(rule: .allSuccess, upstream: "SY", expected: .wait),
        .init(rule: .allSuccess, upstream: "SF", expected: .upstreamFailed),
        .init(rule: .allSuccess, upstream: "SU", expected: .upstreamFailed),
        .init(rule: .allSuccess, upstream: "XF", expected: .upstreamFailed),
        .init(rule: .allSuccess, upstream: "SK", expected: .skip),
        .init(rule: .allSuccess, upstream: "KF", expected: .upstreamFailed),
        // A removed upstream never succeeds: the task waits (the planner reports the run deadlocked).
        .init(rule: .allSuccess, upstream: "SR", expected: .wait),
        // all_failed: success or skip upstream skips at once.
        .init(rule: .allFailed, upstream: "FU", expected: .run),
        .init(rule: .allFailed, upstream: "FX", expected: .wait),
        .init(rule: .allFailed, upstream: "FS", expected: .skip),
        .init(rule: .allFailed, upstream: "XK", expected: .skip),
        // all_done: anything finished, removed included.
        .init(rule: .allDone, upstream: "SFUKR", expected: .run),
        .init(rule: .allDone, upstream: "SX", expected: .wait),
        .init(rule: .allDone, upstream: "FP", expected: .wait),
        // all_done_min_one_success: any skip skips at once; all done without a success is upstream_failed.
        .init(rule: .allDoneMinOneSuccess, upstream: "SF", expected: .run),
        .init(rule: .allDoneMinOneSuccess, upstream: "SU", expected: .run),
        .init(rule: .allDoneMinOneSuccess, upstream: "SX", expected: .wait),
        .init(rule: .allDoneMinOneSuccess, upstream: "FU", expected: .upstreamFailed),
        .init(rule: .allDoneMinOneSuccess, upstream: "SK", expected: .skip),
        .init(rule: .allDoneMinOneSuccess, upstream: "KX", expected: .skip),
        // all_skipped: anything that ran or failed skips at once.
        .init(rule: .allSkipped, upstream: "KK", expected: .run),
        .init(rule: .allSkipped, upstream: "KX", expected: .wait),
        .init(rule: .allSkipped, upstream: "KS", expected: .skip),
        .init(rule: .allSkipped, upstream: "KF", expected: .skip),
        .init(rule: .allSkipped, upstream: "KU", expected: .skip),
        // one_success: runs on the first success; all done without one: skipped if all skipped, else
        // upstream_failed.
        .init(rule: .oneSuccess, upstream: "SX", expected: .run),
        .init(rule: .oneSuccess, upstream: "SF", expected: .run),
        .init(rule: .oneSuccess, upstream: "XX", expected: .wait),
        .init(rule: .oneSuccess, upstream: "FX", expected: .wait),
        .init(rule: .oneSuccess, upstream: "FF", expected: .upstreamFailed),
        .init(rule: .oneSuccess, upstream: "FK", expected: .upstreamFailed),
        .init(rule: .oneSuccess, upstream: "KK", expected: .skip),
        // one_failed: runs on the first failed or upstream_failed; all done without one: skipped.
        .init(rule: .oneFailed, upstream: "FX", expected: .run),
        .init(rule: .oneFailed, upstream: "UX", expected: .run),
        .init(rule: .oneFailed, upstream: "SX", expected: .wait),
        .init(rule: .oneFailed, upstream: "SS", expected: .skip),
        .init(rule: .oneFailed, upstream: "SK", expected: .skip),
        // one_done: runs on the first success or failure (upstream_failed and skipped do not count).
        .init(rule: .oneDone, upstream: "SX", expected: .run),
        .init(rule: .oneDone, upstream: "FX", expected: .run),
        .init(rule: .oneDone, upstream: "KX", expected: .wait),
        .init(rule: .oneDone, upstream: "UX", expected: .wait),
        .init(rule: .oneDone, upstream: "KK", expected: .skip),
        .init(rule: .oneDone, upstream: "KU", expected: .skip),
        // none_failed: success and skip both fine.
        .init(rule: .noneFailed, upstream: "SK", expected: .run),
        .init(rule: .noneFailed, upstream: "KK", expected: .run),
        .init(rule: .noneFailed, upstream: "SX", expected: .wait),
        .init(rule: .noneFailed, upstream: "SF", expected: .upstreamFailed),
        .init(rule: .noneFailed, upstream: "KU", expected: .upstreamFailed),
        // none_failed_min_one_success: as none_failed, but all skipped skips.
        .init(rule: .noneFailedMinOneSuccess, upstream: "SK", expected: .run),
        .init(rule: .noneFailedMinOneSuccess, upstream: "KK", expected: .skip),
        .init(rule: .noneFailedMinOneSuccess, upstream: "KX", expected: .wait),
        .init(rule: .noneFailedMinOneSuccess, upstream: "SF", expected: .upstreamFailed),
        // none_skipped: any skip skips at once; failures are fine once all are done.
        .init(rule: .noneSkipped, upstream: "SFU", expected: .run),
        .init(rule: .noneSkipped, upstream: "SX", expected: .wait),
        .init(rule: .noneSkipped, upstream: "SK", expected: .skip),
        .init(rule: .noneSkipped, upstream: "KX", expected: .skip),
        // always: runs whatever the upstream states.
        .init(rule: .always, upstream: "FX", expected: .run),
        .init(rule: .always, upstream: "PP", expected: .run),
    ]

    @Test(arguments: cases)
    func decidesAsAirflowDoes(_ testCase: Case) {
        let decision = TriggerRuleEvaluator.evaluate(testCase.rule, upstreamStates: Self.states(testCase.upstream))
        let outcome: Outcome =
            switch decision {
            case .run: .run
            case .wait: .wait
            case .skip: .skip
            case .upstreamFailed: .upstreamFailed
            }
        #expect(outcome == testCase.expected, "\(decision.reason)")
    }

    @Test(arguments: TriggerRule.allCases)
    func runsATaskWithoutUpstreamAtOnce(rule: TriggerRule) {
        #expect(TriggerRuleEvaluator.evaluate(rule, upstreamStates: []) == .run)
    }

    @Test func everyRuleHasCases() {
        #expect(Set(Self.cases.map(\.rule)) == Set(TriggerRule.allCases))
    }

    @Test func waitReasonNamesUnfinishedUpstreamTasks() {
        let decision = TriggerRuleEvaluator.evaluate(
            .allSuccess, upstream: [(task: "extract", state: .running), (task: "clean", state: .success)])
        #expect(decision == .wait("waiting for upstream 'extract' (running)"))
    }

    @Test func failureReasonNamesTheFailedUpstreamAndRule() {
        let decision = TriggerRuleEvaluator.evaluate(
            .allSuccess, upstream: [(task: "extract", state: .success), (task: "load", state: .failed)])
        #expect(decision == .upstreamFailed("upstream 'load' is failed (trigger rule 'all_success')"))
    }

    @Test func anonymousWaitReasonCountsUnfinishedUpstreamTasks() {
        let decision = TriggerRuleEvaluator.evaluate(.allDone, upstreamStates: [.running, .queued, .success])
        #expect(decision == .wait("waiting for 2 of 3 upstream tasks to finish"))
    }
}
