import Foundation
import Testing

@testable import MLoopPostgres

@Suite struct PostgresTimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01 00:00:00.000000+00"),
        (1_800_000_000.123456, "2027-01-15 08:00:00.123456+00"),
        (-1.5, "1969-12-31 23:59:58.500000+00"),
        (-62_135_596_800, "0001-01-01 00:00:00.000000+00"),
        (253_402_300_799.5, "9999-12-31 23:59:59.500000+00"),
    ])
    func formatsUTCWithMicroseconds(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(PostgresTimestamp.format(date) == text)
        let back = PostgresTimestamp.parse(text)
        #expect(back.map { abs($0.timeIntervalSince1970 - seconds) < 0.000_001 } == true)
    }
}
