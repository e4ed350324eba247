import JSONValue
import MigrationRules

/// The `resolution` object of `migration.json` and of the JSON audit's image rows: what the solve
/// stage found, every key always present (null or empty when it does not apply).
public enum ResolutionJSON {
    public static func object(_ r: Resolution?) -> JSON {
        guard let r else { return .null }
        func str(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
        func strings(_ l: [String]) -> JSON { .array(l.map(JSON.string)) }
        var resolver = JSON.null
        if let label = r.resolver {
            let words = label.split(separator: " ", maxSplits: 1).map(String.init)
            resolver = .object(JSONObject([("name", .string(words.first ?? label)), ("version", str(words.count > 1 ? words[1] : nil))]))
        }
        let packages: [JSON] = r.packages.map { p in
            .object(JSONObject([("name", .string(p.name)), ("requirement", .string(p.requirement)), ("v1", str(p.v1)), ("v2", str(p.v2))]))
        }
        let changed: [JSON] = r.relaxed.map { c in
            .object(JSONObject([("name", .string(c.name)), ("from", .string(c.from)), ("to", .string(c.to)), ("version", str(c.version)),
                                ("reason", .string(c.reason))]))
        }
        return .object(JSONObject([
            ("status", .string(r.status.rawValue)),
            ("reason", str(r.reason)),
            ("python", str(r.python)),
            ("imagePython", str(r.imagePython)),
            ("lastResortPython", .bool(r.lastResortPython)),
            ("platform", str(r.platform)),
            ("platformAssumed", .bool(r.platformAssumed)),
            ("resolver", resolver),
            ("excludeNewer", str(r.excludeNewer)),
            ("packages", .array(packages)),
            ("pinsChanged", .array(changed)),
            ("blocking", str(r.blocking)),
            ("blockKind", str(r.blockKind?.rawValue)),
            ("wheelTags", str(r.wheelTags)),
            ("sourceBuilds", strings(r.sourceBuilds)),
            ("condaOnly", strings(r.condaOnly)),
            ("unchecked", strings(r.unchecked)),
            ("v2Unavailable", str(r.v2Unavailable)),
        ]))
    }
}
