import Foundation
import JSONValue

/// An Azure ML `config.json` (as written by the portal or `Workspace.write_config()`):
/// `subscription_id`, `resource_group`, `workspace_name`, optional `region` or `location`.
public struct WorkspaceConfigFile: Sendable, Equatable {
    /// The file read.
    public var path: String
    public var subscriptionId: String?
    public var resourceGroup: String?
    public var workspaceName: String?
    public var region: String?

    /// Reads and checks one file.
    public static func read(_ path: String) throws(WorkspaceClientError) -> WorkspaceConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkspaceClientError(.usage, "\(path): cannot read the workspace config file; check the --config path")
        }
        let json: JSON
        do {
            json = try JSONParser.parse([UInt8](data), file: path)
        } catch {
            throw WorkspaceClientError(.usage, "\(error); fix the workspace config file")
        }
        guard let object = json.objectValue else {
            throw WorkspaceClientError(.usage, "\(path): expected a JSON object with subscription_id, resource_group, workspace_name")
        }
        func string(_ key: String) throws(WorkspaceClientError) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let s = value.stringValue else {
                throw WorkspaceClientError(.usage, "\(path): $.\(key): expected a string, found \(value.typeName)")
            }
            return s
        }
        let region = try string("region")
        let location = try string("location")
        return WorkspaceConfigFile(path: path, subscriptionId: try string("subscription_id"),
                                   resourceGroup: try string("resource_group"),
                                   workspaceName: try string("workspace_name"),
                                   region: region ?? location)
    }

    /// The first `config.json` or `.azureml/config.json` in `directory` or one of its parents,
    /// as `Workspace.from_config()` looks for it; nil when there is none.
    public static func find(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            for candidate in ["config.json", ".azureml/config.json"] {
                let path = url.appendingPathComponent(candidate).path
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { return path }
            }
            let parent = url.deletingLastPathComponent().standardizedFileURL
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
