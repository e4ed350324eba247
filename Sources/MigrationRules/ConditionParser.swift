import Foundation
import Yams

/// Reads `when:` mappings into typed conditions.
struct ConditionParser {
    let reader: NodeReader

    static let listConditions = ["flavor", "runtime", "architecture", "cudaVersion", "creationState", "resolution", "blockKind",
                                 "scriptAnalysis"]
    static let boolConditions = ["gpu", "installCuda", "customBaseImage", "customRuntimeWithoutBaseImage", "hasDockerSteps", "hasSchema",
                                 "hasCondaFile", "condaFileMissing", "hasInjectedRequirements", "hasRegistryPassword",
                                 "blockingModelCritical", "pythonChanged", "lastResortPython", "relaxedPins", "sourceBuilds",
                                 "condaOnly", "uncheckedRequirements", "v2Unavailable", "platformAssumed", "usesInferenceSchema"]
    static let otherConditions = ["baseImageMatches", "baseImageInTable", "condaPackageInTable", "condaPackage", "pipPackage", "pythonBelow",
                                  "payloadShape", "all", "any", "not"]
    static var known: String { (listConditions + boolConditions + otherConditions).joined(separator: ", ") }

    /// A mapping of conditions (all must hold); `{}` always holds.
    func conditions(_ node: Node) throws(RuleError) -> [Condition] {
        var out: [Condition] = []
        for (key, value) in try reader.mapping(node, "\"when\"") {
            out.append(try condition(try reader.string(key, "a condition name"), value, key: key))
        }
        return out
    }

