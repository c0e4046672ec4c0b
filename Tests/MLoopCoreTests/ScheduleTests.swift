import Foundation
import Testing

@testable import MLoopCore

@Suite struct ScheduleTests {
    private static let daily = Schedule.cron(try! CronExpression(parsing: "@daily"))

    private static func interval(_ start: String, _ end: String) -> DataInterval {
        DataInterval(start: date(start + "T00:00:00Z"), end: date(end + "T00:00:00Z"))
    }

    private static func due(
        _ schedule: Schedule = daily, after last: DataInterval? = nil, start: String? = "2024-01-01T00:00:00Z",
        end: String? = nil, catchup: Bool = true, timeZone: TimeZone = .gmt, now: String
    ) -> DataInterval? {
        schedule.nextDueInterval(
            after: last, startDate: start.map(date), endDate: end.map(date), catchup: catchup, timeZone: timeZone,
            now: date(now))
    }

    @Test func theFirstIntervalStartsAtTheStartDateAndIsDueWhenItEnds() {
        #expect(Self.due(now: "2024-01-03T12:00:00Z") == Self.interval("2024-01-01", "2024-01-02"))
        #expect(Self.due(now: "2024-01-02T00:00:00Z") == Self.interval("2024-01-01", "2024-01-02"))
        #expect(Self.due(now: "2024-01-01T23:59:59Z") == nil)
    }

