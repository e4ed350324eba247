import EnvironmentSpec
import JSONValue
import LegacyImage
import MigrationRules
import Snapshot

/// Which Environment formats `convert` writes.
public enum ConversionTarget: String, Sendable, CaseIterable {
    case v1, v2, both
}

/// The files `convert` writes for one image, relative to `<out>/<image name>/<version>/`:
/// `migration.json`; `v1/` (what `Environment.save_to_directory` writes) and `v2/` (azure-ai-ml
/// YAML, and for an image with source `v2/code/` with the v1-only calls rewritten and
/// `v2/code.patch`; not when the solve stage found that its inference stack cannot install) unless the
/// image is manual, `MANUAL.md` (what blocks it, what to do) when it is; and `source/` (the
/// recovered source tree) for every image whose source could be recovered. The conda files
/// carry the solve stage's result: the chosen Python and every direct dependency pinned to its
/// solved version (v1 and v2 each their own solution).
public enum Conversion {
    public static func files(for resolved: ResolvedImage, migration: Migration, ruleSet: RuleSet,
                             target: ConversionTarget = .both) throws(EnvironmentSpecError) -> [OutputFile] {
        var files = [OutputFile(path: "migration.json", text: record(resolved, migration))]
        if migration.readiness == .manual {
            files.append(OutputFile(path: "MANUAL.md", text: ManualReadme.text(resolved, migration)))
        } else {
            let definition = environment(for: resolved, migration: migration, ruleSet: ruleSet)
            if target != .v2 {
                files += try V1Writer.files(for: v1Environment(definition)).map { OutputFile(path: "v1/" + $0.path, bytes: $0.bytes) }
            }
            if target != .v1, let v2 = v2Environment(definition, migration: migration) {
                files += try V2Writer.files(for: v2).map { OutputFile(path: "v2/" + $0.path, bytes: $0.bytes) }
                if let tree = resolved.sourceTree {
                    files += V2Code.files(tree, migration.script.v2Edits).map { OutputFile(path: "v2/code/" + $0.path, bytes: $0.bytes) }
                    files.append(OutputFile(path: "v2/code.patch", text: V2Code.patch(tree, migration.script.v2Edits)))
                }
            }
        }
        for file in resolved.sourceTree?.files ?? [] {
            files.append(OutputFile(path: "source/" + file.path, bytes: file.data))
        }
        return files
    }

    /// An image name usable as one folder name: not `.` or `..`, no `/` and no control character
    /// (NUL, escape sequences, newlines), at most 255 bytes.
    public static func folderName(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= 255,
              !name.unicodeScalars.contains(where: { $0 == "/" || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return nil
        }
        return name
    }

    /// The Environment the rules make of the image, with the v2 description and tags
    /// (`migratedFrom`) that v1 has no place for.
    public static func environment(for resolved: ResolvedImage, migration: Migration, ruleSet: RuleSet) -> EnvironmentDefinition {
        let image = resolved.image
        return migration.environment.definition(
            defaults: ruleSet.defaults,
            condaFile: condaFile(resolved),
            description: "Migrated from legacy image \(image.id) by image2env",
            tags: image.tags + [KeyValue(key: "migratedFrom", value: image.id)])
    }

    /// `definition` as the v2 folder holds it: the pip requirements of the v2 solution
    /// (`azureml-inference-server-http` instead of `azureml-defaults`), reconciled into the same
    /// file; nil when the solve stage found that the v2 inference stack cannot install.
    public static func v2Environment(_ definition: EnvironmentDefinition, migration: Migration) -> EnvironmentDefinition? {
        guard migration.resolution?.v2Unavailable == nil else { return nil }
        guard let conda = definition.python.condaDependencies else { return definition }
        var v2 = definition
        var parts = migration.environment.condaParts
        parts.pipPackages = migration.environment.v2PipPackages(migration.resolution)
        v2.python.condaDependencies = conda.reconciled(with: parts, samePackage: PackageSpec.name)
        return v2
    }

    /// The image's conda file as azureml-core's `CondaDependencies` loads it (layout and
    /// comments), when `CondaDependenciesSpec.loading` models it and reads the same lists from it
    /// as the conda parser did.
    static func condaFile(_ resolved: ResolvedImage) -> CondaDependenciesSpec? {
        guard let text = resolved.condaText, let conda = resolved.conda, let loaded = CondaDependenciesSpec.loading(text),
              loaded.name == conda.name, loaded.channels == conda.channels, loaded.condaPackages == conda.condaPackages,
              loaded.pipPackages == conda.pipPackages, loaded.pipOptions == conda.pipOptions else { return nil }
        return loaded
    }

    /// `definition` as the v1 folder holds it: without the v2-only description and tags.
    public static func v1Environment(_ definition: EnvironmentDefinition) -> EnvironmentDefinition {
        var v1 = definition
        v1.description = nil
        v1.tags = []
        return v1
    }

    /// A finding's place in the recovered tree: `{"file": "source/score.py", "line": 12, "column": 5}`, or null.
    public static func locationJSON(_ location: SourceLocation?) -> JSON {
        guard let location else { return .null }
        return .object(JSONObject([("file", .string("source/" + location.file)), ("line", .int(Int64(location.line))),
                                   ("column", .int(Int64(location.column)))]))
    }

    /// `migration.json`: the image, its readiness, entry script, Environment name, the models it
    /// packaged (`name:version`, what `verify` places), findings (each with its place in `source/`
    /// when the entry-script analysis made it), trace and what the solve stage found (`resolution`, null for images it did not solve).
    public static func record(_ resolved: ResolvedImage, _ migration: Migration) -> String {
        let findings: [JSON] = migration.findings.map { f in
            .object(JSONObject([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                                ("message", .string(f.message)), ("field", f.field.map(JSON.string) ?? .null),
                                ("location", locationJSON(f.location))]))
        }
        let trace = JSONObject(migration.trace.map { ($0.field, JSON.string($0.rule)) })
        let entry = resolved.sourceTree?.entryScript ?? resolved.entryScript
        let doc = JSON.object(JSONObject([
            ("image", .string(resolved.image.id)),
            ("readiness", .string(migration.readiness.rawValue)),
            ("entryScript", entry.map(JSON.string) ?? .null),
            ("environment", .string(migration.environment.name)),
            ("models", .array(resolved.image.modelIds.map(JSON.string))),
            ("findings", .array(findings)),
            ("trace", .object(trace)),
            ("resolution", ResolutionJSON.object(migration.resolution)),
        ]))
        // Strings and arrays of strings only: the writer cannot fail on them.
        return ((try? PythonJSONWriter.write(doc, indent: 4)) ?? "{}") + "\n"
    }
}
