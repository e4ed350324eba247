/// Builds tar archives header by header, for cases Python's `tarfile` will not write.
struct TestTar {
    enum Magic {
        case posix, gnu, v7
    }

    private(set) var bytes: [UInt8] = []

    /// Appends a header (checksum computed unless `checksum` is given) and padded data.
    /// `sizeField` overrides the 12-byte size field; `data` is written as is.
    mutating func add(
        _ name: String, type: Character = "0", data: [UInt8] = [], sizeField: [UInt8]? = nil,
        linkName: String = "", prefix: String = "", magic: Magic = .posix, mode: String = "0000644",
        rawName: [UInt8]? = nil, checksum: ((Int) -> [UInt8])? = nil
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ value: [UInt8], at offset: Int, width: Int) {
            for (i, byte) in value.prefix(width).enumerated() { header[offset + i] = byte }
        }
        put(rawName ?? Array(name.utf8), at: 0, width: 100)
        put(Array((mode + "\0").utf8), at: 100, width: 8)
        put(Array("0001750\0".utf8), at: 108, width: 8)
        put(Array("0001750\0".utf8), at: 116, width: 8)
        put(sizeField ?? Self.octal(data.count, width: 12), at: 124, width: 12)
        put(Array("14524770400\0".utf8), at: 136, width: 12)
        put(Array(String(type).utf8), at: 156, width: 1)
        put(Array(linkName.utf8), at: 157, width: 100)
        switch magic {
        case .posix: put(Array("ustar\u{0}00".utf8), at: 257, width: 8)
        case .gnu: put(Array("ustar  \u{0}".utf8), at: 257, width: 8)
        case .v7: break
        }
        put(Array(prefix.utf8), at: 345, width: 155)
        put(Array("        ".utf8), at: 148, width: 8)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(checksum?(sum) ?? Self.octal(sum, width: 7) + [0x20], at: 148, width: 8)
        bytes += header
        bytes += data
        bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// Appends a PAX extended header (`x`, or `g` for global) with these records.
    mutating func pax(_ records: [(String, String)], type: Character = "x") {
        var data: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).count + body.utf8.count > length { length += 1 }
            data += Array("\(length)\(body)".utf8)
        }
        add("././@PaxHeader", type: type, data: data)
    }

    /// Appends the two zero blocks that end an archive.
    mutating func end() {
        bytes += [UInt8](repeating: 0, count: 1024)
    }

    /// Appends raw bytes.
    mutating func raw(_ extra: [UInt8]) {
        bytes += extra
    }

    /// `value` as zero-padded octal digits followed by a NUL, `width` bytes in all.
    static func octal(_ value: Int, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
    }
}
