import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Runs go task by task in dependency order, and independent tasks run side by side up to the worker's slots.
@Suite(.serialized) struct EngineOrderTests {
    @Test func chainRunsEachTaskAfterItsUpstreamEnds() async throws {
        let yaml = """
            id: chain
            tasks:
              - {id: a, bash: sleep 0.1}
              - {id: b, needs: a, bash: sleep 0.1}
              - {id: c, needs: b, bash: sleep 0.1}
              - {id: d, needs: c, bash: sleep 0.1}
            """
        try await withEngine(["chain.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("chain"))
            #expect(detail.run.state == .success)
            #expect(detail.states == ["a": .success, "b": .success, "c": .success, "d": .success])
            try expectOrder(detail, edges: [("a", "b"), ("b", "c"), ("c", "d")])
        }
    }

    @Test func diamondJoinStartsAfterBothBranches() async throws {
        let yaml = """
            id: diamond
            tasks:
              - {id: top, bash: sleep 0.1}
              - {id: left, needs: top, bash: sleep 0.5}
              - {id: right, needs: top, bash: sleep 0.2}
              - {id: join, needs: [left, right], bash: "true"}
            """
        try await withEngine(["diamond.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("diamond"))
            #expect(detail.run.state == .success)
            #expect(detail.states.values.allSatisfy { $0 == .success })
            try expectOrder(detail, edges: [("top", "left"), ("top", "right"), ("left", "join"), ("right", "join")])
            // The two branches ran at the same time.
            #expect(Timeline.maxOverlap(Timeline.intervals(detail.tries("left") + detail.tries("right"))) == 2)
        }
    }

    @Test func fanOutFinishesInAboutOneSleepWithEnoughSlots() async throws {
        let tasks = (1...6).map { "  - {id: sleep\($0), bash: sleep 2}" }.joined(separator: "\n")
        try await withEngine(["fan.yaml": "id: fan\ntasks:\n" + tasks], parallelism: 8) { engine in
            let detail = try await engine.finished(try await engine.trigger("fan"))
            #expect(detail.run.state == .success)
            #expect(Timeline.maxOverlap(Timeline.intervals(detail.tries)) == 6)
            let run = try #require(
                detail.run.startedAt.flatMap { start in detail.run.endedAt.map { $0.timeIntervalSince(start) } })
            // One after another would take 12 s.
            #expect(run < 11, "six 2 s sleeps took \(run) s: not all at once")
        }
    }

    private func expectOrder(
        _ detail: RunDetail, edges: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (upstream, downstream) in edges {
            let ended = try #require(detail.lastTry(upstream)?.endedAt, sourceLocation: sourceLocation)
            let started = try #require(detail.lastTry(downstream)?.startedAt, sourceLocation: sourceLocation)
            #expect(started >= ended, "\(downstream) started before \(upstream) ended", sourceLocation: sourceLocation)
        }
    }
}
