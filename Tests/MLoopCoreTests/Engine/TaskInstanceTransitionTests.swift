import MLoopCore
import Testing

@Suite struct TaskInstanceTransitionTests {
    // The whole legal table, written out independently of the implementation, with tries left (1 of 2 used).
    static let legal: [TaskInstanceState: [TaskInstanceTransition: TaskInstanceState]] = [
        .pending: [
            .dependenciesMet: .scheduled, .skipped: .skipped, .upstreamFailed: .upstreamFailed,
            .markedSuccess: .success, .markedFailed: .failed, .removedFromWorkflow: .removed,
        ],
        .scheduled: [
            .queued: .queued, .cleared: .pending, .markedSuccess: .success, .markedFailed: .failed,
            .removedFromWorkflow: .removed,
        ],
        .queued: [
            .started(worker: "worker"): .running, .cleared: .pending, .markedSuccess: .success,
            .markedFailed: .failed, .removedFromWorkflow: .removed,
        ],
        .running: [
            .succeeded: .success, .failed(retryable: true): .upForRetry, .failed(retryable: false): .failed,
            .skipped: .skipped, .heartbeatLost: .upForRetry, .timedOut: .upForRetry, .cleared: .pending,
            .markedSuccess: .success, .markedFailed: .failed,
        ],
        .upForRetry: [
            .retryDue: .scheduled, .cleared: .pending, .markedSuccess: .success, .markedFailed: .failed,
            .removedFromWorkflow: .removed,
        ],
        .success: [.cleared: .pending, .markedFailed: .failed],
        .failed: [.cleared: .pending, .markedSuccess: .success],
        .upstreamFailed: [.cleared: .pending, .markedSuccess: .success, .markedFailed: .failed],
        .skipped: [.cleared: .pending, .markedSuccess: .success, .markedFailed: .failed],
        .removed: [:],
    ]

    @Test(arguments: TaskInstanceState.allCases, TaskInstanceTransition.allCases)
    func followsTheTransitionTable(from state: TaskInstanceState, event: TaskInstanceTransition) {
        let result = state.apply(event, triesSoFar: 1, maxTries: 2)
        if let expected = Self.legal[state]?[event] {
            #expect(result == .success(expected))
            #expect(state.allows(event))
        } else {
            guard case .failure(let error) = result else {
                Issue.record("\(state.rawValue) + \(event.name) should be refused, got \(result)")
                return
            }
            #expect(error.subject == .taskInstance)
            #expect(error.from == state.rawValue)
            #expect(error.event == event.name)
            #expect(!state.allows(event))
        }
    }

    @Test(arguments: [
        TaskInstanceTransition.failed(retryable: true), .heartbeatLost, .timedOut,
    ])
    func failsForGoodWhenNoTriesAreLeft(event: TaskInstanceTransition) {
        #expect(TaskInstanceState.running.apply(event, triesSoFar: 3, maxTries: 3) == .success(.failed))
        #expect(TaskInstanceState.running.apply(event, triesSoFar: 2, maxTries: 3) == .success(.upForRetry))
    }

    @Test func refusalNamesStateEventAndWhatIsAllowed() throws {
        let error = try #require(
            TaskInstanceState.pending.apply(.succeeded, triesSoFar: 0, maxTries: 1).failureValue)
        #expect(
            error.description
                == "cannot apply 'succeeded' to a task instance in state 'pending': allowed here: dependencies_met, "
                + "marked_failed, marked_success, removed_from_workflow, skipped, upstream_failed")
    }

    @Test func clearingARunningInstanceCancelsItsTry() {
        #expect(TaskInstanceState.running.apply(.cleared, triesSoFar: 1, maxTries: 1) == .success(.pending))
        #expect(TaskTryTransition(.cleared) == .cancelled)
    }

    @Test func clearableStatesExcludePendingAndRemoved() {
        let clearable = TaskInstanceState.allCases.filter(\.isClearable)
        #expect(
            Set(clearable)
                == [.scheduled, .queued, .running, .upForRetry, .success, .failed, .upstreamFailed, .skipped])
    }
}

extension Result {
    /// The error of a failed result, for `#require`.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
