/// Writes a deterministic POSIX tar archive: ustar headers (owner 0:0 without names, mtime
/// 0), a PAX `path` record for a path that does not fit the ustar `name`/`prefix` fields,
/// members in the order given, and the two zero blocks at the end. The same entries always
/// give the same bytes; `TarReader` and Python's `tarfile` read them back.
public enum TarWriter {
    /// The archive of `entries` (directories with no data; paths relative, `/`-separated).
    /// - Throws: `ArchiveError.invalidName` for an empty, absolute or `..` path.
    public static func archive(_ entries: [TarEntry]) throws(ArchiveError) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !entry.path.isEmpty, !entry.path.hasPrefix("/"), !entry.path.contains("\0"),
                  parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
                throw ArchiveError.invalidName(member: entry.path)
            }
            let name = Array((entry.kind == .directory ? entry.path + "/" : entry.path).utf8)
            let data = entry.kind == .directory ? [] : entry.data
            let split = ustarSplit(name)
            if split == nil {
                let record = paxRecord("path", name)
                out += header(name: Array("PaxHeader/".utf8) + Array(name.suffix(80)), prefix: [], size: record.count,
                              mode: 0o644, typeflag: UInt8(ascii: "x"))
                out += padded(record)
            }
            let (prefix, short) = split ?? ([], Array(name.suffix(99)))
            out += header(name: short, prefix: prefix, size: data.count, mode: Int(entry.mode & 0o7777),
                          typeflag: entry.kind == .directory ? UInt8(ascii: "5") : UInt8(ascii: "0"))
            out += padded(data)
        }
        out += [UInt8](repeating: 0, count: 2 * TarHeader.blockSize)
        return out
    }

    /// `name` as ustar's (prefix, name) pair: name ≤ 100 bytes, prefix ≤ 155, split at a `/`.
    static func ustarSplit(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        if name.count <= 100 { return ([], name) }
        let slash = UInt8(ascii: "/")
        // The last `/` that leaves at most 100 bytes after it and at most 155 before it.
        for index in stride(from: min(name.count - 1, 155), through: 1, by: -1) where name[index] == slash {
            let rest = Array(name[(index + 1)...])
            if rest.count <= 100 && !rest.isEmpty { return (Array(name[..<index]), rest) }
            break
        }
        return nil
    }

    /// One PAX record: `"<length> <key>=<value>\n"`, where length counts itself.
    static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [0x0A]
        var length = body.count + 1
        while String(length).utf8.count + body.count > length { length += 1 }
        return Array(String(length).utf8) + body
    }

    private static func header(name: [UInt8], prefix: [UInt8], size: Int, mode: Int, typeflag: UInt8) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (i, byte) in bytes.enumerated() { block[offset + i] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        block[156] = typeflag
        put(Array("ustar\0".utf8) + Array("00".utf8), at: 257)
        put(octal(0, width: 8), at: 329)
        put(octal(0, width: 8), at: 337)
        put(prefix, at: 345)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array((String(repeating: "0", count: max(0, 6 - String(sum, radix: 8).count)) + String(sum, radix: 8)).utf8) + [0, 0x20], at: 148)
        return block
    }

    private static func padded(_ data: [UInt8]) -> [UInt8] {
        let remainder = data.count % TarHeader.blockSize
        return remainder == 0 ? data : data + [UInt8](repeating: 0, count: TarHeader.blockSize - remainder)
    }
}
