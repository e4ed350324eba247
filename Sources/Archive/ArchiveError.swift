/// Why a gzip stream or tar archive was refused.
///
/// Every message is a complete, human sentence fragment naming the tar member (or byte
/// offset, when no member name is known yet). Callers prefix the artifact's file name, e.g.
/// `"deps.tar.gz: truncated tar member 'home/a/x.py': header says 1200 bytes, 512 available"`.
/// Member names inside messages are quoted with `'` and control characters are escaped,
/// so a hostile name cannot forge terminal output.
public enum ArchiveError: Error, CustomStringConvertible, Equatable, Sendable {
    // MARK: gzip

    /// The input was 0 bytes long.
    case emptyInput
    /// The input does not start with the gzip magic bytes `1f 8b`.
    case notGzip
    /// The gzip stream ended before its end-of-member trailer.
    case truncatedGzip
    /// zlib refused the compressed data; the payload is zlib's own message.
    case corruptGzip(String)
    /// Bytes other than zero padding follow a complete gzip member, at this input offset.
    case trailingGarbage(offset: Int)
    /// The decompressed output would exceed this many bytes (gzip bomb protection).
    case gzipTooLarge(limit: Int)
    /// zlib failed to initialise or reset (e.g. out of memory), with its return code.
    case zlibFailure(code: Int32)

    // MARK: tar structure

    /// The 512-byte header at this offset failed the checksum; `name` is its raw name field.
    case badChecksum(offset: Int, name: String, stored: Int, computed: Int)
    /// A numeric header field (`size`, `mode`, `chksum`) is not valid octal or base-256.
    case badNumericField(offset: Int, name: String, field: String)
    /// Fewer than 512 bytes (and not all zero) remain where a header was expected.
    case truncatedHeader(offset: Int, available: Int)
    /// A member's data extends past the end of the archive.
    case truncatedMember(member: String, declared: Int, available: Int)
    /// A PAX extended header (`x`/`g`) at this offset is malformed.
    case badExtendedHeader(offset: Int, reason: String)
    /// An extended header (`x`, `g`, `L`, `K`) is larger than the limit.
    case extendedHeaderTooLarge(offset: Int, size: Int, limit: Int)
    /// The archive ends right after an extended header, without the member it describes.
    case danglingExtendedHeader(offset: Int)

    // MARK: refused members

    /// The member name starts with `/`.
    case absolutePath(member: String)
    /// The member name has a `..` component.
    case parentTraversal(member: String)
    /// The member name is empty (and it is not a directory standing for the root).
    case emptyName(offset: Int)
    /// The member name is not valid UTF-8 or contains a NUL byte (shown lossily).
    case invalidName(member: String)
    /// The member name is longer (in UTF-8 bytes) than the limit; `member` is shortened.
    case nameTooLong(member: String, length: Int, limit: Int)
    /// A symbolic (`hard == false`) or hard link; no links are supported.
    case linkNotSupported(member: String, target: String, hard: Bool)
    /// A character device, block device or FIFO.
    case specialFile(member: String, kind: String)
    /// A sparse file (GNU type `S` or PAX `GNU.sparse.*` records).
    case sparseFile(member: String)
    /// A type flag this reader does not know (shown printable).
    case unsupportedType(member: String, type: String)
    /// A directory member whose header declares data.
    case directoryWithData(member: String, size: Int)
    /// A regular file member whose name ends with `/`.
    case fileNameEndsWithSlash(member: String)

    // MARK: limits

    /// The archive has more members than the limit.
    case tooManyMembers(limit: Int)
    /// The file data of the archive exceeds the limit, reached at this member.
    case tooLarge(member: String, limit: Int)

