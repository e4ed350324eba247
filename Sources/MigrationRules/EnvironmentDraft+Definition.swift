import EnvironmentSpec
import LegacyImage

extension EnvironmentDraft {
    /// The SDK Environment this draft describes. The conda dependencies are the SDK's default
    /// file (comments and all, as `Environment(name)` writes it) when the image had no conda file
    /// and no rule changed them; otherwise they are built from the draft's parts. The registry
    /// password is never set.
    public func definition(defaults: SDKDefaults, description: String? = nil, tags: [KeyValue] = []) -> EnvironmentDefinition {
        var env = EnvironmentDefinition.inference(name: name)
        let untouchedDefault = !condaFromImage && condaName == defaults.condaName && channels == defaults.channels
            && condaPackages == defaults.condaPackages && pipPackages == defaults.pipPackages && pipOptions.isEmpty
        if !untouchedDefault {
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
