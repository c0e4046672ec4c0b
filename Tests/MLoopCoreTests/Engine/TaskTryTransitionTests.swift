import MLoopCore
import Testing

@Suite struct TaskTryTransitionTests {
    // The whole legal table, written out independently of the implementation.
    static let legal: [TaskTryState: [TaskTryTransition: TaskTryState]] = [
        .queued: [.claimed: .running, .markedSuccess: .success, .markedFailed: .failed, .cancelled: .cancelled],
        .running: [
            .succeeded: .success, .failed: .failed, .skipped: .skipped, .markedSuccess: .success,
            .markedFailed: .failed, .cancelled: .cancelled,
        ],
        .success: [:], .failed: [:], .skipped: [:], .cancelled: [:],
    ]

    @Test(arguments: TaskTryState.allCases, TaskTryTransition.allCases)
    func followsTheTransitionTable(from state: TaskTryState, event: TaskTryTransition) {
        let result = state.apply(event)
        if let expected = Self.legal[state]?[event] {
            #expect(result == .success(expected))
            #expect(state.allows(event))
            #expect(TaskTryState.states(allowing: event).contains(state))
        } else {
            guard case .failure(let error) = result else {
                Issue.record("\(state.rawValue) + \(event.name) should be refused, got \(result)")
                return
            }
            #expect(error.subject == .taskTry)
            #expect(error.from == state.rawValue)
            #expect(error.event == event.name)
            #expect(!state.allows(event))
        }
    }

    @Test func onlyQueuedAndRunningTriesAreOpen() {
        #expect(TaskTryState.allCases.filter { !$0.isFinished } == [.queued, .running])
        #expect(!TaskTryState.initial.isFinished)
    }

    @Test func refusingAnEndedTrySaysANewTryBeginsOnQueue() throws {
        let error = try #require(TaskTryState.success.apply(.failed).failureValue)
        #expect(
            error.description
                == "cannot apply 'failed' to a task try in state 'success': the try has ended; a new try begins "
                + "when its task instance is queued again")
    }

    // Every task-instance transition that is legal from a state with an open try (queued, running) either leaves
    // the try alone or carries a try event that is legal from the try's state: the two tables agree.
    @Test(arguments: TaskInstanceTransition.allCases)
    func everyInstanceEventOnAnOpenTryIsLegalForTheTry(event: TaskInstanceTransition) {
        for (instance, tryState) in [(TaskInstanceState.queued, TaskTryState.queued), (.running, .running)] {
            guard instance.allows(event), let tryEvent = TaskTryTransition(event) else { continue }
            #expect(tryState.allows(tryEvent), "\(instance.rawValue) + \(event.name) → try \(tryEvent.name)")
        }
    }

    @Test(arguments: [
        (TaskInstanceTransition.started(worker: "w"), TaskTryTransition.claimed), (.succeeded, .succeeded),
        (.failed(retryable: true), .failed), (.failed(retryable: false), .failed), (.heartbeatLost, .failed),
        (.timedOut, .failed), (.skipped, .skipped), (.markedSuccess, .markedSuccess), (.markedFailed, .markedFailed),
        (.cleared, .cancelled), (.removedFromWorkflow, .cancelled),
    ])
    func instanceEventsCarryTheirTryEvent(instance: TaskInstanceTransition, expected: TaskTryTransition) {
        #expect(TaskTryTransition(instance) == expected)
    }

    @Test(arguments: [TaskInstanceTransition.dependenciesMet, .queued, .upstreamFailed, .retryDue])
    func plannerEventsLeaveTriesAlone(event: TaskInstanceTransition) {
        #expect(TaskTryTransition(event) == nil)
    }
}
