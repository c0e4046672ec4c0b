import Hummingbird
import HummingbirdAuth

/// Who made a request, once an authenticator has accepted its credentials.
public struct APIPrincipal: Sendable, Equatable {
    public var userID: Int64
    public var username: String
    /// Admins may manage users and every token.
    public var isAdmin: Bool
    /// The API token that authenticated the request; nil for HTTP Basic.
    public var tokenID: Int64?

    public init(userID: Int64, username: String, isAdmin: Bool = false, tokenID: Int64? = nil) {
        self.userID = userID
        self.username = username
        self.isAdmin = isAdmin
        self.tokenID = tokenID
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
