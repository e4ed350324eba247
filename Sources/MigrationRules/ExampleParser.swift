import Snapshot
import Yams

/// Reads a rule's `examples:`: a small image in `ImageFacts` terms and the expected outcome.
struct ExampleParser {
    let reader: NodeReader

    static let imageKeys = ["name", "version", "flavor", "runtime", "architecture", "installCuda", "cudaVersion", "baseImage",
                            "registryAddress", "registryUser", "registryPassword", "dockerSteps", "hasDockerSteps", "schema",
                            "conda", "condaFileMissing", "injectedRequirements", "creationState", "shape"]

    func example(_ node: Node) throws(RuleError) -> RuleExample {
        let r = reader
        let map = try r.mapping(node, "an example")
        for (key, _) in map where !["name", "image", "expect"].contains(key.string ?? "") {
            throw r.error(key, "unknown key \"\(key.string ?? "?")\" in an example (known: name, image, expect)")
        }
        let name = try map["name"].map { (n) throws(RuleError) in try r.string(n, "\"name\"") } ?? "line \(node.mark?.line ?? 0)"
        var example = RuleExample(name: name, image: ImageFacts(), expectReadiness: nil, expectFindings: nil,
                                  expectEnvironment: [], line: node.mark?.line ?? 1)
        if let image = map["image"] { example.image = try facts(image) }
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
