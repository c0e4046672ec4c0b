import Foundation
import Testing

@testable import MLoopCore

/// Daylight saving time: fixed-time expressions fire skipped times once after the gap and repeated times once, at
/// their first occurrence; wildcard expressions fire at every real instant whose wall clock matches.
extension CronExpressionTests {
    @Test(arguments: [
        // America/New_York, 2024-03-10: 02:00 EST jumps to 03:00 EDT at 07:00Z.
        ("America/New_York", "30 2 * * *", "2024-03-09T12:00:00Z", ["2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z"]),
        (
            "America/New_York", "0,30 2 * * *", "2024-03-10T00:00:00Z",
            ["2024-03-10T07:00:00Z", "2024-03-11T06:00:00Z", "2024-03-11T06:30:00Z"]
        ),
        (
            "America/New_York", "0 2,3 * * *", "2024-03-10T00:00:00Z",
            ["2024-03-10T07:00:00Z", "2024-03-11T06:00:00Z", "2024-03-11T07:00:00Z"]
        ),
        ("America/New_York", "@daily", "2024-03-09T12:00:00Z", ["2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z"]),
        // Wildcards skip what the clock skips.
        ("America/New_York", "*/30 2 * * *", "2024-03-10T00:00:00Z", ["2024-03-11T06:00:00Z"]),
        (
            "America/New_York", "30 * * * *", "2024-03-10T05:00:00Z",
            ["2024-03-10T05:30:00Z", "2024-03-10T06:30:00Z", "2024-03-10T07:30:00Z"]
        ),
        // America/New_York, 2024-11-03: 02:00 EDT falls back to 01:00 EST at 06:00Z.
        ("America/New_York", "30 1 * * *", "2024-11-03T00:00:00Z", ["2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"]),
        ("America/New_York", "0 1 * * *", "2024-11-03T04:30:00Z", ["2024-11-03T05:00:00Z", "2024-11-04T06:00:00Z"]),
        (
            "America/New_York", "0 * * * *", "2024-11-03T04:30:00Z",
            ["2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z"]
        ),
        (
            "America/New_York", "@hourly", "2024-11-03T04:30:00Z",
            ["2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z"]
        ),
        (
            "America/New_York", "*/30 1 * * *", "2024-11-03T04:00:00Z",
            [
                "2024-11-03T05:00:00Z", "2024-11-03T05:30:00Z", "2024-11-03T06:00:00Z", "2024-11-03T06:30:00Z",
                "2024-11-04T06:00:00Z",
            ]
        ),
        ("America/New_York", "@daily", "2024-11-02T12:00:00Z", ["2024-11-03T04:00:00Z", "2024-11-04T05:00:00Z"]),
        // Europe/Berlin: 2024-03-31 02:00 CET → 03:00 CEST at 01:00Z; 2024-10-27 03:00 CEST → 02:00 CET at 01:00Z.
        ("Europe/Berlin", "30 2 * * *", "2024-03-30T12:00:00Z", ["2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z"]),
        ("Europe/Berlin", "30 2 * * *", "2024-10-26T12:00:00Z", ["2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"]),
        ("Europe/Berlin", "0 2 * * *", "2024-10-26T23:30:00Z", ["2024-10-27T00:00:00Z", "2024-10-28T01:00:00Z"]),
        (
            "Europe/Berlin", "0 * * * *", "2024-10-26T23:30:00Z",
            ["2024-10-27T00:00:00Z", "2024-10-27T01:00:00Z", "2024-10-27T02:00:00Z"]
        ),
        // Australia/Lord_Howe shifts by 30 minutes: 2024-04-07 02:00 (+11) → 01:30 (+10:30) at 2024-04-06T15:00Z;
        // 2024-10-06 02:00 (+10:30) → 02:30 (+11) at 2024-10-05T15:30Z.
        (
            "Australia/Lord_Howe", "45 1 * * *", "2024-04-06T12:00:00Z",
            ["2024-04-06T14:45:00Z", "2024-04-07T15:15:00Z"]
        ),
        (
            "Australia/Lord_Howe", "45 * * * *", "2024-04-06T14:00:00Z",
            ["2024-04-06T14:45:00Z", "2024-04-06T15:15:00Z", "2024-04-06T16:15:00Z"]
        ),
        (
            "Australia/Lord_Howe", "15 2 * * *", "2024-10-05T12:00:00Z",
            ["2024-10-05T15:30:00Z", "2024-10-06T15:15:00Z"]
        ),
        (
            "Australia/Lord_Howe", "15 * * * *", "2024-10-05T14:00:00Z",
            ["2024-10-05T14:45:00Z", "2024-10-05T16:15:00Z", "2024-10-05T17:15:00Z"]
        ),
        // Changes of standard time count too: Samoa skipped 2011-12-30 entirely (-10 → +14 at 10:00Z), Moscow moved
        // from +4 to +3 on 2014-10-26 (02:00 → 01:00 at 22:00Z the day before).
        (
            "Pacific/Apia", "0 12 * * *", "2011-12-29T00:00:00Z",
            ["2011-12-29T22:00:00Z", "2011-12-30T10:00:00Z", "2011-12-30T22:00:00Z"]
        ),
        ("Europe/Moscow", "30 1 * * *", "2014-10-25T12:00:00Z", ["2014-10-25T21:30:00Z", "2014-10-26T22:30:00Z"]),
    ])
    func firesAcrossDaylightSavingChanges(zoneID: String, text: String, after: String, expected: [String]) throws {
        let times = try cron(text).fireTimes(after: date(after), in: zone(zoneID), count: expected.count)
        #expect(times == expected.map(date))
    }

