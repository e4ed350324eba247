import ArgumentParser
import Foundation
import MigrationRules
import Project
import Snapshot

/// `--rules DIR`, `--disable-rule ID` and `--project-file FILE`, shared by every command that
/// applies rules. The project file (`.image2env.yml` here or in a parent folder, or
/// `--project-file`) gives the defaults; options given on the command line win.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files layered over the built-in rules (repeatable).", valueName: "dir"),
            completion: .directory)
    var folders: [String] = []

    @Option(name: .customLong("disable-rule"), help: ArgumentHelp("Switch off a rule by id (repeatable).", valueName: "id"))
    var disabled: [String] = []

    @Option(name: .customLong("project-file"), help: ArgumentHelp("The project file to read instead of looking for \(ProjectFile.fileName) "
                                                                  + "in this folder and its parents.", valueName: "file"),
            completion: .file(extensions: ["yml", "yaml"]))
    var projectFile: String?

    /// The project file in force, or nil; a mistake in it exits 64 with FILE:LINE:COLUMN.
    func project() throws -> ProjectFile? {
        let cwd = FileManager.default.currentDirectoryPath
        let path: String
        let shown: String
        if let projectFile {
            guard FileManager.default.fileExists(atPath: projectFile) else {
                Console.error("--project-file \(projectFile): no such file")
                throw ExitCode(Exit.usage)
            }
            (path, shown) = (projectFile, projectFile)
        } else if let found = ProjectFile.find(from: cwd) {
            let prefix = URL(fileURLWithPath: cwd).standardizedFileURL.path + "/"
            (path, shown) = (found, found.hasPrefix(prefix) ? String(found.dropFirst(prefix.count)) : found)
        } else {
            return nil
        }
        let limits = try inputLimits()
        do {
            return try ProjectFile.load(path, shown: shown, limits: limits.yaml)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.usage)
        }
    }

    /// The rule set, or exit 64 with the rule file's error.
    func load() throws -> RuleSet {
        try load(try project())
    }

    /// The rule set: the command line's folders and disabled rules, else the project file's.
    func load(_ project: ProjectFile?) throws -> RuleSet {
        guard let builtIn = RuleSet.builtInFolder() else {
            Console.error("cannot find the built-in rules: set IMAGE2ENV_RULES to the rules/ folder")
            throw ExitCode(Exit.usage)
        }
        let limits = try inputLimits()
        do {
            return try RuleSet.load(builtIn: builtIn, userFolders: folders.isEmpty ? project?.rules ?? [] : folders,
                                    disabled: disabled.isEmpty ? project?.disableRules ?? [] : disabled, limits: limits.yaml)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.usage)
        }
    }
}
