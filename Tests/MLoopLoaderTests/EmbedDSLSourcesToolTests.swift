import Foundation
import MLoopTestSupport
import Subprocess
import SystemPackage
import Testing

/// The build plugin's tool: a build with nothing changed must not rewrite its output (MLoopLoader would recompile).
@Suite struct EmbedDSLSourcesToolTests {
    static func embed(into output: String, module folder: String, files: [String]) async throws {
        let result = try await Subprocess.run(
            .path(FilePath(BuiltExecutable.path("EmbedDSLSourcesTool-tool"))),
            arguments: Arguments([output, "--module", "MLoopCore", folder] + files),
            output: .discarded, error: .string(limit: 1 << 16))
        #expect(result.terminationStatus == .exited(0), "\(result.standardError)")
    }

    static func modificationDate(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test func runningAgainOnUnchangedSourcesLeavesTheOutputUntouched() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("embed-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/A.swift"
        let output = folder + "/Embedded.swift"
        try "let a = 1\n".write(toFile: source, atomically: true, encoding: .utf8)
        try await Self.embed(into: output, module: folder, files: [source])
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: output)

        try await Self.embed(into: output, module: folder, files: [source])
        #expect(try Self.modificationDate(output) == old, "unchanged sources must not rewrite the output")

        try "let a = 2\n".write(toFile: source, atomically: true, encoding: .utf8)
        try await Self.embed(into: output, module: folder, files: [source])
        #expect(try Self.modificationDate(output) != old)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("let a = 2"))
    }
}
