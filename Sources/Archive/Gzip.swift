import CZlib

/// gzip decompression over zlib, careful about hostile input.
public enum Gzip {
    /// Decompresses gzip data, including several concatenated gzip members (as `gzip -d`
    /// and Python's `gzip` module do). Zero bytes after the last member are ignored, like
    /// Python's `gzip` module; any other trailing bytes are an error.
    ///
    /// - Parameters:
    ///   - bytes: the compressed data; it must start with the gzip magic bytes `1f 8b`.
    ///   - limit: the most decompressed bytes accepted; more throws `.gzipTooLarge`.
    /// - Returns: the decompressed bytes (at most `limit`).
    /// - Throws: `ArchiveError.emptyInput`, `.notGzip`, `.truncatedGzip`, `.corruptGzip`,
    ///   `.trailingGarbage`, `.gzipTooLarge` or `.zlibFailure`.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(ArchiveError) -> [UInt8] {
        guard !bytes.isEmpty else { throw ArchiveError.emptyInput }
        guard hasMagic(bytes, at: 0) else { throw ArchiveError.notGzip }
        let result = bytes.withUnsafeBufferPointer { input in
            Result { () throws(ArchiveError) -> [UInt8] in try Inflater().run(input, limit: max(0, limit)) }
        }
        return try result.get()
    }

    /// Whether the gzip magic bytes start at `offset`.
    static func hasMagic(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset + 1 < bytes.count && bytes[offset] == 0x1F && bytes[offset + 1] == 0x8B
    }

    /// Whether the gzip magic bytes start at `offset` of a buffer.
    static func hasMagic(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        offset + 1 < bytes.count && bytes[offset] == 0x1F && bytes[offset + 1] == 0x8B
    }
}

/// One zlib inflate stream set up for gzip (windowBits 15 + 32). The `z_stream` lives at
/// a fixed heap address because zlib's internal state points back to it.
private final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() throws(ArchiveError) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            stream.deallocate()
            throw ArchiveError.zlibFailure(code: code)
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates every gzip member of `input`, refusing more than `limit` output bytes.
    func run(_ input: UnsafeBufferPointer<UInt8>, limit: Int) throws(ArchiveError) -> [UInt8] {
        guard let base = input.baseAddress else { throw ArchiveError.emptyInput }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)  // output buffer per inflate call
        // Feed input in slices that fit zlib's 32-bit counters.
        let maxFeed = 1 << 30
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
        stream.pointee.avail_in = UInt32(min(input.count, maxFeed))
        while true {
            // Never let zlib produce more than limit + 1 bytes in total.
            let remaining = limit - output.count
            let room = remaining >= chunk.count ? chunk.count : remaining + 1
            let code: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(room)
                return inflate(stream, Z_NO_FLUSH)
            }
            let produced = room - Int(stream.pointee.avail_out)
            output.append(contentsOf: chunk[0..<produced])
            if output.count > limit { throw ArchiveError.gzipTooLarge(limit: limit) }
            let consumed = stream.pointee.next_in - UnsafeMutablePointer(mutating: base)
            // Top up the input window when zlib has used it all.
            if stream.pointee.avail_in == 0 && consumed < input.count {
                stream.pointee.avail_in = UInt32(min(input.count - consumed, maxFeed))
            }
            switch code {
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: either output is full (handled above) or input is gone.
                if stream.pointee.avail_in == 0 { throw ArchiveError.truncatedGzip }
                continue
            case Z_STREAM_END:
                guard try startNextMember(input, at: consumed) else { return output }
            case Z_DATA_ERROR:
                throw ArchiveError.corruptGzip(message())
            case Z_NEED_DICT:
                throw ArchiveError.corruptGzip("a preset dictionary is required")
            default:
                throw ArchiveError.zlibFailure(code: code)
            }
        }
    }

    /// After a member ended at `offset`: resets for the next member and returns true, or
    /// returns false at the end of input (or zero padding); throws on other trailing data.
    private func startNextMember(_ input: UnsafeBufferPointer<UInt8>, at offset: Int) throws(ArchiveError) -> Bool {
        if offset >= input.count { return false }
        if Gzip.hasMagic(input, at: offset) {
            let code = inflateReset(stream)
            guard code == Z_OK else { throw ArchiveError.zlibFailure(code: code) }
            return true
        }
        var index = offset
        while index < input.count && input[index] == 0 { index += 1 }
        if index == input.count { return false }
        throw ArchiveError.trailingGarbage(offset: index)
    }

    private func message() -> String {
        guard let msg = stream.pointee.msg else { return "invalid compressed data" }
        return String(cString: msg)
    }
}
