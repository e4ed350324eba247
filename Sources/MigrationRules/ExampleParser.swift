import Snapshot
import Yams

/// Reads a rule's `examples:`: a small image in `ImageFacts` terms and the expected outcome.
struct ExampleParser {
    let reader: NodeReader

    static let imageKeys = ["name", "version", "flavor", "runtime", "architecture", "installCuda", "cudaVersion", "baseImage",
                            "registryAddress", "registryUser", "registryPassword", "dockerSteps", "hasDockerSteps", "schema",
                            "conda", "condaFileMissing", "injectedRequirements", "creationState", "shape", "script"]

    func example(_ node: Node) throws(RuleError) -> RuleExample {
        let r = reader
        let map = try r.mapping(node, "an example")
        for (key, _) in map where !["name", "image", "resolution", "expect"].contains(key.string ?? "") {
            throw r.error(key, "unknown key \"\(key.string ?? "?")\" in an example (known: name, image, resolution, expect)")
        }
        let name = try map["name"].map { (n) throws(RuleError) in try r.string(n, "\"name\"") } ?? "line \(node.mark?.line ?? 0)"
        var example = RuleExample(name: name, image: ImageFacts(), expectReadiness: nil, expectFindings: nil,
                                  expectEnvironment: [], line: node.mark?.line ?? 1)
        if let image = map["image"] { example.image = try facts(image) }
        if let resolution = map["resolution"] { example.resolution = try self.resolution(resolution) }
        guard let expect = map["expect"] else { throw r.error(node, "example \"\(name)\" has no \"expect\"") }
        for (key, value) in try r.mapping(expect, "\"expect\"") {
            switch key.string {
            case "readiness":
                let text = try r.string(value, "\"readiness\"")
                guard let readiness = Readiness(rawValue: text) else { throw r.error(value, "readiness must be ready, review or manual") }
                example.expectReadiness = readiness
            case "findings":
                example.expectFindings = value.sequence?.isEmpty == true ? [] : try r.strings(value, "\"findings\"")
            case "environment":
                for (fieldNode, v) in try r.mapping(value, "\"environment\"") {
                    let field = try r.string(fieldNode, "a field name")
                    guard EnvironmentDraft.fieldNames.contains(field) else {
                        throw r.error(fieldNode, "unknown Environment field \"\(field)\" (known: \(EnvironmentDraft.fieldNames.joined(separator: ", ")))")
                    }
                    let expected: ExampleValue
                    if v.null != nil {
                        expected = .null
                    } else if v.sequence != nil {
                        expected = .list(try r.strings(v, "\"\(field)\""))
                    } else {
                        expected = .string(try r.string(v, "\"\(field)\""))
                    }
                    example.expectEnvironment.append((field, expected))
                }
            default:
                throw r.error(key, "unknown key \"\(key.string ?? "?")\" in \"expect\" (known: readiness, findings, environment)")
            }
        }
        return example
    }

    static let resolutionKeys = ["status", "reason", "python", "platform", "platformAssumed", "resolver", "excludeNewer",
                                 "blocking", "blockingPackage", "blockKind", "wheelTags", "modelCritical", "lastResort", "solved",
                                 "relaxed", "sourceBuilds", "condaOnly", "unchecked", "v2Unavailable", "installed", "installedV2"]

