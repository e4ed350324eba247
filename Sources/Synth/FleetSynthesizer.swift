import Foundation
import JSONValue

/// Writes a small fleet of snapshots made from a template snapshot (the bundled fixtures), laid
/// out as `pull --all-workspaces` writes one (`<subscription>/<resource group>/<workspace>/`),
/// for tests, demos and `image2env-emulator --workspaces`: three workspaces in two subscriptions.
///
/// - `00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy`: every image of the template;
/// - `00000000-0000-0000-0000-000000000000/rg-ml/ws-churn`: the `churn-scorer` images;
/// - `11111111-1111-1111-1111-111111111111/rg-vision/ws-vision`: the `resnet` images.
///
/// Each has the template's artifacts and models, the webservices of its own images and its
/// own `workspace.json`. The same template gives the same bytes.
public enum FleetSynthesizer {
    /// One workspace of the fleet: its names and which image files of the template it has.
    public struct Member: Sendable {
        public var subscriptionId: String
        public var resourceGroup: String
        public var workspaceName: String
        /// Image file names start with this (nil: every image file).
        public var imagePrefix: String?

        /// `subscription/resource group/workspace`, its folder in the fleet.
        public var folder: String { "\(subscriptionId)/\(resourceGroup)/\(workspaceName)" }
    }

    public static let members = [
        Member(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg-ml", workspaceName: "ws-legacy", imagePrefix: nil),
        Member(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg-ml", workspaceName: "ws-churn",
               imagePrefix: "churn-scorer_"),
        Member(subscriptionId: "11111111-1111-1111-1111-111111111111", resourceGroup: "rg-vision", workspaceName: "ws-vision",
               imagePrefix: "resnet"),
    ]

    /// Writes the fleet into `output` (which must not exist yet); answers the snapshot folders written.
    @discardableResult
    public static func write(template: String, to output: String) throws -> [String] {
        guard !FileManager.default.fileExists(atPath: output) else { throw SynthError("\(output) exists; give a new folder") }
        var written: [String] = []
        for member in members {
            let root = output + "/" + member.folder
            try FileManager.default.createDirectory(atPath: root + "/images", withIntermediateDirectories: true)
            for folder in ["artifacts", "models"] where FileManager.default.fileExists(atPath: template + "/" + folder) {
                try FileManager.default.copyItem(atPath: template + "/" + folder, toPath: root + "/" + folder)
            }
            var ids: Set<String> = []
            for name in try jsonFiles(template + "/images") where member.imagePrefix.map(name.hasPrefix) ?? true {
                try FileManager.default.copyItem(atPath: template + "/images/" + name, toPath: root + "/images/" + name)
                for image in try SnapshotSynthesizer.payloads(atFile: template + "/images/" + name) {
                    if let id = image["id"]?.stringValue { ids.insert(id) }
                }
            }
            let services = try SnapshotSynthesizer.payloads(template + "/services").filter { service in
                member.imagePrefix == nil || ((service["imageId"] ?? service["imageDetails"]?["id"])?.stringValue).map(ids.contains) == true
            }
            if !services.isEmpty { try FileManager.default.createDirectory(atPath: root + "/services", withIntermediateDirectories: true) }
            for service in services {
                try write(.object(service), to: root + "/services/" + (service["name"]?.stringValue ?? "service") + ".json")
            }
            try write(.object(JSONObject([("subscriptionId", .string(member.subscriptionId)), ("resourceGroup", .string(member.resourceGroup)),
                                          ("workspaceName", .string(member.workspaceName)), ("region", .string("westeurope"))])),
                      to: root + "/workspace.json")
            written.append(root)
        }
        return written
    }

    static func jsonFiles(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// As Python's `json.dump(obj, f, indent=4)` plus a final newline.
    static func write(_ json: JSON, to path: String) throws {
        let text = try PythonJSONWriter.write(json, indent: 4) + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else { throw SynthError("\(path): cannot write") }
    }
}
