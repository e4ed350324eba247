import ArgumentParser
import Foundation
import MigrationRules
import Reports
import Snapshot
import WorkspaceClient

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, explain and test the migration rules.",
        discussion: """
        Rules are YAML files: the built-in ones in rules/ (or PREFIX/share/image2env/rules when installed), with your folders layered over them by --rules. See docs/rules.md.

        Examples:
          image2env rules list
          image2env rules explain docker-steps
          image2env rules test my-rules/
        """,
        subcommands: [List.self, Explain.self, Test.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules in force, in the order they apply.")
        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let set = try ruleOptions.load()
            var rows = [["ID", "SEVERITY", "TITLE", "FILE"]]
            for rule in set.rules {
                rows.append([rule.id, rule.severity.rawValue, rule.title, "\(rule.file):\(rule.line)"])
            }
            emitLines(TextTable.align(rows) + "\n\(set.rules.count) rules from \(set.folders.joined(separator: ", "))\n")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one rule: conditions, actions, message, examples.")
        @OptionGroup var ruleOptions: RuleOptions
        @Argument(help: "The rule id.") var id: String

        func run() throws {
            let set = try ruleOptions.load()
            guard let rule = set.rule(id) else {
                Console.error("no rule has the id \"\(id)\" (see: image2env rules list)")
                throw ExitCode(Exit.usage)
            }
            emitLines(RuleExplanation.text(rule))
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples against the whole rule set; exit 1 on a mismatch.",
            discussion: "With DIR, that folder's rules are layered over the built-in ones (like --rules DIR)."
        )
        @OptionGroup var ruleOptions: RuleOptions
        @Argument(help: "A folder of user rules to test with the built-in ones.") var folder: String?

        func run() throws {
            var options = ruleOptions
            if let folder { options.folders.append(folder) }
            let set = try options.load()
            let result = ExampleRunner.run(set)
            for mismatch in result.mismatches { Console.error(mismatch.description) }
            emitLines("\(result.examples - result.mismatches.count) passed, \(result.mismatches.count) failed\n")
            if !result.mismatches.isEmpty { throw ExitCode.failure }
        }
    }
}

/// Command output on standard output (nothing with `--quiet`), redacted.
func emitLines(_ text: String) {
    if Console.quiet { return }
    FileHandle.standardOutput.write(Data(Redaction.text(text).utf8))
}
