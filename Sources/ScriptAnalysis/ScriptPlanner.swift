import MigrationRules

/// Turns the parsed facts of an image's Python files into what the rules read (`ScriptFacts`
/// items) and the edits that make `v2/code`: model paths through `AZUREML_MODEL_DIR`,
/// `azureml.contrib.services` imports moved to where `tables.v2ModuleMoves` says, imports that
/// nothing needs any more removed. Every edit is at the exact byte offsets of the parsed code;
/// what cannot be rewritten safely is left as it is, with a `manualEdits` item at its line.
struct ScriptPlanner {
    /// One file of the recovered tree, with its facts when it is a Python file.
    struct File {
        var path: String
        var bytes: [UInt8]
        var facts: FileFacts?
    }

    /// A model the image packaged.
    struct Model: Equatable {
        var name: String
        var version: String
    }

    var files: [File]
    var entryScript: String?
    var models: [Model]
    /// `tables.v2ModuleMoves`: v1 module → v2 module.
    var moves: [String: String]
    /// Files whose rewrite is not to be trusted (it did not parse): every edit of theirs becomes a manual item.
    var untrusted: [String: String] = [:]

    static let helperName = "_azureml_model_path"
    static let modelPathTargets = ["azureml.core.model.Model.get_model_path", "azureml.core.Model.get_model_path"]
    static let rawHttpNames = ["rawhttp", "AMLRequest", "AMLResponse"]

    /// The facts and the v2 edits.
    func plan(python: String?) -> ScriptFacts {
        var out = ScriptFacts(status: .analysed, python: python, entryScript: entryScript)
        var items: [ForEachList: [ScriptItem]] = [:]
        let locals = localModules()
        for file in files {
            guard let facts = file.facts else { continue }
            var plan = FilePlan(file: file, facts: facts, planner: self)
            plan.run()
            for (list, found) in plan.items { items[list, default: []] += found }
            out.v2Edits += plan.edits
            for imported in plan.imported {
                var module = imported
                module.local = module.local || locals.contains(String(module.module.split(separator: ".").first ?? ""))
                out.imports.append(module)
            }
            if file.path == entryScript, facts.status == .parsed {
                for name in ["init", "run"] where !facts.defined.contains(name) {
                    items[.missingFunctions, default: []].append(ScriptItem(SourceLocation(file: file.path, line: 1, column: 1), ["name": name]))
                }
            }
        }
        out.items = items.mapValues { $0.sorted { $0.location < $1.location } }.filter { !$0.value.isEmpty }
        return out
    }

    /// Top-level names the tree provides itself: every folder and every `.py` file's stem, anywhere
    /// (scripts put folders of the tree on `sys.path`).
    func localModules() -> Set<String> {
        var out: Set<String> = []
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            for dir in parts.dropLast() { out.insert(dir) }
            if let last = parts.last, last.hasSuffix(".py") { out.insert(String(last.dropLast(3))) }
        }
        return out
    }

    /// The image's model named `name` (of `version`, else the highest version, as v1's
    /// `get_model_path` without a version takes the latest in `azureml-models/<name>/`).
    func model(_ name: String, version: String?) -> Model? {
        let named = models.filter { $0.name == name }
        if let version { return named.first { $0.version == version } }
        return named.max { (Int($0.version) ?? 0, $0.version) < (Int($1.version) ?? 0, $1.version) }
    }

    /// The helper function `v2/code` gets where it rewrote `get_model_path` calls: v1's rule
    /// (the one file or folder in the model's version folder), under `AZUREML_MODEL_DIR`.
    static let helperSource = """
        def \(helperName)(*parts):
            \"\"\"Model.get_model_path in a v2 deployment (written by image2env): the one file or folder that v1 found
            in azureml-models/<name>/<version>, here under AZUREML_MODEL_DIR (AZUREML_MODEL_DIR/<name>/<version>
            when the deployment has several models).\"\"\"
            folder = os.path.join(os.environ["AZUREML_MODEL_DIR"], *parts)
            entries = sorted(os.listdir(folder))
            if len(entries) != 1:
                raise RuntimeError("%s holds %d files or folders; Model.get_model_path expects exactly one" % (folder, len(entries)))
            return os.path.join(folder, entries[0])

        """
}
