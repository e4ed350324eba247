import Foundation

/// A rule in words, for `image2env rules explain`.
public enum RuleExplanation {
    public static func text(_ rule: Rule) -> String {
        var out = "\(rule.id) (\(rule.severity.rawValue)): \(rule.title)\n"
        out += "  defined at \(rule.file):\(rule.line)\n\n"
        if rule.afterResolution { out += "Runs after the solve stage (it reads the resolution).\n" }
        out += "When:\n" + (rule.when.isEmpty ? "  always\n" : rule.when.map { "  - \(describe($0))\n" }.joined())
        if let list = rule.forEach { out += "For each:\n  item of \(list.rawValue) (one finding each)\n" }
        if !rule.then.isEmpty { out += "Then:\n" + rule.then.map { "  - \(describe($0))\n" }.joined() }
        out += "Message:\n  \(rule.message)\n"
        if let remediation = rule.remediation { out += "Remediation:\n  \(remediation)\n" }
        if let link = rule.link { out += "See: \(link)\n" }
        if !rule.examples.isEmpty {
            out += "Examples:\n" + rule.examples.map { "  - \($0.name)" + ($0.expectReadiness.map { " → \($0.rawValue)" } ?? "") + "\n" }.joined()
        }
        return out
    }

    static func describe(_ c: Condition) -> String {
        switch c {
        case .flavor(let l): return "flavor is " + l.joined(separator: " or ")
        case .runtime(let l): return "runtime is " + l.joined(separator: " or ")
        case .architecture(let l): return "architecture is " + l.joined(separator: " or ")
        case .gpu(let b): return b ? "uses a GPU" : "uses no GPU"
        case .installCuda(let b): return b ? "installCuda is set" : "installCuda is not set"
        case .cudaVersion(let l): return "CUDA version is " + l.joined(separator: " or ")
        case .customBaseImage(let b): return b ? "has a custom base image" : "has no custom base image"
        case .baseImageMatches(let p): return "base image matches /\(p)/"
        case .baseImageInTable(let t): return "base image is listed in table \(t)"
        case .customRuntimeWithoutBaseImage(let b): return (b ? "" : "not ") + "a custom runtime whose base image is not recorded"
        case .hasDockerSteps(let b): return b ? "has extra Docker steps" : "has no extra Docker steps"
        case .hasSchema(let b): return b ? "has a schema file" : "has no schema file"
        case .hasCondaFile(let b): return b ? "has a conda file" : "has no conda file"
        case .condaFileMissing(let b): return b ? "its conda file is missing" : "its conda file is not missing"
        case .hasInjectedRequirements(let b): return b ? "has the SDK-injected requirements" : "has no SDK-injected requirements"
        case .hasRegistryPassword(let b): return b ? "its registry has a password" : "its registry has no password"
        case .condaPackage(let n, let v): return "conda package \(n)" + (v.map { " \($0)" } ?? "") + " is present"
        case .pipPackage(let n, let v): return "pip package \(n)" + (v.map { " \($0)" } ?? "") + " is present"
        case .pythonBelow(let v): return "pinned Python is below \(v)"
        case .condaPackageInTable(let t): return "a conda package is listed in table \(t)"
        case .resolution(let l): return "the resolution is " + l.joined(separator: " or ")
        case .blockKind(let l): return "what blocks is " + l.joined(separator: " or ")
        case .blockingModelCritical(let b): return "the blocking package is " + (b ? "" : "not ") + "model-critical"
        case .pythonChanged(let b): return "the chosen Python " + (b ? "differs from" : "is") + " the image's"
        case .lastResortPython(let b): return "the chosen Python is " + (b ? "" : "not ") + "the last resort"
        case .relaxedPins(let b): return b ? "pins were relaxed" : "no pin was relaxed"
        case .sourceBuilds(let b): return b ? "resolved packages build from source" : "every resolved package has a wheel"
        case .condaOnly(let b): return b ? "conda packages remain that the resolver does not check" : "no conda package is left unchecked"
        case .uncheckedRequirements(let b): return b ? "requirement lines were not given to the resolver" : "every requirement line was resolved"
        case .v2Unavailable(let b): return "the v2 inference stack floor " + (b ? "cannot" : "can") + " be met"
        case .platformAssumed(let b): return "the platform was " + (b ? "" : "not ") + "assumed"
        case .scriptAnalysis(let l): return "the entry-script analysis is " + l.joined(separator: " or ")
        case .usesInferenceSchema(let b): return "the scoring script " + (b ? "uses" : "does not use") + " inference_schema decorators"
        case .creationState(let l): return "creation state is " + l.joined(separator: " or ")
        case .payloadShape(let s): return "payload shape is \(s)"
        case .all(let l): return "all of: " + l.map(describe).joined(separator: "; ")
        case .any(let l): return "any of: " + l.map(describe).joined(separator: " | ")
        case .not(let c): return "not (\(describe(c)))"
        }
    }

    static func describe(_ a: Action) -> String {
        switch a {
        case .setBaseImage(let t): return "set docker.base_image to \(t)"
        case .setBaseDockerfile(let t): return "set docker.base_dockerfile to \"\(t.description.replacingOccurrences(of: "\n", with: "\\n"))\" (unsets base_image)"
        case .addPipPackage(let p): return "add pip package \(p)"
        case .removePipPackage(let p): return "remove pip package \(p)"
        case .replacePipPackage(let f, let t): return "replace pip package \(f) with \(t)"
        case .addCondaPackage(let p): return "add conda package \(p)"
        case .removeCondaPackage(let p): return "remove conda package \(p)"
        case .replaceCondaPackage(let f, let t): return "replace conda package \(f) with \(t)"
        case .raisePython(let v): return "raise a Python pin below \(v) to \(v)"
        case .moveCondaPackagesToPip(let t): return "move the conda packages listed in table \(t) to the pip section"
        case .setInferencingStackVersion(let v): return "set inferencing_stack_version to \(v)"
        case .keepRegistryAddress: return "keep the registry address and user name (never the password)"
        case .dropInjectedRequirements: return "drop the SDK-injected requirements file"
        case .pinSolvedVersions: return "write the solve stage's result: the chosen Python, every solved requirement pinned =="
        case .block: return "block: the image needs a person (manual)"
        }
    }
}
