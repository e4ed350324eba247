/// Runs every rule's examples against the whole rule set (SwiftLint-style: a rule cannot drift
/// from its documentation).
public enum ExampleRunner {
    /// One example that did not come out as written.
    public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
        public var rule: String
        public var example: String
        public var file: String
        public var line: Int
        public var problems: [String]

        public var description: String {
            "\(file):\(line): rule \"\(rule)\", example \"\(example)\":\n" + problems.map { "    \($0)" }.joined(separator: "\n")
        }
    }

    public struct Result: Sendable {
        public var examples: Int
        public var mismatches: [Mismatch]
    }

    public static func run(_ ruleSet: RuleSet, only ruleIds: Set<String>? = nil) -> Result {
        var count = 0
        var mismatches: [Mismatch] = []
        for rule in ruleSet.rules where ruleIds?.contains(rule.id) ?? true {
            for example in rule.examples {
                count += 1
                let problems = check(example, ruleSet.migrate(example.image))
                if !problems.isEmpty {
                    mismatches.append(Mismatch(rule: rule.id, example: example.name, file: rule.file, line: example.line, problems: problems))
                }
            }
        }
        return Result(examples: count, mismatches: mismatches)
    }

    static func check(_ example: RuleExample, _ migration: Migration) -> [String] {
        var problems: [String] = []
        if let expected = example.expectReadiness, expected != migration.readiness {
            problems.append("readiness: expected \(expected.rawValue), got \(migration.readiness.rawValue)")
        }
        if let expected = example.expectFindings {
            let got = migration.findings.map(\.rule)
            if expected != got {
                problems.append("findings: expected [\(expected.joined(separator: ", "))], got [\(got.joined(separator: ", "))]")
            }
        }
        for (field, expected) in example.expectEnvironment {
            let got = migration.environment.field(field) ?? .null
            if got != expected { problems.append("environment.\(field): expected \(expected), got \(got)") }
        }
        return problems
    }
}
