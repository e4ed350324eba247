/// A string with `${...}` placeholders, checked when the rule file is read:
///
/// - `${image.baseImage}`, `${image.dockerSteps}`, `${image.cudaVersion}`, `${image.name}`,
///   `${image.version}`: facts of the legacy image;
/// - `${env.baseImage}`, `${env.name}`: the Environment as earlier rules left it;
///   `${env.movedToPip}`: the conda packages moved into the pip section (`numpy=1.16 → numpy==1.16.*`);
/// - `${resolution.FIELD}`: what the solve stage found (rules that use them run after it);
/// - `${item.FIELD}`: the item of a `forEach` rule (`ForEachList.fields`);
/// - `${script.reason}`, `${script.python}`, `${script.entryScript}`: the entry-script analysis;
/// - `${tables.NAME.KEY}`: a value of a table;
/// - `${tables.NAME[image.FACT]}`: the table's value for the image's fact (e.g. its CUDA version).
public struct Template: Sendable, Equatable, CustomStringConvertible {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case imageFact(String)
        case envField(String)
        case table(String, key: String)
        case tableByFact(String, fact: String)
        case resolution(String)
        case item(String)
        case script(String)
    }

    public var parts: [Part]
    public let description: String

    static let imageFacts = ["baseImage", "dockerSteps", "cudaVersion", "name", "version", "registryAddress"]
    static let envFields = ["baseImage", "name", "movedToPip"]
    static let resolutionFields = ["python", "imagePython", "platform", "resolver", "excludeNewer", "reason", "blocking",
                                   "blockingPackage", "wheelTags", "relaxed", "sourceBuilds", "condaOnly", "unchecked",
                                   "v2Unavailable"]
    /// Every field of every `forEach` list, in a stable order.
    static let itemFields: [String] = {
        var out: [String] = []
        for list in ForEachList.allCases { for f in list.fields where !out.contains(f) { out.append(f) } }
        return out
    }()
    static let scriptFields = ["reason", "python", "entryScript"]

    /// Parses `text`; throws a message naming the bad placeholder.
    public init(_ text: String) throws(TemplateError) {
        description = text
        parts = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw TemplateError(message: "unclosed \"${\" in \"\(text)\"")
            }
            parts.append(try Self.placeholder(String(rest[open.upperBound..<close]), in: text))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
    }

    private static func placeholder(_ p: String, in text: String) throws(TemplateError) -> Part {
        if p.hasPrefix("image."), imageFacts.contains(String(p.dropFirst(6))) { return .imageFact(String(p.dropFirst(6))) }
        if p.hasPrefix("env."), envFields.contains(String(p.dropFirst(4))) { return .envField(String(p.dropFirst(4))) }
        if p.hasPrefix("resolution."), resolutionFields.contains(String(p.dropFirst(11))) { return .resolution(String(p.dropFirst(11))) }
        if p.hasPrefix("item."), itemFields.contains(String(p.dropFirst(5))) { return .item(String(p.dropFirst(5))) }
        if p.hasPrefix("script."), scriptFields.contains(String(p.dropFirst(7))) { return .script(String(p.dropFirst(7))) }
        if p.hasPrefix("tables.") {
            let rest = p.dropFirst(7)
            if let bracket = rest.firstIndex(of: "["), rest.hasSuffix("]") {
                let table = String(rest[..<bracket])
                let inner = rest[rest.index(after: bracket)..<rest.index(before: rest.endIndex)]
                if inner.hasPrefix("image."), imageFacts.contains(String(inner.dropFirst(6))), !table.isEmpty {
                    return .tableByFact(table, fact: String(inner.dropFirst(6)))
                }
            } else if let dot = rest.firstIndex(of: "."), dot != rest.startIndex, rest.index(after: dot) != rest.endIndex {
                return .table(String(rest[..<dot]), key: String(rest[rest.index(after: dot)...]))
            }
        }
        throw TemplateError(message: "unknown placeholder ${\(p)} in \"\(text)\" (known: "
            + (imageFacts.map { "image.\($0)" } + envFields.map { "env.\($0)" } + resolutionFields.map { "resolution.\($0)" }
                + itemFields.map { "item.\($0)" } + scriptFields.map { "script.\($0)" } + ["tables.NAME.KEY", "tables.NAME[image.FACT]"])
            .joined(separator: ", ") + ")")
    }

    /// The text with each placeholder shown as `<name>` (`${resolution.blocking}` → `<blocking>`),
    /// for places that describe a rule rather than one finding (SARIF's rule help).
    public var generic: String {
        parts.map { part in
            switch part {
            case .literal(let s): return s
            case .imageFact(let f), .envField(let f), .resolution(let f), .item(let f), .script(let f): return "<\(f)>"
            case .table(let t, let k): return "<\(t).\(k)>"
            case .tableByFact(let t, let f): return "<\(t)[\(f)]>"
            }
        }.joined()
    }

    /// Whether the template reads the solve stage's result (a `forEach` item is read where its list is made).
    var readsResolution: Bool { parts.contains { if case .resolution = $0 { return true } else { return false } } }

    /// Whether the template reads a `forEach` item.
    var readsItem: Bool { parts.contains { if case .item = $0 { return true } else { return false } } }

    /// The `${item.*}` fields the template reads.
    var itemFieldNames: [String] { parts.compactMap { if case .item(let f) = $0 { return f } else { return nil } } }

    /// The tables a template reads, for checking that they exist.
    var tableNames: [String] {
        parts.compactMap {
            switch $0 {
            case .table(let t, _), .tableByFact(let t, _): return t
            default: return nil
            }
        }
    }
}

public struct TemplateError: Error, Sendable, Equatable {
    public var message: String
}
