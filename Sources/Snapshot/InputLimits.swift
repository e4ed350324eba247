import Archive
import Foundation
import JSONValue

/// Bounds on what the tool reads, so that a hostile or broken input costs bounded memory and
/// time. Every limit is an environment variable (see docs/security.md); `fromEnvironment`
/// reads them, `default` is what applies without them.
public struct InputLimits: Sendable, Equatable {
    /// The largest JSON file (or standard input) read, in bytes. `IMAGE2ENV_MAX_JSON_BYTES`.
    public var maxJSONBytes: Int
    /// The deepest JSON nesting (arrays and objects). `IMAGE2ENV_MAX_JSON_DEPTH`.
    public var maxJSONDepth: Int
    /// The largest artifact file read (conda file, Docker steps, driver, tarball as stored).
    /// `IMAGE2ENV_MAX_ARTIFACT_BYTES`.
    public var maxArtifactBytes: Int
    /// YAML (conda files and rule files): nesting and node count, aliases expanded.
    public var yaml: YAMLLimits
    /// Dependency tarballs: members, file data, name length, PAX headers.
    public var tar: TarLimits

    public init(maxJSONBytes: Int = 64 << 20, maxJSONDepth: Int = JSONParser.defaultMaxDepth,
                maxArtifactBytes: Int = 256 << 20, yaml: YAMLLimits = .default, tar: TarLimits = .default) {
        self.maxJSONBytes = maxJSONBytes
        self.maxJSONDepth = maxJSONDepth
        self.maxArtifactBytes = maxArtifactBytes
        self.yaml = yaml
        self.tar = tar
    }

    /// 64 MiB JSON files, 512 levels, 256 MiB artifacts; `YAMLLimits.default`; `TarLimits.default`.
    public static let `default` = InputLimits()

    /// An environment variable with a value that is not a positive whole number.
    public struct InvalidSetting: Error, Sendable, Equatable, CustomStringConvertible {
        public var variable: String
        public var value: String
        public var description: String {
            "\(variable)=\(value): expected a positive whole number (see docs/security.md)"
        }
    }

    /// The environment variables that set each limit, with their meaning, for help texts.
    public static let variables: [(name: String, meaning: String)] = [
        ("IMAGE2ENV_MAX_JSON_BYTES", "largest JSON file or standard input, bytes (default 67108864)"),
        ("IMAGE2ENV_MAX_JSON_DEPTH", "deepest JSON nesting (default 512)"),
        ("IMAGE2ENV_MAX_ARTIFACT_BYTES", "largest artifact file, bytes (default 268435456)"),
        ("IMAGE2ENV_MAX_YAML_BYTES", "largest conda or rule file, bytes (default 4194304)"),
        ("IMAGE2ENV_MAX_YAML_DEPTH", "deepest YAML nesting, aliases followed (default 64)"),
        ("IMAGE2ENV_MAX_YAML_NODES", "most YAML nodes, aliases expanded (default 100000)"),
        ("IMAGE2ENV_MAX_TAR_MEMBERS", "most members of one tarball (default 100000)"),
        ("IMAGE2ENV_MAX_TAR_BYTES", "most file data of one tarball, bytes (default 1073741824)"),
        ("IMAGE2ENV_MAX_TAR_NAME_BYTES", "longest tar member name, bytes (default 4096)"),
    ]

    /// The defaults, overridden by the `IMAGE2ENV_MAX_*` variables that are set.
    public static func fromEnvironment(_ environment: [String: String]) throws(InvalidSetting) -> InputLimits {
        var limits = InputLimits.default
        func read(_ name: String, _ apply: (Int) -> Void) throws(InvalidSetting) {
            guard let text = environment[name] else { return }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw InvalidSetting(variable: name, value: text)
            }
            apply(value)
        }
        try read("IMAGE2ENV_MAX_JSON_BYTES") { limits.maxJSONBytes = $0 }
        try read("IMAGE2ENV_MAX_JSON_DEPTH") { limits.maxJSONDepth = $0 }
        try read("IMAGE2ENV_MAX_ARTIFACT_BYTES") { limits.maxArtifactBytes = $0 }
        try read("IMAGE2ENV_MAX_YAML_BYTES") { limits.yaml.maxBytes = $0 }
        try read("IMAGE2ENV_MAX_YAML_DEPTH") { limits.yaml.maxDepth = $0 }
        try read("IMAGE2ENV_MAX_YAML_NODES") { limits.yaml.maxNodes = $0 }
        try read("IMAGE2ENV_MAX_TAR_MEMBERS") { limits.tar.maxMembers = $0 }
        try read("IMAGE2ENV_MAX_TAR_BYTES") { limits.tar.maxTotalBytes = $0 }
        try read("IMAGE2ENV_MAX_TAR_NAME_BYTES") { limits.tar.maxNameLength = $0 }
        return limits
    }
}
