// Fuzz target: the conda YAML reader (the YAML guard, then Yams, then the conda schema).
// Invariants: nothing crashes or hangs; an error with a line has a column, both 1-based; the
// libyaml event reader and the Yams path give the same spec or the same error.
import CFuzzDriver
import Foundation
import Snapshot

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    var outcomes: [Result<CondaSpec, CondaSpec.ParseError>] = []
    for reader in [CondaSpec.Reader.events, .yams] {
        do throws(CondaSpec.ParseError) {
            let spec = try CondaSpec.parse(text, limits: .default, reader: reader)
            _ = spec.pythonVersion
            outcomes.append(.success(spec))
        } catch {
            if let line = error.line {
                precondition(line >= 1 && (error.column ?? 0) >= 1, "bad position in \(error)")
            }
            outcomes.append(.failure(error))
        }
    }
    precondition(outcomes[0] == outcomes[1], "the conda readers differ: events \(outcomes[0]), yams \(outcomes[1])")
    return 0
}

exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
