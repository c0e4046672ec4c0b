import Testing

@testable import MLoopCore

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("lod", ["extract", "load", "report"], "load"),
        ("Load", ["extract", "load"], "load"),
        ("reprot", ["extract", "load", "report"], "report"),
        ("@daly", ["@hourly", "@daily", "@weekly"], "@daily"),
        ("Europe/Berln", ["Europe/Berlin", "Europe/Bern"], "Europe/Berlin"),
    ])
    func suggestsTheClosestCandidate(word: String, candidates: [String], expected: String) {
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
        #expect(Suggestion.hint(for: word, among: candidates) == " (did you mean '\(expected)'?)")
    }

    @Test(arguments: [
        ("zzzzzz", ["extract", "load"]),
        ("ab", ["xy"]),
        ("anything", []),
    ])
    func suggestsNothingWhenNothingIsClose(word: String, candidates: [String]) {
        #expect(Suggestion.closest(to: word, among: candidates) == nil)
        #expect(Suggestion.hint(for: word, among: candidates) == "")
    }

    @Test func prefersTheFirstOfEquallyCloseCandidates() {
        #expect(Suggestion.closest(to: "cat", among: ["bat", "cap"]) == "bat")
    }

    @Test func toleratesMoreEditsForLongerWords() {
        // Up to one edit per three characters, at most three.
        #expect(Suggestion.closest(to: "transfrom_dta", among: ["transform_data"]) == "transform_data")
        #expect(Suggestion.closest(to: "abcdef", among: ["abcxyz"]) == nil)
    }

    @Test(arguments: [("", "", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("same", "same", 0)])
    func measuresLevenshteinDistance(a: String, b: String, distance: Int) {
        #expect(Suggestion.editDistance(a, b) == distance)
        #expect(Suggestion.editDistance(b, a) == distance)
    }
}