    func condition(_ name: String, _ value: Node, key: Node) throws(RuleError) -> Condition {
        let r = reader
        switch name {
        case "flavor": return .flavor(try r.strings(value, "\"flavor\""))
        case "runtime": return .runtime(try r.strings(value, "\"runtime\""))
        case "architecture": return .architecture(try r.strings(value, "\"architecture\""))
        case "cudaVersion": return .cudaVersion(try r.strings(value, "\"cudaVersion\""))
        case "creationState": return .creationState(try r.strings(value, "\"creationState\""))
        case "gpu": return .gpu(try r.bool(value, "\"gpu\""))
        case "installCuda": return .installCuda(try r.bool(value, "\"installCuda\""))
        case "customBaseImage": return .customBaseImage(try r.bool(value, "\"customBaseImage\""))
        case "customRuntimeWithoutBaseImage": return .customRuntimeWithoutBaseImage(try r.bool(value, "\"\(name)\""))
        case "hasDockerSteps": return .hasDockerSteps(try r.bool(value, "\"hasDockerSteps\""))
        case "hasSchema": return .hasSchema(try r.bool(value, "\"hasSchema\""))
        case "hasCondaFile": return .hasCondaFile(try r.bool(value, "\"hasCondaFile\""))
        case "condaFileMissing": return .condaFileMissing(try r.bool(value, "\"condaFileMissing\""))
        case "hasInjectedRequirements": return .hasInjectedRequirements(try r.bool(value, "\"\(name)\""))
        case "hasRegistryPassword": return .hasRegistryPassword(try r.bool(value, "\"hasRegistryPassword\""))
        case "baseImageMatches":
            let pattern = try r.string(value, "\"baseImageMatches\"")
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw r.error(value, "\"\(pattern)\" is not a valid regular expression")
            }
            return .baseImageMatches(pattern)
        case "baseImageInTable": return .baseImageInTable(try r.string(value, "\"baseImageInTable\""))
        case "condaPackageInTable": return .condaPackageInTable(try r.string(value, "\"condaPackageInTable\""))
        case "resolution":
            let list = try r.strings(value, "\"resolution\"")
            for s in list where Resolution.Status(rawValue: s) == nil {
                throw r.error(value, "resolution must be one of \(Resolution.Status.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(s)\")")
            }
            return .resolution(list)
        case "blockKind":
            let list = try r.strings(value, "\"blockKind\"")
            for s in list where Resolution.BlockKind(rawValue: s) == nil {
                throw r.error(value, "blockKind must be one of \(Resolution.BlockKind.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(s)\")")
            }
            return .blockKind(list)
        case "scriptAnalysis":
            let list = try r.strings(value, "\"scriptAnalysis\"")
            for s in list where ScriptFacts.Status(rawValue: s) == nil {
                throw r.error(value, "scriptAnalysis must be one of \(ScriptFacts.Status.allCases.map(\.rawValue).joined(separator: ", ")) (not \"\(s)\")")
            }
            return .scriptAnalysis(list)
        case "usesInferenceSchema": return .usesInferenceSchema(try r.bool(value, "\"\(name)\""))
        case "blockingModelCritical": return .blockingModelCritical(try r.bool(value, "\"\(name)\""))
        case "pythonChanged": return .pythonChanged(try r.bool(value, "\"\(name)\""))
        case "lastResortPython": return .lastResortPython(try r.bool(value, "\"\(name)\""))
        case "relaxedPins": return .relaxedPins(try r.bool(value, "\"\(name)\""))
        case "sourceBuilds": return .sourceBuilds(try r.bool(value, "\"\(name)\""))
        case "condaOnly": return .condaOnly(try r.bool(value, "\"\(name)\""))
        case "uncheckedRequirements": return .uncheckedRequirements(try r.bool(value, "\"\(name)\""))
        case "v2Unavailable": return .v2Unavailable(try r.bool(value, "\"\(name)\""))
        case "platformAssumed": return .platformAssumed(try r.bool(value, "\"\(name)\""))
        case "condaPackage", "pipPackage":
            let (package, version) = try packageCondition(value, name)
            return name == "condaPackage" ? .condaPackage(name: package, version: version) : .pipPackage(name: package, version: version)
        case "pythonBelow":
            let v = try r.string(value, "\"pythonBelow\"")
            guard !VersionConstraint.components(v).isEmpty else { throw r.error(value, "\"\(v)\" is not a version") }
            return .pythonBelow(v)
        case "payloadShape":
            let shape = try r.string(value, "\"payloadShape\"")
            guard ["rest", "serialize"].contains(shape) else { throw r.error(value, "payloadShape must be rest or serialize") }
            return .payloadShape(shape)
        case "all", "any":
            // A list of mappings; each mapping is one term whose conditions all hold.
            var terms: [Condition] = []
            for item in try r.sequence(value, "\"\(name)\"") { terms.append(.all(try conditions(item))) }
            return name == "all" ? .all(terms) : .any(terms)
        case "not":
            return .not(.all(try conditions(value)))
        default:
            throw r.error(key, "unknown condition \"\(name)\" (known: \(Self.known))")
        }
    }

    /// `pipPackage: azureml-core` or `pipPackage: {name: azureml-core, version: "<1.0"}`.
    private func packageCondition(_ node: Node, _ what: String) throws(RuleError) -> (String, VersionConstraint?) {
        if node.scalar != nil { return (try reader.string(node, "\"\(what)\"").lowercased(), nil) }
        let map = try reader.mapping(node, "\"\(what)\"")
        for (key, _) in map where !["name", "version"].contains(key.string ?? "") {
            throw reader.error(key, "unknown key \"\(key.string ?? "?")\" in \"\(what)\" (known: name, version)")
        }
        guard let nameNode = map["name"] else { throw reader.error(node, "\"\(what)\" needs a \"name\"") }
        let name = try reader.string(nameNode, "\"name\"").lowercased()
        guard let versionNode = map["version"] else { return (name, nil) }
        let text = try reader.string(versionNode, "\"version\"")
        guard let constraint = VersionConstraint(text) else {
            throw reader.error(versionNode, "\"\(text)\" is not a version constraint (like \"<1.0\" or \">=1.0,<2\")")
        }
        return (name, constraint)
    }
}

