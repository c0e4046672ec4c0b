import ArgumentParser
import Foundation
import MLoopCore
import MLoopLoader
import MLoopScheduler
import MLoopStore

struct DAGsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dags",
        abstract: "Workflow definitions: validate files, sync the DAGs folder, list, pause.",
        subcommands: [Validate.self, Sync.self, Push.self, List.self, Pause.self, Unpause.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check workflow files (default: the DAGs folder) and print every problem; no database needed.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "Workflow files or folders.")
        var paths: [String] = []

        func run() async throws {
            let targets = paths.isEmpty ? [options.resolvedDAGsFolder] : paths
            var failures = 0
            var owners: [WorkflowID: String] = [:]
            let swift = SwiftDeclarationRunner(
                configuration: .init(cacheDirectory: options.resolvedHome + "/swift-dags"))
            for (path, loaded) in await WorkflowFiles.load(targets, swift: swift) {
                let definitions: [WorkflowDefinition]
                switch loaded {
                case .failed(let issues):
                    failures += 1
                    for issue in issues { print(issue.description) }
                    continue
                case .workflow(let definition, _): definitions = [definition]
                case .declared(let declared, _): definitions = declared
                }
                for definition in definitions {
                    if let owner = owners[definition.id] {
                        failures += 1
                        print("\(path): workflow id '\(definition.id)' is already defined by \(owner)")
                    } else {
                        owners[definition.id] = path
                        print("ok  \(path)  (\(definition.id), \(definition.tasks.count) tasks)")
                    }
                }
            }
            if let problem = WorkflowFiles.problem(targets) {
                print(problem)
                failures += 1
            }
            if failures > 0 {
                print("\(failures) file(s) with errors")
                throw ExitCode.failure
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store every workflow of the DAGs folder as a version; record import errors.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let report = try await DatabaseSession.with(options, logger: logger) { session in
                try await DAGFolderSync(
                    folder: DAGFolder(path: options.resolvedDAGsFolder), store: WorkflowStore(pool: session.pool),
                    logger: logger,
                    swift: SwiftDeclarationRunner(
                        configuration: .init(cacheDirectory: options.resolvedHome + "/swift-dags"))
                ).syncOnce()
            }
            if let problem = report.folderProblem { print(problem) }
            for (path, outcome) in report.outcomes { print(Self.describe(path, outcome)) }
            if report.folderProblem != nil || report.failedFiles > 0 { throw ExitCode.failure }
        }

        static func describe(_ path: String, _ outcome: DAGSyncReport.FileOutcome) -> String {
            switch outcome {
            case .unchanged:
                return "unchanged  \(path)"
            case .stored(let changes):
                return "stored     \(path): \(changes.map(\.description).joined(separator: ", "))"
            case .failed(let issues):
                return "error      \(path):\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
            case .removed(let deactivated):
                return "removed    \(path)"
                    + (deactivated.isEmpty
                        ? ""
                        : ": deactivated "
                            + deactivated.map(\.rawValue).joined(separator: ", "))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show workflows (schedule, paused, tasks, version) and import errors.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print JSON for scripts.")
        var json = false

        @Flag(name: .customLong("all"), help: "Include inactive workflows (their file is gone).")
        var includeInactive = false

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let (workflows, errors) = try await DatabaseSession.with(options, logger: logger) { session in
                let store = WorkflowStore(pool: session.pool)
                return (try await store.workflows(includeInactive: includeInactive), try await store.importErrors())
            }
            if json {
                print(try JSONOutput.encode(WorkflowListing(workflows: workflows, importErrors: errors)))
            } else {
                print(WorkflowTable.render(workflows, importErrors: errors))
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop creating scheduled runs of a workflow.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The workflow id.") var workflow: String

        func run() async throws { try await setPaused(options, workflow, true) }
    }

    struct Unpause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume creating scheduled runs of a workflow.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The workflow id.") var workflow: String

        func run() async throws { try await setPaused(options, workflow, false) }
    }
}

private func setPaused(_ options: GlobalOptions, _ workflow: String, _ paused: Bool) async throws {
    let logger = try options.makeLogger(defaultLevel: .warning)
    try await DatabaseSession.with(options, logger: logger) { session in
        try await WorkflowStore(pool: session.pool).setPaused(WorkflowID(workflow), paused)
    }
    print("\(workflow) \(paused ? "paused" : "unpaused")")
}

/// `dags list --json`'s document.
struct WorkflowListing: Encodable {
    var workflows: [WorkflowSummary]
    var importErrors: [ImportErrorRecord]

    enum CodingKeys: String, CodingKey {
        case workflows
        case importErrors = "import_errors"
    }
}
