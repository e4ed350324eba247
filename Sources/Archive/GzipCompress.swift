import CZlib

extension Gzip {
    /// Compresses `bytes` into one gzip member (zlib's default level, no file name, mtime 0,
    /// OS byte "unknown"): the same input always gives the same bytes.
    /// - Throws: `ArchiveError.zlibFailure` when zlib refuses (out of memory).
    public static func compress(_ bytes: [UInt8]) throws(ArchiveError) -> [UInt8] {
        // zlib's state points back to the z_stream: it lives at a fixed heap address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // windowBits 15 + 16: a gzip wrapper with a minimal header (mtime 0, OS 255).
        let start = deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                  ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard start == Z_OK else { throw ArchiveError.zlibFailure(code: start) }
        defer { deflateEnd(stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        let code = input.withUnsafeMutableBufferPointer { inBuffer -> Int32 in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = uInt(inBuffer.count)
            var status = Z_OK
            while status == Z_OK {
                status = chunk.withUnsafeMutableBufferPointer { outBuffer -> Int32 in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = uInt(outBuffer.count)
                    let result = deflate(stream, Z_FINISH)
                    output.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.pointee.avail_out))])
                    return result
                }
            }
            return status
        }
        guard code == Z_STREAM_END else { throw ArchiveError.zlibFailure(code: code) }
        return output
    }
}
