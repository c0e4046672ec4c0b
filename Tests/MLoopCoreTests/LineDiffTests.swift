import Testing

@testable import MLoopCore

@Suite struct LineDiffTests {
    @Test func equalTextsHaveNoHunksAndAnEmptyUnifiedDiff() {
        let diff = LineDiff(old: "a\nb\nc\n", new: "a\nb\nc\n")
        #expect(!diff.hasChanges)
        #expect(diff.hunks().isEmpty)
        #expect(diff.unified(from: "v1", to: "v2") == "")
    }

    @Test func changedLineBecomesARemovalAndAnAddition() {
        let diff = LineDiff(old: "a\nb\nc\n", new: "a\nB\nc\n")
        #expect(diff.lines == [.same("a"), .removed("b"), .added("B"), .same("c")])
        #expect(
            diff.unified(from: "v1", to: "v2") == """
                --- v1
                +++ v2
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c

                """)
    }

    @Test func keepsTheLongestCommonSubsequence() {
        // Myers' classic example: ABCABBA → CBABAC needs 5 edits.
        let old = "A\nB\nC\nA\nB\nB\nA"
        let new = "C\nB\nA\nB\nA\nC"
        let diff = LineDiff(old: old, new: new)
        let edits = diff.lines.filter { if case .same = $0 { false } else { true } }
        #expect(edits.count == 5)
        #expect(diff.lines.compactMap { if case .same(let s) = $0 { s } else { nil } }.count == 4)
        // Replaying the script yields both texts.
        let replayedOld = diff.lines.compactMap { line -> String? in
            switch line {
            case .same(let s), .removed(let s): s
            case .added: nil
            }
        }
        let replayedNew = diff.lines.compactMap { line -> String? in
            switch line {
            case .same(let s), .added(let s): s
            case .removed: nil
            }
        }
        #expect(replayedOld == LineDiff.split(old))
        #expect(replayedNew == LineDiff.split(new))
    }

    @Test func splitsDistantChangesIntoSeparateHunksWithContext() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...20).map { "line \($0)" }
        lines[1] = "changed 2"
        lines[17] = "changed 18"
        let diff = LineDiff(old: old, new: lines.joined(separator: "\n"))
        let hunks = diff.hunks(context: 2)
        #expect(hunks.count == 2)
        #expect(hunks[0].header == "@@ -1,4 +1,4 @@")
        #expect(hunks[1].header == "@@ -16,5 +16,5 @@")
        #expect(hunks[1].lines == [" line 16", " line 17", "-line 18", "+changed 18", " line 19", " line 20"])
    }

    @Test func diffsAgainstAnEmptyText() {
        let added = LineDiff(old: "", new: "x\ny\n")
        #expect(
            added.hunks() == [LineDiff.Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 2, lines: ["+x", "+y"])])
        let removed = LineDiff(old: "x\n", new: "")
        #expect(removed.hunks().first?.header == "@@ -1,1 +0,0 @@")
    }
}
