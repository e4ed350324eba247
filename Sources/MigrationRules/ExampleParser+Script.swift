import Yams

extension ExampleParser {
    static let scriptKeys = ["status", "reason", "python", "entryScript", "imports"] + ForEachList.scriptLists.map(\.rawValue)

    /// An example's entry-script facts, as the analysis would find them:
    ///
    /// ```yaml
    /// script:
    ///   modelPathCalls:
    ///     - {at: score.py:12:13, call: 'Model.get_model_path("iris-svc")', model: iris-svc, version: "2", ...}
    ///   imports:
    ///     - {module: sklearn.tree, at: score.py:3:1}
    /// ```
    ///
    /// `status` is `analysed` unless given; each item has `at` (`file:line:column`) and the fields of
    /// its list; an import may say `stdlib`, `local`, `keptInV2` (default true) and `manualInV2`.
    func script(_ node: Node) throws(RuleError) -> ScriptFacts {
        let r = reader
        var facts = ScriptFacts(status: .analysed)
        for (key, value) in try r.mapping(node, "\"script\"") {
            let k = key.string ?? ""
            if k == "status" {
                let text = try r.string(value, "\"status\"")
                guard let status = ScriptFacts.Status(rawValue: text) else {
                    throw r.error(value, "status must be one of \(ScriptFacts.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                facts.status = status
            } else if k == "reason" {
                facts.reason = try r.string(value, "\"reason\"")
            } else if k == "python" {
                facts.python = try r.string(value, "\"python\"")
            } else if k == "entryScript" {
                facts.entryScript = try r.string(value, "\"entryScript\"")
            } else if k == "imports" {
                for item in try r.sequence(value, "\"imports\"") { facts.imports.append(try imported(item)) }
            } else if let list = ForEachList(rawValue: k), ForEachList.scriptLists.contains(list) {
                var items: [ScriptItem] = []
                for item in try r.sequence(value, "\"\(k)\"") { items.append(try scriptItem(item, list)) }
                facts.items[list] = items
            } else {
                throw r.error(key, "unknown script fact \"\(k)\" (known: \(Self.scriptKeys.joined(separator: ", ")))")
            }
        }
        return facts
    }

    private func location(_ node: Node?, in item: Node) throws(RuleError) -> SourceLocation {
        guard let node else { throw reader.error(item, "a script item needs \"at\" (file:line:column)") }
        let text = try reader.string(node, "\"at\"")
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]), line > 0, column > 0 else {
            throw reader.error(node, "\"at\" is file:line:column (not \"\(text)\")")
        }
        return SourceLocation(file: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    private func scriptItem(_ node: Node, _ list: ForEachList) throws(RuleError) -> ScriptItem {
        let map = try reader.mapping(node, "an item of \(list.rawValue)")
        var fields: [String: String] = [:]
        let own = list.fields.filter { !["file", "line", "column", "location"].contains($0) }
        for (key, value) in map where key.string != "at" {
            let k = key.string ?? ""
            guard own.contains(k) else {
                throw reader.error(key, "items of \(list.rawValue) have no field \"\(k)\" (they have: at, \(own.joined(separator: ", ")))")
            }
            fields[k] = try reader.string(value, "\"\(k)\"")
        }
        return ScriptItem(try location(map["at"], in: node), fields)
    }

    private func imported(_ node: Node) throws(RuleError) -> ImportedModule {
        let map = try reader.mapping(node, "an import")
        for (key, _) in map where !["module", "at", "stdlib", "local", "keptInV2", "manualInV2"].contains(key.string ?? "") {
            throw reader.error(key, "unknown key \"\(key.string ?? "?")\" in an import (known: module, at, stdlib, local, keptInV2, manualInV2)")
        }
        guard let moduleNode = map["module"] else { throw reader.error(node, "an import needs \"module\"") }
        func flag(_ name: String, _ fallback: Bool) throws(RuleError) -> Bool {
            try map[name].map { (n) throws(RuleError) in try reader.bool(n, "\"\(name)\"") } ?? fallback
        }
        return ImportedModule(module: try reader.string(moduleNode, "\"module\""), location: try location(map["at"], in: node),
                              stdlib: try flag("stdlib", false), local: try flag("local", false), keptInV2: try flag("keptInV2", true),
                              manualInV2: try flag("manualInV2", false))
    }
}
