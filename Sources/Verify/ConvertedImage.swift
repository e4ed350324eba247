import Foundation
import JSONValue
import Snapshot

/// The part of `convert`'s output for one image that `verify` serves: `OUT/NAME/VERSION/`, with
/// `migration.json` (the image, its models, its entry script and what the solve stage chose), the
/// target's conda file and its code (`source/` for v1, `v2/code/` for v2).
public struct ConvertedImage: Sendable, Equatable {
    public var folder: String
    /// `name:version`.
    public var imageId: String
    /// `name:version` of every model the image packaged.
    public var models: [String]
    /// Relative to the code folder.
    public var entryScript: String
    /// The chosen Python (`3.11`) and the `--exclude-newer` date of the solve.
    public var python: String
    public var excludeNewer: String
    /// The conda file of the target (its pip section pinned to the solved versions).
    public var conda: CondaSpec
    /// The code folder (absolute).
    public var code: String
    /// Extra Docker steps the target's Environment carries (not run here).
    public var hasDockerfile: Bool

    /// Why a folder cannot be served: `usage` (exit 64) or `data` (exit 65).
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable { case usage, data }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// Reads `folder` for `target` (`v1` or `v2`), within `limits` (the `IMAGE2ENV_MAX_*` settings).
    public static func load(_ folder: String, target: VerifyTarget, limits: InputLimits = .default) throws(LoadError) -> ConvertedImage {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        let recordPath = base + "/migration.json"
        guard FileManager.default.fileExists(atPath: recordPath) else {
            throw LoadError(kind: .usage, message: "\(folder): no migration.json; give the folder convert wrote for one image (OUT/NAME/VERSION)")
        }
        let record: JSON
        do {
            record = try JSONParser.parse(try BoundedFile.read(recordPath, limit: limits.maxJSONBytes, setting: "IMAGE2ENV_MAX_JSON_BYTES"), file: recordPath,
                                      maxDepth: limits.maxJSONDepth)
        } catch {
            throw LoadError(kind: .data, message: "\(recordPath): \(error)")
        }
        func string(_ key: String) throws(LoadError) -> String {
            guard let v = record[key]?.stringValue else { throw LoadError(kind: .data, message: "\(recordPath): $.\(key) is not a string") }
            return v
        }
        let imageId = try string("image")
        if record["readiness"]?.stringValue == "manual" {
            throw LoadError(kind: .data, message: "\(imageId) is manual (see \(folder)/MANUAL.md): there is no Environment to serve")
        }
        let entry = try string("entryScript")
        guard let resolution = record["resolution"]?.objectValue, resolution["status"]?.stringValue == "resolved",
              let python = resolution["python"]?.stringValue, let date = resolution["excludeNewer"]?.stringValue else {
            throw LoadError(kind: .data, message: "\(recordPath): the Environment was not resolved (resolution.status is not resolved); "
                + "convert again with --resolve auto: only a solved Environment can be installed as it will be deployed")
        }
        let models = (record["models"]?.arrayValue ?? []).compactMap(\.stringValue)
        let condaCandidates: [String]
        let code: String
        switch target {
        case .v1:
            condaCandidates = [base + "/v1/conda_dependencies.yml"]
            code = base + "/source"
        case .v2:
            condaCandidates = [base + "/v2/conda.yml", base + "/v2/docker/conda.yml"]
            code = base + "/v2/code"
        }
        guard let condaPath = condaCandidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let why = target == .v2 && !FileManager.default.fileExists(atPath: base + "/v2")
                ? "no v2/ folder (converted with --target v1, or the v2 inference stack cannot install: see migration.json)"
                : "no conda file (\(condaCandidates.map { $0.dropFirst(base.count + 1) }.joined(separator: " or ")))"
            throw LoadError(kind: .usage, message: "\(folder): \(why)")
        }
        let conda: CondaSpec
        do {
            conda = try CondaSpec.parse(String(decoding: try BoundedFile.read(condaPath, limit: limits.yaml.maxBytes, setting: "IMAGE2ENV_MAX_YAML_BYTES"),
                                                as: UTF8.self), limits: limits.yaml)
        } catch {
            throw LoadError(kind: .data, message: "\(condaPath): \(error)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: code + "/" + entry, isDirectory: &isDir), !isDir.boolValue else {
            throw LoadError(kind: .data, message: "\(folder): the entry script \(entry) is not in \(code.dropFirst(base.count + 1))/")
        }
        let dockerfile = target == .v1 ? base + "/v1/BaseDockerfile" : base + "/v2/docker/Dockerfile"
        return ConvertedImage(folder: base, imageId: imageId, models: models, entryScript: entry, python: python, excludeNewer: date,
                              conda: conda, code: code, hasDockerfile: FileManager.default.fileExists(atPath: dockerfile))
    }
}

/// Which Environment `verify` serves.
public enum VerifyTarget: String, Sendable, CaseIterable {
    case v1, v2
}
