// Fuzz target: image payload decoding, from JSON bytes to reports and converted files.
//
// The input is a JSON document read as standard input would be (one payload, a list page or
// an array). Every image that decodes is resolved (without artifacts), migrated by the
// built-in rules, rendered in the JSON and text audit formats and converted to v1/v2 files.
// Invariants: nothing crashes; a document that yields no image yields at least one problem or
// is an empty list; every problem names the input.
import CFuzzDriver
import Foundation
import JSONValue
import LegacyImage
import Emit
import MigrationRules
import Pipeline
import Reports
import Snapshot

enum Harness {
    static let ruleSet: RuleSet = {
        guard let folder = RuleSet.builtInFolder() else { fatalError("set IMAGE2ENV_RULES to the rules/ folder") }
        do {
            return try RuleSet.load(builtIn: folder)
        } catch {
            fatalError("built-in rules: \(error)")
        }
    }()
}

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let workspace: LoadedWorkspace
    do {
        workspace = try SourceLoader(limits: .default).load("-", stdin: { bytes })
    } catch {
        preconditionFailure("standard input is always readable: \(error)")
    }
    for problem in workspace.problems {
        precondition(problem.file == "<stdin>", "problem without the input's name: \(problem)")
    }
    let report = AuditReport(workspace: workspace, ruleSet: Harness.ruleSet)
    _ = try? AuditJSON.render(report)
    _ = AuditText.render(report)
    for row in report.rows {
        _ = try? Conversion.files(for: row.resolved, migration: row.migration, ruleSet: Harness.ruleSet)
    }
    return 0
}

// Load the rules before fuzzing: libFuzzer's leak check runs per input, and LeakSanitizer cannot
// follow pointers that Swift keeps in enums' spare bits (the rule conditions), so objects first
// allocated during an input look leaked.
_ = Harness.ruleSet
exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
