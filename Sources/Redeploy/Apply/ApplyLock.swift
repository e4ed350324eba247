#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a plan folder (`flock` on `.apply.lock`), so that two `--apply` runs
/// never work on one journal at once. The kernel drops it when the process ends, however it ends.
public final class ApplyLock {
    private let descriptor: Int32

    /// Takes the lock, or throws at once when another process holds it.
    public init(folder: String) throws(PlanFolderError) {
        let path = folder + "/.apply.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PlanFolderError("\(path): cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw PlanFolderError("\(folder): another image2env redeploy --apply is working on this plan; wait for it to end")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
