/// Changes with the semantics of azureml-core's `CondaDependencies` methods of the same names,
/// including where ruamel.yaml's comments end up.
extension CondaDependenciesSpec {
    /// `add_channel`: appends `channel` unless present (adds `channels:` last when missing).
    public mutating func addChannel(_ channel: String) {
        if keys.contains(.channels) {
            if !channels.contains(channel) { channels.append(channel) }
        } else {
            channels = [channel]
            keys.append(.channels)
        }
    }

    /// `set_python_version`: rewrites the first `python` package in place as `python=<version>`
    /// (when its version differs), or appends `python=<version>` to `dependencies`.
    public mutating func setPythonVersion(_ version: String) {
        guard keys.contains(.dependencies) else {
            dependencies = [.package("python=" + version)]
            keys.append(.dependencies)
            return
        }
        if let index = pythonPackageIndex {
            if pythonVersion != version { dependencies[index] = .package("python=" + version) }
        } else {
            dependencies.append(.package("python=" + version))
        }
    }

    /// `add_conda_package`: appends `package` unless present; a `python...` spec sets the
    /// Python version instead.
    /// - Throws: `EnvironmentSpecError.invalidPackage` for a `python` spec without a version
    ///   (the SDK fails on it too).
    public mutating func addCondaPackage(_ package: String) throws(EnvironmentSpecError) {
        guard keys.contains(.dependencies) else {
            dependencies = [.package(package)]
            keys.append(.dependencies)
            return
        }
        guard !dependencies.contains(.package(package)) else { return }
        if package.hasPrefix("python") && CondaPackageName.name(of: package) == "python" {
            guard let version = CondaPackageName.version(in: package) else {
                throw .invalidPackage(package, reason: "a python package needs a version such as python=3.10")
            }
            setPythonVersion(version)
        } else {
            dependencies.append(.package(package))
        }
    }

    /// `remove_conda_package`: removes `package` (every non-adjacent repeat, as ruamel's
    /// `CommentedSeq` does), with its comments.
    /// - Throws: `EnvironmentSpecError.invalidPackage` for the `python` package.
    public mutating func removeCondaPackage(_ package: String) throws(EnvironmentSpecError) {
        guard keys.contains(.dependencies), dependencies.contains(.package(package)) else { return }
        if package.hasPrefix("python") && CondaPackageName.name(of: package) == "python" {
            throw .invalidPackage(package, reason: "python must not be removed from conda dependencies")
        }
        var index = 0
        while index < dependencies.count {
            if dependencies[index] == .package(package) {
                dependencies.remove(at: index)
                comments.removeDependency(at: index)
            }
            index += 1
        }
    }

    /// `add_pip_package`: removes any requirement for the same package, then appends
    /// `package` to the `pip:` section (creating it last in `dependencies` when missing).
    /// - Throws: `EnvironmentSpecError.invalidPackage` for an option (`-...`).
    public mutating func addPipPackage(_ package: String) throws(EnvironmentSpecError) {
        guard !Self.isOption(package) else { throw .invalidPackage(package, reason: "a pip package cannot start with -") }
        try removePipPackage(package)
        if !hasPipSection {
            appendDependency(.pip([package]))
        } else if !pipPackages.contains(package) {
            updatePipSections { items, _ in items.append(package) }
        }
    }

    /// `remove_pip_package`: removes the last requirement naming the same package (by
    /// `_get_package_name`) from each `pip:` section, with its comments.
    /// - Throws: `EnvironmentSpecError.invalidPackage` for an option (`-...`).
    public mutating func removePipPackage(_ package: String) throws(EnvironmentSpecError) {
        guard !Self.isOption(package) else { throw .invalidPackage(package, reason: "a pip package cannot start with -") }
        let target = CondaPackageName.name(of: package)
        let current = pipPackages
        guard current.contains(package) || current.map(CondaPackageName.name(of:)).contains(target) else { return }
        updatePipSections { items, itemComments in
            guard let found = items.last(where: { CondaPackageName.name(of: $0) == target }) else { return }
            var index = 0
            while index < items.count {
                if items[index] == found {
                    items.remove(at: index)
                    itemComments.remove(at: index)
                }
                index += 1
            }
        }
    }

    /// `set_pip_option`: replaces the option with the same first word, or appends `option`.
    /// - Throws: `EnvironmentSpecError.invalidPackage` unless `option` starts with `-`.
    public mutating func setPipOption(_ option: String) throws(EnvironmentSpecError) {
        guard Self.isOption(option) else { throw .invalidPackage(option, reason: "a pip option starts with -") }
        guard hasPipSection else {
            appendDependency(.pip([option]))
            return
        }
        let present = pipOptions.map(CondaPackageName.firstWord)
        let word = CondaPackageName.firstWord(option)
        updatePipSections { items, _ in
            if !present.contains(word) {
                items.append(option)
            } else {
                for i in items.indices where CondaPackageName.firstWord(items[i]) == word { items[i] = option }
            }
        }
    }

    private var hasPipSection: Bool {
        dependencies.contains { if case .pip = $0 { return true } else { return false } }
    }

    private mutating func appendDependency(_ item: CondaDependency) {
        if keys.contains(.dependencies) {
            dependencies.append(item)
        } else {
            dependencies = [item]
            keys.append(.dependencies)
        }
    }

    /// Runs `change` on every `pip:` section in order, with that section's comments.
    private mutating func updatePipSections(_ change: (inout [String], inout CondaComments.Sequence) -> Void) {
        for index in dependencies.indices {
            guard case .pip(var items) = dependencies[index] else { continue }
            var itemComments = comments.pip[index] ?? CondaComments.Sequence()
            change(&items, &itemComments)
            dependencies[index] = .pip(items)
            comments.pip[index] = itemComments == CondaComments.Sequence() ? nil : itemComments
        }
    }
}
