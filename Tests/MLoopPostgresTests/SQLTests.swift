import MLoopPostgres
import Testing

@Suite struct SQLTests {
    @Test func interpolationsBecomeNumberedParameters() {
        let name = "x"
        let limit = 3
        let sql: SQL = "SELECT * FROM t WHERE name = \(name) AND n < \(limit)"
        #expect(sql.text == "SELECT * FROM t WHERE name = $1 AND n < $2")
        #expect(sql.binds.map(\.bytes) == [Array("x".utf8), Array("3".utf8)])
        #expect(sql.binds.map(\.typeOID) == [PostgresTypeOID.text, PostgresTypeOID.int8])
    }

    @Test func nilOptionalBindsTypedNull() {
        let missing: Int? = nil
        let sql: SQL = "SELECT \(missing)"
        #expect(sql.binds == [PostgresBind(bytes: nil, typeOID: PostgresTypeOID.int8)])
    }

    @Test func plusRenumbersTheRightHandSide() {
        let lhs: SQL = "SELECT \(1), \(2)"
        let rhs: SQL = " WHERE a = \(3) AND b = '$1' AND c = \(4)"
        let combined = lhs + rhs
        #expect(combined.text == "SELECT $1, $2 WHERE a = $3 AND b = '$1' AND c = $4")
        #expect(combined.binds.map(\.bytes) == ["1", "2", "3", "4"].map { Array($0.utf8) })
    }

    @Test func interpolatedFragmentIsRenumbered() {
        let condition: SQL = "id = \(7)"
        let sql: SQL = "SELECT \(1) WHERE \(condition)"
        #expect(sql.text == "SELECT $1 WHERE id = $2")
        #expect(sql.binds.count == 2)
    }

    @Test func identifiersAreQuotedAndRawIsSpliced() {
        let sql: SQL = "SELECT \(unsafeRaw: "count(*)") FROM \(identifier: "we\"ird")"
        #expect(sql.text == "SELECT count(*) FROM \"we\"\"ird\"")
        #expect(sql.binds.isEmpty)
    }

    @Test func joinRenumbersEachPart() {
        let parts: [SQL] = ["a = \(1)", "b = \(2)", "c = \(3)"]
        #expect(SQL.join(parts, separator: " AND ").text == "a = $1 AND b = $2 AND c = $3")
    }
}