    /// What the solve stage found, in `Resolution` terms (the image's own Python is the one its
    /// conda file pins, as in the solve stage); `solved` lists `name==version` (both
    /// v1 and v2), `relaxed` mappings of name, from, to, version, reason.
    func resolution(_ node: Node) throws(RuleError) -> Resolution {
        let r = reader
        let map = try r.mapping(node, "\"resolution\"")
        guard let statusNode = map["status"] else { throw r.error(node, "\"resolution\" needs a \"status\"") }
        let statusText = try r.string(statusNode, "\"status\"")
        guard let status = Resolution.Status(rawValue: statusText) else {
            throw r.error(statusNode, "status must be one of \(Resolution.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var res = Resolution(status: status)
        for (key, value) in map {
            let k = key.string ?? ""
            func str() throws(RuleError) -> String { try r.string(value, "\"\(k)\"") }
            func list() throws(RuleError) -> [String] { value.sequence?.isEmpty == true ? [] : try r.strings(value, "\"\(k)\"") }
            switch k {
            case "status": break
            case "reason": res.reason = try str()
            case "python": res.python = try str()
            case "platform": res.platform = try str()
            case "platformAssumed": res.platformAssumed = try r.bool(value, "\"platformAssumed\"")
            case "resolver": res.resolver = try str()
            case "excludeNewer": res.excludeNewer = try str()
            case "blocking": res.blocking = try str()
            case "blockingPackage": res.blockingPackage = try str()
            case "blockKind":
                let text = try str()
                guard let kind = Resolution.BlockKind(rawValue: text) else {
                    throw r.error(value, "blockKind must be one of \(Resolution.BlockKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                res.blockKind = kind
            case "wheelTags": res.wheelTags = try str()
            case "modelCritical": res.blockingIsModelCritical = try r.bool(value, "\"modelCritical\"")
            case "lastResort": res.lastResortPython = try r.bool(value, "\"lastResort\"")
            case "solved":
                for item in try list() {
                    guard let requirement = PipRequirement(item), let name = requirement.normalizedName, let version = requirement.exactPin else {
                        throw r.error(value, "\"solved\" items are name==version (not \"\(item)\")")
                    }
                    res.packages.append(Resolution.Package(name: name, requirement: name, v1: version, v2: version))
                }
            case "relaxed":
                for item in try r.sequence(value, "\"relaxed\"") {
                    let m = try r.mapping(item, "a relaxed pin (name, from, to, version, reason)")
                    func field(_ f: String) throws(RuleError) -> String? { try m[f].map { (n) throws(RuleError) in try r.string(n, "\"\(f)\"") } }
                    for (mk, _) in m where !["name", "from", "to", "version", "reason"].contains(mk.string ?? "") {
                        throw r.error(mk, "unknown key \"\(mk.string ?? "?")\" in a relaxed pin (known: name, from, to, version, reason)")
                    }
                    guard let name = try field("name"), let from = try field("from") else {
                        throw r.error(item, "a relaxed pin needs \"name\" and \"from\"")
                    }
                    res.relaxed.append(Resolution.Relaxed(name: name, from: from, to: try field("to") ?? name, version: try field("version"),
                                                          reason: try field("reason") ?? "it blocks every candidate Python"))
                }
            case "sourceBuilds": res.sourceBuilds = try list()
            case "condaOnly": res.condaOnly = try list()
            case "unchecked": res.unchecked = try list()
            case "v2Unavailable": res.v2Unavailable = try str()
            case "installed":
                res.installedV1 = try list().map(PipRequirement.normalize)
                res.installedV2 = res.installedV2 ?? res.installedV1
            case "installedV2": res.installedV2 = try list().map(PipRequirement.normalize)
            default:
                throw r.error(key, "unknown resolution fact \"\(k)\" (known: \(Self.resolutionKeys.joined(separator: ", ")))")
            }
        }
        if res.status == .resolved, res.installedV1 == nil {
            // What a solve of these packages installs, at least.
            res.installedV1 = res.packages.map(\.name).sorted()
            res.installedV2 = res.installedV2 ?? res.installedV1
        }
        return res
    }

    func facts(_ node: Node) throws(RuleError) -> ImageFacts {
        let r = reader
        var f = ImageFacts()
        for (key, value) in try r.mapping(node, "\"image\"") {
            let k = key.string ?? ""
            func str() throws(RuleError) -> String? { value.null != nil ? nil : try r.string(value, "\"\(k)\"") }
            switch k {
            case "name": f.name = try r.string(value, "\"name\"")
            case "version":
                guard let v = Int64(try r.string(value, "\"version\"")) else { throw r.error(value, "version must be an integer") }
                f.version = v
            case "flavor": f.flavor = try r.string(value, "\"flavor\"")
            case "runtime": f.runtime = try str()
            case "architecture": f.architecture = try r.string(value, "\"architecture\"")
            case "installCuda": f.installCuda = try r.bool(value, "\"installCuda\"")
            case "cudaVersion": f.cudaVersion = try str()
            case "baseImage": f.baseImage = try str()
            case "registryAddress": f.registryAddress = try str()
            case "registryUser": f.registryUser = try str()
            case "registryPassword": f.registryHasPassword = try r.bool(value, "\"registryPassword\"")
            case "dockerSteps":
                f.dockerSteps = try str()
                f.hasDockerSteps = f.dockerSteps != nil
            case "hasDockerSteps": f.hasDockerSteps = try r.bool(value, "\"hasDockerSteps\"")
            case "schema": f.hasSchema = try r.bool(value, "\"schema\"")
            case "conda":
                let text = try r.string(value, "\"conda\"")
                do {
                    f.conda = try CondaSpec.parse(text)
                } catch {
                    throw r.error(value, "the example's conda file is invalid: \(error)")
                }
                f.hasCondaFile = true
            case "condaFileMissing":
                if try r.bool(value, "\"condaFileMissing\"") {
                    f.hasCondaFile = true
                    f.conda = nil
                }
            case "injectedRequirements": f.hasInjectedRequirements = try r.bool(value, "\"injectedRequirements\"")
            case "creationState": f.creationState = try str()
            case "script": f.script = try script(value)
            case "shape":
                let shape = try r.string(value, "\"shape\"")
                guard ["rest", "serialize"].contains(shape) else { throw r.error(value, "shape must be rest or serialize") }
                f.shape = shape
            default:
                throw r.error(key, "unknown image fact \"\(k)\" (known: \(Self.imageKeys.joined(separator: ", ")))")
            }
        }
        return f
    }
}
