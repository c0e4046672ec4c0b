import ArgumentParser
import Foundation
import MLoopAPI
import MLoopCore
import MLoopStore

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Users of the HTTP API.",
        subcommands: [Create.self, List.self, Delete.self, SetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; without --password-stdin a random password is printed once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The user name (letters, digits, '_', '.', '@', '-').") var name: String
        @Flag(help: "May manage users and every token.") var admin = false
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin.")
        var passwordStdin = false

        func run() async throws {
            guard UserStore.isValidUsername(name) else {
                throw ValidationError("'\(name)' is not a valid user name: use letters, digits, '_', '.', '@', '-'")
            }
            let password = try NewPassword.read(fromStandardInput: passwordStdin)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let hash = await PasswordHasher().hash(password.text)
            let user = try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).createUser(username: name, passwordHash: hash, isAdmin: admin)
            }
            print("created user \(user.username)\(user.isAdmin ? " (admin)" : "")")
            if password.generated { print("password: \(password.text)    (printed once; it is stored only hashed)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let users = try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).users()
            }
            if json { return print(try JSONOutput.encode(users)) }
            let rows = users.map { user in
                [
                    user.username, user.isAdmin ? "yes" : "no", Timestamp.format(user.createdAt),
                    user.disabledAt.map(Timestamp.format) ?? "-",
                ]
            }
            print(TextTable.render([["USER", "ADMIN", "CREATED", "DISABLED"]] + rows))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user and their tokens.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The user name.") var name: String

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).deleteUser(named: name)
            }
            print("deleted user \(name) and their tokens")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Replace a user's password; without --password-stdin a random one is printed once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The user name.") var name: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of stdin.")
        var passwordStdin = false

        func run() async throws {
            let password = try NewPassword.read(fromStandardInput: passwordStdin)
            let logger = try options.makeLogger(defaultLevel: .warning)
            let hash = await PasswordHasher().hash(password.text)
            try await DatabaseSession.with(options, logger: logger) { session in
                try await UserStore(pool: session.pool).setPassword(username: name, passwordHash: hash)
            }
            print("changed the password of \(name)")
            if password.generated { print("password: \(password.text)    (printed once; it is stored only hashed)") }
        }
    }
}

/// A password for a new user or a reset: the first line of stdin, or a random one to print once.
struct NewPassword {
    var text: String
    var generated: Bool

    static func read(fromStandardInput: Bool) throws -> NewPassword {
        guard fromStandardInput else { return NewPassword(text: PasswordHasher.randomPassword(), generated: true) }
        guard let line = readLine(strippingNewline: true) else {
            throw ValidationError(
                "--password-stdin: stdin was empty; pipe the password in, e.g. echo \"$PW\" | mloop …")
        }
        if let problem = PasswordPolicy.problem(line) { throw ValidationError("--password-stdin: \(problem)") }
        return NewPassword(text: line, generated: false)
    }
}

