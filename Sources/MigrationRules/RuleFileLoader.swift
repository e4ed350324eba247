import Foundation
import Snapshot
import Yams

/// What one rule file holds.
public struct RuleFile: Sendable, Equatable {
    public var file: String
    public var rules: [Rule]
    public var tables: [(name: String, entries: [(key: String, value: Tables.Value)])]

    public static func == (a: RuleFile, b: RuleFile) -> Bool {
        a.file == b.file && a.rules == b.rules && a.tables.map(\.name) == b.tables.map(\.name)
    }
}

/// Reads rule files (YAML). Every mistake is an error with file:line:column and the rule id;
/// an unknown key, condition or action is an error, never ignored.
public enum RuleFileLoader {
    static let ruleKeys = ["id", "title", "severity", "when", "forEach", "then", "message", "remediation", "link", "examples"]

    public static func load(file: String, limits: YAMLLimits = .default) throws(RuleError) -> RuleFile {
        try parse(try text(of: file, limits: limits), file: file, limits: limits)
    }

    /// A YAML file's text: a regular file within the size limit, valid UTF-8.
    public static func text(of file: String, limits: YAMLLimits = .default) throws(RuleError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(file, limit: limits.maxBytes, setting: "IMAGE2ENV_MAX_YAML_BYTES")
        } catch {
            throw RuleError(file: file, line: nil, column: nil, ruleId: nil, message: error.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RuleError(file: file, line: nil, column: nil, ruleId: nil, message: "not valid UTF-8")
        }
        return text
    }

