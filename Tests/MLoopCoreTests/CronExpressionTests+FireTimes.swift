import Foundation
import Testing

@testable import MLoopCore

extension CronExpressionTests {
    @Test(arguments: [
        ("*/15 * * * *", "2024-01-01T00:07:00Z", "2024-01-01T00:15:00Z"),
        ("*/15 * * * *", "2024-01-01T00:15:00Z", "2024-01-01T00:30:00Z"),
        ("*/15 * * * *", "2024-01-01T00:14:59.900Z", "2024-01-01T00:15:00Z"),
        ("* * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"),
        ("0 9 * * 1-5", "2024-01-05T10:00:00Z", "2024-01-08T09:00:00Z"),
        ("30 23 * * *", "2023-12-31T23:30:00Z", "2024-01-01T23:30:00Z"),
        ("@daily", "2024-01-31T23:59:30Z", "2024-02-01T00:00:00Z"),
        ("@monthly", "2024-01-31T00:00:00Z", "2024-02-01T00:00:00Z"),
        ("@yearly", "2024-06-01T00:00:00Z", "2025-01-01T00:00:00Z"),
        ("@quarterly", "2024-02-15T00:00:00Z", "2024-04-01T00:00:00Z"),
        ("@quarterly", "2024-10-01T00:00:00Z", "2025-01-01T00:00:00Z"),
        ("@weekly", "2024-01-03T12:00:00Z", "2024-01-07T00:00:00Z"),
        ("@hourly", "2024-01-01T10:30:15.500Z", "2024-01-01T11:00:00Z"),
        ("0 0 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2097-01-01T00:00:00Z", "2104-02-29T00:00:00Z"),
        ("0 0 31 * *", "2024-04-01T00:00:00Z", "2024-05-31T00:00:00Z"),
        ("0 12 * 2 *", "2023-02-28T12:00:00Z", "2024-02-01T12:00:00Z"),
        ("59 23 31 12 *", "2024-01-01T00:00:00Z", "2024-12-31T23:59:00Z"),
        ("0 0 1 1 *", "1969-06-01T00:00:00Z", "1970-01-01T00:00:00Z"),
    ])
    func findsTheNextFireTimeStrictlyAfter(text: String, after: String, expected: String) throws {
        #expect(try cron(text).nextFireTime(after: date(after), in: .gmt) == date(expected))
    }

