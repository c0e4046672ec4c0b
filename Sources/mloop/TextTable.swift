import Foundation

/// Left-aligned columns for human output.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func duration(from start: Date?, to end: Date?) -> String {
        guard let start else { return "-" }
        let seconds = (end ?? Date()).timeIntervalSince(start)
        let text =
            seconds < 1
            ? "\(Int((seconds * 1000).rounded()))ms"
            : seconds < 60
                ? String(format: "%.3fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
        return end == nil ? text + "+" : text
    }
}
