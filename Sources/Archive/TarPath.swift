/// Validation and normalisation of tar member names.
enum TarPath {
    /// Checks a raw member name and returns its normalised relative form (components
    /// joined by `/`, without empty or `.` components; `""` for the root itself).
    ///
    /// - Throws: `.nameTooLong`, `.invalidName`, `.absolutePath` or `.parentTraversal`.
    static func normalise(_ raw: [UInt8], limits: TarLimits) throws(ArchiveError) -> String {
        if raw.count > limits.maxNameLength {
            throw ArchiveError.nameTooLong(
                member: shortened(String(decoding: raw, as: UTF8.self)), length: raw.count, limit: limits.maxNameLength)
        }
        guard let name = String(validatingUTF8CString: raw) else {
            throw ArchiveError.invalidName(member: String(decoding: raw, as: UTF8.self))
        }
        if name.hasPrefix("/") { throw ArchiveError.absolutePath(member: name) }
        var components: [Substring] = []
        for component in name.split(separator: "/", omittingEmptySubsequences: true) {
            if component == ".." { throw ArchiveError.parentTraversal(member: name) }
            if component != "." { components.append(component) }
        }
        return components.joined(separator: "/")
    }

    /// The first 100 characters of `name` followed by `…` when it is longer.
    static func shortened(_ name: String) -> String {
        name.count > 100 ? String(name.prefix(100)) + "…" : name
    }
}
