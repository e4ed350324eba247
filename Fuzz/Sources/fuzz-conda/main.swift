// Fuzz target: the conda YAML reader (the YAML guard, then Yams, then the conda schema).
// Invariants: nothing crashes or hangs; an error with a line has a column, both 1-based.
import CFuzzDriver
import Foundation
import Snapshot

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    do {
        let spec = try CondaSpec.parse(text, limits: .default)
        _ = spec.pythonVersion
    } catch {
        if let line = error.line {
            precondition(line >= 1 && (error.column ?? 0) >= 1, "bad position in \(error)")
        }
    }
    return 0
}

exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
