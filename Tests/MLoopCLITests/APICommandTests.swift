import Foundation
import MLoopTestSupport
import Subprocess
import SystemPackage
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `mloop api` as a user runs it: serves the API on the port it logs, and stops cleanly on SIGTERM.
@Suite struct APICommandTests {
    @Test func servesHealthOnTheLoggedPortAndStopsOnSigterm() async throws {
        let folder = try MLoopProcess.makeFolder("api")
        let url = try await TestPostgres.makeDatabase().conninfo
        let result = try await Subprocess.run(
            .path(FilePath(MLoopProcess.binary)), arguments: ["api", "--port", "0"],
            environment: .inherit.updating(["MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder + "/dags"]),
            workingDirectory: FilePath(folder), input: .none, output: .discarded, error: .sequence
        ) { execution in
            var answer = ""
            for try await line in execution.standardError.strings() {
                guard let range = line.range(of: "listening on http://127.0.0.1:") else { continue }
                let port = line[range.upperBound...].prefix { $0.isNumber }
                let (data, response) = try await URLSession.shared.data(
                    from: URL(string: "http://127.0.0.1:\(port)/api/v1/monitoring/health")!)
                answer = "\((response as! HTTPURLResponse).statusCode) \(String(decoding: data, as: UTF8.self))"
                try execution.send(signal: .terminate)
            }
            return answer
        }
        #expect(result.terminationStatus == .exited(0))
        #expect(result.closureResult.hasPrefix("200 "), "\(result.closureResult)")
        #expect(result.closureResult.contains(#""status":"ok""#), "\(result.closureResult)")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The compose stack's `api` service has no terminal to print a password to: MLOOP_ADMIN_PASSWORD makes it.
    @Test func createsTheAdminFromMLOOP_ADMIN_PASSWORDWhenThereIsNoUser() async throws {
        let folder = try MLoopProcess.makeFolder("api-admin")
        let url = try await TestPostgres.makeDatabase().conninfo
        let result = try await Subprocess.run(
            .path(FilePath(MLoopProcess.binary)), arguments: ["api", "--port", "0"],
            environment: .inherit.updating([
                "MLOOP_DATABASE_URL": url, "MLOOP_DAGS_FOLDER": folder + "/dags",
                "MLOOP_ADMIN_PASSWORD": "compose-secret-1",
            ]),
            workingDirectory: FilePath(folder), input: .none, output: .discarded, error: .sequence
        ) { execution in
            var answer = ""
            for try await line in execution.standardError.strings() {
                guard let range = line.range(of: "listening on http://127.0.0.1:") else { continue }
                let port = line[range.upperBound...].prefix { $0.isNumber }
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/auth/me")!)
                let credentials = Data("admin:compose-secret-1".utf8).base64EncodedString()
                request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
                let (data, response) = try await URLSession.shared.data(for: request)
                answer = "\((response as! HTTPURLResponse).statusCode) \(String(decoding: data, as: UTF8.self))"
                try execution.send(signal: .terminate)
            }
            return answer
        }
        #expect(result.terminationStatus == .exited(0))
        #expect(result.closureResult.hasPrefix("200 "), "\(result.closureResult)")
        #expect(result.closureResult.contains(#""is_admin":true"#), "\(result.closureResult)")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
