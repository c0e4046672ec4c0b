import Foundation

/// Finds the web UI's folder the way migrations are found.
public enum FrontendDirectory {
    /// `MLOOP_FRONTEND_DIR`, else `./frontend-static` when it exists, else the `frontend-static` folder of the
    /// source checkout this binary was built from, else `/opt/mloop/frontend-static` (the container image).
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let explicit = environment["MLOOP_FRONTEND_DIR"], !explicit.isEmpty { return explicit }
        let local = currentDirectory + "/frontend-static"
        if hasIndex(local) { return local }
        // Sources/MLoopAPI/Frontend/FrontendDirectory.swift → the checkout's top level.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("frontend-static").path
        if hasIndex(checkout) { return checkout }
        return "/opt/mloop/frontend-static"
    }

    private static func hasIndex(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/index.html")
    }
}
