import Foundation
import Snapshot

/// Applies a rule set to one image: every rule, in order, whose conditions hold.
struct RuleEngine {
    let ruleSet: RuleSet

    func migrate(_ facts: ImageFacts) -> Migration {
        var env = EnvironmentDraft(name: facts.name + "-env", conda: facts.conda, defaults: ruleSet.defaults)
        var findings: [Finding] = []
        var trace: [String: String] = [:]
        for rule in ruleSet.rules where rule.when.allSatisfy({ holds($0, facts, env) }) {
            var changed: [String] = []
            var severity = rule.severity
            var message: String
            do {
                for action in rule.then {
                    changed += try apply(action, facts: facts, env: &env)
                    if action == .block { severity = .manual }
                }
                message = try render(rule.message, facts, env)
            } catch {
                severity = .manual
                message = "rule could not be applied: \(error.message)"
            }
            for field in changed { trace[field] = rule.id }
            findings.append(Finding(rule: rule.id, severity: severity, message: message, field: changed.first,
                                    remediation: rule.remediation, link: rule.link))
        }
        let orderedTrace = EnvironmentDraft.fieldNames.compactMap { field in trace[field].map { (field, $0) } }
            + trace.keys.filter { !EnvironmentDraft.fieldNames.contains($0) }.sorted().compactMap { field in trace[field].map { (field, $0) } }
        return Migration(readiness: Readiness(findings: findings), environment: env, findings: findings, trace: orderedTrace)
    }

    // MARK: - Conditions

    static let knownFlavors = ["WebApiContainer", "AccelContainer", "IoTContainer"]

    func holds(_ condition: Condition, _ f: ImageFacts, _ env: EnvironmentDraft) -> Bool {
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
        case .payloadShape(let shape): return f.shape == shape
        case .all(let list): return list.allSatisfy { holds($0, f, env) }
        case .any(let list): return list.contains { holds($0, f, env) }
        case .not(let c): return !holds(c, f, env)
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
    func apply(_ action: Action, facts: ImageFacts, env: inout EnvironmentDraft) throws(ApplyError) -> [String] {
        switch action {
        case .setBaseImage(let t):
            env.baseImage = try render(t, facts, env)
            defer { env.baseDockerfile = nil }
            return env.baseDockerfile == nil ? ["baseImage"] : ["baseImage", "baseDockerfile"]
        case .setBaseDockerfile(let t):
            var text = try render(t, facts, env)
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

    func render(_ template: Template, _ f: ImageFacts, _ env: EnvironmentDraft) throws(ApplyError) -> String {
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let s): out += s
            case .imageFact(let fact):
                guard let v = Self.fact(fact, f) else { throw ApplyError(message: "the image has no \(fact) for ${image.\(fact)}") }
                out += v
            case .envField(let field):
                switch field {
                case "baseImage":
                    guard let v = env.baseImage else { throw ApplyError(message: "the Environment has no base image for ${env.baseImage}") }
                    out += v
                default: out += env.name
                }
            case .table(let table, let key):
                guard let v = ruleSet.tables.string(table, key) else { throw ApplyError(message: "table \"\(table)\" has no string value \"\(key)\"") }
                out += v
            case .tableByFact(let table, let fact):
                guard let key = Self.fact(fact, f) else { throw ApplyError(message: "the image has no \(fact) to look up in table \"\(table)\"") }
                guard let v = ruleSet.tables.string(table, key) else { throw ApplyError(message: "table \"\(table)\" has no entry for \(fact) \"\(key)\"") }
                out += v
            }
        }
        return out
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
