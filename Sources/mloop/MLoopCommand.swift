import ArgumentParser

@main
struct MLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mloop",
        abstract: "A DAG workflow engine: YAML or Swift workflows, run on schedule or on demand, state in PostgreSQL.",
        discussion: """
            Without MLOOP_DATABASE_URL, mloop runs a private PostgreSQL under MLOOP_HOME (default ./.mloop).
            """,
        version: "0.1.0",
        subcommands: [
            StandaloneCommand.self, SchedulerCommand.self, WorkerCommand.self, APICommand.self, DAGsCommand.self,
            TriggerCommand.self,
            BackfillCommand.self, RunsCommand.self,
            LogsCommand.self, XComCommand.self, TasksCommand.self, DBCommand.self, UsersCommand.self,
            TokensCommand.self,
        ]
    )
}
