/// A careful reader of (uncompressed) tar archives as written by Python's `tarfile`
/// (ustar, GNU and PAX formats) and GNU tar.
///
/// - Every header checksum is verified (unsigned or signed sum, like `tarfile`).
/// - Sizes are octal or GNU base-256. GNU long names/link names (`L`/`K`) and PAX `x`
///   headers (`path`, `linkpath`, `size`; an empty value unsets) apply to the next member,
///   a PAX `path` winning over a GNU long name. PAX global headers (`g`) are checked for
///   well-formed records and otherwise ignored. The ustar `prefix` field is used only
///   with the POSIX magic `ustar\0` (GNU headers keep other data there).
/// - The archive ends at the first zero block (like `tarfile`; a second one is not
///   required) or at the end of the data. Anything after the end is ignored.
/// - **Link policy: every symbolic link and hard link is refused** (`.linkNotSupported`),
///   wherever it points; so are character/block devices, FIFOs, sparse files and unknown
///   type flags. Names starting with `/`, names with a `..` component, names that are not
///   UTF-8 or contain NUL are refused too, as are directories declaring data and regular
///   files whose name ends in `/`. A directory named `.` (the root) is skipped.
/// - Members are returned in archive order; a path may repeat (tar allows it).
public enum TarReader {
    /// Reads every member of a tar archive.
    ///
    /// - Parameters:
    ///   - bytes: the whole (decompressed) archive.
    ///   - limits: bounds on member count, data size and name length.
    /// - Returns: files and directories in archive order, paths normalised (see `TarEntry`).
    /// - Throws: `ArchiveError` naming the member (or offset) at fault.
    public static func read(_ bytes: [UInt8], limits: TarLimits = .default) throws(ArchiveError) -> [TarEntry] {
        var reader = TarStreamReader(bytes: bytes, limits: limits)
        return try reader.readAll()
    }
}

/// Extended-header state waiting for the member it describes.
private struct PendingExtensions {
    var firstOffset: Int?
    var paxPath: [UInt8]?
    var paxLinkPath: [UInt8]?
    var paxSize: Int?
    var sparse = false
    var longName: [UInt8]?
    var longLink: [UInt8]?
}

/// The mutable state of one `TarReader.read` call.
private struct TarStreamReader {
    let bytes: [UInt8]
    let limits: TarLimits
    var entries: [TarEntry] = []
    var pending = PendingExtensions()
    var memberCount = 0
    var totalBytes = 0

