/// Reading `.tar.gz` artifacts: gzip decompression followed by `TarReader`.
public enum TarGz {
    /// Decompresses and reads a `.tar.gz` archive.
    ///
    /// The gzip output is capped at `limits.maxTotalBytes` plus room for tar structure:
    /// 2 KiB per allowed member (header, PAX header, padding) and 1 MiB for the rest,
    /// so a gzip bomb fails early with `.gzipTooLarge`.
    ///
    /// - Throws: any gzip or tar `ArchiveError`.
    public static func read(_ bytes: [UInt8], limits: TarLimits = .default) throws(ArchiveError) -> [TarEntry] {
        let tar = try Gzip.decompress(bytes, limit: gzipLimit(for: limits))
        return try TarReader.read(tar, limits: limits)
    }

    /// The decompressed-size limit used for `limits` (saturating at `Int.max`).
    public static func gzipLimit(for limits: TarLimits) -> Int {
        let (perMember, overflow1) = max(0, limits.maxMembers).multipliedReportingOverflow(by: 2048)
        let (structure, overflow2) = perMember.addingReportingOverflow(1 << 20)
        let (total, overflow3) = max(0, limits.maxTotalBytes).addingReportingOverflow(structure)
        return overflow1 || overflow2 || overflow3 ? Int.max : total
    }
}
