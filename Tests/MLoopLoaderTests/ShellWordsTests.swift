import MLoopLoader
import Testing

@Suite struct ShellWordsTests {
    @Test(arguments: [
        ("python3 train.py --epochs 3", ["python3", "train.py", "--epochs", "3"]),
        ("  echo   'a  b'  ", ["echo", "a  b"]),
        (#"echo "say \"hi\"" \$HOME"#, ["echo", #"say "hi""#, "$HOME"]),
        (#"printf '%s\n' "a\tb""#, ["printf", #"%s\n"#, #"a\tb"#]),
        ("a''b \"\" c", ["ab", "", "c"]),
        ("", []),
    ])
    func splitsLikeAShellWithoutExpanding(_ line: String, _ words: [String]) throws {
        #expect(try ShellWords.split(line).get() == words)
    }

    @Test(arguments: ["echo 'open", "echo \"open", "echo \\"])
    func rejectsUnfinishedQuotingAndEscapes(_ line: String) {
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split(line).get() }
    }
}
