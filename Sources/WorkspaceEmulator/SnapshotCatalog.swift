import Foundation
import JSONValue
import LegacyImage
import Snapshot

/// The raw payloads of a snapshot folder, as the emulator serves them: every image, service
/// and model exactly as stored (any of the three shapes of docs/snapshot.md), keyed the way
/// the REST API addresses them.
struct SnapshotCatalog: Sendable {
    /// An image payload and its id (`name:version`).
    struct Item: Sendable {
        var key: String
        var payload: JSONObject
    }

    var info: WorkspaceInfo
    var images: [Item] = []
    var services: [Item] = []
    var models: [Item] = []
    /// The snapshot's `artifacts` folder.
    var artifactsRoot: String

    /// Reads `folder` (a snapshot: it must have `images/`). Unreadable files are errors: the
    /// emulator serves what the snapshot says, or refuses to start.
    static func load(_ folder: String) throws(EmulatorError) -> SnapshotCatalog {
        let base = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base + "/images", isDirectory: &isDir), isDir.boolValue else {
            throw EmulatorError("\(folder): not a snapshot folder (it has no images/ subfolder); see docs/snapshot.md")
        }
        var info = WorkspaceInfo()
        let infoFile = base + "/workspace.json"
        if FileManager.default.fileExists(atPath: infoFile) {
            let json = try parse(infoFile)
            info = WorkspaceInfo(subscriptionId: json["subscriptionId"]?.stringValue,
                                 resourceGroup: json["resourceGroup"]?.stringValue,
                                 workspaceName: json["workspaceName"]?.stringValue,
                                 region: json["region"]?.stringValue)
        }
        var catalog = SnapshotCatalog(info: info, artifactsRoot: base + "/artifacts")
        catalog.images = try items(in: base + "/images") { payload in
            if let id = payload["id"]?.stringValue { return id }
            guard let name = payload["name"]?.stringValue, let version = payload["version"]?.intValue else { return nil }
            return "\(name):\(version)"
        }
        catalog.services = try items(in: base + "/services") { $0["name"]?.stringValue }
        catalog.models = try items(in: base + "/models") { payload in
            if let id = payload["id"]?.stringValue { return id }
            guard let name = payload["name"]?.stringValue, let version = payload["version"]?.intValue else { return nil }
            return "\(name):\(version)"
        }
        return catalog
    }

    /// Every payload of every `*.json` file of `folder` (byte order of names), first occurrence
    /// of a key wins (as `SourceLoader` does).
    private static func items(in folder: String, key: (JSONObject) -> String?) throws(EmulatorError) -> [Item] {
        var out: [Item] = []
        var seen: Set<String> = []
        for file in jsonFiles(in: folder) {
            let json = try parse(file)
            let entries: [(JSON, JSONPath)]
            do {
                entries = try PayloadDocument.items(of: json).1
            } catch {
                throw EmulatorError("\(file): \(error.issues.map(\.description).joined(separator: "; ")); fix the file or remove it")
            }
            for (entry, path) in entries {
                guard let object = entry.objectValue, let k = key(object) else {
                    throw EmulatorError("\(file): \(path): payload has no id/name the emulator can serve it under; fix the file or remove it")
                }
                if seen.insert(k).inserted { out.append(Item(key: k, payload: object)) }
            }
        }
        return out
    }

    private static func parse(_ file: String) throws(EmulatorError) -> JSON {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw EmulatorError("\(file): cannot read the file")
        }
        do {
            return try JSONParser.parse([UInt8](data), file: file)
        } catch {
            throw EmulatorError("\(error)")
        }
    }

    private static func jsonFiles(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { folder + "/" + $0 }
    }
}
