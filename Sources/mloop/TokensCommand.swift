import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "API tokens (Authorization: Bearer …).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once on stdout (the database keeps only its hash).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The user the token acts as.") var user: String
        @Option(help: "A label, e.g. laptop or ci.") var name: String = ""
        @Option(name: .customLong("expires-in"), help: "Lifetime such as 30d, 12h, 1h30m (default: never expires).")
        var expiresIn: String?

        func run() async throws {
            var expiresAt: Date?
            if let expiresIn {
                guard let duration = DurationText.parse(expiresIn), duration > .zero else {
                    throw ValidationError(
                        "--expires-in '\(expiresIn)' is not a duration: use forms like 30d, 12h, 1h30m")
                }
                expiresAt = Date().addingTimeInterval(Double(duration.components.seconds))
            }
            let logger = try options.makeLogger(defaultLevel: .warning)
            let issued = try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).createToken(for: user, name: name, expiresAt: expiresAt)
            }
            print(issued.token)
            let expiry = issued.record.expiresAt.map { "expires \(Timestamp.format($0))" } ?? "never expires"
            FileHandle.standardError.write(
                Data(
                    "token \(issued.record.tokenID) for \(user), \(expiry); it is shown only this once\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their text).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this user's tokens.") var user: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let tokens = try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).tokens(of: user)
            }
            let now = Date()
            if json { return print(try JSONOutput.encode(tokens.map { TokenOutput($0, now: now) })) }
            let rows = tokens.map { token in
                [
                    "\(token.tokenID)", token.username, token.name.isEmpty ? "-" : token.name,
                    TokenOutput.state(token, now: now), Timestamp.format(token.createdAt),
                    token.lastUsedAt.map(Timestamp.format) ?? "-", token.expiresAt.map(Timestamp.format) ?? "-",
                ]
            }
            print(TextTable.render([["ID", "USER", "NAME", "STATE", "CREATED", "LAST USED", "EXPIRES"]] + rows))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token id (mloop tokens list).") var id: String

        func run() async throws {
            guard let tokenID = Int64(id), tokenID > 0 else {
                throw ValidationError("'\(id)' is not a token id: ids are positive numbers (see mloop tokens list)")
            }
            let logger = try options.makeLogger(defaultLevel: .warning)
            try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).revokeToken(tokenID, at: Date())
            }
            print("revoked token \(tokenID)")
        }
    }
}

/// A token as `tokens list --json` prints it.
struct TokenOutput: Encodable {
    var record: TokenRecord
    var state: String

    init(_ record: TokenRecord, now: Date) {
        self.record = record
        state = Self.state(record, now: now)
    }

    /// active, revoked or expired.
    static func state(_ record: TokenRecord, now: Date) -> String {
        if record.revokedAt != nil { return "revoked" }
        return record.isUsable(at: now) ? "active" : "expired"
    }

    enum StateKey: String, CodingKey { case state }

    /// The record's fields, and its state.
    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: StateKey.self)
        try container.encode(state, forKey: .state)
    }
}
