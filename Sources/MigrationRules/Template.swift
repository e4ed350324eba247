/// A string with `${...}` placeholders, checked when the rule file is read:
///
/// - `${image.baseImage}`, `${image.dockerSteps}`, `${image.cudaVersion}`, `${image.name}`,
///   `${image.version}`: facts of the legacy image;
/// - `${env.baseImage}`: the Environment's base image as earlier rules left it;
/// - `${tables.NAME.KEY}`: a value of a table;
/// - `${tables.NAME[image.FACT]}`: the table's value for the image's fact (e.g. its CUDA version).
public struct Template: Sendable, Equatable, CustomStringConvertible {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case imageFact(String)
        case envField(String)
        case table(String, key: String)
        case tableByFact(String, fact: String)
    }

    public var parts: [Part]
    public let description: String

    static let imageFacts = ["baseImage", "dockerSteps", "cudaVersion", "name", "version", "registryAddress"]
    static let envFields = ["baseImage", "name"]

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
            + (imageFacts.map { "image.\($0)" } + envFields.map { "env.\($0)" } + ["tables.NAME.KEY", "tables.NAME[image.FACT]"]).joined(separator: ", ") + ")")
    }

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
