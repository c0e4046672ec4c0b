import MLoopCore
import Testing

@Suite struct RunTransitionTests {
    // The whole legal table, written out independently of the implementation.
    static let legal: [RunState: [RunTransition: RunState]] = [
        .queued: [.started: .running, .timedOut: .failed, .markedSuccess: .success, .markedFailed: .failed],
        .running: [
            .succeeded: .success, .failed: .failed, .timedOut: .failed, .markedSuccess: .success,
            .markedFailed: .failed,
        ],
        .success: [.cleared: .queued, .markedFailed: .failed],
        .failed: [.cleared: .queued, .markedSuccess: .success],
    ]

    @Test(arguments: RunState.allCases, RunTransition.allCases)
    func followsTheTransitionTable(from state: RunState, event: RunTransition) {
        let result = state.apply(event)
        if let expected = Self.legal[state]?[event] {
            #expect(result == .success(expected))
            #expect(state.allows(event))
        } else {
            guard case .failure(let error) = result else {
                Issue.record("\(state.rawValue) + \(event.name) should be refused, got \(result)")
                return
            }
            #expect(error.subject == .run)
            #expect(error.from == state.rawValue)
            #expect(error.event == event.name)
            #expect(!state.allows(event))
        }
    }

    @Test func refusingToClearAnUnfinishedRunSaysWhy() throws {
        let error = try #require(RunState.running.apply(.cleared).failureValue)
        #expect(
            error.description
                == "cannot apply 'cleared' to a run in state 'running': it has not finished; clear its tasks "
                + "without clearing the run")
    }
}
