/// Parser for the data of a PAX extended header: records `"<length> <key>=<value>\n"`,
/// where `<length>` is the decimal byte length of the whole record including itself.
enum PaxRecords {
    /// One `key=value` record; the value is raw bytes (paths may be any encoding).
    struct Record {
        let key: String
        let value: [UInt8]
    }

    /// Parses every record of `data`. Trailing NUL padding is allowed; anything else that
    /// is not a well-formed record throws `.badExtendedHeader` for the header at `offset`.
    static func parse(_ data: ArraySlice<UInt8>, offset: Int) throws(ArchiveError) -> [Record] {
        var records: [Record] = []
        var position = data.startIndex
        while position < data.endIndex {
            if data[position...].allSatisfy({ $0 == 0 }) { break }
            records.append(try record(in: data, at: &position, offset: offset))
        }
        return records
    }

    private static func record(in data: ArraySlice<UInt8>, at position: inout Int, offset: Int) throws(ArchiveError) -> Record {
        let start = position
        let recordNumber = "record at byte \(start - data.startIndex)"
        var length = 0
        var cursor = start
        while cursor < data.endIndex, let digit = decimalDigit(data[cursor]) {
            guard cursor - start < 18 else {
                throw ArchiveError.badExtendedHeader(offset: offset, reason: "\(recordNumber) has an oversized length")
            }
            length = length * 10 + digit
            cursor += 1
        }
        guard cursor > start, cursor < data.endIndex, data[cursor] == UInt8(ascii: " ") else {
            throw ArchiveError.badExtendedHeader(offset: offset, reason: "\(recordNumber) does not start with '<length> '")
        }
        let end = start + length
        guard length > cursor - start + 1, end <= data.endIndex, data[end - 1] == UInt8(ascii: "\n") else {
            throw ArchiveError.badExtendedHeader(
                offset: offset, reason: "\(recordNumber) has a length of \(length) that does not end at a newline")
        }
        let body = data[(cursor + 1)..<(end - 1)]
        guard let equals = body.firstIndex(of: UInt8(ascii: "=")), equals > body.startIndex else {
            throw ArchiveError.badExtendedHeader(offset: offset, reason: "\(recordNumber) has no 'key=value'")
        }
        guard let key = String(validatingUTF8CString: body[body.startIndex..<equals]) else {
            throw ArchiveError.badExtendedHeader(offset: offset, reason: "\(recordNumber) has a key that is not UTF-8")
        }
        position = end
        return Record(key: key, value: Array(body[(equals + 1)...]))
    }

    /// Parses a non-empty decimal PAX number (`size=`): digits only, no sign, within `Int`.
    static func decimal(_ value: [UInt8]) -> Int? {
        guard !value.isEmpty, value.count <= 18 else { return nil }
        var result = 0
        for byte in value {
            guard let digit = decimalDigit(byte) else { return nil }
            result = result * 10 + digit
        }
        return result
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}

extension String {
    /// Decodes strictly valid UTF-8 without NUL bytes; nil otherwise.
    init?(validatingUTF8CString bytes: some Collection<UInt8>) {
        if bytes.contains(0) { return nil }
        // Lossy decoding replaces invalid sequences, so a lossless round trip proves validity.
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard decoded.utf8.elementsEqual(bytes) else { return nil }
        self = decoded
    }
}
