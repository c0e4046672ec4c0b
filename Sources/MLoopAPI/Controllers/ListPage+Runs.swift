import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension ListPage {
    /// A run list's cursor: the previous page's last (logical date, run id); 400 for any other shape.
    func runCursor() throws -> RunFilter.Cursor? {
        try cursor.map { values in
            guard values.count == 2, let date = PreciseTimestamp.parse(values[0]), let id = Int64(values[1]) else {
                throw ListPage.badCursor
            }
            return RunFilter.Cursor(logicalDate: date, runID: RunID(id))
        }
    }

    /// The cursor values of `run` as the last item of a page.
    static func runKey(_ run: RunRecord) -> [String] {
        [PreciseTimestamp.format(run.logicalDate), String(run.runID.rawValue)]
    }
}
