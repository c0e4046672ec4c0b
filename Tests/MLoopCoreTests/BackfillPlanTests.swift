import Foundation
import Testing

@testable import MLoopCore

@Suite struct BackfillPlanTests {
    static func workflow(_ schedule: String?) throws -> WorkflowDefinition {
        var definition = WorkflowDefinition(id: "w", tasks: [])
        definition.schedule = try Schedule(parsing: schedule)
        return definition
    }

    @Test func coversEveryIntervalStartingInTheRange() throws {
        let start = Timestamp.parse("2026-01-01T00:00:00Z")!
        let end = Timestamp.parse("2026-01-03T00:00:00Z")!
        let plan = try BackfillPlan(try Self.workflow("@daily"), start: start, end: end)
        #expect(plan.intervals.map(\.start) == [0, 1, 2].map { start.addingTimeInterval(Double($0) * 86_400) })
        #expect(plan.intervals.last?.end == end.addingTimeInterval(86_400))
    }

    @Test func refusesAReversedRangeAWorkflowWithoutCronAndTooManyIntervals() throws {
        let start = Timestamp.parse("2026-01-01T00:00:00Z")!
        let end = Timestamp.parse("2026-01-10T00:00:00Z")!
        #expect(throws: BackfillError.self) { try BackfillPlan(try Self.workflow("@daily"), start: end, end: start) }
        #expect(throws: BackfillError.self) { try BackfillPlan(try Self.workflow(nil), start: start, end: end) }
        #expect(throws: BackfillError.self) {
            try BackfillPlan(try Self.workflow("@daily"), start: start, end: end, limit: 5)
        }
    }

    @Test func nextIntervalIsTheOneEndingAfterNowWhenNoneIsDue() throws {
        let schedule = try Schedule(parsing: "@daily")
        let now = Timestamp.parse("2026-01-05T10:00:00Z")!
        let last = DataInterval(
            start: Timestamp.parse("2026-01-04T00:00:00Z")!, end: Timestamp.parse("2026-01-05T00:00:00Z")!)
        let next = schedule.nextInterval(
            after: last, startDate: nil, endDate: nil, catchup: true, timeZone: TimeZone(identifier: "UTC")!, now: now)
        #expect(next?.start == Timestamp.parse("2026-01-05T00:00:00Z"))
        #expect(next?.end == Timestamp.parse("2026-01-06T00:00:00Z"))
    }
}
