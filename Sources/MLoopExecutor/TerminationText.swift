import MLoopCore
import Subprocess

/// How process endings and durations read in failure reasons and log lines.
enum TerminationText {
    /// `exit code 3`, `killed by signal 9 (SIGKILL)`.
    static func describe(_ status: TerminationStatus?) -> String {
        switch status {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal): "killed by signal \(signal)\(name(of: signal).map { " (\($0))" } ?? "")"
        case nil: "no exit status"
        }
    }

    static func name(of signal: Int32) -> String? {
        switch signal {
        case 1: "SIGHUP"
        case 2: "SIGINT"
        case 6: "SIGABRT"
        case 9: "SIGKILL"
        case 11: "SIGSEGV"
        case 13: "SIGPIPE"
        case 15: "SIGTERM"
        default: nil
        }
    }

    /// `1.23`: seconds with two decimals.
    static func seconds(_ duration: Duration) -> String {
        let hundredths = Int64((duration.seconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `10s`, `1.5s`: a configured duration as written.
    static func setting(_ duration: Duration) -> String {
        let value = duration.seconds
        if value == value.rounded() { return "\(Int64(value))s" }
        return "\((value * 1000).rounded() / 1000)s"
    }

}