    @Test(arguments: [
        ("America/New_York", "30 2 * * *", "2024-03-11T06:30:00Z", "2024-03-10T07:00:00Z"),
        ("America/New_York", "30 2 * * *", "2024-03-10T07:00:00Z", "2024-03-09T07:30:00Z"),
        ("America/New_York", "0,30 2 * * *", "2024-03-11T06:00:00Z", "2024-03-10T07:00:00Z"),
        ("America/New_York", "30 1 * * *", "2024-11-04T06:30:00Z", "2024-11-03T05:30:00Z"),
        ("America/New_York", "30 1 * * *", "2024-11-03T06:45:00Z", "2024-11-03T05:30:00Z"),
        ("America/New_York", "0 * * * *", "2024-11-03T07:00:00Z", "2024-11-03T06:00:00Z"),
        ("America/New_York", "0 * * * *", "2024-11-03T06:00:00Z", "2024-11-03T05:00:00Z"),
        ("America/New_York", "*/30 2 * * *", "2024-03-11T06:00:00Z", "2024-03-09T07:30:00Z"),
        ("Europe/Berlin", "30 2 * * *", "2024-10-28T01:30:00Z", "2024-10-27T00:30:00Z"),
        ("Australia/Lord_Howe", "15 2 * * *", "2024-10-06T15:15:00Z", "2024-10-05T15:30:00Z"),
        ("Australia/Lord_Howe", "45 1 * * *", "2024-04-07T15:15:00Z", "2024-04-06T14:45:00Z"),
    ])
    func findsPreviousFireTimesAcrossDaylightSavingChanges(
        zoneID: String, text: String, before: String,
        expected: String
    ) throws {
        #expect(try cron(text).previousFireTime(before: date(before), in: zone(zoneID)) == date(expected))
    }

