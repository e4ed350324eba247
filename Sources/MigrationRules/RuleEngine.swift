import Foundation
import Snapshot

/// Applies a rule set to one image: every rule, in order, whose conditions hold.
struct RuleEngine {
    let ruleSet: RuleSet

    func migrate(_ facts: ImageFacts) -> Migration {
        var env = EnvironmentDraft(name: facts.name + "-env", conda: facts.conda, defaults: ruleSet.defaults)
        var findings: [Finding] = []
        var trace: [String: String] = [:]
        apply(ruleSet.rules.filter { !$0.afterResolution }, facts, nil, &env, &findings, &trace)
        return Migration(readiness: Readiness(findings: findings), environment: env, findings: findings, trace: Self.ordered(trace),
                         script: facts.script)
    }

    func finish(_ migration: Migration, facts: ImageFacts, resolution: Resolution) -> Migration {
        var env = migration.environment
        var findings = migration.findings
        var trace = Dictionary(migration.trace.map { ($0.field, $0.rule) }, uniquingKeysWith: { _, b in b })
        apply(ruleSet.rules.filter(\.afterResolution), facts, resolution, &env, &findings, &trace)
        var readiness = Readiness(findings: findings)
        if readiness == .ready && resolution.status != .resolved {
            // Not backed by a solve: never `ready`, whatever the rules in force say.
            readiness = .review
            if !findings.contains(where: { $0.severity >= .review }) {
                findings.append(Finding(rule: "not-resolved", severity: .review,
                                        message: "The Environment was not resolved (\(resolution.reason ?? resolution.status.rawValue)), so it is not known to install."))
            }
        }
        return Migration(readiness: readiness, environment: env, findings: findings, trace: Self.ordered(trace), resolution: resolution,
                         script: migration.script)
    }

    /// Applies `rules` in order: each whose conditions hold changes `env` and adds its findings.
    private func apply(_ rules: [Rule], _ facts: ImageFacts, _ resolution: Resolution?, _ env: inout EnvironmentDraft,
                       _ findings: inout [Finding], _ trace: inout [String: String]) {
        for rule in rules where rule.when.allSatisfy({ holds($0, facts, env, resolution) }) {
            let items: [Item?] = rule.forEach.map { list in Item.list(list, facts, resolution, ruleSet.tables).map(Optional.some) } ?? [nil]
            for item in items {
                var changed: [String] = []
                var severity = rule.severity
                var message: String
                var remediation: String?
                do {
                    for action in rule.then {
                        changed += try apply(action, facts: facts, resolution: resolution, env: &env)
                        if action == .block { severity = .manual }
                    }
                    let context = Context(facts: facts, env: env, resolution: resolution, item: item)
                    message = try render(rule.message, context)
                    remediation = try rule.remediation.map { (t) throws(ApplyError) in try render(t, context) }
                } catch {
                    severity = .manual
                    message = "rule could not be applied: \(error.message)"
                }
                for field in changed { trace[field] = rule.id }
                findings.append(Finding(rule: rule.id, severity: severity, message: message, field: changed.first,
                                        remediation: remediation, link: rule.link, location: item?.location))
            }
        }
    }

    static func ordered(_ trace: [String: String]) -> [(field: String, rule: String)] {
        EnvironmentDraft.fieldNames.compactMap { field in trace[field].map { (field, $0) } }
            + trace.keys.filter { !EnvironmentDraft.fieldNames.contains($0) }.sorted().compactMap { field in trace[field].map { (field, $0) } }
    }

    /// One item of a `forEach` list, as `${item.*}` placeholders read it.
    struct Item {
        var fields: [String: String]
        /// Where it is in the source tree (script items).
        var location: SourceLocation?

        func field(_ name: String) -> String? {
            guard let location else { return fields[name] }
            return ScriptItem(location, fields).field(name)
        }

