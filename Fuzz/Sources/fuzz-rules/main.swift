// Fuzz target: rule file loading (the YAML guard, Yams, the rule schema, conditions, actions,
// templates, examples). A file that loads is explained (RuleExplanation) as `rules explain` does.
// Invariants: nothing crashes or hangs; every error names the file.
import CFuzzDriver
import Foundation
import MigrationRules

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    do {
        let file = try RuleFileLoader.parse(text, file: "fuzz.yml", limits: .default)
        for rule in file.rules { _ = RuleExplanation.text(rule) }
    } catch {
        precondition(error.file == "fuzz.yml", "error without the file: \(error)")
        precondition(!error.description.isEmpty)
    }
    return 0
}

exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
