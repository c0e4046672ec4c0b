import Foundation
import MLoopPostgres
import MLoopTestSupport
import Testing

@Suite struct PostgresCodableTests {
    private func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            try await TestPostgres.makeDatabase(), logger: TestLogger.logger)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    @Test func stringsRoundTripIncludingUnicodeEmptyAndNull() async throws {
        try await withConnection { connection in
            for text in ["", "plain", "it's \"quoted\" \\ back", "emoji 🚀👩‍👩‍👧", "中文 日本語 한국어", "'; DROP TABLE x; --"] {
                let row = try await connection.query("SELECT \(text)::text AS v, \(text) IS NULL AS n").first!
                #expect(try row.decode("v", as: String.self) == text)
                #expect(try row.decode("n", as: Bool.self) == false)
            }
            let none: String? = nil
            let row = try await connection.query("SELECT \(none)::text AS v, ''::text AS e").first!
            #expect(row.isNull("v"))
            #expect(try row.decode("v", as: String?.self) == nil)
            #expect(!row.isNull("e"))
            #expect(try row.decode("e", as: String?.self) == "")
        }
    }

    @Test func numbersAndBooleansRoundTrip() async throws {
        try await withConnection { connection in
            let row = try await connection.query(
                "SELECT \(Int.max) AS i, \(Int32.min) AS i32, \(Int64(-42)) AS i64, \(0.1) AS d, \(Double.infinity) AS inf, \(true) AS t, \(false) AS f"
            ).first!
            #expect(try row.decode("i", as: Int.self) == Int.max)
            #expect(try row.decode("i32", as: Int32.self) == Int32.min)
            #expect(try row.decode("i64", as: Int64.self) == -42)
            #expect(try row.decode("d", as: Double.self) == 0.1)
            #expect(try row.decode("inf", as: Double.self) == .infinity)
            #expect(try row.decode("t", as: Bool.self) == true)
            #expect(try row.decode("f", as: Bool.self) == false)
        }
    }

    @Test func byteaWithEveryByteValueRoundTrips() async throws {
        try await withConnection { connection in
            let bytes = Data((0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) })
            try await connection.query("CREATE TABLE blob (b bytea)")
            try await connection.query("INSERT INTO blob VALUES (\(bytes))")
            let row = try await connection.query("SELECT b, length(b) AS n FROM blob").first!
            #expect(try row.decode("b", as: Data.self) == bytes)
            #expect(try row.decode("n", as: Int.self) == 512)
        }
    }

    @Test func timestampsRoundTripWithMicroseconds() async throws {
        try await withConnection { connection in
            let dates = [
                Date(timeIntervalSince1970: 1_700_000_000.123456), Date(timeIntervalSince1970: 0),
                Date(timeIntervalSince1970: -86_400 * 365.25 * 30 + 0.5),
                Date(timeIntervalSince1970: 4_102_444_800.000001),
            ]
            for date in dates {
                let row = try await connection.query(
                    "SELECT \(date) AS d, extract(epoch FROM \(date))::text AS e"
                ).first!
                let back = try row.decode("d", as: Date.self)
                #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
                #expect(abs(Double(try row.decode("e", as: String.self))! - date.timeIntervalSince1970) < 0.000_001)
            }
            let offset = try await connection.query("SELECT '2024-03-01 12:00:00+02'::timestamptz AS d").first!
            #expect(try offset.decode("d", as: Date.self) == Date(timeIntervalSince1970: 1_709_287_200))
        }
    }

    @Test func uuidArraysAndJSONRoundTrip() async throws {
        struct Payload: Codable, Equatable {
            var name: String
            var tags: [String]
        }
        try await withConnection { connection in
            let id = UUID()
            let words = ["a", "b,c", "with \"quote\"", "back\\slash", "NULL", "", "{}", "😀"]
            let numbers: [Int64] = [1, -2, Int64.max]
            let payload = Payload(name: "τ", tags: ["x", "y"])
            let row = try await connection.query(
                "SELECT \(id) AS id, \(words) AS words, \(numbers) AS numbers, \(try PostgresJSON(encoding: payload)) AS j, \([String]()) AS empty"
            ).first!
            #expect(try row.decode("id", as: UUID.self) == id)
            #expect(try row.decode("words", as: [String].self) == words)
            #expect(try row.decode("numbers", as: [Int64].self) == numbers)
            #expect(try row.decode("j", as: PostgresJSON.self).decode(Payload.self) == payload)
            #expect(try row.decode("empty", as: [String].self) == [])
        }
    }

    @Test func booleanArraysRoundTrip() async throws {
        try await withConnection { connection in
            let flags = [true, false, true]
            let row = try await connection.query(
                "SELECT \(flags) AS flags, (\(flags))[2] AS second, \([Bool]()) AS empty"
            ).first!
            #expect(try row.decode("flags", as: [Bool].self) == flags)
            #expect(try row.decode("second", as: Bool.self) == false)
            #expect(try row.decode("empty", as: [Bool].self) == [])
        }
    }

    @Test func injectionAttemptStaysAValue() async throws {
        try await withConnection { connection in
            try await connection.query("CREATE TABLE x (v text)")
            let evil = "'; DROP TABLE x; --"
            try await connection.query("INSERT INTO x VALUES (\(evil))")
            let rows = try await connection.query("SELECT v FROM x WHERE v = \(evil)")
            #expect(rows.count == 1)
            #expect(try rows[0].decode("v", as: String.self) == evil)
        }
    }

    @Test func decodingErrorsNameTheColumn() async throws {
        try await withConnection { connection in
            let row = try await connection.query("SELECT NULL::int AS maybe, 'abc' AS word").first!
            let nullError = #expect(throws: PostgresError.self) { try row.decode("maybe", as: Int.self) }
            #expect(nullError?.kind == .decoding)
            #expect(nullError?.description.contains("\"maybe\"") == true)
            let typeError = #expect(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
            #expect(typeError?.description.contains("\"word\"") == true)
            let missing = #expect(throws: PostgresError.self) { try row.decode("nope", as: Int.self) }
            #expect(missing?.description.contains("\"nope\"") == true)
        }
    }
}