        static func list(_ list: ForEachList, _ facts: ImageFacts, _ resolution: Resolution?, _ tables: Tables) -> [Item] {
            switch list {
            case .relaxedPins:
                return (resolution?.relaxed ?? []).map { r in
                    var fields = ["name": r.name, "from": r.from, "to": r.to, "reason": r.reason]
                    fields["version"] = r.version
                    return Item(fields: fields)
                }
            case .sourceBuilds:
                return (resolution?.sourceBuilds ?? []).map { Item(fields: ["name": $0]) }
            case .unprovidedImports:
                guard let resolution else { return [] }
                return facts.script.unprovidedImports(resolution, tables: tables).map { Item(fields: $0.fields, location: $0.location) }
            default:
                return facts.script.items(list).map { Item(fields: $0.fields, location: $0.location) }
            }
        }
    }

    /// What a template may read.
    struct Context {
        var facts: ImageFacts
        var env: EnvironmentDraft
        var resolution: Resolution? = nil
        var item: Item? = nil
    }

    // MARK: - Conditions

    static let knownFlavors = ["WebApiContainer", "AccelContainer", "IoTContainer"]

    func holds(_ condition: Condition, _ f: ImageFacts, _ env: EnvironmentDraft, _ resolution: Resolution?) -> Bool {
        let r = resolution ?? Resolution(status: .off)
        switch condition {
        case .flavor(let list):
            return list.contains(f.flavor) || (list.contains("Unknown") && !Self.knownFlavors.contains(f.flavor))
        case .runtime(let list):
            let runtime = (f.runtime ?? "none").lowercased()
            return list.contains { $0.lowercased() == runtime }
        case .architecture(let list): return list.contains(f.architecture)
        case .gpu(let b): return f.gpu == b
        case .installCuda(let b): return f.installCuda == b
        case .cudaVersion(let list): return f.cudaVersion.map(list.contains) ?? false
        case .customBaseImage(let b): return (f.baseImage != nil) == b
        case .baseImageMatches(let pattern):
            guard let image = f.baseImage, let regex = try? NSRegularExpression(pattern: pattern) else { return false }
            return regex.firstMatch(in: image, range: NSRange(image.startIndex..., in: image)) != nil
        case .baseImageInTable(let table):
            return f.baseImage.map { ruleSet.tables.value(table, $0) != nil } ?? false
        case .customRuntimeWithoutBaseImage(let b):
            return (f.runtime?.lowercased() == "pythoncustom" && f.baseImage == nil) == b
        case .hasDockerSteps(let b): return f.hasDockerSteps == b
        case .hasSchema(let b): return f.hasSchema == b
        case .hasCondaFile(let b): return f.hasCondaFile == b
        case .condaFileMissing(let b): return f.condaFileMissing == b
        case .hasInjectedRequirements(let b): return f.hasInjectedRequirements == b
        case .hasRegistryPassword(let b): return f.registryHasPassword == b
        case .condaPackage(let name, let version): return Self.has(env.condaPackages, name, version)
        case .pipPackage(let name, let version): return Self.has(env.pipPackages, name, version)
        case .pythonBelow(let v):
            guard let current = env.pythonVersion else { return false }
            return VersionConstraint.compare(VersionConstraint.components(current), VersionConstraint.components(v)) < 0
        case .creationState(let list): return f.creationState.map(list.contains) ?? list.contains("none")
        case .scriptAnalysis(let list): return list.contains(f.script.status.rawValue)
        case .usesInferenceSchema(let b): return f.script.usesInferenceSchema == b
        case .payloadShape(let shape): return f.shape == shape
        case .condaPackageInTable(let table):
            return env.condaPackages.contains { ruleSet.tables.value(table, PackageSpec.name($0)) != nil }
        case .resolution(let list): return list.contains(r.status.rawValue)
        case .blockKind(let list): return r.blockKind.map { list.contains($0.rawValue) } ?? false
        case .blockingModelCritical(let b): return (r.status == .blocked && r.blockingIsModelCritical) == b
        case .pythonChanged(let b): return r.pythonChanged == b
        case .lastResortPython(let b): return (r.status == .resolved && r.lastResortPython) == b
        case .relaxedPins(let b): return !r.relaxed.isEmpty == b
        case .sourceBuilds(let b): return !r.sourceBuilds.isEmpty == b
        case .condaOnly(let b): return !r.condaOnly.isEmpty == b
        case .uncheckedRequirements(let b): return !r.unchecked.isEmpty == b
        case .v2Unavailable(let b): return (r.v2Unavailable != nil) == b
        case .platformAssumed(let b): return (r.status == .resolved && r.platformAssumed) == b
        case .all(let list): return list.allSatisfy { holds($0, f, env, resolution) }
        case .any(let list): return list.contains { holds($0, f, env, resolution) }
        case .not(let c): return !holds(c, f, env, resolution)
        }
    }

