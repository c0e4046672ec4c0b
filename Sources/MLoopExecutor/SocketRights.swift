import Foundation

/// Passing file descriptors over a Unix socket (`sendmsg` with an `SCM_RIGHTS` control message).
enum SocketRights {
    /// Sends `bytes` with `fds` attached; returns what `sendmsg` returns (the bytes sent, or -1 with `errno`).
    static func send(_ bytes: UnsafeMutableRawBufferPointer, fds: [Int32], on socket: Int32) -> Int {
        let headerSize = MemoryLayout<cmsghdr>.size
        let payloadSize = fds.count * MemoryLayout<Int32>.size
        // CMSG_SPACE / CMSG_LEN, which Swift does not import: the header, then the payload, padded to size_t.
        let alignment = MemoryLayout<Int>.size
        let space = headerSize + (payloadSize + alignment - 1) / alignment * alignment
        let control = UnsafeMutableRawPointer.allocate(byteCount: space, alignment: alignment)
        defer { control.deallocate() }
        control.initializeMemory(as: UInt8.self, repeating: 0, count: space)
        let header = control.bindMemory(to: cmsghdr.self, capacity: 1)
        header.pointee.cmsg_len = headerSize + payloadSize
        header.pointee.cmsg_level = SOL_SOCKET
        header.pointee.cmsg_type = Int32(SCM_RIGHTS)
        fds.withUnsafeBytes { (control + headerSize).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        var vector = iovec(iov_base: bytes.baseAddress, iov_len: bytes.count)
        return withUnsafeMutablePointer(to: &vector) { vector in
            var message = msghdr()
            message.msg_iov = vector
            message.msg_iovlen = 1
            message.msg_control = control
            message.msg_controllen = space
            while true {
                let sent = sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                return sent
            }
        }
    }
}
