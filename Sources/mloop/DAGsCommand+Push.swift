import ArgumentParser
import Foundation
import MLoopCore
import MLoopLoader
import MLoopStore

extension DAGsCommand {
    /// Registers workflows declared in a user's own Swift package, without files in the DAGs folder.
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the workflows a declaring program printed (MLoopDSL's emit), e.g. "
                + "`swift run my-workflows | mloop dags push - --name my-workflows`.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "A file holding the JSON that emit prints, or - for standard input.")
        var input: String

        @Option(
            help: "The name the workflows are recorded under (default: the file name); pushing again replaces them.")
        var name: String?

        func run() async throws {
            let text: String
            if input == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: input) else {
                    throw ValidationError("\(input): no such file")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let label =
                name ?? (input == "-" ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent)
            let path = DAGFolder.pushedPathPrefix + label
            let definitions: [WorkflowDefinition]
            switch DeclarationOutputReader.read(text, file: path) {
            case .failure(let failure):
                for issue in failure.issues { print(issue.description) }
                throw ExitCode.failure
            case .success(let declared):
                definitions = declared
            }
            let logger = try options.makeLogger(defaultLevel: .warning)
            let changes = try await DatabaseSession.with(options, logger: logger) { session in
                try await WorkflowStore(pool: session.pool).recordLoadedFile(
                    path: path, contentHash: SHA256.hex(of: Array(text.utf8)),
                    workflows: definitions.map { WorkflowSource(definition: $0, sourceText: text, format: .json) })
            }
            print(Sync.describe(path, .stored(changes)))
        }
    }
}
