import CLibPQ

/// Lays out bound parameters as the C arrays PQsendQueryParams wants, valid for the duration of `body`.
enum LibPQParameters {
    static func withParameters<R>(
        _ binds: [PostgresBind],
        _ body: (
            Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?
        ) -> R
    ) -> R {
        let types = binds.map { Oid($0.typeOID) }
        let lengths = binds.map { Int32($0.bytes?.count ?? 0) }
        let formats = binds.map { Int32($0.isBinary ? 1 : 0) }
        // Text values need a terminating NUL; binary ones are read by length.
        let buffers: [UnsafeMutablePointer<CChar>?] = binds.map { bind in
            guard let bytes = bind.bytes else { return nil }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
            }
            buffer[bytes.count] = 0
            return buffer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        let values: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0) } }
        return types.withUnsafeBufferPointer { typesBuffer in
            values.withUnsafeBufferPointer { valuesBuffer in
                lengths.withUnsafeBufferPointer { lengthsBuffer in
                    formats.withUnsafeBufferPointer { formatsBuffer in
                        body(
                            Int32(binds.count), typesBuffer.baseAddress, valuesBuffer.baseAddress,
                            lengthsBuffer.baseAddress, formatsBuffer.baseAddress)
                    }
                }
            }
        }
    }
}