    @Test(arguments: [
        ("*/15 * * * *", "2024-01-01T00:07:00Z", "2024-01-01T00:00:00Z"),
        ("*/15 * * * *", "2024-01-01T00:15:00Z", "2024-01-01T00:00:00Z"),
        ("*/15 * * * *", "2024-01-01T00:15:00.100Z", "2024-01-01T00:15:00Z"),
        ("0 9 * * 1-5", "2024-01-08T08:00:00Z", "2024-01-05T09:00:00Z"),
        ("@daily", "2024-03-01T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("@monthly", "2024-03-01T00:00:01Z", "2024-03-01T00:00:00Z"),
        ("@yearly", "2024-01-01T00:00:00Z", "2023-01-01T00:00:00Z"),
        ("@quarterly", "2024-03-31T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("@weekly", "2024-01-07T00:00:00Z", "2023-12-31T00:00:00Z"),
        ("0 0 29 2 *", "2028-02-28T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2104-02-28T00:00:00Z", "2096-02-29T00:00:00Z"),
        ("0 0 31 * *", "2024-05-30T00:00:00Z", "2024-03-31T00:00:00Z"),
        ("0 0 1 1 *", "1970-01-01T00:00:01Z", "1970-01-01T00:00:00Z"),
        ("59 23 31 12 *", "1970-06-01T00:00:00Z", "1969-12-31T23:59:00Z"),
    ])
    func findsThePreviousFireTimeStrictlyBefore(text: String, before: String, expected: String) throws {
        #expect(try cron(text).previousFireTime(before: date(before), in: .gmt) == date(expected))
    }

    @Test func findsFireTimesAtOrAroundAnInstant() throws {
        let daily = try cron("@daily")
        #expect(daily.fireTime(atOrAfter: date("2024-01-02T00:00:00Z"), in: .gmt) == date("2024-01-02T00:00:00Z"))
        #expect(daily.fireTime(atOrAfter: date("2024-01-02T00:00:00.500Z"), in: .gmt) == date("2024-01-03T00:00:00Z"))
        #expect(daily.fireTime(atOrBefore: date("2024-01-02T00:00:00Z"), in: .gmt) == date("2024-01-02T00:00:00Z"))
        #expect(daily.fireTime(atOrBefore: date("2024-01-01T23:59:59.500Z"), in: .gmt) == date("2024-01-01T00:00:00Z"))
    }

    @Test func readsWallClockTimesInTheGivenZone() throws {
        let nineOClock = try cron("0 9 * * *")
        #expect(
            nineOClock.nextFireTime(after: date("2024-01-01T00:00:00Z"), in: zone("Asia/Kolkata"))
                == date("2024-01-01T03:30:00Z"))
        #expect(
            nineOClock.nextFireTime(after: date("2024-01-01T00:00:00Z"), in: zone("America/Los_Angeles"))
                == date("2024-01-01T17:00:00Z"))
        #expect(
            nineOClock.previousFireTime(before: date("2024-07-01T00:00:00Z"), in: zone("Europe/Berlin"))
                == date("2024-06-30T07:00:00Z"))
    }

    @Test func firesOnEitherDayFieldWhenBothAreRestricted() throws {
        // Every 13th and every Friday, not only Friday the 13th.
        let times = try cron("0 0 13 * 5").fireTimes(after: date("2024-09-01T00:00:00Z"), in: .gmt, count: 7)
        #expect(
            times
                == [
                    "2024-09-06", "2024-09-13", "2024-09-20", "2024-09-27", "2024-10-04", "2024-10-11", "2024-10-13",
                ].map { date($0 + "T00:00:00Z") })
    }

    @Test func needsBothDayFieldsWhenOneStartsWithAStar() throws {
        // `*/7` is Sunday (0 and 7) but starts with `*`, so this is "the first Sunday of the month".
        let firstSundays = try cron("0 0 1-7 * */7").fireTimes(after: date("2024-09-02T00:00:00Z"), in: .gmt, count: 3)
        #expect(firstSundays == ["2024-10-06", "2024-11-03", "2024-12-01"].map { date($0 + "T00:00:00Z") })
        let fridays = try cron("0 0 * * 5").fireTimes(after: date("2024-09-01T00:00:00Z"), in: .gmt, count: 2)
        #expect(fridays == ["2024-09-06", "2024-09-13"].map { date($0 + "T00:00:00Z") })
        let oddDays = try cron("0 0 */2 * 1").fireTimes(after: date("2024-09-01T00:00:00Z"), in: .gmt, count: 2)
        #expect(oddDays == ["2024-09-09", "2024-09-23"].map { date($0 + "T00:00:00Z") })
    }

    @Test func findsTheNextLeapDayQuickly() throws {
        let leapDay = try cron("0 0 29 2 *")
        let clock = ContinuousClock()
        var found: [Date] = []
        let elapsed = clock.measure {
            var instant = date("2001-01-01T00:00:00Z")
            for _ in 0..<20 {
                guard let next = leapDay.nextFireTime(after: instant, in: zone("Europe/Berlin")) else { break }
                found.append(next)
                instant = next
            }
        }
        #expect(found.count == 20)
        #expect(found.last == date("2080-02-28T23:00:00Z"))
        // A guard against a minute-by-minute search (which takes minutes), not a performance goal.
        #expect(elapsed < .seconds(20))
    }

    @Test func returnsNilBeyondTheSearchHorizon() throws {
        // 29 February on a Sunday (`*/7` starts with `*`, so both day fields must match): 2004, 2032, 2060.
        let leapSunday = try cron("0 0 29 2 */7")
        #expect(leapSunday.nextFireTime(after: date("2025-01-01T00:00:00Z"), in: .gmt) == date("2032-02-29T00:00:00Z"))
        #expect(leapSunday.nextFireTime(after: date("2033-01-01T00:00:00Z"), in: .gmt) == nil)
        #expect(
            leapSunday.previousFireTime(before: date("2040-01-01T00:00:00Z"), in: .gmt) == date("2032-02-29T00:00:00Z"))
        #expect(leapSunday.previousFireTime(before: date("2031-01-01T00:00:00Z"), in: .gmt) == nil)
        #expect(leapSunday.nextFireTime(after: date("2033-01-01T00:00:00Z"), in: zone("America/New_York")) == nil)
    }
}
