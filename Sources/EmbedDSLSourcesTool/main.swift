import Foundation

// Writes the EmbeddedDSLSources enum: for each `--module NAME DIRECTORY FILE…` group, every file's path relative to
// DIRECTORY (in byte order) and its text as a raw string literal. Run by the EmbedDSLSources build plugin.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("EmbedDSLSourcesTool: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard !arguments.isEmpty else { fail("usage: EmbedDSLSourcesTool OUTPUT (--module NAME DIRECTORY FILE…)…") }
let output = arguments.removeFirst()

var generated = """
    // Generated at build time by the EmbedDSLSources plugin from Sources/MLoopCore and Sources/MLoopDSL.
    enum EmbeddedDSLSources {

    """
while !arguments.isEmpty {
    guard arguments.count >= 3, arguments.removeFirst() == "--module" else { fail("expected --module NAME DIRECTORY") }
    let name = arguments.removeFirst()
    let directory = arguments.removeFirst()
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    var files: [(path: String, text: String)] = []
    while let next = arguments.first, next != "--module" {
        arguments.removeFirst()
        guard next.hasPrefix(prefix) else { fail("\(next) is not inside \(directory)") }
        guard let text = try? String(contentsOfFile: next, encoding: .utf8) else { fail("cannot read \(next)") }
        files.append((String(next.dropFirst(prefix.count)), text))
    }
    files.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    generated += "    static let \(name): [(path: String, text: String)] = [\n"
    for file in files {
        // A multi-line raw literal drops the newline before its closing delimiter: the text keeps its own final
        // newline outside the literal, as the sources-on-disk test expects.
        let body = file.text.hasSuffix("\n") ? String(file.text.dropLast()) : file.text
        generated += "        (\"\(file.path)\", #####\"\"\"\n\(body)\n\"\"\"#####),\n"
    }
    generated += "    ]\n"
}
generated += "}\n"
// An unchanged output keeps its modification time, so MLoopLoader is not recompiled when the command runs again:
// it does whenever the tool is relinked, which `swift build` and `swift test` take turns doing.
if let existing = FileManager.default.contents(atPath: output), existing == Data(generated.utf8) { exit(0) }
do {
    try generated.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    fail("cannot write \(output): \(error)")
}
