import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The inference servers this process has started and not yet stopped (their process group
/// ids), so that an interrupted `verify` (SIGINT, SIGTERM) stops them before it exits.
public final class RunningServers: @unchecked Sendable {
    public static let shared = RunningServers()
    private let lock = NSLock()
    private var groups: Set<pid_t> = []

    func add(_ pid: pid_t) { lock.withLock { _ = groups.insert(pid) } }
    func remove(_ pid: pid_t) { lock.withLock { _ = groups.remove(pid) } }

    /// Sends SIGKILL to every running server's process group (from a signal handler's task).
    public func killAll() {
        let all = lock.withLock { groups }
        for pid in all { _ = kill(-pid, SIGKILL) }
    }
}