/// Reads `then:` items into typed actions.
struct ActionParser {
    let reader: NodeReader

    static let known = ["setBaseImage", "setBaseDockerfile", "addPipPackage", "removePipPackage", "replacePipPackage",
                        "addCondaPackage", "removeCondaPackage", "replaceCondaPackage", "moveCondaPackagesToPip", "raisePython",
                        "setInferencingStackVersion", "keepRegistryAddress", "dropInjectedRequirements", "pinSolvedVersions", "block"]

    func action(_ node: Node) throws(RuleError) -> Action {
        let r = reader
        // Actions without a value may be written as a bare name.
        if node.scalar != nil {
            let name = try r.string(node, "an action")
            switch name {
            case "keepRegistryAddress": return .keepRegistryAddress
            case "dropInjectedRequirements": return .dropInjectedRequirements
            case "pinSolvedVersions": return .pinSolvedVersions
            case "block": return .block
            default:
                throw r.error(node, Self.known.contains(name) ? "action \"\(name)\" needs a value" : "unknown action \"\(name)\" (known: \(Self.known.joined(separator: ", ")))")
            }
        }
        let map = try r.mapping(node, "an action")
        guard map.count == 1, let (keyNode, value) = map.first.map({ ($0.key, $0.value) }) else {
            throw r.error(node, "each action is a mapping with exactly one key")
        }
        let name = try r.string(keyNode, "an action name")
        func template() throws(RuleError) -> Template {
            let text = try r.string(value, "\"\(name)\"")
            do {
                return try Template(text)
            } catch {
                throw r.error(value, error.message)
            }
        }
        func replace() throws(RuleError) -> (String, String) {
            let m = try r.mapping(value, "\"\(name)\" (from:, to:)")
            guard let from = m["from"], let to = m["to"], m.count == 2 else { throw r.error(value, "\"\(name)\" needs exactly \"from\" and \"to\"") }
            return (try r.string(from, "\"from\""), try r.string(to, "\"to\""))
        }
        switch name {
        case "setBaseImage": return .setBaseImage(try template())
        case "setBaseDockerfile": return .setBaseDockerfile(try template())
        case "addPipPackage": return .addPipPackage(try r.string(value, "\"addPipPackage\""))
        case "removePipPackage": return .removePipPackage(try r.string(value, "\"removePipPackage\""))
        case "addCondaPackage": return .addCondaPackage(try r.string(value, "\"addCondaPackage\""))
        case "removeCondaPackage": return .removeCondaPackage(try r.string(value, "\"removeCondaPackage\""))
        case "replacePipPackage":
            let (from, to) = try replace()
            return .replacePipPackage(from: from, to: to)
        case "replaceCondaPackage":
            let (from, to) = try replace()
            return .replaceCondaPackage(from: from, to: to)
        case "raisePython":
            let v = try r.string(value, "\"raisePython\"")
            guard !VersionConstraint.components(v).isEmpty else { throw r.error(value, "\"\(v)\" is not a version") }
            return .raisePython(v)
        case "setInferencingStackVersion": return .setInferencingStackVersion(try r.string(value, "\"\(name)\""))
        case "moveCondaPackagesToPip": return .moveCondaPackagesToPip(table: try r.string(value, "\"\(name)\" (a table name)"))
        case "keepRegistryAddress", "dropInjectedRequirements", "pinSolvedVersions", "block":
            guard try r.bool(value, "\"\(name)\"") else { throw r.error(value, "\"\(name): false\" does nothing; remove it") }
            switch name {
            case "block": return .block
            case "keepRegistryAddress": return .keepRegistryAddress
            case "pinSolvedVersions": return .pinSolvedVersions
            default: return .dropInjectedRequirements
            }
        default:
            throw r.error(keyNode, "unknown action \"\(name)\" (known: \(Self.known.joined(separator: ", ")))")
        }
    }
}
