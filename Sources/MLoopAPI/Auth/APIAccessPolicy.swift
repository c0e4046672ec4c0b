import Hummingbird

/// Which requests need credentials, decided from the method and path alone. The router ignores empty path
/// components (`//api//v1/jobs` reaches `/api/v1/jobs`), so the decision works on the same components, and it
/// protects by prefix: a route added later under `/api` or `/metrics` is protected without anyone remembering to.
enum APIAccessPolicy {
    enum Access: Equatable {
        /// Static files (the UI and its login page), health and signing in. Everything else under `/api` — the
        /// OpenAPI document included — needs credentials, as the issue asks of every endpoint but health.
        case open
        /// Credentials required; `queryToken` when `?access_token=` is accepted too (SSE: EventSource cannot set
        /// headers; a log download: a plain `<a download>` link cannot either).
        case credentials(queryToken: Bool)
    }

    static func access(method: HTTPRequest.Method, path: String) -> Access {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = components.first?.lowercased(), first == "api" || first == "metrics" else { return .open }
        if method == .get && components == ["api", "v1", "monitoring", "health"] { return .open }
        if method == .post && components == ["api", "v1", "auth", "token"] { return .open }
        let streaming = components.last == "stream" || components == ["api", "v1", "events"]
        return .credentials(queryToken: streaming || (method == .get && isLogDownload(components)))
    }

    /// `/api/v1/jobs/{id}/logs/{task_name}/download`, exactly.
    private static func isLogDownload(_ components: [Substring]) -> Bool {
        components.count == 7 && components[0...2] == ["api", "v1", "jobs"] && components[4] == "logs"
            && components[6] == "download"
    }
}
