import Foundation
import Yams

/// A conda environment file (`conda_file` of a legacy image), as conda reads it.
public struct CondaSpec: Sendable, Equatable {
    public var name: String?
    public var channels: [String]
    /// Conda package specs (`numpy`, `python=3.6.2`), in file order; the `pip:` section excluded.
    public var condaPackages: [String]
    /// Pip requirement lines of the `pip:` section that are packages.
    public var pipPackages: [String]
    /// Pip option lines of the `pip:` section (`--index-url ...`, `--extra-index-url ...`).
    public var pipOptions: [String]
    /// Top-level keys conda knows but this tool does not map (`prefix`, `variables`, ...).
    public var otherKeys: [String]

    public init(name: String? = nil, channels: [String] = [], condaPackages: [String] = [], pipPackages: [String] = [],
                pipOptions: [String] = [], otherKeys: [String] = []) {
        self.name = name
        self.channels = channels
        self.condaPackages = condaPackages
        self.pipPackages = pipPackages
        self.pipOptions = pipOptions
        self.otherKeys = otherKeys
    }

    /// The Python version the file pins (`python=3.6.2` → `3.6.2`, `python>=3.5` → `3.5`), if any.
    public var pythonVersion: String? {
        for spec in condaPackages where PackageSpec.name(spec) == "python" {
            let rest = spec.drop(while: { $0 != "=" && $0 != "<" && $0 != ">" && $0 != " " })
            let clean = rest.drop(while: { "=<>!~ ".contains($0) }).prefix(while: { $0.isNumber || $0 == "." })
            return clean.isEmpty ? nil : String(clean)
        }
        return nil
    }

    /// An error in a conda file: what, and where (`line:column` or the YAML path).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        public var column: Int?
        public var message: String
        public var description: String {
            if let line, let column { return "\(line):\(column): \(message)" }
            return message
        }
    }

    /// Only merge keys are resolved: every scalar of a conda file is read as its text, so the
    /// regular expressions of the other implicit types (bool, int, float, timestamp) would be
    /// run on every scalar for nothing.
    static let resolver = Resolver.basic.appending(.merge)

    /// How a conda file is read: both give the same spec or the same error for every input.
    public enum Reader: String, Sendable, CaseIterable {
        /// libyaml's event stream straight into a `CondaSpec` (`CondaEventReader`), with the
        /// Yams path for whatever it does not take.
        case events
        /// `YAMLGuard.check`, then a Yams node tree walked.
        case yams
    }

    /// `.events`, or `.yams` when `IMAGE2ENV_CONDA_READER=yams` (read once, for comparison).
    public static let defaultReader: Reader = {
        if let value = ProcessInfo.processInfo.environment["IMAGE2ENV_CONDA_READER"], value == "yams" { return .yams }
        return .events
    }()

    /// Parses a conda environment YAML, after checking it against `limits`. A leading byte order
    /// mark (U+FEFF) is ignored, as conda ignores it.
    public static func parse(_ text: String, limits: YAMLLimits = .default) throws(ParseError) -> CondaSpec {
        try parse(text, limits: limits, reader: defaultReader)
    }

    /// `parse(_:limits:)` with a chosen reader (tests and `image2env dev conda-readers`).
    public static func parse(_ text: String, limits: YAMLLimits = .default, reader: Reader) throws(ParseError) -> CondaSpec {
        let text = Self.withoutByteOrderMark(text)
        switch reader {
        case .yams:
            return try parseWithYams(text, limits: limits)
        case .events:
            switch CondaEventReader.read(text, limits: limits) {
            case .spec(let spec): return spec
            case .limit(let error): throw ParseError(line: error.line, column: error.column, message: error.message)
            case .fallback: return try parseWithYams(text, limits: limits)
            }
        }
    }

    /// `text` without a leading U+FEFF (libyaml, told the input is UTF-8 as Yams tells it,
    /// would read it as content).
    static func withoutByteOrderMark(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.starts(with: [0xEF, 0xBB, 0xBF]) else { return text }
        return String(Substring(utf8.dropFirst(3)))
    }

    /// The Yams path: `YAMLGuard.check`, then a node tree composed and walked.
    private static func parseWithYams(_ text: String, limits: YAMLLimits) throws(ParseError) -> CondaSpec {
        do {
            try YAMLGuard.check(text, limits: limits)
        } catch {
            throw ParseError(line: error.line, column: error.column, message: error.message)
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, Self.resolver, .default, .utf8)  // .utf8: not read from the environment each time
        } catch {
            let described = YAMLErrorText(error)
            throw ParseError(line: described.line, column: described.column, message: described.message)
        }
        guard let node else { throw ParseError(line: 1, column: 1, message: "empty conda file") }
        guard let mapping = node.mapping else {
            throw Self.error(at: node, "expected a mapping with name, channels and dependencies")
        }
        var spec = CondaSpec()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw Self.error(at: keyNode, "expected a string key") }
            switch key {
            case "name":
                guard let s = value.scalar?.string else { throw Self.error(at: value, "expected \"name\" to be a string") }
                spec.name = s
            case "channels":
                spec.channels = try Self.strings(value, "channels")
            case "dependencies":
                guard let deps = value.sequence else { throw Self.error(at: value, "expected \"dependencies\" to be a list") }
                for dep in deps {
                    if let s = dep.scalar?.string {
                        spec.condaPackages.append(s)
                    } else if let m = dep.mapping, m.count == 1, let k = m.first?.key.string, k == "pip", let pipNode = m.first?.value {
                        for line in try Self.strings(pipNode, "pip") {
                            if line.hasPrefix("-") { spec.pipOptions.append(line) } else { spec.pipPackages.append(line) }
                        }
                    } else {
                        throw Self.error(at: dep, "expected a package spec or a \"pip:\" list in \"dependencies\"")
                    }
                }
            default:
                spec.otherKeys.append(key)
            }
        }
        return spec
    }

    private static func strings(_ node: Node, _ what: String) throws(ParseError) -> [String] {
        guard let seq = node.sequence else { throw error(at: node, "expected \"\(what)\" to be a list") }
        var out: [String] = []
        for item in seq {
            guard let s = item.scalar?.string else { throw error(at: item, "expected the items of \"\(what)\" to be strings") }
            out.append(s)
        }
        return out
    }

    private static func error(at node: Node, _ message: String) -> ParseError {
        ParseError(line: node.mark?.line, column: node.mark?.column, message: message)
    }
}
