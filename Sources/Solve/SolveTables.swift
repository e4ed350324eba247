import Foundation
import MigrationRules
import Snapshot

/// The data the solve stage works from, read from the rule files' tables (`resolve`,
/// `basePlatforms`, `modelCriticalPackages`, `sourcePackages`) so that users can read and
/// override it like every other table.
public struct SolveTables: Sendable, Equatable {
    /// Candidate Pythons, best first (`3.12`, `3.11`, ...).
    public var pythonCandidates: [String]
    /// Tried only when no candidate solves (v1 only).
    public var pythonLastResort: String?
    /// The inference stack floors: `azureml-defaults>=1.48` (v1), `azureml-inference-server-http>=1.4` (v2).
    public var v1Floor: String
    public var v2Floor: String
    /// The lowest Python on which the v2 floor installs.
    public var v2MinimumPython: String
    /// The platform for base images the table does not know.
    public var defaultPlatform: String
    /// Base image pattern → platform, in table order.
    public var platforms: [(pattern: String, platform: String)]
    /// Normalized project names whose pins are never relaxed, with why.
    public var modelCritical: [String: String]
    /// Normalized project names that may be built from source without a finding.
    public var sourcePackages: Set<String>

    public static func == (a: SolveTables, b: SolveTables) -> Bool {
        a.pythonCandidates == b.pythonCandidates && a.pythonLastResort == b.pythonLastResort && a.v1Floor == b.v1Floor
            && a.v2Floor == b.v2Floor && a.v2MinimumPython == b.v2MinimumPython && a.defaultPlatform == b.defaultPlatform
            && a.platforms.map(\.pattern) == b.platforms.map(\.pattern) && a.platforms.map(\.platform) == b.platforms.map(\.platform)
            && a.modelCritical == b.modelCritical && a.sourcePackages == b.sourcePackages
    }

    /// A table the solve stage needs is missing or malformed.
    public struct TableError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads the tables of `ruleSet`.
    public init(_ ruleSet: RuleSet) throws(TableError) {
        let t = ruleSet.tables
        let origin = t.origins["resolve"] ?? "rules"
        func need<T>(_ key: String, _ value: T?) throws(TableError) -> T {
            guard let value else { throw TableError(message: "\(origin): table \"resolve\" needs \"\(key)\"") }
            return value
        }
        pythonCandidates = try need("pythonCandidates", t.list("resolve", "pythonCandidates"))
        guard !pythonCandidates.isEmpty else { throw TableError(message: "\(origin): table \"resolve\" lists no pythonCandidates") }
        pythonLastResort = t.string("resolve", "pythonLastResort")
        v1Floor = try need("v1Floor", t.string("resolve", "v1Floor"))
        v2Floor = try need("v2Floor", t.string("resolve", "v2Floor"))
        v2MinimumPython = try need("v2MinimumPython", t.string("resolve", "v2MinimumPython"))
        defaultPlatform = try need("defaultPlatform", t.string("resolve", "defaultPlatform"))
        for requirement in [v1Floor, v2Floor] where PipRequirement(requirement)?.normalizedName == nil {
            throw TableError(message: "\(origin): table \"resolve\": \"\(requirement)\" is not a requirement")
        }
        var platforms: [(String, String)] = []
        for (pattern, value) in t.tables["basePlatforms"] ?? [] {
            guard case .string(let platform) = value, (try? NSRegularExpression(pattern: pattern)) != nil else {
                throw TableError(message: "\(t.origins["basePlatforms"] ?? "rules"): table \"basePlatforms\": \"\(pattern)\" needs a regular expression key and a platform value")
            }
            platforms.append((pattern, platform))
        }
        self.platforms = platforms
        var critical: [String: String] = [:]
        for (name, value) in t.tables["modelCriticalPackages"] ?? [] {
            if case .string(let why) = value { critical[PipRequirement.normalize(name)] = why } else { critical[PipRequirement.normalize(name)] = "" }
        }
        modelCritical = critical
        sourcePackages = Set((t.tables["sourcePackages"] ?? []).map { PipRequirement.normalize($0.key) })
    }

    /// The platform of a base image (or of the `FROM` line of a base Dockerfile), and whether it was assumed.
    public func platform(baseImage: String?, baseDockerfile: String?) -> (platform: String, assumed: Bool) {
        let image = baseImage ?? baseDockerfile.flatMap(Self.fromImage)
        if let image {
            for entry in platforms where image.range(of: entry.pattern, options: .regularExpression) != nil {
                return (entry.platform, false)
            }
        }
        return (defaultPlatform, true)
    }

    /// The image of the first `FROM` line of a Dockerfile.
    static func fromImage(_ dockerfile: String) -> String? {
        for line in dockerfile.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.first?.uppercased() == "FROM" else { continue }
            return words.dropFirst().first { !$0.hasPrefix("--") }.map(String.init)
        }
        return nil
    }
}
