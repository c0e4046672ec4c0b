import Foundation
import MLoopCore
import MLoopStore

/// Questions about when tries and runs ran, from their recorded start and end times.
enum Timeline {
    /// The most intervals that were open at one instant (an end at the same instant as a start does not overlap).
    static func maxOverlap(_ intervals: [(start: Date, end: Date)]) -> Int {
        var events: [(time: Date, delta: Int)] = []
        for interval in intervals {
            events.append((interval.start, 1))
            events.append((interval.end, -1))
        }
        events.sort { lhs, rhs in lhs.time == rhs.time ? lhs.delta < rhs.delta : lhs.time < rhs.time }
        var open = 0
        var most = 0
        for (_, delta) in events {
            open += delta
            most = max(most, open)
        }
        return most
    }

    /// The started tries' intervals.
    static func intervals(_ tries: [TaskTryRecord]) -> [(start: Date, end: Date)] {
        tries.compactMap { record in
            guard let start = record.startedAt, let end = record.endedAt else { return nil }
            return (start, end)
        }
    }

    static func runIntervals(_ runs: [RunRecord]) -> [(start: Date, end: Date)] {
        runs.compactMap { run in
            guard let start = run.startedAt, let end = run.endedAt else { return nil }
            return (start, end)
        }
    }
}

extension RunDetail {
    func instance(_ task: String) -> TaskInstanceRecord? { taskInstances.first { $0.taskID.rawValue == task } }

    func state(_ task: String) -> TaskInstanceState? { instance(task)?.state }

    func tries(_ task: String) -> [TaskTryRecord] { tries.filter { $0.taskID.rawValue == task } }

    /// The last try of a task (its only one in most tests).
    func lastTry(_ task: String) -> TaskTryRecord? { tries(task).last }

    var states: [String: TaskInstanceState] {
        Dictionary(uniqueKeysWithValues: taskInstances.map { ($0.taskID.rawValue, $0.state) })
    }
}
