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
/// YAML) unless the image is manual, `MANUAL.md` (what blocks it, what to do) when it is; and
/// `source/` (the recovered source tree) for every image whose source could be recovered.
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
            if target != .v1 {
                files += try V2Writer.files(for: definition).map { OutputFile(path: "v2/" + $0.path, bytes: $0.bytes) }
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

    /// `migration.json`: the image, its readiness, entry script, Environment name, findings and trace.
    public static func record(_ resolved: ResolvedImage, _ migration: Migration) -> String {
        let findings: [JSON] = migration.findings.map { f in
            .object(JSONObject([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                                ("message", .string(f.message)), ("field", f.field.map(JSON.string) ?? .null)]))
        }
        let trace = JSONObject(migration.trace.map { ($0.field, JSON.string($0.rule)) })
        let entry = resolved.sourceTree?.entryScript ?? resolved.entryScript
        let doc = JSON.object(JSONObject([
            ("image", .string(resolved.image.id)),
            ("readiness", .string(migration.readiness.rawValue)),
            ("entryScript", entry.map(JSON.string) ?? .null),
            ("environment", .string(migration.environment.name)),
            ("findings", .array(findings)),
            ("trace", .object(trace)),
        ]))
        // Strings and arrays of strings only: the writer cannot fail on them.
        return ((try? PythonJSONWriter.write(doc, indent: 4)) ?? "{}") + "\n"
    }
}
