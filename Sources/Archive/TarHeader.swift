/// One checksum-verified 512-byte tar header block (ustar, GNU or V7 layout).
struct TarHeader {
    /// Size of a tar block.
    static let blockSize = 512

    /// The header's offset in the archive.
    let offset: Int
    /// The raw name: the `name` field, joined after the `prefix` field for POSIX ustar.
    let name: [UInt8]
    /// The raw `linkname` field.
    let linkName: [UInt8]
    /// The type flag byte (`0`, `5`, `x`, `L`, ...).
    let typeflag: UInt8
    /// The data size from the `size` field (octal or base-256).
    let size: Int
    /// The `mode` field.
    let mode: Int

    /// Whether all 512 bytes at `offset` are zero (an end-of-archive block).
    static func isZeroBlock(_ bytes: [UInt8], at offset: Int) -> Bool {
        var index = offset
        let end = offset + blockSize
        while index < end {
            if bytes[index] != 0 { return false }
            index += 1
        }
        return true
    }

    /// Parses the block at `offset`; the caller guarantees 512 bytes are available.
    init(_ bytes: [UInt8], at offset: Int) throws(ArchiveError) {
        let block = bytes[offset..<(offset + Self.blockSize)]
        let base = offset
        func field(_ start: Int, _ length: Int) -> ArraySlice<UInt8> {
            block[(base + start)..<(base + start + length)]
        }
        let rawName = Self.cString(field(0, 100))
        let displayName = String(decoding: rawName, as: UTF8.self)

        guard let stored = Self.number(field(148, 8)) else {
            throw ArchiveError.badNumericField(offset: offset, name: displayName, field: "checksum")
        }
        var unsigned = 0
        var signed = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard stored == unsigned || stored == signed else {
            throw ArchiveError.badChecksum(offset: offset, name: displayName, stored: stored, computed: unsigned)
        }

        let isPosixUstar = field(257, 6).elementsEqual(Array("ustar\0".utf8))
        let prefix = isPosixUstar ? Self.cString(field(345, 155)) : []
        self.offset = offset
        self.name = prefix.isEmpty ? rawName : prefix + [UInt8(ascii: "/")] + rawName
        self.linkName = Self.cString(field(157, 100))
        self.typeflag = block[base + 156]
        let nameForErrors = String(decoding: self.name, as: UTF8.self)
        guard let size = Self.number(field(124, 12)) else {
            throw ArchiveError.badNumericField(offset: offset, name: nameForErrors, field: "size")
        }
        guard let mode = Self.number(field(100, 8)) else {
            throw ArchiveError.badNumericField(offset: offset, name: nameForErrors, field: "mode")
        }
        self.size = size
        self.mode = mode
    }

    /// The bytes of `field` up to its first NUL.
    static func cString(_ field: ArraySlice<UInt8>) -> [UInt8] {
        if let nul = field.firstIndex(of: 0) { return Array(field[field.startIndex..<nul]) }
        return Array(field)
    }

    /// A non-negative numeric field: NUL/space-terminated octal (as Python's `tarfile`
    /// reads it: blank means 0), or GNU base-256 with a leading `0x80` byte. Negative
    /// base-256 values (`0xff`), non-octal text and values beyond `Int.max` give nil.
    static func number(_ field: ArraySlice<UInt8>) -> Int? {
        guard let first = field.first else { return nil }
        if first == 0x80 {
            var value = 0
            for byte in field.dropFirst() {
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 256)
                if overflow { return nil }
                value = shifted | Int(byte)
            }
            return value
        }
        if first == 0xFF { return nil }
        let text = cString(field).drop { isBlank($0) }.reversed().drop { isBlank($0) }.reversed()
        var value = 0
        for byte in text {
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 8)
            if overflow { return nil }
            value = shifted | Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
