import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Pieces of output kept in an unlinked temporary file instead of memory, to be read back in
/// another order (a report's rows are made in file order and written sorted).
final class ChunkSpool {
    private let fd: Int32
    private var size: Int64 = 0
    /// (offset, length) of each chunk, in the order added.
    private(set) var chunks: [(offset: Int64, length: Int)] = []

    init() throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-spool-XXXXXX").path
        var name = Array(template.utf8CString)
        let fd = mkstemp(&name)
        guard fd >= 0 else { throw SpoolError("cannot create a temporary file in \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno)))") }
        unlink(name)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Adds a chunk; answers its number.
    @discardableResult
    func append(_ bytes: [UInt8]) throws -> Int {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress.map { $0 + written }, bytes.count - written, off_t(size) + off_t(written)) }
            guard n > 0 else { throw SpoolError("cannot write the temporary file: \(String(cString: strerror(errno)))") }
            written += n
        }
        chunks.append((size, bytes.count))
        size += Int64(bytes.count)
        return chunks.count - 1
    }

    /// Chunk `index`'s bytes.
    func read(_ index: Int) throws -> [UInt8] {
        let (offset, length) = chunks[index]
        var out = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + done }, length - done, off_t(offset) + off_t(done)) }
            guard n > 0 else { throw SpoolError("cannot read the temporary file back: \(String(cString: strerror(errno)))") }
            done += n
        }
        return out
    }

    struct SpoolError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
