import Foundation
import Synchronization

/// The runner's end of one fork server's control socket: sends fork requests with the child's output pipes
/// attached, and routes the server's replies (started, failed, exited) to the tries waiting for them.
final class ForkServerConnection: Sendable {
    /// What a fork request came to.
    enum Start: Sendable {
        case started(pid_t)
        case failed(String)
    }

    /// One child's exit: its raw wait status once known, `nil` once it can no longer be known (the server died).
    private enum Exit {
        case waiting(CheckedContinuation<Int32?, Never>?)
        case done(Int32?)
    }

    private struct State {
        var open = true
        var nextID: UInt64 = 1
        var starts: [UInt64: CheckedContinuation<Start, Never>] = [:]
        var exits: [pid_t: Exit] = [:]
        var ready: CheckedContinuation<Bool, Never>?
        var isReady = false
        var serverPID: pid_t?
    }

    /// The request body; JSON keys as the server script reads them.
    private struct Request: Encodable {
        var id: UInt64
        var env: [String: String]
        var cwd: String
        var path: String
        var kind: String
    }

    private let fd: Int32
    private let state = Mutex(State())
    /// Held while a request is written, and while the descriptor is closed. Taken before `state`, never after it,
    /// and never while waiting for a reply (the reader thread needs `state` to answer).
    private let writing = Mutex(())
    /// Finishes when the control socket is closed (by `stop()` or by the server going away).
    let closed: AsyncStream<Void>
    private let closedContinuation: AsyncStream<Void>.Continuation

    /// Takes ownership of `fd`, the runner's end of the socket pair, and starts reading replies.
    init(fd: Int32) {
        self.fd = fd
        (closed, closedContinuation) = AsyncStream.makeStream(of: Void.self)
        let thread = Thread { [self] in readReplies() }
        thread.name = "mloop-fork-server-replies"
        thread.start()
    }

    var isOpen: Bool { state.withLock { $0.open } }
    var serverPID: pid_t? { state.withLock { $0.serverPID } }

    /// Waits for the server's `ready` line; `false` when it went away first.
    func waitUntilReady() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer: Bool? = state.withLock { state in
                if state.isReady { return true }
                if !state.open { return false }
                state.ready = continuation
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Asks the server to fork a child writing to `standardOutput` and `standardError` (which the caller still
    /// owns and closes afterwards) with `environment` added to the server's, working in `directory`.
    func fork(
        path: String, kind: String, environment: [String: String], directory: String, standardOutput: Int32,
        standardError: Int32
    ) async -> Start {
        await withCheckedContinuation { continuation in
            let id: UInt64? = state.withLock { state in
                guard state.open else { return nil }
                let id = state.nextID
                state.nextID += 1
                state.starts[id] = continuation
                return id
            }
            guard let id else { return continuation.resume(returning: .failed("the fork server has stopped")) }
            let request = Request(id: id, env: environment, cwd: directory, path: path, kind: kind)
            let failure: String? =
                if let body = try? JSONEncoder().encode(request) {
                    sendRequest(body, fds: [standardOutput, standardError])
                } else {
                    "cannot encode the fork request"
                }
            // Resumed here only if the reader has not already answered it (the server went away meanwhile).
            if let failure, let waiter = state.withLock({ $0.starts.removeValue(forKey: id) }) {
                waiter.resume(returning: .failed(failure))
            }
        }
    }

    /// The raw wait status of a child this server started, once it has exited and been reaped.
    func exitStatus(of pid: pid_t) async -> Int32? {
        await withCheckedContinuation { continuation in
            let known: Int32?? = state.withLock { state in
                switch state.exits[pid] {
                case .done(let status):
                    state.exits[pid] = nil
                    return .some(status)
                case .waiting, nil:
                    guard state.open else { return .some(nil) }
                    state.exits[pid] = .waiting(continuation)
                    return nil
                }
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// Closes the control socket: the server sees end of file and exits; its running children are not touched.
    func stop() {
        // Under the lock: once the reader has closed the descriptor its number may belong to someone else.
        state.withLock { state in
            if state.open { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Writes one request; the write lock keeps concurrent requests from interleaving and the descriptor open.
    private func sendRequest(_ body: Data, fds: [Int32]) -> String? {
        writing.withLock { _ in
            guard isOpen else { return "the fork server has stopped" }
            return write(body, fds: fds)
        }
    }

    private func write(_ body: Data, fds: [Int32]) -> String? {
        var header = withUnsafeBytes(of: UInt32(body.count).bigEndian) { Array($0) }
        let sent = header.withUnsafeMutableBytes { bytes in
            SocketRights.send(bytes, fds: fds, on: fd)
        }
        guard sent == header.count else {
            return "cannot write to the fork server: \(String(cString: strerror(errno)))"
        }
        var offset = 0
        let written = body.withUnsafeBytes { bytes -> Bool in
            while offset < bytes.count {
                let count = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        return written ? nil : "cannot write to the fork server: \(String(cString: strerror(errno)))"
    }

    private func readReplies() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                handle(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        closeAll()
    }

    private func handle(_ line: String) {
        let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard fields.count >= 2 else { return }
        switch fields[0] {
        case "ready":
            let waiter = state.withLock { state in
                state.isReady = true
                state.serverPID = pid_t(fields[1])
                defer { state.ready = nil }
                return state.ready
            }
            waiter?.resume(returning: true)
        case "started" where fields.count == 3:
            guard let id = UInt64(fields[1]), let pid = pid_t(fields[2]) else { return }
            let waiter = state.withLock { state in
                state.exits[pid] = .waiting(nil)
                return state.starts.removeValue(forKey: id)
            }
            waiter?.resume(returning: .started(pid))
        case "failed":
            guard let id = UInt64(fields[1]) else { return }
            let waiter = state.withLock { $0.starts.removeValue(forKey: id) }
            waiter?.resume(returning: .failed(fields.count == 3 ? fields[2] : "the fork failed"))
        case "exited" where fields.count == 3:
            guard let pid = pid_t(fields[1]), let status = Int32(fields[2]) else { return }
            let waiter: CheckedContinuation<Int32?, Never>? = state.withLock { state in
                if case .waiting(let continuation?) = state.exits[pid] {
                    state.exits[pid] = nil
                    return continuation
                }
                state.exits[pid] = .done(status)
                return nil
            }
            waiter?.resume(returning: status)
        default:
            break
        }
    }

    /// The server is gone: every waiter learns it, and later requests fail at once.
    private func closeAll() {
        let (starts, exits, ready) = writing.withLock { _ in
            state.withLock { state in
                state.open = false
                close(fd)
                defer {
                    state.starts = [:]
                    state.exits = [:]
                    state.ready = nil
                }
                return (state.starts, state.exits, state.ready)
            }
        }
        ready?.resume(returning: false)
        for waiter in starts.values { waiter.resume(returning: .failed("the fork server stopped")) }
        for case .waiting(let waiter?) in exits.values { waiter.resume(returning: nil) }
        closedContinuation.finish()
    }
}
