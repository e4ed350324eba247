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
                let problems = check(example, migrate(example, ruleSet))
                if !problems.isEmpty {
                    mismatches.append(Mismatch(rule: rule.id, example: example.name, file: rule.file, line: example.line, problems: problems))
                }
            }
        }
        return Result(examples: count, mismatches: mismatches)
    }

    /// The rule set over the example's image: the rules before the solve stage, then, when the
    /// example gives a `resolution`, the rules after it (the image's Python filled in from the
    /// draft, as the solve stage does).
    static func migrate(_ example: RuleExample, _ ruleSet: RuleSet) -> Migration {
        let first = ruleSet.migrate(example.image)
        guard var resolution = example.resolution else { return first }
        resolution.imagePython = first.environment.pythonVersion
        return ruleSet.finish(first, facts: example.image, resolution: resolution)
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
