// Fuzz target: the tar.gz reader. Input starting with the gzip magic goes through
// `TarGz.read`; anything else straight to `TarReader.read`, so the fuzzer can shape tar
// headers without having to produce valid deflate data. Archives that read are turned into
// a source tree.
// Invariants: nothing crashes; the limits hold; no entry path is absolute, empty or has a
// `.`/`..` component; every refused member is named in the message.
import Archive
import CFuzzDriver
import Foundation

enum Harness {
    static let limits = TarLimits(maxMembers: 64, maxTotalBytes: 1 << 20, maxNameLength: 512, maxExtendedHeaderBytes: 1 << 14)
}

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let entries: [TarEntry]
    do {
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            entries = try TarGz.read(bytes, limits: Harness.limits)
        } else {
            entries = try TarReader.read(bytes, limits: Harness.limits)
        }
    } catch {
        precondition(!error.description.isEmpty)
        if let member = error.member { precondition(!member.isEmpty) }
        return 0
    }
    precondition(entries.count <= Harness.limits.maxMembers, "member limit exceeded")
    precondition(entries.reduce(0) { $0 + $1.data.count } <= Harness.limits.maxTotalBytes, "size limit exceeded")
    for entry in entries {
        let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
        precondition(!entry.path.isEmpty && !entry.path.hasPrefix("/"), "unsafe path \(entry.path)")
        precondition(parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }, "unsafe path \(entry.path)")
    }
    let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
    for file in tree.files {
        precondition(!file.path.hasPrefix("/") && !file.path.split(separator: "/").contains(".."), "unsafe tree path \(file.path)")
    }
    return 0
}

exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
