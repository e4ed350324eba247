import Foundation
import MigrationRules

/// The analysis of one file for one image: its items and its v2 edits (see `ScriptPlanner`).
struct FilePlan {
    let file: ScriptPlanner.File
    let facts: FileFacts
    let planner: ScriptPlanner

    var items: [ForEachList: [ScriptItem]] = [:]
    var edits: [SourceEdit] = []
    var imported: [ImportedModule] = []

    init(file: ScriptPlanner.File, facts: FileFacts, planner: ScriptPlanner) {
        self.file = file
        self.facts = facts
        self.planner = planner
    }

    func location(_ span: FileFacts.Span) -> SourceLocation {
        SourceLocation(file: file.path, line: span.line, column: span.column)
    }

    mutating func add(_ list: ForEachList, _ span: FileFacts.Span, _ fields: [String: String]) {
        items[list, default: []].append(ScriptItem(location(span), fields))
    }

    /// The first line of the code at `span`, as written (at most 100 characters).
    func text(_ span: FileFacts.Span) -> String {
        guard span.start >= 0, span.end <= file.bytes.count, span.start <= span.end else { return "" }
        let line = String(decoding: file.bytes[span.start..<span.end], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 100 ? String(trimmed.prefix(99)) + "…" : trimmed
    }

    static func isCore(_ module: String?) -> Bool {
        guard let module else { return false }
        return module == "azureml.core" || module.hasPrefix("azureml.core.")
    }

    static func isServices(_ module: String?) -> Bool {
        guard let module else { return false }
        return module == "azureml.contrib.services" || module.hasPrefix("azureml.contrib.services.")
    }

    mutating func run() {
        switch facts.status {
        case .python2:
            let e = facts.error
            add(.python2Syntax, FileFacts.Span(line: e?.line ?? 1, column: e?.column ?? 1, start: 0, end: 0), ["message": e?.message ?? "invalid syntax"])
            return
        case .syntax, .encoding:
            let e = facts.error
            add(.syntaxErrors, FileFacts.Span(line: e?.line ?? 1, column: e?.column ?? 1, start: 0, end: 0), ["message": e?.message ?? "invalid syntax"])
            return
        case .parsed:
            break
        }
        let distrust = !facts.utf8 ? "the file is not UTF-8" : planner.untrusted[file.path]
        let calls = planModelPaths(distrust: distrust)
        planImports(rewrittenRoots: Set(calls.compactMap(\.root)), distrust: distrust)
        for d in facts.decorators {
            guard let target = d.target, target.hasPrefix("inference_schema.") else { continue }
            add(.schemaDecorators, d.at, ["name": String(target.split(separator: ".").last ?? ""), "function": d.function])
        }
    }

    /// `get_model_path` calls: the rewritable ones become `_azureml_model_path(...)` (with the
    /// helper inserted after the leading imports); the others are manual. Returns the rewritten calls.
    private mutating func planModelPaths(distrust: String?) -> [FileFacts.Call] {
        var rewritten: [(FileFacts.Call, String)] = []
        let several = planner.models.count > 1
        for call in facts.calls {
            guard let target = call.target else {
                add(.manualEdits, call.at, ["what": text(call.at), "reason": "\(call.function ?? "get_model_path") is not known to be azureml-core's Model.get_model_path"])
                continue
            }
            guard ScriptPlanner.modelPathTargets.contains(target) else { continue }
            var name: FileFacts.Literal? = call.args.first
            var version: FileFacts.Literal? = call.args.count > 1 ? call.args[1] : nil
            var problem: String?
            for k in call.keywords {
                switch k.keyword {
                case "model_name": name = k
                case "version": version = k
                default: problem = "it passes \(k.keyword ?? "a keyword")= (a workspace download has no v2 equivalent)"
                }
            }
            if call.starred || call.args.count > 2 { problem = "its arguments are not a model name and a version" }
            var fields = ["call": text(call.at)]
            if problem == nil {
                if name?.kind != .str { problem = "the model name is not a string literal" }
                if let version, version.kind != .int { problem = "the version is not an integer literal" }
            }
            let model = problem == nil ? name?.value.flatMap { planner.model($0, version: version?.value) } : nil
            if problem == nil, model == nil {
                problem = "the image packaged no model \(name?.value ?? "")\(version?.value.map { " version \($0)" } ?? "")"
                    + " (it packaged \(planner.models.isEmpty ? "none" : planner.models.map { "\($0.name):\($0.version)" }.joined(separator: ", ")))"
            }
            fields["model"] = model?.name ?? name?.value ?? "?"
            fields["version"] = model?.version ?? version?.value ?? "?"
            if let model {
                fields["v1Path"] = "azureml-models/\(model.name)/\(model.version)/<file>"
                fields["replacement"] = several ? "AZUREML_MODEL_DIR/\(model.name)/\(model.version)/<file>" : "AZUREML_MODEL_DIR/<file>"
            } else {
                fields["v1Path"] = "azureml-models/\(fields["model"] ?? "?")/\(fields["version"] ?? "?")/<file>"
                fields["replacement"] = "none"
            }
            if problem == nil, let distrust { problem = distrust }
            if let problem {
                fields["v2"] = "kept as it is in v2/code: \(problem)"
                add(.modelPathCalls, call.at, fields)
                add(.manualEdits, call.at, ["what": text(call.at), "reason": problem])
                continue
            }
            guard let model else { continue }
            let code = several ? "\(ScriptPlanner.helperName)(\"\(model.name)\", \"\(model.version)\")" : "\(ScriptPlanner.helperName)()"
            fields["v2"] = "v2/code calls \(code)"
            add(.modelPathCalls, call.at, fields)
            rewritten.append((call, code))
        }
        guard !rewritten.isEmpty else { return [] }
        // The helper goes after the leading imports; it needs `os` and its name must be free.
        let importsOS = facts.imports.contains { $0.topLevel && !$0.isFrom && $0.names.contains { $0.asname == nil && $0.name.split(separator: ".").first == "os" } }
        var blocked: String?
        if facts.defined.contains(ScriptPlanner.helperName) { blocked = "the file already defines \(ScriptPlanner.helperName)" }
        if !importsOS, facts.defined.contains("os") { blocked = "the file binds the name os to something else than the os module" }
        if rewritten.contains(where: { $0.0.at.start < facts.insertAt }) { blocked = "a call comes before the end of the leading imports" }
        if let blocked {
            for (call, _) in rewritten {
                replaceV2(call.at, with: "kept as it is in v2/code: \(blocked)")
                add(.manualEdits, call.at, ["what": text(call.at), "reason": blocked])
            }
            return []
        }
        for (call, code) in rewritten { edits.append(SourceEdit(file: file.path, start: call.at.start, end: call.at.end, replacement: code)) }
        var insertion = (importsOS ? "" : "import os\n") + "\n\n" + ScriptPlanner.helperSource
        if !nextLineIsBlank(facts.insertAt) { insertion += "\n\n" }
        edits.append(SourceEdit(file: file.path, start: facts.insertAt, end: facts.insertAt, replacement: insertion))
        return rewritten.map(\.0)
    }

    /// Marks the `modelPathCalls` item at `span` as not rewritten.
    private mutating func replaceV2(_ span: FileFacts.Span, with text: String) {
        guard var list = items[.modelPathCalls], let i = list.lastIndex(where: { $0.location == location(span) }) else { return }
        list[i].fields["v2"] = text
        list[i].fields["replacement"] = "none"
        items[.modelPathCalls] = list
    }

    private func nextLineIsBlank(_ offset: Int) -> Bool {
        guard offset < file.bytes.count else { return true }
        var i = offset
        while i < file.bytes.count, file.bytes[i] == UInt8(ascii: " ") || file.bytes[i] == UInt8(ascii: "\t") { i += 1 }
        return i >= file.bytes.count || file.bytes[i] == UInt8(ascii: "\n") || file.bytes[i] == UInt8(ascii: "\r")
    }
}
