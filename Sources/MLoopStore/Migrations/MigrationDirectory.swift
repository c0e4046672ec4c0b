import Foundation

/// Finds and reads the migration files.
public enum MigrationDirectory {
    /// Where the migrations are: `MLOOP_MIGRATIONS_DIR`, else `./migrations` when it exists, else the `migrations`
    /// folder of the source checkout this binary was built from.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let explicit = environment["MLOOP_MIGRATIONS_DIR"], !explicit.isEmpty { return explicit }
        let local = currentDirectory + "/migrations"
        if isMigrationFolder(local) { return local }
        // Sources/MLoopStore/Migrations/MigrationDirectory.swift → the checkout's top level.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations").path
        return checkout
    }

    /// Reads every `NNNN_*.sql` file of `path`, in version order.
    public static func load(_ path: String) throws(StoreError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw StoreError.migrations(
                "cannot read the migrations folder \(path): \(error.localizedDescription); "
                    + "set MLOOP_MIGRATIONS_DIR to the repository's migrations folder")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard let version = versionNumber(of: name) else {
                throw StoreError.migrations(
                    "migration file \(path)/\(name) is not named NNNN_description.sql (four digits, an underscore)")
            }
            guard let data = FileManager.default.contents(atPath: path + "/" + name),
                let sql = String(data: data, encoding: .utf8)
            else {
                throw StoreError.migrations("cannot read migration file \(path)/\(name) as UTF-8 text")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw StoreError.migrations("migrations \(clash.name) and \(name) share version \(version)")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        if migrations.isEmpty {
            throw StoreError.migrations("no NNNN_description.sql files in the migrations folder \(path)")
        }
        return migrations.sorted { $0.version < $1.version }
    }

    static func versionNumber(of name: String) -> Int? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 4, name.dropFirst(4).first == "_" else { return nil }
        return Int(digits)
    }

    private static func isMigrationFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
