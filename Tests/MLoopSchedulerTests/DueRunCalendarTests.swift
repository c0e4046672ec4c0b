import Foundation
import MLoopCore
import Testing

@testable import MLoopScheduler

struct DueRunCalendarTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func anUnknownWorkflowNeedsALook() {
        #expect(DueRunCalendar().needsLook(at: "daily", version: 1, now: t0))
    }

    @Test func aCaughtUpWorkflowIsSkippedUntilItsNextIntervalEnds() {
        let calendar = DueRunCalendar()
        calendar.remember("daily", version: 1, nextLook: t0 + 3600)
        #expect(!calendar.needsLook(at: "daily", version: 1, now: t0))
        #expect(!calendar.needsLook(at: "daily", version: 1, now: t0 + 3599))
        #expect(calendar.needsLook(at: "daily", version: 1, now: t0 + 3600))
        #expect(calendar.needsLook(at: "hourly", version: 1, now: t0), "other workflows are not affected")
    }

    @Test func aNewVersionIsLookedAtAtOnce() {
        let calendar = DueRunCalendar()
        calendar.remember("daily", version: 1, nextLook: t0 + 3600)
        #expect(calendar.needsLook(at: "daily", version: 2, now: t0))
    }

    @Test func aScheduleWithNoMoreRunsIsNeverLookedAtAgainForThatVersion() {
        let calendar = DueRunCalendar()
        calendar.remember("ended", version: 3, nextLook: nil)
        #expect(!calendar.needsLook(at: "ended", version: 3, now: t0 + 86400 * 365 * 100))
    }
}
