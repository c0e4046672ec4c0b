import CLibPQ

/// Copies a PGresult into Swift values (the caller PQclears it) or turns it into a PostgresError.
enum LibPQResult {
    static func read(_ result: OpaquePointer, query: String, server: String) -> Result<PostgresRows, PostgresError> {
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE:
            return .success(rows(result))
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
            return .success(PostgresRows(columns: [], rows: [], affectedRows: affected))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            return .failure(PostgresError(.server, "COPY is not supported by this driver", query: query))
        default:
            return .failure(error(result, query: query, server: server))
        }
    }

    private static func rows(_ result: OpaquePointer) -> PostgresRows {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            rows.append(
                (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return PostgresRows(columns: columns, rows: rows, affectedRows: Int(rowCount))
    }

    private static func error(_ result: OpaquePointer, query: String, server: String) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmedLine
        let kind: PostgresError.Kind
        switch sqlState {
        case "57014": kind = .cancelled
        case nil: kind = .connectionLost  // libpq's own errors carry no SQLSTATE: the link failed
        case let code? where code.hasPrefix("08") || code.hasPrefix("57P"): kind = .connectionLost
        default: kind = .server
        }
        return PostgresError(
            kind, message.isEmpty ? "unknown error" : message, sqlState: sqlState, detail: field("D"),
            hint: field("H"), query: query, server: server)
    }
}
