import Foundation
import Testing

@testable import MLoopCore

@Suite struct CronExpressionTests {
    /// The values a parsed field matches (day-of-week 7 is stored as 0).
    private static func values(_ field: CronField) -> [Int] { (0..<64).filter(field.contains) }

    @Test(arguments: [
        ("* * * * *", CronFieldKind.minute, Array(0...59)),
        ("*/15 * * * *", .minute, [0, 15, 30, 45]),
        ("10-50/5 * * * *", .minute, Array(stride(from: 10, through: 50, by: 5))),
        ("5/10 * * * *", .minute, [5, 15, 25, 35, 45, 55]),
        ("1,5,10 * * * *", .minute, [1, 5, 10]),
        ("1-5 * * * *", .minute, [1, 2, 3, 4, 5]),
        ("0-4,50-52/2 * * * *", .minute, [0, 1, 2, 3, 4, 50, 52]),
        ("0 9-17/4 * * *", .hour, [9, 13, 17]),
        ("0 */6 * * *", .hour, [0, 6, 12, 18]),
        ("0 0 1,15,31 * *", .dayOfMonth, [1, 15, 31]),
        ("0 0 */10 * *", .dayOfMonth, [1, 11, 21, 31]),
        ("0 0 1 jan,JUN,Dec *", .month, [1, 6, 12]),
        ("0 0 1 mar-may *", .month, [3, 4, 5]),
        ("0 0 1 */3 *", .month, [1, 4, 7, 10]),
        ("0 0 1 feb-dec/2 *", .month, [2, 4, 6, 8, 10, 12]),
        ("0 0 * * MON-fri", .dayOfWeek, [1, 2, 3, 4, 5]),
        ("0 0 * * 7", .dayOfWeek, [0]),
        ("0 0 * * 0,7", .dayOfWeek, [0]),
        ("0 0 * * 5-7", .dayOfWeek, [0, 5, 6]),
        ("0 0 * * fri-sun", .dayOfWeek, [0, 5, 6]),
        ("0 0 * * sat,Sun", .dayOfWeek, [0, 6]),
        ("0 0 * * */2", .dayOfWeek, [0, 2, 4, 6]),
        ("0 0 * * *", .dayOfWeek, Array(0...6)),
    ])
    func parsesEverySyntaxForm(text: String, kind: CronFieldKind, expected: [Int]) throws {
        let fields = try cron(text).fields
        let field = [fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek][kind.rawValue]
        #expect(Self.values(field) == expected)
    }

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@quarterly", "0 0 1 */3 *"),
        ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
    ])
    func presetsExpandToTheirFields(preset: String, fields: String) throws {
        let expression = try cron(preset)
        #expect(expression.fields == (try cron(fields)).fields)
        #expect(expression.source == preset)
        #expect(expression.description == preset)
    }

    @Test func keepsTheSourceAsWrittenAndAcceptsExtraWhitespace() throws {
        let expression = try cron(" 0\t9  * * 1-5 ")
        #expect(expression.source == " 0\t9  * * 1-5 ")
        #expect(expression.fields == (try cron("0 9 * * 1-5")).fields)
    }

    @Test func expressionsWithTheSameSourceAreEqual() throws {
        #expect(try cron("@daily") == cron("@daily"))
        #expect(try cron("@daily") != cron("0 0 * * *"))
        #expect(Set([try cron("@daily"), try cron("@daily"), try cron("@hourly")]).count == 2)
    }

    @Test(arguments: [
        ("0 25 * * *", "hour field '25' is out of range 0-23 in '0 25 * * *'"),
        ("60 * * * *", "minute field '60' is out of range 0-59 in '60 * * * *'"),
        ("0 0 0 * *", "day-of-month field '0' is out of range 1-31 in '0 0 0 * *'"),
        ("0 0 1 13 *", "month field '13' is out of range 1-12 in '0 0 1 13 *'"),
        ("0 0 * * 8", "day-of-week field '8' is out of range 0-7 in '0 0 * * 8'"),
        ("0 1-30 * * *", "hour field '1-30' is out of range 0-23 in '0 1-30 * * *'"),
        ("1,2,99 * * * *", "minute field '99' is out of range 0-59 in '1,2,99 * * * *'"),
        (
            "99999999999999999999 * * * *",
            "minute field '99999999999999999999' is out of range 0-59 in '99999999999999999999 * * * *'"
        ),
        (
            "0 0 * * * *",
            "expected 5 fields (minute hour day-of-month month day-of-week), got 6 in '0 0 * * * *'"
        ),
        ("0 0 * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '0 0 * *'"),
        ("", "expected 5 fields (minute hour day-of-month month day-of-week), got 0 in ''"),
        ("@daly", "unknown preset '@daly' (did you mean '@daily'?)"),
        ("@hourli", "unknown preset '@hourli' (did you mean '@hourly'?)"),
        (
            "@once",
            "unknown preset '@once'; use one of @yearly, @annually, @quarterly, @monthly, @weekly, @daily, "
                + "@midnight, @hourly or five fields (minute hour day-of-month month day-of-week)"
        ),
        ("*/0 * * * *", "bad step '*/0' in minute field (steps go 1-59) in '*/0 * * * *'"),
        ("0 */24 * * *", "bad step '*/24' in hour field (steps go 1-23) in '0 */24 * * *'"),
        ("*/x * * * *", "bad step '*/x' in minute field (steps go 1-59) in '*/x * * * *'"),
        ("1-5/ * * * *", "bad step '1-5/' in minute field (steps go 1-59) in '1-5/ * * * *'"),
        ("0 0 30 2 *", "'0 0 30 2 *' never fires (February has no day 30)"),
        ("0 0 30,31 2 *", "'0 0 30,31 2 *' never fires (February has no day 30)"),
        ("0 0 31 2,4 *", "'0 0 31 2,4 *' never fires (February and April have no day 31)"),
        ("0 0 31 apr,jun,sep *", "'0 0 31 apr,jun,sep *' never fires (April, June and September have no day 31)"),
        ("0 0 31 2 */2", "'0 0 31 2 */2' never fires (February has no day 31)"),
        (
            "0 0 1 juen *",
            "month field 'juen' is not a number 1-12 or a name jan-dec (did you mean 'jun'?) in '0 0 1 juen *'"
        ),
        (
            "0 0 * * mom",
            "day-of-week field 'mom' is not a number 0-7 or a name sun-sat (did you mean 'mon'?) in '0 0 * * mom'"
        ),
        ("0 0 * * xyz", "day-of-week field 'xyz' is not a number 0-7 or a name sun-sat in '0 0 * * xyz'"),
        ("x * * * *", "minute field 'x' is not a number 0-59 in 'x * * * *'"),
        ("mon * * * *", "minute field 'mon' is not a number 0-59 in 'mon * * * *'"),
        ("1- * * * *", "minute field '1-' is not a number 0-59 in '1- * * * *'"),
        ("-5 * * * *", "minute field '-5' is not a number 0-59 in '-5 * * * *'"),
        ("+5 * * * *", "minute field '+5' is not a number 0-59 in '+5 * * * *'"),
        ("0 17-9 * * *", "hour field '17-9' runs backwards; write ranges low-high within 0-23 in '0 17-9 * * *'"),
        (
            "0 0 * * sat-mon",
            "day-of-week field 'sat-mon' runs backwards; write ranges low-high within 0-7 in '0 0 * * sat-mon'"
        ),
        ("1,,2 * * * *", "minute field '1,,2' has an empty list item in '1,,2 * * * *'"),
        ("1, * * * *", "minute field '1,' has an empty list item in '1, * * * *'"),
    ])
    func rejectsBadExpressionsWithOneClearLine(text: String, message: String) {
        #expect(throws: CronSyntaxError(message)) { try CronExpression(parsing: text) }
    }

    @Test(arguments: ["0 0 29 2 *", "0 0 30 2 1", "0 0 31 * *", "0 0 30,31 1,2 *", "0 0 31 2 mon"])
    func acceptsExpressionsThatFireSomeDay(text: String) throws {
        let expression = try cron(text)
        #expect(expression.nextFireTime(after: date("2024-01-01T00:00:00Z"), in: .gmt) != nil)
    }

    @Test func errorsDescribeThemselvesByTheirMessage() {
        let error = CronSyntaxError("bad")
        #expect(error.description == "bad")
        #expect(error.message == "bad")
    }
}
