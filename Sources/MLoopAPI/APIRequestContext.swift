import Hummingbird
import HummingbirdAuth

/// Who made a request, once an authenticator has accepted its credentials.
public struct APIPrincipal: Sendable, Equatable {
    public var userID: Int64
    public var username: String

    public init(userID: Int64, username: String) {
        self.userID = userID
        self.username = username
    }
}

/// The request context of every API route: Hummingbird's core storage plus the authenticated principal.
public struct APIRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: APIPrincipal?

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
    }
}
