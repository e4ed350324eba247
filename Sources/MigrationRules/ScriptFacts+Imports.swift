import Snapshot

extension ScriptFacts {
    /// The imports of top-level modules that no package of the solved Environment provides: not
    /// in the standard library, not a file or folder of the source tree, and none of the packages
    /// that `tables.importPackages` says provide the module (longest dotted prefix first; else
    /// the module's own name, `azure.storage.blob` → `azure-storage-blob`) is in the v1 or the v2
    /// solution. An import that `v2/code` removes, or that has a `manualEdits` item, is not
    /// reported for v2. Items: `module`, `targets` (`v1 and v2`, `v1`, `v2`), `packages`.
    public func unprovidedImports(_ resolution: Resolution, tables: Tables) -> [ScriptItem] {
        guard status == .analysed, resolution.status == .resolved else { return [] }
        var out: [ScriptItem] = []
        var seen: Set<String> = []
        for imported in imports where !imported.stdlib && !imported.local {
            let packages = Self.providers(imported.module, tables)
            func lacks(_ installed: [String]?) -> Bool {
                guard let installed else { return false }
                return !packages.contains { installed.contains($0) }
            }
            let v1 = lacks(resolution.installedV1)
            let v2 = imported.keptInV2 && !imported.manualInV2 && lacks(resolution.installedV2)
            guard v1 || v2 else { continue }
            let key = "\(imported.location.file)|\(imported.location.line)|\(imported.module)"
            guard seen.insert(key).inserted else { continue }
            out.append(ScriptItem(imported.location, ["module": imported.module, "targets": v1 && v2 ? "v1 and v2" : v1 ? "v1" : "v2",
                                                      "packages": packages.joined(separator: " or ")]))
        }
        return out
    }

    /// The packages that may provide `module` (normalized names).
    static func providers(_ module: String, _ tables: Tables) -> [String] {
        let parts = module.split(separator: ".").map(String.init)
        for n in stride(from: parts.count, through: 1, by: -1) {
            if let listed = tables.list("importPackages", parts[0..<n].joined(separator: ".")) {
                return listed.map(PipRequirement.normalize)
            }
        }
        return (1...min(3, max(1, parts.count))).map { PipRequirement.normalize(parts[0..<$0].joined(separator: "-")) }.reversed()
    }
}