    /// The human message (without the artifact's file name).
    public var description: String {
        switch self {
        case .emptyInput:
            return "empty input: expected gzip data, got 0 bytes"
        case .notGzip:
            return "not gzip data: the input does not start with the gzip magic bytes 1f 8b"
        case .truncatedGzip:
            return "truncated gzip stream"
        case .corruptGzip(let message):
            return "corrupt gzip stream: \(message)"
        case .trailingGarbage(let offset):
            return "unexpected data after the end of the gzip stream at byte offset \(offset)"
        case .gzipTooLarge(let limit):
            return "gzip stream expands beyond the limit of \(limit) bytes (possible gzip bomb)"
        case .zlibFailure(let code):
            return "zlib failure (code \(code))"
        case .badChecksum(let offset, let name, let stored, let computed):
            return "invalid tar header at offset \(offset)\(Self.named(name)): "
                + "checksum mismatch (header says \(stored), computed \(computed))"
        case .badNumericField(let offset, let name, let field):
            return "invalid tar header at offset \(offset)\(Self.named(name)): "
                + "the \(field) field is not a valid number"
        case .truncatedHeader(let offset, let available):
            return "truncated tar header at offset \(offset): 512 bytes needed, \(available) available"
        case .truncatedMember(let member, let declared, let available):
            return "truncated tar member \(Self.quote(member)): header says \(declared) bytes, \(available) available"
        case .badExtendedHeader(let offset, let reason):
            return "invalid PAX extended header at offset \(offset): \(reason)"
        case .extendedHeaderTooLarge(let offset, let size, let limit):
            return "extended header at offset \(offset) is \(size) bytes, more than the limit of \(limit) bytes"
        case .danglingExtendedHeader(let offset):
            return "tar archive ends after the extended header at offset \(offset) without the member it describes"
        case .absolutePath(let member):
            return "tar member \(Self.quote(member)) has an absolute path"
        case .parentTraversal(let member):
            return "tar member \(Self.quote(member)) has a '..' path component"
        case .emptyName(let offset):
            return "tar member at offset \(offset) has an empty name"
        case .invalidName(let member):
            return "tar member name \(Self.quote(member)) is not valid UTF-8 or contains a NUL byte"
        case .nameTooLong(let member, let length, let limit):
            return "tar member name \(Self.quote(member)) is \(length) bytes, more than the limit of \(limit) bytes"
        case .linkNotSupported(let member, let target, let hard):
            let kind = hard ? "hard link" : "symbolic link"
            return "link member \(Self.quote(member)) (\(kind) to \(Self.quote(target))) is not supported"
        case .specialFile(let member, let kind):
            return "tar member \(Self.quote(member)) is a \(kind), which is not supported"
        case .sparseFile(let member):
            return "tar member \(Self.quote(member)) is a sparse file, which is not supported"
        case .unsupportedType(let member, let type):
            return "tar member \(Self.quote(member)) has unsupported type \(type)"
        case .directoryWithData(let member, let size):
            return "directory member \(Self.quote(member)) declares \(size) bytes of data"
        case .fileNameEndsWithSlash(let member):
            return "file member \(Self.quote(member)) has a name ending in '/'"
        case .tooManyMembers(let limit):
            return "tar archive has more than \(limit) members"
        case .tooLarge(let member, let limit):
            return "tar archive holds more than \(limit) bytes of file data (limit reached at member \(Self.quote(member)))"
        }
    }

    /// The full human message; the same as `description`.
    public var message: String { description }

    /// The (raw, possibly lossily decoded) name of the tar member at fault, when the error
    /// concerns one; nil for gzip errors, archive-wide limits and offset-only errors.
    public var member: String? {
        switch self {
        case .badChecksum(_, let name, _, _), .badNumericField(_, let name, _):
            return name.isEmpty ? nil : name
        case .truncatedMember(let member, _, _), .absolutePath(let member), .parentTraversal(let member),
            .invalidName(let member), .nameTooLong(let member, _, _), .linkNotSupported(let member, _, _),
            .specialFile(let member, _), .sparseFile(let member), .unsupportedType(let member, _),
            .directoryWithData(let member, _), .fileNameEndsWithSlash(let member), .tooLarge(let member, _):
            return member
        case .emptyInput, .notGzip, .truncatedGzip, .corruptGzip, .trailingGarbage, .gzipTooLarge, .zlibFailure,
            .truncatedHeader, .badExtendedHeader, .extendedHeaderTooLarge, .danglingExtendedHeader, .emptyName,
            .tooManyMembers:
            return nil
        }
    }

    /// `" (member 'x')"`, or nothing when the raw name is empty.
    private static func named(_ name: String) -> String {
        name.isEmpty ? "" : " (member \(quote(name)))"
    }

    /// Quotes a name with `'`, escaping control characters as `\u{XX}`.
    static func quote(_ name: String) -> String {
        var out = "'"
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (0x7F...0x9F).contains(v) {
                out += "\\u{" + String(v, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}
