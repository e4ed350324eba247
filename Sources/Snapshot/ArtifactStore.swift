import Foundation
import LegacyImage

/// The `artifacts/` folder of a snapshot: the bytes behind `aml://artifact/...` URLs.
public struct ArtifactStore: Sendable {
    /// The snapshot's `artifacts` folder, as the user named it (prefix of file names in messages).
    public let root: String
    /// The largest artifact file read (`InputLimits.maxArtifactBytes`).
    public var maxBytes: Int

    /// `root` with every symbolic link resolved (nil when it does not exist), found once.
    let realRoot: String?

    public init(root: String, maxBytes: Int = InputLimits.default.maxArtifactBytes) {
        self.root = root
        self.maxBytes = maxBytes
        self.realRoot = Self.realPath(root)
    }

    public enum LookupError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not an `aml://artifact/<origin>/<container>/<path>` URL.
        case notAnArtifactURL(String)
        /// A component that would leave the folder (`..`, empty, NUL).
        case unsafePath(String)
        /// The URL is fine but the snapshot does not have the file.
        case missing(file: String)
        /// The file exists but is refused: too large, not a regular file, or a symbolic link
        /// leading outside the snapshot's artifacts folder.
        case refused(file: String, reason: String)

        public var description: String {
            switch self {
            case .notAnArtifactURL(let url): return "\(quotedForMessage(url, limit: 200)) is not an aml://artifact/<origin>/<container>/<path> URL"
            case .unsafePath(let url): return "artifact URL \(quotedForMessage(url, limit: 200)) has an empty, \".\" or \"..\" path component; refused"
            case .missing(let file): return "artifact is missing from the snapshot (expected at \(file))"
            case .refused(let file, let reason): return "artifact \(file) \(reason)"
            }
        }
    }

    static let scheme = "aml://artifact/"

    /// The relative path `<origin>/<container>/<path>` of an artifact URL, validated.
    public static func relativePath(of url: String) throws(LookupError) -> String {
        guard url.hasPrefix(scheme) else { throw .notAnArtifactURL(url) }
        let rest = url.dropFirst(scheme.count)
        if let plain = plainPath(rest) { return plain }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { throw .notAnArtifactURL(url) }
        var decoded: [String] = []
        for part in parts {
            let d = part.contains("%") ? String(part).removingPercentEncoding : String(part)
            guard let d, !d.isEmpty, d != ".", d != "..",
                  !d.contains("/"), !d.contains("\0") else {
                throw .unsafePath(url)
            }
            decoded.append(d)
        }
        return decoded.joined(separator: "/")
    }

    /// `rest` itself when it needs no decoding and every check passes (the common case, byte by
    /// byte); nil sends it through the full decoding path.
    private static func plainPath(_ rest: Substring) -> String? {
        var components = 0
        var length = 0
        var dots = 0
        for byte in rest.utf8 {
            switch byte {
            case UInt8(ascii: "%"), 0:
                return nil
            case UInt8(ascii: "/"):
                guard length > 0, !(dots == length && length <= 2) else { return nil }
                components += 1
                length = 0
                dots = 0
            default:
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        guard length > 0, !(dots == length && length <= 2), components + 1 >= 3 else { return nil }
        return String(rest)
    }

    /// The file an artifact URL maps to.
    public func file(for url: String) throws(LookupError) -> String {
        let relative = try Self.relativePath(of: url)
        return root + "/" + relative
    }

    /// The artifact's bytes.
    public func read(_ url: String) throws(LookupError) -> (file: String, bytes: [UInt8]) {
        let path = try file(for: url)
        guard let realRoot else { throw .missing(file: path) }
        do {
            return (path, try BoundedFile.read(path, limit: maxBytes, setting: "IMAGE2ENV_MAX_ARTIFACT_BYTES", inside: realRoot))
        } catch .missing {
            throw .missing(file: path)
        } catch .outside {
            throw .refused(file: path, reason: "leads outside the snapshot's artifacts folder (a symbolic link); refused")
        } catch {
            throw .refused(file: path, reason: error.description)
        }
    }

    /// The absolute path with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