    @Test func doesNotRepeatAFixedTimeWhenAskedDuringTheRepeatedHour() throws {
        // 01:10 EST is inside the repeated hour; 01:30 EDT has already fired.
        let expression = try cron("30 1 * * *")
        #expect(
            expression.nextFireTime(after: date("2024-11-03T06:10:00Z"), in: zone("America/New_York"))
                == date("2024-11-04T06:30:00Z"))
    }

    static let daylightSavingZones = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]

    /// Each zone's 2024 transitions, with a day on either side.
    static func transitionWindows(_ timeZone: TimeZone) -> [(start: Date, end: Date)] {
        var windows: [(Date, Date)] = []
        var instant = date("2024-01-01T00:00:00Z")
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: instant),
            transition < date("2025-01-01T00:00:00Z")
        {
            windows.append((transition.addingTimeInterval(-36 * 3600), transition.addingTimeInterval(36 * 3600)))
            instant = transition
        }
        return windows
    }

    @Test(arguments: daylightSavingZones)
    func firesAFixedDailyTimeOncePerLocalDay(zoneID: String) throws {
        let timeZone = zone(zoneID)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for (hour, minute) in [(0, 0), (1, 0), (1, 30), (1, 45), (2, 0), (2, 15), (2, 30), (3, 0)] {
            let expression = try cron("\(minute) \(hour) * * *")
            for window in Self.transitionWindows(timeZone) {
                let start = calendar.startOfDay(for: window.start)
                let end = calendar.startOfDay(for: window.end)
                let fires = expression.fireTimes(after: start.addingTimeInterval(-1), before: end, in: timeZone)
                let days = fires.map { calendar.dateComponents([.year, .month, .day], from: $0) }
                #expect(Set(days).count == fires.count, "\(expression) fired twice on a day in \(zoneID): \(fires)")
                #expect(fires.count == 3, "\(expression) in \(zoneID) from \(start): \(fires)")
            }
        }
    }

    @Test(arguments: daylightSavingZones)
    func firesWildcardsAtEveryInstantWhoseWallClockMatches(zoneID: String) throws {
        let timeZone = zone(zoneID)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for text in ["*/20 * * * *", "15,45 * * * *", "* 2 * * *", "*/10 1-3 * * *"] {
            let expression = try cron(text)
            for window in Self.transitionWindows(timeZone) {
                let start = window.start.addingTimeInterval(28 * 3600)
                let end = window.end.addingTimeInterval(-28 * 3600)
                let expected = stride(from: start.timeIntervalSince1970, to: end.timeIntervalSince1970, by: 60)
                    .map(Date.init(timeIntervalSince1970:))
                    .filter { instant in
                        let wall = calendar.dateComponents([.hour, .minute], from: instant)
                        return expression.fields.minute.contains(wall.minute!)
                            && expression.fields.hour.contains(wall.hour!)
                    }
                #expect(
                    expression.fireTimes(after: start.addingTimeInterval(-1), before: end, in: timeZone) == expected)
            }
        }
    }

    @Test(arguments: daylightSavingZones + ["UTC", "Asia/Kolkata"])
    func nextAndPreviousAgreeEverywhere(zoneID: String) throws {
        let timeZone = zone(zoneID)
        let expressions = try [
            "30 2 * * *", "0 * * * *", "*/20 1-3 * * *", "15,45 0-3 * * *", "@daily", "0 2 * * 0", "30 1 * * *",
            "*/7 * * * *", "45 1,2 * * *", "0 0 29 2 *", "0 3 * * 1-5",
        ].map(cron)
        var instants: [Date] = []
        for window in Self.transitionWindows(timeZone) {
            // 29 seconds past a minute: never a fire time itself.
            let around = stride(
                from: window.start.timeIntervalSince1970 + 27 * 3600 + 29,
                to: window.end.timeIntervalSince1970 - 27 * 3600, by: 780)
            instants += around.map(Date.init(timeIntervalSince1970:))
        }
        instants += stride(
            from: date("2023-01-01T00:00:07Z").timeIntervalSince1970,
            to: date("2026-01-01T00:00:00Z").timeIntervalSince1970, by: 86_400 * 11 + 3_660
        )
        .map(Date.init(timeIntervalSince1970:))
        for expression in expressions {
            for instant in instants {
                let next = expression.nextFireTime(after: instant, in: timeZone)
                let previous = expression.previousFireTime(before: instant, in: timeZone)
                #expect(
                    next.map { expression.previousFireTime(before: $0, in: timeZone) } == previous,
                    "\(expression) in \(zoneID) at \(instant)")
                #expect(
                    previous.map { expression.nextFireTime(after: $0, in: timeZone) } == next,
                    "\(expression) in \(zoneID) at \(instant)")
            }
        }
    }
}