    /// The YAML node tree of `text`, after checking it against `limits` (size, nesting,
    /// aliases); nil for an empty document.
    public static func compose(_ text: String, file: String, limits: YAMLLimits = .default) throws(RuleError) -> Node? {
        do {
            try YAMLGuard.check(text, limits: limits)
        } catch {
            throw RuleError(file: file, line: error.line, column: error.column, ruleId: nil, message: error.message)
        }
        do {
            return try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch {
            let described = YAMLErrorText(error)
            throw RuleError(file: file, line: described.line, column: described.column, ruleId: nil, message: described.message)
        }
    }

    /// Parses a rule file's text, after checking it against `limits` (size, nesting, aliases).
    public static func parse(_ text: String, file: String, limits: YAMLLimits = .default) throws(RuleError) -> RuleFile {
        let root = try compose(text, file: file, limits: limits)
        var out = RuleFile(file: file, rules: [], tables: [])
        guard let root else { return out }
        let r = NodeReader(file: file, ruleId: nil)
        let top = try r.mapping(root, "a rule file (a mapping with \"rules\" and/or \"tables\")")
        for (key, value) in top {
            switch key.string {
            case "rules":
                for item in try r.sequence(value, "\"rules\"") {
                    out.rules.append(try parseRule(item, file: file))
                }
            case "tables":
                for (name, table) in try r.mapping(value, "\"tables\"") {
                    let tableName = try r.string(name, "a table name")
                    var entries: [(key: String, value: Tables.Value)] = []
                    for (k, v) in try r.mapping(table, "table \"\(tableName)\"") {
                        let key = try r.string(k, "a table key")
                        if v.sequence != nil {
                            entries.append((key, .list(try r.strings(v, "table \"\(tableName)\" key \"\(key)\""))))
                        } else {
                            entries.append((key, .string(try r.string(v, "table \"\(tableName)\" key \"\(key)\""))))
                        }
                    }
                    out.tables.append((tableName, entries))
                }
            default:
                throw r.error(key, "unknown top-level key \"\(key.string ?? "?")\" (known: rules, tables)")
            }
        }
        return out
    }

    static func parseRule(_ node: Node, file: String) throws(RuleError) -> Rule {
        var r = NodeReader(file: file, ruleId: nil)
        let map = try r.mapping(node, "a rule")
        guard let idNode = map["id"] else { throw r.error(node, "rule without \"id\"") }
        let id = try r.string(idNode, "\"id\"")
        guard id.range(of: #"^[a-z0-9][a-z0-9.-]*$"#, options: .regularExpression) != nil else {
            throw r.error(idNode, "rule id \"\(id)\" must be lower-case letters, digits, '-' and '.'")
        }
        r.ruleId = id
        for (key, _) in map where !ruleKeys.contains(key.string ?? "") {
            throw r.error(key, "unknown key \"\(key.string ?? "?")\" (known: \(ruleKeys.joined(separator: ", ")))")
        }
        func required(_ key: String) throws(RuleError) -> Node {
            guard let n = map[key] else { throw r.error(node, "missing \"\(key)\"") }
            return n
        }
        let severityNode = try required("severity")
        guard let severity = Severity(rawValue: try r.string(severityNode, "\"severity\"")) else {
            throw r.error(severityNode, "severity must be one of info, review, manual")
        }
        let conditions = try ConditionParser(reader: r).conditions(try required("when"))
        var actions: [Action] = []
        if let then = map["then"] {
            for item in try r.sequence(then, "\"then\"") { actions.append(try ActionParser(reader: r).action(item)) }
        }
        var forEach: ForEachList?
        if let node = map["forEach"] {
            let text = try r.string(node, "\"forEach\"")
            guard let list = ForEachList(rawValue: text) else {
                throw r.error(node, "unknown forEach list \"\(text)\" (known: \(ForEachList.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            forEach = list
        }
        let message = try template(try required("message"), r, "\"message\"")
        let remediation = try map["remediation"].map { (n) throws(RuleError) in try template(n, r, "\"remediation\"") }
        for (text, node) in [(message, map["message"]), (remediation, map["remediation"])] {
            if let text, text.readsItem, forEach == nil, let node {
                throw r.error(node, "${item.*} placeholders need \"forEach\" (one of \(ForEachList.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let text, let list = forEach, let node, let field = text.itemFieldNames.first(where: { !list.fields.contains($0) }) {
                throw r.error(node, "items of \(list.rawValue) have no field \"\(field)\" (they have: \(list.fields.joined(separator: ", ")))")
            }
        }
        var examples: [RuleExample] = []
        if let ex = map["examples"] {
            for item in try r.sequence(ex, "\"examples\"") { examples.append(try ExampleParser(reader: r).example(item)) }
        }
        return Rule(id: id, title: try r.string(try required("title"), "\"title\""), severity: severity,
                    when: conditions, then: actions, message: message, remediation: remediation,
                    link: try map["link"].map { (n) throws(RuleError) in try r.string(n, "\"link\"") },
                    forEach: forEach, examples: examples, file: file, line: node.mark?.line ?? 1)
    }

    static func template(_ node: Node, _ r: NodeReader, _ what: String) throws(RuleError) -> Template {
        let text = try r.string(node, what)
        do {
            return try Template(text)
        } catch {
            throw r.error(node, error.message)
        }
    }
}

/// Typed access to YAML nodes, with errors that carry the node's line and column (also used
/// for the project file, `.image2env.yml`).
public struct NodeReader: Sendable {
    public var file: String
    public var ruleId: String?

    public init(file: String, ruleId: String?) {
        self.file = file
        self.ruleId = ruleId
    }

    public func error(_ node: Node, _ message: String) -> RuleError {
        RuleError(file: file, line: node.mark?.line, column: node.mark?.column, ruleId: ruleId, message: message)
    }

    public func mapping(_ node: Node, _ what: String) throws(RuleError) -> Node.Mapping {
        guard let m = node.mapping else { throw error(node, "expected \(what) to be a mapping") }
        return m
    }

    public func sequence(_ node: Node, _ what: String) throws(RuleError) -> Node.Sequence {
        guard let s = node.sequence else { throw error(node, "expected \(what) to be a list") }
        return s
    }

    public func string(_ node: Node, _ what: String) throws(RuleError) -> String {
        guard let s = node.scalar?.string, node.null == nil else { throw error(node, "expected \(what) to be a string") }
        return s
    }

    public func bool(_ node: Node, _ what: String) throws(RuleError) -> Bool {
        guard node.scalar != nil, let b = node.bool else { throw error(node, "expected \(what) to be true or false") }
        return b
    }

    /// A string or a list of strings.
    public func strings(_ node: Node, _ what: String) throws(RuleError) -> [String] {
        if let seq = node.sequence {
            var out: [String] = []
            for item in seq { out.append(try string(item, "the items of \(what)")) }
            return out
        }
        return [try string(node, what)]
    }
}