    static func has(_ specs: [String], _ name: String, _ version: VersionConstraint?) -> Bool {
        specs.contains { spec in
            guard PackageSpec.name(spec) == name else { return false }
            guard let version else { return true }
            return PackageSpec.pinnedVersion(spec).map(version.matches) ?? false
        }
    }

    // MARK: - Actions

    struct ApplyError: Error { var message: String }

    /// Applies one action; returns the Environment fields it changed.
    func apply(_ action: Action, facts: ImageFacts, resolution: Resolution?, env: inout EnvironmentDraft) throws(ApplyError) -> [String] {
        switch action {
        case .setBaseImage(let t):
            env.baseImage = try render(t, Context(facts: facts, env: env))
            defer { env.baseDockerfile = nil }
            return env.baseDockerfile == nil ? ["baseImage"] : ["baseImage", "baseDockerfile"]
        case .setBaseDockerfile(let t):
            var text = try render(t, Context(facts: facts, env: env))
            if !text.hasSuffix("\n") { text += "\n" }
            env.baseDockerfile = text
            env.baseImage = nil
            return ["baseDockerfile", "baseImage"]
        case .addPipPackage(let spec):
            guard !Self.has(env.pipPackages, PackageSpec.name(spec), nil) else { return [] }
            env.pipPackages.append(spec)
            return ["pipPackages"]
        case .removePipPackage(let name):
            let before = env.pipPackages.count
            env.pipPackages.removeAll { PackageSpec.name($0) == name.lowercased() }
            return before == env.pipPackages.count ? [] : ["pipPackages"]
        case .replacePipPackage(let from, let to):
            return Self.replace(&env.pipPackages, from, to) ? ["pipPackages"] : []
        case .addCondaPackage(let spec):
            guard !Self.has(env.condaPackages, PackageSpec.name(spec), nil) else { return [] }
            env.condaPackages.append(spec)
            return ["condaPackages"]
        case .removeCondaPackage(let name):
            let before = env.condaPackages.count
            env.condaPackages.removeAll { PackageSpec.name($0) == name.lowercased() }
            return before == env.condaPackages.count ? [] : ["condaPackages"]
        case .replaceCondaPackage(let from, let to):
            return Self.replace(&env.condaPackages, from, to) ? ["condaPackages"] : []
        case .moveCondaPackagesToPip(let table):
            var kept: [String] = []
            var moved: [String] = []
            for spec in env.condaPackages {
                let name = PackageSpec.name(spec)
                guard let pipName = ruleSet.tables.string(table, name), let pip = PipRequirement.fromConda(spec, pipName: pipName) else {
                    kept.append(spec)
                    continue
                }
                moved.append(spec + " → " + pip)
                if !Self.has(env.pipPackages, PackageSpec.name(pip), nil) { env.pipPackages.append(pip) }
            }
            guard !moved.isEmpty else { return [] }
            env.condaPackages = kept
            env.movedToPip += moved
            return ["condaPackages", "pipPackages", "movedToPip"]
        case .raisePython(let v):
            var changed = false
            for (i, spec) in env.condaPackages.enumerated() where PackageSpec.name(spec) == "python" {
                guard let pinned = PackageSpec.pinnedVersion(spec),
                      VersionConstraint.compare(VersionConstraint.components(pinned), VersionConstraint.components(v)) < 0 else { continue }
                env.condaPackages[i] = "python=" + v
                changed = true
            }
            return changed ? ["condaPackages"] : []
        case .setInferencingStackVersion(let v):
            env.inferencingStackVersion = v
            return ["inferencingStackVersion"]
        case .keepRegistryAddress:
            env.registryAddress = facts.registryAddress
            env.registryUsername = facts.registryUser
            return ["registryAddress", "registryUsername"]
        case .dropInjectedRequirements:
            return ["injectedRequirements"]
        case .pinSolvedVersions:
            guard let resolution else { return [] }
            let before = env
            env = env.applying(resolution)
            return (before.condaPackages == env.condaPackages ? [] : ["condaPackages"]) + (before.pipPackages == env.pipPackages ? [] : ["pipPackages"])
        case .block:
            return []
        }
    }

