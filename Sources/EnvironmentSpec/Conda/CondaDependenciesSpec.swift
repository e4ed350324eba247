import JSONValue

/// A conda environment file as azureml-core's `CondaDependencies` holds it: the loaded YAML
/// mapping (`name`, `channels`, `dependencies` with an optional `pip:` section) in its key
/// order, with what ruamel.yaml keeps of the file.
///
/// Build one from parts with `init(name:channels:condaPackages:pipPackages:pipOptions:)` (what
/// `CondaDependencies(conda_file)` keeps of a file laid out as `name`, `channels`,
/// `dependencies`), or start from `sdkDefault` (what `CondaDependencies()` loads, comments
/// included). Change it with the methods that mirror the SDK's (`addPipPackage`, ...).
public struct CondaDependenciesSpec: Sendable, Equatable {
    /// A top-level key of the file.
    enum Key: String, Sendable, Equatable {
        case name, channels, dependencies
    }

    /// `PYTHON_DEFAULT_VERSION` of azureml-core 1.61: what `from_conda_specification` adds to a
    /// file that pins no Python.
    public static let defaultPythonVersion = "3.10.18"

    /// `name:` (nil when the file has none).
    public internal(set) var name: String?
    /// `channels:`, in order (empty when the file has none).
    public internal(set) var channels: [String]
    /// `dependencies:`, in order.
    public internal(set) var dependencies: [CondaDependency]
    /// The top-level keys present, in file order.
    var keys: [Key]
    /// Comments ruamel carries (the SDK template's only).
    var comments: CondaComments

    /// A conda file made of these parts, laid out as `name`, `channels` (when any),
    /// `dependencies`: the conda packages, then a `pip:` section (when any) holding the options
    /// first and then the packages.
    public init(name: String?, channels: [String], condaPackages: [String], pipPackages: [String],
                pipOptions: [String]) {
        self.name = name
        self.channels = channels
        var dependencies = condaPackages.map(CondaDependency.package)
        if !pipOptions.isEmpty || !pipPackages.isEmpty {
            dependencies.append(.pip(pipOptions + pipPackages))
        }
        self.dependencies = dependencies
        var keys: [Key] = []
        if name != nil { keys.append(.name) }
        if !channels.isEmpty { keys.append(.channels) }
        keys.append(.dependencies)
        self.keys = keys
        self.comments = CondaComments()
    }

    init(name: String?, channels: [String], dependencies: [CondaDependency], keys: [Key], comments: CondaComments) {
        self.name = name
        self.channels = channels
        self.dependencies = dependencies
        self.keys = keys
        self.comments = comments
    }

    /// The conda packages (every string item of `dependencies`), as `conda_packages`.
    public var condaPackages: [String] {
        dependencies.compactMap { if case .package(let p) = $0 { return p } else { return nil } }
    }

    /// The pip packages of the last `pip:` section (the SDK's `pip_packages`).
    public var pipPackages: [String] { lastPipSection.filter { !Self.isOption($0) } }

    /// The pip options of the last `pip:` section (the SDK's `pip_options`).
    public var pipOptions: [String] { lastPipSection.filter(Self.isOption) }

    /// The Python version pinned by the first `python` package (`python=3.8.13` → `3.8.13`),
    /// as `get_python_version`.
    public var pythonVersion: String? {
        pythonPackageIndex.flatMap { index in
            if case .package(let spec) = dependencies[index] { return CondaPackageName.version(in: spec) }
            return nil
        }
    }

    private var lastPipSection: [String] {
        var last: [String] = []
        for case .pip(let items) in dependencies { last = items }
        return last
    }

    /// Index of the first `python` package (`_has_python_package`).
    var pythonPackageIndex: Int? {
        dependencies.firstIndex {
            if case .package(let spec) = $0 { return spec.hasPrefix("python") && CondaPackageName.name(of: spec) == "python" }
            return false
        }
    }

    /// `_is_option`: a pip line starting with `-`.
    static func isOption(_ item: String) -> Bool { item.hasPrefix("-") }
}

extension CondaDependenciesSpec {
    /// The file's mapping as JSON, in key order (what `CondaDependencies._conda_dependencies`
    /// serializes to): `name`, `channels`, `dependencies` with `{"pip": [...]}` for a pip section.
    public var json: JSON {
        var o = JSONObject()
        for key in keys {
            switch key {
            case .name: o["name"] = name.map(JSON.string) ?? .null
            case .channels: o["channels"] = .array(channels.map(JSON.string))
            case .dependencies:
                o["dependencies"] = .array(dependencies.map { dependency in
                    switch dependency {
                    case .package(let spec): return .string(spec)
                    case .pip(let items): return .object(JSONObject([("pip", .array(items.map(JSON.string)))]))
                    }
                })
            }
        }
        return .object(o)
    }
}
