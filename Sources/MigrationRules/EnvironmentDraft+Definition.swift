import EnvironmentSpec
import LegacyImage
import Snapshot

extension EnvironmentDraft {
    /// The conda lists this draft ends with (name, channels, packages, pip options).
    public var condaParts: CondaParts {
        CondaParts(name: condaName, channels: channels, condaPackages: condaPackages, pipPackages: pipPackages, pipOptions: pipOptions)
    }

    /// The SDK Environment this draft describes. Its conda dependencies are the file they come
    /// from, changed only where the draft's lists differ (`CondaDependenciesSpec.reconciled`),
    /// whichever stage changed them: `condaFile` (the image's conda file as azureml-core loads
    /// it, comments and all) when the image had one, else the SDK's default file (what
    /// `Environment(name)` holds). An image's conda file that `condaFile` could not model
    /// (nil) is written from the draft's parts, without comments. The registry password is
    /// never set.
    public func definition(defaults: SDKDefaults, condaFile: CondaDependenciesSpec? = nil, description: String? = nil,
                           tags: [KeyValue] = []) -> EnvironmentDefinition {
        var env = EnvironmentDefinition.inference(name: name)
        let base = condaFromImage ? condaFile : .sdkDefault
        if let base {
            env.python.condaDependencies = base.reconciled(with: condaParts, samePackage: PackageSpec.name)
        } else {
            env.python.condaDependencies = CondaDependenciesSpec(name: condaName, channels: channels, condaPackages: condaPackages,
                                                                 pipPackages: pipPackages, pipOptions: pipOptions)
        }
        env.docker.baseImage = baseImage
        env.docker.baseDockerfile = baseDockerfile
        env.docker.baseImageRegistry = ContainerRegistry(address: registryAddress, username: registryUsername)
        env.inferencingStackVersion = inferencingStackVersion
        env.description = description
        env.tags = tags.map { ($0.key, $0.value) }
        return env
    }
}
