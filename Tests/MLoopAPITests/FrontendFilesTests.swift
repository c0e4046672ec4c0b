import Foundation
import Hummingbird
import Testing

@testable import MLoopAPI

/// The web UI's files: what a request path can and cannot reach.
@Suite struct FrontendFilesTests {
    /// A UI folder with index.html, an asset, a hidden file and links pointing outside, next to a secret file.
    static func makeFolder() throws -> (root: String, ui: String) {
        let root = "/tmp/mloop-frontend-tests/\(UUID().uuidString.prefix(8).lowercased())"
        let ui = root + "/ui"
        try FileManager.default.createDirectory(atPath: ui + "/assets", withIntermediateDirectories: true)
        try "<!doctype html><title>index</title>".write(toFile: ui + "/index.html", atomically: true, encoding: .utf8)
        try "export const x = 1;".write(toFile: ui + "/assets/app.js", atomically: true, encoding: .utf8)
        try "hidden".write(toFile: ui + "/.env", atomically: true, encoding: .utf8)
        try "SECRET".write(toFile: root + "/Package.swift", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: ui + "/assets/passwd", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: ui + "/outside", withDestinationPath: root)
        return (root, ui)
    }

    @Test func servesFilesAndIndexForClientRoutes() throws {
        let (root, ui) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try FrontendFiles(folder: ui)
        #expect(text(files.file(forPath: "/")) == "<!doctype html><title>index</title>")
        #expect(files.file(forPath: "/assets/app.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(text(files.file(forPath: "/assets/app.js")) == "export const x = 1;")
        #expect(text(files.file(forPath: "/workflows/etl")) == "<!doctype html><title>index</title>")
        #expect(files.file(forPath: "/assets/missing.js") == nil)
    }

    @Test(arguments: [
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fPackage.swift", "/../Package.swift",
        "/assets/../../Package.swift", "/assets/passwd", "/outside/Package.swift", "/.env", "/assets/%2e%2e/.env",
        "//etc/passwd", "/assets/..\\..\\Package.swift",
    ])
    func neverServesAFileOutsideTheFolder(path: String) throws {
        let (root, ui) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try FrontendFiles(folder: ui)
        let served = text(files.file(forPath: path))
        #expect(served == nil || served == "<!doctype html><title>index</title>", "\(path) served \(served ?? "")")
    }

    @Test func refusesAFolderWithoutIndex() throws {
        let (root, ui) = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: ui + "/index.html")
        #expect(throws: FrontendFilesError.self) { try FrontendFiles(folder: ui) }
        #expect(throws: FrontendFilesError.self) { try FrontendFiles(folder: root + "/nothing") }
    }

    @Test func locatesTheFolderFromEnvironmentThenCheckout() {
        #expect(FrontendDirectory.locate(environment: ["MLOOP_FRONTEND_DIR": "/srv/ui"]) == "/srv/ui")
        let found = FrontendDirectory.locate(environment: [:], currentDirectory: "/nonexistent")
        #expect(found.hasSuffix("/frontend-static"))
        #expect(FileManager.default.fileExists(atPath: found + "/index.html"))
    }

    private func text(_ file: FrontendFiles.File?) -> String? {
        file.map { String(buffer: $0.bytes) }
    }
}
