import Foundation
import Hummingbird
import MLoopStore
import Testing

@testable import MLoopAPI

@Suite struct APIAccessPolicyTests {
    @Test(arguments: [
        ("GET", "/api/v1/jobs/"), ("GET", "//api//v1/jobs/"), ("GET", "/API/v1/jobs"), ("GET", "/metrics"),
        ("POST", "/api/v1/monitoring/health"), ("GET", "/api/v1/auth/token"), ("GET", "/api"),
        ("GET", "/api/v1/monitoring/health/extra"), ("DELETE", "/api/v1/users/admin"),
        ("POST", "/api/v1/openapi.json"), ("GET", "/api/v1/openapi.json/x"), ("GET", "/api/v1/x/docs"),
        ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/docs"),
    ])
    func needsCredentials(_ method: String, _ path: String) {
        #expect(
            APIAccessPolicy.access(method: .init(method)!, path: path) == .credentials(queryToken: false),
            "\(method) \(path)")
    }

    @Test(arguments: [
        ("GET", "/api/v1/monitoring/health"), ("GET", "//api/v1/monitoring/health/"), ("POST", "/api/v1/auth/token"),
        ("GET", "/"), ("GET", "/index.html"), ("GET", "/assets/app.js"),
    ])
    func isOpen(_ method: String, _ path: String) {
        #expect(APIAccessPolicy.access(method: .init(method)!, path: path) == .open, "\(method) \(path)")
    }

    @Test func acceptsAQueryTokenOnlyOnStreams() {
        #expect(APIAccessPolicy.access(method: .get, path: "/api/v1/events") == .credentials(queryToken: true))
        #expect(
            APIAccessPolicy.access(method: .get, path: "/api/v1/jobs/1/logs/t/stream") == .credentials(queryToken: true)
        )
        #expect(APIAccessPolicy.access(method: .get, path: "/api/v1/jobs/1/logs/t") == .credentials(queryToken: false))
        #expect(APIAccessPolicy.access(method: .get, path: "/api/v1/events/x") == .credentials(queryToken: false))
    }

    @Test(arguments: [
        ("GET", "/api/v1/jobs/1/logs/t/download", true), ("GET", "//api/v1/jobs/12/logs/t//download/", true),
        ("POST", "/api/v1/jobs/1/logs/t/download", false), ("GET", "/api/v1/jobs/1/logs/t/download/x", false),
        ("GET", "/api/v1/workflows/1/logs/t/download", false), ("GET", "/api/v1/jobs/1/xcoms/t/download", false),
        ("GET", "/api/v1/jobs/download", false),
    ])
    func acceptsAQueryTokenOnLogDownloadsOnly(_ method: String, _ path: String, _ accepted: Bool) {
        #expect(
            APIAccessPolicy.access(method: .init(method)!, path: path) == .credentials(queryToken: accepted),
            "\(method) \(path)")
    }

    @Test func generatedTokensHaveTheDocumentedShapeAndAreDistinct() {
        let tokens = (0..<50).map { _ in APITokenSecret.generate() }
        #expect(Set(tokens).count == 50)
        for token in tokens {
            #expect(token.count == 6 + 43 && APITokenSecret.looksLikeToken(token), "\(token)")
            #expect(!token.contains("=") && !token.contains("+") && !token.contains("/"))
        }
        #expect(!APITokenSecret.looksLikeToken("mloop_short"))
    }

    @Test func passwordCacheMatchesOnlyTheSamePasswordAndHashWithinItsLifetime() {
        let verified = VerifiedPasswordCache(lifetime: 60)
        let now = Date()
        verified.insert(username: "u", password: "a:b", passwordHash: "$2b$04$x", now: now)
        #expect(verified.contains(username: "u", password: "a:b", passwordHash: "$2b$04$x", now: now))
        #expect(!verified.contains(username: "u", password: "a:c", passwordHash: "$2b$04$x", now: now))
        #expect(!verified.contains(username: "u", password: "a:b", passwordHash: "$2b$04$y", now: now))
        #expect(!verified.contains(username: "u", password: "a:b", passwordHash: "$2b$04$x", now: now + 60))
    }
}
