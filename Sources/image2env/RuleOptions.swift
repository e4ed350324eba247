import ArgumentParser
import MigrationRules
import Snapshot

/// `--rules DIR` and `--disable-rule ID`, shared by every command that applies rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files layered over the built-in rules (repeatable).", valueName: "dir"))
    var folders: [String] = []

    @Option(name: .customLong("disable-rule"), help: ArgumentHelp("Switch off a rule by id (repeatable).", valueName: "id"))
    var disabled: [String] = []

    /// The rule set, or exit 64 with the rule file's error.
    func load() throws -> RuleSet {
        guard let builtIn = RuleSet.builtInFolder() else {
            Console.error("cannot find the built-in rules: set IMAGE2ENV_RULES to the rules/ folder")
            throw ExitCode(Exit.usage)
        }
        let limits = try inputLimits()
        do {
            return try RuleSet.load(builtIn: builtIn, userFolders: folders, disabled: disabled, limits: limits.yaml)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.usage)
        }
    }
}