    init(bytes: [UInt8], limits: TarLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func readAll() throws(ArchiveError) -> [TarEntry] {
        var offset = 0
        while offset < bytes.count {
            let available = bytes.count - offset
            if available < TarHeader.blockSize {
                if bytes[offset...].allSatisfy({ $0 == 0 }) { break }
                throw ArchiveError.truncatedHeader(offset: offset, available: available)
            }
            if TarHeader.isZeroBlock(bytes, at: offset) { break }
            let header = try TarHeader(bytes, at: offset)
            offset = try process(header)
        }
        if let dangling = pending.firstOffset {
            throw ArchiveError.danglingExtendedHeader(offset: dangling)
        }
        return entries
    }

    /// Handles one header and returns the offset of the next one.
    private mutating func process(_ header: TarHeader) throws(ArchiveError) -> Int {
        switch header.typeflag {
        case UInt8(ascii: "x"):
            let data = try extensionData(header)
            try applyPax(PaxRecords.parse(data, offset: header.offset), offset: header.offset)
        case UInt8(ascii: "g"):
            let data = try extensionData(header)
            _ = try PaxRecords.parse(data, offset: header.offset)  // validated, then ignored
            return next(header, size: data.count)
        case UInt8(ascii: "L"):
            pending.longName = TarHeader.cString(try extensionData(header))
        case UInt8(ascii: "K"):
            pending.longLink = TarHeader.cString(try extensionData(header))
        default:
            return try member(header)
        }
        pending.firstOffset = pending.firstOffset ?? header.offset
        return next(header, size: header.size)
    }

    /// The offset after a header and its data padded to whole blocks.
    private func next(_ header: TarHeader, size: Int) -> Int {
        let blocks = (size + TarHeader.blockSize - 1) / TarHeader.blockSize
        return header.offset + TarHeader.blockSize * (1 + blocks)
    }

    /// The data of an extended header, bounded by `maxExtendedHeaderBytes`.
    private func extensionData(_ header: TarHeader) throws(ArchiveError) -> ArraySlice<UInt8> {
        guard header.size <= limits.maxExtendedHeaderBytes else {
            throw ArchiveError.extendedHeaderTooLarge(
                offset: header.offset, size: header.size, limit: limits.maxExtendedHeaderBytes)
        }
        return try data(of: header, size: header.size, name: String(decoding: header.name, as: UTF8.self))
    }

    /// `size` bytes after the header, or `.truncatedMember` naming `name`.
    private func data(of header: TarHeader, size: Int, name: String) throws(ArchiveError) -> ArraySlice<UInt8> {
        let start = header.offset + TarHeader.blockSize
        let available = bytes.count - start
        guard size <= available else {
            throw ArchiveError.truncatedMember(member: name, declared: size, available: available)
        }
        return bytes[start..<(start + size)]
    }

    private mutating func applyPax(_ records: [PaxRecords.Record], offset: Int) throws(ArchiveError) {
        for record in records {
            switch record.key {
            case "path":
                pending.paxPath = record.value.isEmpty ? nil : record.value
            case "linkpath":
                pending.paxLinkPath = record.value.isEmpty ? nil : record.value
            case "size" where record.value.isEmpty:
                pending.paxSize = nil
            case "size":
                guard let size = PaxRecords.decimal(record.value) else {
                    let shown = String(decoding: record.value.prefix(40), as: UTF8.self)
                    throw ArchiveError.badExtendedHeader(
                        offset: offset, reason: "invalid size value \(ArchiveError.quote(shown))")
                }
                pending.paxSize = size
            default:
                if record.key.hasPrefix("GNU.sparse.") { pending.sparse = true }
            }
        }
    }

    /// Reads a real member (anything but an extended header) and returns the next offset.
    private mutating func member(_ header: TarHeader) throws(ArchiveError) -> Int {
        let extensions = pending
        pending = PendingExtensions()
        memberCount += 1
        if memberCount > limits.maxMembers { throw ArchiveError.tooManyMembers(limit: limits.maxMembers) }

        let rawName = extensions.paxPath ?? extensions.longName ?? header.name
        let shown = String(decoding: rawName, as: UTF8.self)
        if rawName.count > limits.maxNameLength {
            throw ArchiveError.nameTooLong(
                member: TarPath.shortened(shown), length: rawName.count, limit: limits.maxNameLength)
        }
        let kind = try Self.kind(of: header, name: rawName, shown: shown, extensions: extensions)
        let path = try TarPath.normalise(rawName, limits: limits)
        let mode = UInt32(header.mode & 0o7777)
        let size = extensions.paxSize ?? header.size

        switch kind {
        case .directory:
            guard size == 0 else { throw ArchiveError.directoryWithData(member: shown, size: size) }
            if !path.isEmpty { entries.append(TarEntry(path: path, kind: .directory, mode: mode)) }
            return next(header, size: 0)
        case .file:
            guard !path.isEmpty else { throw ArchiveError.emptyName(offset: header.offset) }
            let content = try data(of: header, size: size, name: shown)
            guard size <= limits.maxTotalBytes - totalBytes else {
                throw ArchiveError.tooLarge(member: shown, limit: limits.maxTotalBytes)
            }
            totalBytes += size
            entries.append(TarEntry(path: path, kind: .file, data: Array(content), mode: mode))
            return next(header, size: size)
        }
    }

    /// The kind of a member, or the error refusing it.
    private static func kind(
        of header: TarHeader, name: [UInt8], shown: String, extensions: PendingExtensions
    ) throws(ArchiveError) -> TarEntry.Kind {
        let endsWithSlash = name.last == UInt8(ascii: "/")
        let target = { String(decoding: extensions.paxLinkPath ?? extensions.longLink ?? header.linkName, as: UTF8.self) }
        switch header.typeflag {
        case 0 where endsWithSlash, UInt8(ascii: "5"):
            return .directory
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
            if endsWithSlash { throw ArchiveError.fileNameEndsWithSlash(member: shown) }
            if extensions.sparse { throw ArchiveError.sparseFile(member: shown) }
            return .file
        case UInt8(ascii: "1"):
            throw ArchiveError.linkNotSupported(member: shown, target: target(), hard: true)
        case UInt8(ascii: "2"):
            throw ArchiveError.linkNotSupported(member: shown, target: target(), hard: false)
        case UInt8(ascii: "3"):
            throw ArchiveError.specialFile(member: shown, kind: "character device")
        case UInt8(ascii: "4"):
            throw ArchiveError.specialFile(member: shown, kind: "block device")
        case UInt8(ascii: "6"):
            throw ArchiveError.specialFile(member: shown, kind: "FIFO")
        case UInt8(ascii: "S"):
            throw ArchiveError.sparseFile(member: shown)
        default:
            throw ArchiveError.unsupportedType(member: shown, type: typeName(header.typeflag))
        }
    }

    /// A type flag shown as `'V'` when printable ASCII, `0x1b` otherwise.
    private static func typeName(_ flag: UInt8) -> String {
        (0x21...0x7E).contains(flag)
            ? "'" + String(UnicodeScalar(flag)) + "'"
            : "0x" + (flag < 0x10 ? "0" : "") + String(flag, radix: 16)
    }
}
