import Foundation
import MLoopCore
import MLoopLoader
import Testing

@Suite struct DateTextTests {
    static let seoul = TimeZone(identifier: "Asia/Seoul")!

    @Test(arguments: [
        ("2024-01-01", "2023-12-31T15:00:00Z"),
        ("2024-01-01T06:30", "2023-12-31T21:30:00Z"),
        ("2024-01-01 06:30:15", "2023-12-31T21:30:15Z"),
        ("2024-01-01T06:30:00Z", "2024-01-01T06:30:00Z"),
        ("2024-01-01T06:30-05:00", "2024-01-01T11:30:00Z"),
        ("2024-02-29T00:00:00+09:00", "2024-02-28T15:00:00Z"),
    ])
    func readsLocalFormsInTheZoneAndOffsetFormsAsInstants(_ text: String, _ instant: String) {
        #expect(DateText.parse(text, in: Self.seoul) == Timestamp.parse(instant))
    }

    @Test func movesALocalTimeInADaylightSavingGapForwardByTheGap() {
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(DateText.parse("2024-03-10T02:30", in: newYork) == Timestamp.parse("2024-03-10T07:30:00Z"))
    }

    @Test(arguments: [
        "2024-13-01", "2023-02-29", "2024-04-31", "2024-1-1", "2024-01-01T24:00", "2024-01-01T10", "01/02/2024",
        "2024-01-01T10:00+25:00", "2024-01-01Z", "2024-01-01T10:00:00 extra", "yesterday",
    ])
    func rejectsOtherText(_ text: String) {
        #expect(DateText.parse(text, in: .gmt) == nil)
    }
}