    static func replace(_ specs: inout [String], _ from: String, _ to: String) -> Bool {
        var changed = false
        for (i, spec) in specs.enumerated() where PackageSpec.name(spec) == from.lowercased() {
            specs[i] = to
            changed = true
        }
        return changed
    }

    func render(_ template: Template, _ c: Context) throws(ApplyError) -> String {
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let s): out += s
            case .imageFact(let fact):
                guard let v = Self.fact(fact, c.facts) else { throw ApplyError(message: "the image has no \(fact) for ${image.\(fact)}") }
                out += v
            case .envField(let field):
                switch field {
                case "baseImage":
                    guard let v = c.env.baseImage else { throw ApplyError(message: "the Environment has no base image for ${env.baseImage}") }
                    out += v
                case "movedToPip": out += c.env.movedToPip.joined(separator: ", ")
                default: out += c.env.name
                }
            case .table(let table, let key):
                guard let v = ruleSet.tables.string(table, key) else { throw ApplyError(message: "table \"\(table)\" has no string value \"\(key)\"") }
                out += v
            case .tableByFact(let table, let fact):
                guard let key = Self.fact(fact, c.facts) else { throw ApplyError(message: "the image has no \(fact) to look up in table \"\(table)\"") }
                guard let v = ruleSet.tables.string(table, key) else { throw ApplyError(message: "table \"\(table)\" has no entry for \(fact) \"\(key)\"") }
                out += v
            case .resolution(let field):
                guard let resolution = c.resolution, let v = Self.field(field, resolution) else {
                    throw ApplyError(message: "the resolution has no \(field) for ${resolution.\(field)}")
                }
                out += v
            case .item(let field):
                guard let item = c.item, let v = item.field(field) else { throw ApplyError(message: "the item has no \(field) for ${item.\(field)}") }
                out += v
            case .script(let field):
                let script = c.facts.script
                let value: String?
                switch field {
                case "reason": value = script.reason
                case "python": value = script.python
                default: value = script.entryScript
                }
                guard let value else { throw ApplyError(message: "the script analysis has no \(field) for ${script.\(field)}") }
                out += value
            }
        }
        return out
    }

    static func field(_ name: String, _ r: Resolution) -> String? {
        func list(_ l: [String]) -> String? { l.isEmpty ? nil : l.joined(separator: ", ") }
        switch name {
        case "python": return r.python
        case "imagePython": return r.imagePython ?? "none"
        case "platform": return r.platform
        case "resolver": return r.resolver
        case "excludeNewer": return r.excludeNewer
        case "reason": return r.reason
        case "blocking": return r.blocking
        case "blockingPackage": return r.blockingPackage
        case "wheelTags": return r.wheelTags
        case "relaxed": return list(r.relaxed.map { "\($0.from) → \($0.version.map { "==" + $0 } ?? $0.to)" })
        case "sourceBuilds": return list(r.sourceBuilds)
        case "condaOnly": return list(r.condaOnly)
        case "unchecked": return list(r.unchecked)
        case "v2Unavailable": return r.v2Unavailable
        default: return nil
        }
    }

    static func fact(_ name: String, _ f: ImageFacts) -> String? {
        switch name {
        case "baseImage": return f.baseImage
        case "dockerSteps": return f.dockerSteps
        case "cudaVersion": return f.cudaVersion
        case "name": return f.name
        case "version": return String(f.version)
        case "registryAddress": return f.registryAddress
        default: return nil
        }
    }
}
