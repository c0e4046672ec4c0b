import Testing

@testable import MLoopExecutor

@Suite("LineSplitter")
struct LineSplitterTests {
    private func split(_ chunks: [[UInt8]], maxLine: Int = 8, maxProtocol: Int = 32) -> [String] {
        var splitter = LineSplitter(maxLineBytes: maxLine, maxProtocolLineBytes: maxProtocol, protocolPrefix: "P_")
        var pieces: [String] = []
        func record(_ piece: LineSplitter.Piece) {
            switch piece {
            case .line(let bytes): pieces.append("L:" + String(decoding: bytes, as: UTF8.self))
            case .fragment(let bytes): pieces.append("F:" + String(decoding: bytes, as: UTF8.self))
            case .overlongProtocolLine: pieces.append("O")
            }
        }
        for chunk in chunks { chunk.withUnsafeBytes { splitter.feed($0, record) } }
        splitter.finish(record)
        return pieces
    }

    @Test func joinsLinesAcrossChunksAndDropsCarriageReturns() {
        #expect(split([Array("ab".utf8), Array("c\r\nd\n\ne".utf8)]) == ["L:abc", "L:d", "L:", "L:e"])
    }

    @Test func cutsLongLinesIntoFragments() {
        #expect(split([Array("0123456789abcdefXYZ\nok\n".utf8)]) == ["F:01234567", "F:89abcdef", "F:XYZ", "L:ok"])
        #expect(
            split([Array("01234".utf8), Array("56789abcdefXY".utf8), Array("Z\nok\n".utf8)])
                == ["F:01234567", "F:89abcdef", "F:XYZ", "L:ok"])
        #expect(
            split([Array("0123456789".utf8), Array("abcdefghijklmnopqrstuvwxyz\n".utf8)])
                == ["F:01234567", "F:89abcdef", "F:ghijklmn", "F:opqrstuv", "F:wxyz"])
    }

    @Test func neverCutsAUTF8Character() {
        // "aaaaaaé…": the 2-byte é would straddle the 8-byte limit at offset 7.
        let pieces = split([Array("aaaaaaaéé\n".utf8)])
        #expect(pieces == ["F:aaaaaaa", "F:éé"])
    }

    @Test func keepsProtocolLinesWholeUpToTheirOwnLimit() {
        #expect(split([Array("P_0123456789abcdef\n".utf8)]) == ["L:P_0123456789abcdef"])
        let overlong = split([Array(("P_" + String(repeating: "x", count: 40) + "\n").utf8)])
        #expect(overlong.first == "O")
        #expect(overlong.dropFirst().allSatisfy { $0.hasPrefix("F:") })
    }
}
