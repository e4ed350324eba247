extension CondaDependenciesSpec {
    /// The pip package v2 inference images need instead of `azureml-defaults` (DOMAIN §3).
    public static let inferenceServerPackage = "azureml-inference-server-http"

    /// These conda dependencies for an azure-ai-ml (v2) inference environment, without
    /// comments: every pip requirement for `azureml-defaults` (any pin or extras) becomes
    /// `azureml-inference-server-http` in its place (dropped when that is already listed); with
    /// `ensuringInferenceServer`, the server is appended when missing.
    public func forV2Inference(ensuringInferenceServer: Bool = false) -> CondaDependenciesSpec {
        var copy = withoutComments
        func normalized(_ requirement: String) -> String {
            String(CondaPackageName.name(of: requirement).lowercased().filter { $0 != " " }
                .map { $0 == "_" || $0 == "." ? "-" : $0 })
        }
        var hasServer = pipPackages.contains { normalized($0) == Self.inferenceServerPackage }
        for index in copy.dependencies.indices {
            guard case .pip(let lines) = copy.dependencies[index] else { continue }
            var out: [String] = []
            for line in lines {
                if !Self.isOption(line) && normalized(line) == "azureml-defaults" {
                    if !hasServer { out.append(Self.inferenceServerPackage) }
                    hasServer = true
                } else {
                    out.append(line)
                }
            }
            copy.dependencies[index] = .pip(out)
        }
        if ensuringInferenceServer && !hasServer {
            try? copy.addPipPackage(Self.inferenceServerPackage)
        }
        return copy
    }
}
