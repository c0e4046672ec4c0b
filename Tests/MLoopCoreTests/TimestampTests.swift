import Foundation
import MLoopCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (0.0424, "1970-01-01T00:00:00.042Z"), (0.0425, "1970-01-01T00:00:00.043Z"),
        (1_767_323_045.003, "2026-01-02T03:04:05.003Z"), (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (4_107_542_399.999, "2100-02-28T23:59:59.999Z"), (-0.001, "1969-12-31T23:59:59.999Z"),
        (-2_208_988_800, "1900-01-01T00:00:00.000Z"), (59.9996, "1970-01-01T00:01:00.000Z"),
    ])
    func millisecondsAlwaysShowThreeDigits(seconds: Double, expected: String) {
        #expect(Timestamp.milliseconds(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func millisecondsAgreeWithFoundationOverManyInstants() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        // Whole milliseconds plus 0.4 ms: Foundation truncates where this rounds, and both then agree.
        var seconds = 0.0
        while seconds < 5_000_000_000 {
            let date = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000 + 0.0004)
            #expect(Timestamp.milliseconds(date) == date.formatted(style))
            seconds += 7_777_777.123
        }
    }

    @Test func jsonDatesCarryMilliseconds() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = Timestamp.jsonEncodingStrategy
        let data = try encoder.encode(["at": Date(timeIntervalSince1970: 1_767_323_045.04)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2026-01-02T03:04:05.040Z"}"#)
    }
}
