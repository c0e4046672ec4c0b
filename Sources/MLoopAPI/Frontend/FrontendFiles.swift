import Foundation
import Hummingbird

/// The web UI's static files, read into memory once: a request can only ever get one of the files that were found
/// inside the folder when the server started, so no request path (`..`, encoded or not) reaches anything else.
public struct FrontendFiles: Sendable {
    /// One file as served.
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    /// Files larger than this, or folders larger in total, are not served (the UI is a few hundred KiB).
    static let maximumTotalBytes = 32 << 20

    /// Where the files were read from.
    public let folder: String
    let files: [String: File]

    /// Reads every regular file below `folder` (symbolic links that resolve outside it are skipped).
    public init(folder: String) throws(FrontendFilesError) {
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFolder(folder)
        }
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { throw .missingFolder(folder) }
        var files: [String: File] = [:]
        var total = 0
        while let relative = enumerator.nextObject() as? String {
            let full = URL(fileURLWithPath: root + "/" + relative).resolvingSymlinksInPath().standardizedFileURL.path
            guard full.hasPrefix(root + "/"), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            total += data.count
            guard total <= Self.maximumTotalBytes else { throw .tooLarge(folder, Self.maximumTotalBytes) }
            files["/" + relative] = File(bytes: ByteBuffer(bytes: data), contentType: Self.contentType(of: relative))
        }
        guard files["/index.html"] != nil else { throw .missingIndex(folder) }
        self.folder = root
        self.files = files
    }

    /// The file for a request path: the file itself, or `index.html` for a path that names no file and has no
    /// extension (a client-side route such as `/workflows/etl`). Nil for anything else.
    func file(forPath path: String) -> File? {
        if path == "/" || path.isEmpty { return files["/index.html"] }
        if let file = files[path] { return file }
        let last = path.split(separator: "/").last ?? ""
        return last.contains(".") ? nil : files["/index.html"]
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json": "application/json; charset=utf-8"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// Why the web UI's folder cannot be served.
public enum FrontendFilesError: Error, Sendable, CustomStringConvertible {
    case missingFolder(String)
    case missingIndex(String)
    case tooLarge(String, Int)

    public var description: String {
        switch self {
        case .missingFolder(let folder):
            "the web UI folder \(folder) does not exist; set MLOOP_FRONTEND_DIR to the repository's frontend-static"
        case .missingIndex(let folder):
            "the web UI folder \(folder) has no index.html; set MLOOP_FRONTEND_DIR to the repository's frontend-static"
        case .tooLarge(let folder, let limit):
            "the web UI folder \(folder) holds more than \(limit / 1_048_576) MiB; point MLOOP_FRONTEND_DIR at the UI only"
        }
    }
}
