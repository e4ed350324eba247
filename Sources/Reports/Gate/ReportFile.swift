import JSONValue
import Snapshot

/// A JSON report written by `image2env audit --format json` (or `diff`, or `report merge`),
/// read back: for `--baseline` and for `report merge`.
public enum ReportFile {
    /// Why a report cannot be read: what, where, and what to do.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        /// The file does not exist or is not a file (a usage error rather than bad data).
        public var isMissing: Bool

        public init(_ description: String, isMissing: Bool = false) {
            self.description = description
            self.isMissing = isMissing
        }
    }

    /// The report's JSON, checked to be an image2env report of `schemaVersion` 1.
    public static func read(_ path: String, limits: InputLimits = .default) throws(ReadError) -> JSON {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, limit: limits.maxJSONBytes, setting: "IMAGE2ENV_MAX_JSON_BYTES")
        } catch {
            if case .missing = error { throw ReadError("\(path): no such file", isMissing: true) }
            throw ReadError("\(path): \(error.description)")
        }
        let json: JSON
        do {
            json = try JSONParser.parse(bytes, file: path, maxDepth: limits.maxJSONDepth)
        } catch {
            throw ReadError("\(path):\(error.line):\(error.column): \(error.message) (at \(error.path)); "
                            + "give a report written by image2env audit --format json")
        }
        guard json["schemaVersion"]?.intValue == AuditJSON.schemaVersion, json["images"]?.arrayValue != nil else {
            throw ReadError("\(path): not an image2env JSON report (schemaVersion 1 with an images list); "
                            + "give a report written by image2env audit --format json")
        }
        return json
    }

    /// `json[key]` as a string, or an error naming the JSON path.
    static func string(_ json: JSON?, _ key: String, at path: String, file: String) throws(ReadError) -> String {
        guard let value = json?[key]?.stringValue else {
            throw ReadError("\(file): \(path).\(key): expected a string, found \(json?[key]?.typeName ?? "nothing")")
        }
        return value
    }
}
