import Foundation
import Snapshot

/// The rules in force: the built-in rule files, with user folders layered over them.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule]
    public private(set) var tables: Tables
    public private(set) var defaults: SDKDefaults
    /// The folders read, built-in first.
    public private(set) var folders: [String]

    /// Applies every rule that runs before the solve stage, and whose conditions hold, to one image.
    public func migrate(_ facts: ImageFacts) -> Migration {
        RuleEngine(ruleSet: self).migrate(facts)
    }

    /// Writes `resolution` into the migration's Environment (the chosen Python, the solved
    /// versions) and applies every rule that runs after the solve stage. An Environment that did
    /// not resolve is never `ready`.
    public func finish(_ migration: Migration, facts: ImageFacts, resolution: Resolution) -> Migration {
        RuleEngine(ruleSet: self).finish(migration, facts: facts, resolution: resolution)
    }


    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// Reads the built-in rules, then each user folder: a rule with an id already present
    /// replaces it in place, a new one is appended; tables merge key by key. `disabled` ids are
    /// removed last (an unknown id is an error).
    public static func load(builtIn: String?, userFolders: [String] = [], disabled: [String] = [],
                            limits: YAMLLimits = .default) throws(RuleError) -> RuleSet {
        var rules: [Rule] = []
        var tables = Tables()
        var folders: [String] = []
        for folder in [builtIn].compactMap({ $0 }) + userFolders {
            folders.append(folder)
            var seenHere: [String: Rule] = [:]
            for file in try files(in: folder) {
                let ruleFile = try RuleFileLoader.load(file: file, limits: limits)
                for (name, entries) in ruleFile.tables { tables.merge(name, entries, from: file) }
                for rule in ruleFile.rules {
                    if let first = seenHere[rule.id] {
                        throw RuleError(file: rule.file, line: rule.line, column: nil, ruleId: rule.id,
                                        message: "the id is already used at \(first.file):\(first.line)")
                    }
                    seenHere[rule.id] = rule
                    if let i = rules.firstIndex(where: { $0.id == rule.id }) {
                        rules[i] = rule
                    } else {
                        rules.append(rule)
                    }
                }
            }
        }
        for id in disabled {
            guard rules.contains(where: { $0.id == id }) else {
                throw RuleError(file: "--disable-rule", line: nil, column: nil, ruleId: nil, message: "no rule has the id \"\(id)\"")
            }
            rules.removeAll { $0.id == id }
        }
        let defaults = try sdkDefaults(tables)
        for rule in rules {
            for table in rule.when.flatMap(\.tableNames) + rule.then.flatMap(\.tableNames) where tables.tables[table] == nil {
                throw RuleError(file: rule.file, line: rule.line, column: nil, ruleId: rule.id,
                                message: "uses table \"\(table)\", which no rule file defines")
            }
            for template in rule.templates {
                for table in template.tableNames where tables.tables[table] == nil {
                    throw RuleError(file: rule.file, line: rule.line, column: nil, ruleId: rule.id,
                                    message: "uses table \"\(table)\", which no rule file defines")
                }
            }
        }
        return RuleSet(rules: rules, tables: tables, defaults: defaults, folders: folders)
    }

    /// `*.yml` and `*.yaml` files of a folder, by name.
    static func files(in folder: String) throws(RuleError) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw RuleError(file: folder, line: nil, column: nil, ruleId: nil, message: "not a folder of rule files")
        }
        return names.filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    static func sdkDefaults(_ tables: Tables) throws(RuleError) -> SDKDefaults {
        func need<T>(_ key: String, _ value: T?) throws(RuleError) -> T {
            guard let value else {
                throw RuleError(file: tables.origins["sdkDefaults"] ?? "rules", line: nil, column: nil, ruleId: nil,
                                message: "table \"sdkDefaults\" needs \"\(key)\"")
            }
            return value
        }
        return SDKDefaults(cpuImage: try need("cpuImage", tables.string("sdkDefaults", "cpuImage")),
                           condaName: try need("condaName", tables.string("sdkDefaults", "condaName")),
                           channels: try need("channels", tables.list("sdkDefaults", "channels")),
                           condaPackages: try need("condaPackages", tables.list("sdkDefaults", "condaPackages")),
                           pipPackages: try need("pipPackages", tables.list("sdkDefaults", "pipPackages")),
                           condaFilePython: try need("condaFilePython", tables.string("sdkDefaults", "condaFilePython")))
    }

    /// Where the built-in rules are: `$IMAGE2ENV_RULES`; `<prefix>/share/image2env/rules` beside an
    /// installed binary; else the source tree's `rules/` (for `swift run` from anywhere).
    public static func builtInFolder(executable: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["IMAGE2ENV_RULES"], !env.isEmpty { return env }
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        let installed = exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/image2env/rules").path
        if fm.fileExists(atPath: installed) { return installed }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
        if fm.fileExists(atPath: source) { return source }
        return nil
    }
}

extension Rule {
    /// Every template of the rule: its message, remediation and actions'.
    var templates: [Template] {
        [message] + [remediation].compactMap { $0 } + then.compactMap {
            switch $0 {
            case .setBaseImage(let t), .setBaseDockerfile(let t): return t
            default: return nil
            }
        }
    }
}

extension Condition {
    /// The tables a condition reads.
    var tableNames: [String] {
        switch self {
        case .baseImageInTable(let t), .condaPackageInTable(let t): return [t]
        case .all(let list), .any(let list): return list.flatMap(\.tableNames)
        case .not(let c): return c.tableNames
        default: return []
        }
    }
}

extension Action {
    /// The tables an action reads.
    var tableNames: [String] {
        if case .moveCondaPackagesToPip(let t) = self { return [t] }
        return []
    }
}
