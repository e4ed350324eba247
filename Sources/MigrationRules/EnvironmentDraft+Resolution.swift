import Snapshot

extension EnvironmentDraft {
    /// The draft with what the solve stage found written in, when it resolved: the chosen
    /// Python as the conda `python` pin, and every pip requirement the resolver solved pinned
    /// `==` to its version (the v1 one, or the v2 one when only v2 was solved), keeping its name,
    /// extras and marker. Anything else is left as it is.
    public func applying(_ resolution: Resolution) -> EnvironmentDraft {
        guard resolution.status == .resolved else { return self }
        var env = self
        if let python = resolution.python {
            if let i = env.condaPackages.firstIndex(where: { PackageSpec.name($0) == "python" }) {
                env.condaPackages[i] = "python=" + python
            } else {
                env.condaPackages.insert("python=" + python, at: 0)
            }
        }
        env.pipPackages = pipPackages.map { line in
            guard let requirement = PipRequirement(line), !requirement.isDirectReference, let name = requirement.normalizedName,
                  let package = resolution.packages.first(where: { $0.name == name }),
                  let version = package.v1 ?? (name == Self.v1InferencePackage ? nil : package.v2) else { return line }
            return requirement.with(specifier: "==" + version)
        }
        return env
    }

    /// The pip requirements of the v2 Environment: `azureml-defaults` becomes
    /// `azureml-inference-server-http` (v2 inference needs the server, not the v1 stack), and
    /// every requirement the v2 solve covered is pinned `==` to its v2 version.
    public func v2PipPackages(_ resolution: Resolution?) -> [String] {
        var out: [String] = []
        var hasServer = false
        for line in pipPackages {
            guard let requirement = PipRequirement(line), !requirement.isDirectReference, let name = requirement.normalizedName else {
                out.append(line)
                continue
            }
            var chosen = requirement
            if name == Self.v1InferencePackage {
                guard !hasServer else { continue }
                chosen = PipRequirement(Self.v2InferencePackage) ?? requirement
            }
            guard let chosenName = chosen.normalizedName else { continue }
            if chosenName == Self.v2InferencePackage {
                guard !hasServer else { continue }
                hasServer = true
            }
            if resolution?.status == .resolved, let version = resolution?.packages.first(where: { $0.name == chosenName })?.v2 {
                out.append(chosen.with(specifier: "==" + version))
            } else {
                out.append(name == Self.v1InferencePackage ? Self.v2InferencePackage : line)
            }
        }
        return out
    }

    /// The v1 inference stack (`InferenceConfig` wants it) and the server v2 images need instead.
    public static let v1InferencePackage = "azureml-defaults"
    public static let v2InferencePackage = "azureml-inference-server-http"
}
