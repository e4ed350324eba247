import MigrationRules

extension FilePlan {
    /// The names an import statement binds.
    static func aliases(_ imp: FileFacts.Import) -> [String] {
        imp.names.map { n in n.asname ?? (imp.isFrom ? n.name : String(n.name.split(separator: ".").first ?? "")) }
    }

    /// Imports: every level-0 import is recorded (for the imports the Environment does not provide);
    /// `azureml.core` imports that nothing needs once `get_model_path` is rewritten are removed,
    /// `azureml.contrib.services` imports that `tables.v2ModuleMoves` knows are moved, and every
    /// other import of either is kept as it is with a `manualEdits` item.
    mutating func planImports(rewrittenRoots: Set<Int>, distrust: String?) {
        var moved: [String: String] = [:]
        for imp in facts.imports where imp.level == 0 {
            guard let module = imp.module else { continue }
            let core = Self.isCore(module), services = Self.isServices(module)
            var kept = true, manual = false
            let statement = text(imp.at)
            if core {
                let aliases = Self.aliases(imp)
                let others = facts.references.filter { aliases.contains($0.name) && !rewrittenRoots.contains($0.at.start) }
                var reason: String?
                if let use = others.first {
                    reason = "\(use.target) is used at line \(use.at.line), and v2 deployments have no azureml-core"
                } else if imp.names.contains(where: { $0.name == "*" }) {
                    reason = "a * import: what it binds is not known"
                } else if facts.imports.contains(where: { $0.at.start == imp.at.start && $0.module != imp.module }) {
                    reason = "the statement imports other modules too"
                } else if !imp.ownLines {
                    reason = "the import shares its lines with other code"
                } else if !imp.topLevel && imp.siblings < 2 {
                    reason = "the import is the only statement of its block"
                } else if let distrust {
                    reason = distrust
                }
                if let reason {
                    manual = true
                    add(.azuremlImports, imp.at, ["module": module, "statement": statement, "v2": "kept as it is in v2/code: \(reason)"])
                    add(.manualEdits, imp.at, ["what": text(imp.at), "reason": reason])
                } else {
                    kept = false
                    edits.append(SourceEdit(file: file.path, start: imp.lines.lowerBound, end: imp.lines.upperBound, replacement: ""))
                    add(.azuremlImports, imp.at, ["module": module, "statement": statement,
                                                  "v2": "removed from v2/code: nothing uses it once get_model_path is rewritten"])
                }
            } else if services {
                var reason: String?
                var span: Range<Int>?
                let destination = planner.moves[module]
                if destination == nil {
                    reason = "tables.v2ModuleMoves has no v2 module for \(module)"
                } else if imp.isFrom {
                    span = imp.moduleSpan
                    if span == nil { reason = "the module name could not be located in the import" }
                } else if imp.names.first?.asname == nil {
                    reason = "the code names the module \(module) where it uses it (import it with `as`, or from it)"
                } else {
                    span = imp.names.first?.span
                    if span == nil { reason = "the module name could not be located in the import (Python 3.10 or later locates it)" }
                }
                if reason == nil, let distrust { reason = distrust }
                if let reason {
                    manual = true
                    add(.azuremlImports, imp.at, ["module": module, "statement": statement, "v2": "kept as it is in v2/code: \(reason)"])
                    add(.manualEdits, imp.at, ["what": text(imp.at), "reason": reason])
                } else if let span, let destination {
                    kept = false
                    moved[module] = destination
                    edits.append(SourceEdit(file: file.path, start: span.lowerBound, end: span.upperBound, replacement: destination))
                    add(.azuremlImports, imp.at, ["module": module, "statement": statement, "v2": "v2/code imports it from \(destination)"])
                }
            }
            imported.append(ImportedModule(module: module, location: location(imp.at), stdlib: imp.stdlib, local: false,
                                           keptInV2: kept, manualInV2: manual))
        }
        for ref in facts.references where Self.isServices(ref.target) {
            let parts = ref.target.split(separator: ".").map(String.init)
            guard let last = parts.last, ScriptPlanner.rawHttpNames.contains(last) else { continue }
            let module = parts.dropLast().joined(separator: ".")
            add(.rawHttp, ref.at, ["name": last, "module": module,
                                   "v2": moved[module].map { "v2/code imports it from \($0)" } ?? "kept as it is in v2/code (see the manual edit of its import)"])
        }
    }
}