    @Test func anUnalignedStartDateWaitsForTheNextFireTime() {
        #expect(Self.due(start: "2024-01-01T10:00:00Z", now: "2024-01-02T12:00:00Z") == nil)
        #expect(
            Self.due(start: "2024-01-01T10:00:00Z", now: "2024-01-03T00:00:00Z")
                == Self.interval("2024-01-02", "2024-01-03"))
    }

    @Test func withCatchupTheOldestMissedIntervalComesNext() {
        let last = Self.interval("2024-01-01", "2024-01-02")
        #expect(Self.due(after: last, now: "2024-01-10T12:00:00Z") == Self.interval("2024-01-02", "2024-01-03"))
        #expect(Self.due(after: Self.interval("2024-01-09", "2024-01-10"), now: "2024-01-10T12:00:00Z") == nil)
    }

    @Test func withoutCatchupOnlyTheLatestEndedIntervalRuns() {
        #expect(Self.due(catchup: false, now: "2024-01-10T12:00:00Z") == Self.interval("2024-01-09", "2024-01-10"))
        #expect(Self.due(catchup: false, now: "2024-01-10T00:00:00Z") == Self.interval("2024-01-09", "2024-01-10"))
        let old = Self.interval("2024-01-01", "2024-01-02")
        #expect(
            Self.due(after: old, catchup: false, now: "2024-01-10T12:00:00Z")
                == Self.interval("2024-01-09", "2024-01-10"))
        let latest = Self.interval("2024-01-09", "2024-01-10")
        #expect(Self.due(after: latest, catchup: false, now: "2024-01-10T12:00:00Z") == nil)
        #expect(
            Self.due(after: latest, catchup: false, now: "2024-01-11T00:00:00Z")
                == Self.interval("2024-01-10", "2024-01-11"))
    }

    @Test func withoutCatchupAFutureStartDateStillWaits() {
        #expect(Self.due(start: "2024-02-01T00:00:00Z", catchup: false, now: "2024-01-10T12:00:00Z") == nil)
        #expect(Self.due(start: "2024-01-09T06:00:00Z", catchup: false, now: "2024-01-10T12:00:00Z") == nil)
        #expect(
            Self.due(start: "2024-01-09T06:00:00Z", catchup: false, now: "2024-01-11T12:00:00Z")
                == Self.interval("2024-01-10", "2024-01-11"))
    }

    @Test func withoutAStartDateTheLatestEndedIntervalRuns() {
        #expect(
            Self.due(start: nil, catchup: true, now: "2024-01-10T12:00:00Z")
                == Self.interval("2024-01-09", "2024-01-10"))
    }

    @Test func aStartDateMovedLaterThanTheLastRunWins() {
        let last = Self.interval("2024-01-01", "2024-01-02")
        #expect(
            Self.due(after: last, start: "2024-01-05T00:00:00Z", now: "2024-01-10T00:00:00Z")
                == Self.interval("2024-01-05", "2024-01-06"))
    }

    @Test func aChangedScheduleResumesFromTheLastFireTimeBeforeTheLastEnd() throws {
        let noon = Schedule.cron(try CronExpression(parsing: "0 12 * * *"))
        let last = Self.interval("2024-01-01", "2024-01-02")
        #expect(
            Self.due(noon, after: last, now: "2024-01-10T00:00:00Z")
                == DataInterval(start: date("2024-01-01T12:00:00Z"), end: date("2024-01-02T12:00:00Z")))
    }

    @Test func noIntervalStartsAfterTheEndDate() {
        let end = "2024-01-02T00:00:00Z"
        #expect(
            Self.due(after: Self.interval("2024-01-01", "2024-01-02"), end: end, now: "2024-01-10T00:00:00Z")
                == Self.interval("2024-01-02", "2024-01-03"))
        #expect(
            Self.due(after: Self.interval("2024-01-02", "2024-01-03"), end: end, now: "2024-01-10T00:00:00Z")
                == nil)
        #expect(Self.due(end: end, catchup: false, now: "2024-01-10T00:00:00Z") == nil)
    }

    @Test func intervalsFollowTheWallClockAcrossDaylightSaving() {
        let newYork = zone("America/New_York")
        let short = Self.due(start: "2024-03-10T05:00:00Z", timeZone: newYork, now: "2024-03-12T00:00:00Z")
        #expect(short == DataInterval(start: date("2024-03-10T05:00:00Z"), end: date("2024-03-11T04:00:00Z")))
        let hours: Double? = short.map { $0.end.timeIntervalSince($0.start) / 3600 }
        #expect(hours == 23)
    }

    @Test func onceHasOneIntervalAtItsStartDate() {
        let start = "2024-01-05T06:00:00Z"
        let single = DataInterval(start: date(start), end: date(start))
        #expect(Self.due(.once, start: start, now: "2024-01-05T06:00:00Z") == single)
        #expect(Self.due(.once, start: start, catchup: false, now: "2024-02-01T00:00:00Z") == single)
        #expect(Self.due(.once, start: start, now: "2024-01-05T05:59:59Z") == nil)
        #expect(Self.due(.once, after: single, start: start, now: "2024-02-01T00:00:00Z") == nil)
        #expect(Self.due(.once, start: nil, now: "2024-02-01T00:00:00Z") == nil)
    }

    @Test func noneHasNoIntervals() {
        #expect(Self.due(.none, now: "2024-02-01T00:00:00Z") == nil)
        #expect(
            Schedule.none.intervals(
                from: date("2024-01-01T00:00:00Z"), to: date("2024-02-01T00:00:00Z"),
                timeZone: .gmt, limit: 10
            ).isEmpty)
    }

    @Test func backfillListsEveryIntervalStartingInTheRange() {
        let intervals = Self.daily.intervals(
            from: date("2024-01-01T00:00:00Z"), to: date("2024-01-05T00:00:00Z"), timeZone: .gmt, limit: 100)
        #expect(
            intervals == [
                Self.interval("2024-01-01", "2024-01-02"), Self.interval("2024-01-02", "2024-01-03"),
                Self.interval("2024-01-03", "2024-01-04"), Self.interval("2024-01-04", "2024-01-05"),
                Self.interval("2024-01-05", "2024-01-06"),
            ])
        let unaligned = Self.daily.intervals(
            from: date("2024-01-01T06:00:00Z"), to: date("2024-01-04T23:00:00Z"), timeZone: .gmt, limit: 100)
        #expect(unaligned.map(\.start) == ["2024-01-02", "2024-01-03", "2024-01-04"].map { date($0 + "T00:00:00Z") })
    }

    @Test func backfillStopsAtTheLimit() {
        let intervals = Schedule.cron(try! CronExpression(parsing: "*/5 * * * *")).intervals(
            from: date("2024-01-01T00:00:00Z"), to: date("2024-12-31T00:00:00Z"), timeZone: .gmt, limit: 3)
        #expect(intervals.map(\.start) == ["00:00", "00:05", "00:10"].map { date("2024-01-01T\($0):00Z") })
        #expect(
            Self.daily.intervals(
                from: date("2024-01-02T00:00:00Z"), to: date("2024-01-01T00:00:00Z"),
                timeZone: .gmt, limit: 3
            ).isEmpty)
    }

    @Test func backfillOfOnceIsOneIntervalAtTheRangeStart() {
        let from = date("2024-01-01T00:00:00Z")
        #expect(
            Schedule.once.intervals(from: from, to: date("2024-01-05T00:00:00Z"), timeZone: .gmt, limit: 5)
                == [DataInterval(start: from, end: from)])
    }

    @Test func dataIntervalsEncodeAsTimestamps() throws {
        let interval = Self.interval("2024-01-01", "2024-01-02")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(interval)
        #expect(
            String(decoding: json, as: UTF8.self) == #"{"end":"2024-01-02T00:00:00Z","start":"2024-01-01T00:00:00Z"}"#)
        #expect(try JSONDecoder().decode(DataInterval.self, from: json) == interval)
        #expect(interval.description == "[2024-01-01T00:00:00Z, 2024-01-02T00:00:00Z)")
    }

    @Test(
        arguments: [
            (nil, Schedule.none), ("", .none), ("none", .none), ("  ", .none), ("@once", .once),
        ] as [(String?, Schedule)])
    func readsSchedulesWithoutCron(text: String?, expected: Schedule) throws {
        #expect(try Schedule(parsing: text) == expected)
    }

    @Test func readsCronSchedulesAndKeepsTheirText() throws {
        #expect(try Schedule(parsing: " @daily ") == .cron(try CronExpression(parsing: "@daily")))
        #expect(try Schedule(parsing: "0 6 * * 1-5").text == "0 6 * * 1-5")
        #expect(Schedule.once.text == "@once")
        #expect(Schedule.none.text == nil)
        #expect(throws: CronSyntaxError("unknown preset '@daly' (did you mean '@daily'?)")) {
            try Schedule(parsing: "@daly")
        }
    }
}
