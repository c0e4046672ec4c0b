import Foundation
import MLoopCore
import Testing

@testable import MLoopExecutor

@Suite("ProtocolLine")
struct ProtocolLineTests {
    @Test(arguments: [
        (
            #"MLOOP_XCOM::{"key": "k", "value": [1, "a"]}"#,
            ProtocolLine.xcom(key: "k", value: .array([.int(1), .string("a")]), payloadBytes: 31)
        ),
        (#"MLOOP_PROGRESS::{"epoch": 3}"#, .progress(.object(["epoch": .int(3)]))),
        (#"MLOOP_META::{"a": null}"#, .metadata(.object(["a": .null]))),
        (#"MLOOP_BRANCH::["x", "y"]"#, .branch(["x", "y"])),
        (#"MLOOP_BRANCH::"x""#, .branch(["x"])),
        (
            #"MLOOP_XCOM::{"key": "", "value": 1}"#,
            .invalid(note: #"[mloop] ignored invalid MLOOP_XCOM line: missing "key" (a non-empty string)"#)
        ),
        (
            #"MLOOP_XCOM::{"key": "k"}"#,
            .invalid(note: "[mloop] ignored invalid MLOOP_XCOM line: missing \"value\" for key 'k'")
        ),
        ("MLOOP_META::3", .invalid(note: "[mloop] ignored invalid MLOOP_META line: expected a JSON object")),
        (
            #"MLOOP_XCOM_PULL::{"task_id": "extract", "key": "data_shape"}"#,
            .xcomPull(XComPull(fromTaskID: "extract", key: "data_shape"))
        ),
        (
            #"MLOOP_XCOM_PULL::{"task_id": 3, "key": "k"}"#,
            .invalid(
                note:
                    #"[mloop] ignored invalid MLOOP_XCOM_PULL line: expected {"task_id": "…", "key": "…"} (non-empty strings)"#
            )
        ),
        (
            #"MLOOP_XCOM_PULL::{"task_id": "extract"}"#,
            .invalid(
                note:
                    #"[mloop] ignored invalid MLOOP_XCOM_PULL line: expected {"task_id": "…", "key": "…"} (non-empty strings)"#
            )
        ),
        (
            "MLOOP_XCOM_PULL::extract.k",
            .invalid(
                note: "[mloop] ignored invalid MLOOP_XCOM_PULL line: the text after 'MLOOP_XCOM_PULL::' is not JSON")
        ),
    ])
    func parsesProtocolLines(line: String, expected: ProtocolLine) {
        #expect(ProtocolLine.parse(line) == expected)
    }

    @Test(arguments: ["hello", "MLOOP_TASK_ID=x", "MLOOP_XCOM: {}", " MLOOP_XCOM::{}"])
    func ordinaryLinesAreNotProtocol(line: String) {
        #expect(ProtocolLine.parse(line) == nil)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogTimestamp.format(Date(timeIntervalSince1970: 1_795_476_662.512)) == "2026-11-23T23:31:02.512Z")
        #expect(ByteCount.describe(2_411_725) == "2.3 MiB")
        #expect(ByteCount.describe(1 << 20) == "1 MiB")
    }
}
