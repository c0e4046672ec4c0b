import MLoopCore
import MLoopLoader
import Testing

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)),
        ("1d", .seconds(86_400)), ("1h30m", .seconds(5400)), ("1m30s500ms", .milliseconds(90_500)),
        ("90", .seconds(90)), ("1.5", .milliseconds(1500)), ("1.5h", .seconds(5400)), ("0", .zero),
        ("-5", .seconds(-5)),
    ])
    func readsDurations(_ text: String, _ expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "5 minutes", "5min", "m", "1h1h", "10x", "+5", "1e400", "99999999999d", "-5m", "inf", "nan"])
    func rejectsNonDurations(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func formatsWhatItReads() {
        for text in ["1h30m", "45s", "500ms", "1d2h", "0s"] {
            #expect(DurationText.format(DurationText.parse(text)!) == text)
        }
    }
}
