import Foundation

extension OpenAPIDocument {
    static let authOperations: [OpenAPIOperation] = [
        .post(
            "/api/v1/auth/token", "createToken", "Sign in: trade a user name and password for an API token",
            tag: "auth"
        )
        .publicly.body(.ref("TokenRequest")).returns(201, .ref("IssuedToken")).fails(401),
        .get("/api/v1/auth/me", "getMe", "Who the credentials belong to", tag: "auth").returns(200, .ref("Me")),
        .post("/api/v1/auth/logout", "logout", "Revoke the token that authenticated this request", tag: "auth")
            .returns(204, nil),
        .get("/api/v1/auth/tokens", "listTokens", "Your tokens (admins: everyone's), never their text", tag: "auth")
            .returns(200, .array(.ref("Token"))),
        .delete("/api/v1/auth/tokens/{token_id}", "revokeToken", "Revoke a token", tag: "auth").returns(204, nil),
        .get("/api/v1/users", "listUsers", "Users (admins only)", tag: "users").returns(200, .array(.ref("User")))
            .fails(403),
        .post("/api/v1/users", "createUser", "Create a user (admins only)", tag: "users")
            .body(.ref("UserRequest")).returns(201, .ref("User")).fails(409),
        .delete(
            "/api/v1/users/{username}", "deleteUser", "Delete a user (admins only; never the last admin)",
            tag: "users"
        )
        .returns(204, nil).fails(409),
    ]

    static let authSchemas: [String: JSONSchema] = [
        "TokenRequest": .object(
            ["username": .string, "password": .string],
            optional: [
                "name": .string, "expires_in": JSONSchema.integer(minimum: 1).nullable.described("Seconds"),
            ]
        ).open,
        "IssuedToken": .object([
            "token": .string, "token_id": .integer, "username": .string, "is_admin": .boolean,
            "expires_at": JSONSchema.dateTime.nullable,
        ]),
        "Token": .object([
            "token_id": .integer, "username": .string, "name": .string, "created_at": .dateTime,
            "last_used_at": JSONSchema.dateTime.nullable, "expires_at": JSONSchema.dateTime.nullable,
            "revoked_at": JSONSchema.dateTime.nullable,
        ]),
        "UserRequest": .object(
            [
                "username": .string(pattern: "^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$"),
                "password": .string(minLength: PasswordPolicy.minimumLength).described("8 characters to 72 bytes"),
            ], optional: ["is_admin": .boolean]
        ).open,
        "User": .object([
            "username": .string, "is_admin": .boolean, "created_at": .dateTime,
            "disabled_at": JSONSchema.dateTime.nullable,
        ]),
        "Me": .object(["username": .string, "is_admin": .boolean]),
    ]
}
