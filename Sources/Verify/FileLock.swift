import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock(2)` on a file, held until released (or the process ends): concurrent
/// verifies of the same Environment make its venv once.
final class FileLock: @unchecked Sendable {
    let path: String
    private var fd: Int32 = -1

    init(path: String) { self.path = path }

    /// Blocks until the lock is held; false when the file cannot be opened.
    func acquire() -> Bool {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                close(fd)
                fd = -1
                return false
            }
        }
        return true
    }

    func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
