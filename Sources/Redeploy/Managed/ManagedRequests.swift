import EnvironmentSpec
import JSONValue
import Snapshot

/// Why the v2 requests of a service cannot be built from its folder: the file and field, and
/// what to do.
public struct ManagedRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The Azure Resource Manager requests that create one service's managed online endpoint,
/// built from the plan folder's `v2/endpoint.yml` and `v2/deployment.yml` exactly as
/// azure-ai-ml builds them from the same files (`_to_rest_object()` of the loaded entities):
/// an anonymous environment version, an anonymous code version of the folder that
/// `code_configuration.code` names, the endpoint and the deployment. Models are referenced,
/// never uploaded. Where azure-ai-ml picks a random name (anonymous code) the name is made of
/// the content hash instead, so that the plan can name every resource and a rerun finds it.
public struct ManagedRequests: Sendable, Equatable {
    /// One file of a folder to upload.
    public struct File: Sendable, Equatable {
        /// Relative to the uploaded folder, `/`-separated.
        public var path: String
        public var bytes: [UInt8]
    }

    /// A folder that is uploaded before a request can be sent.
    public struct Upload: Sendable, Equatable {
        /// Relative to the service folder (`source`, `v2/environment/docker`).
        public var folder: String
        /// The folder's files, sorted by path.
        public var files: [File]
        /// The hash azure-ai-ml computes over it (code: `get_content_hash`; build context:
        /// `get_object_hash`, also the `LocalUpload/<hash>/` it goes to).
        public var hash: String
        /// The folder's own name, under which its files are uploaded.
        public var name: String { folder.split(separator: "/").last.map(String.init) ?? folder }
    }

    /// One request: always a `PUT` of `body` to `path` (below the resource manager's host).
    public struct Request: Sendable, Equatable {
        public var path: String
        public var body: JSONObject
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`.
    public var workspacePath: String
    public var environment: Request
    /// The environment version's ARM id (its path).
    public var environmentId: String { environment.path }
    /// A local Docker build context, uploaded to the default datastore before the environment
    /// version (its `contextUri` is known only then).
    public var buildContext: Upload?
    public var code: Request
    public var codeId: String { code.path }
    /// The code folder (its `codeUri` is the upload's blob URI, known only then).
    public var codeUpload: Upload
    /// `azureml:<name>:<version>` of the deployment as an ARM id, when it names a model.
    public var modelId: String?
    public var endpointName: String
    public var deploymentName: String
    public var endpoint: Request
    public var deployment: Request
    /// The plan's `image2env.plan` property (in both files), when it has one.
    public var digest: String?

    /// Stands in the code version body for the blob URI of the upload.
    public static let codeURIPlaceholder = "<the blob URI of the code upload>"
    /// Stands in the environment version body for the build context's URI in the default datastore.
    public static let contextURIPlaceholder = "<the build context's URI in the default datastore>"
    /// The name azure-ai-ml gives every anonymous environment.
    public static let anonymousEnvironmentName = "CliV2AnonymousEnvironment"
    /// The v2 files, relative to the service folder.
    public static let endpointFile = "v2/endpoint.yml"
    public static let deploymentFile = "v2/deployment.yml"

    /// The requests for the service folder whose files are `files` (paths relative to it), in
    /// workspace `sub/rg/ws` at `location`.
    public static func build(files: [String: [UInt8]], subscription: String, resourceGroup: String, workspace: String,
                             location: String) throws(ManagedRequestError) -> ManagedRequests {
        let endpoint = try load(endpointFile, files)
        let deployment = try load(deploymentFile, files)
        try ManagedBodies.checkKeys(endpoint, file: endpointFile, allowed: ManagedBodies.endpointKeys)
        try ManagedBodies.checkKeys(deployment, file: deploymentFile, allowed: ManagedBodies.deploymentKeys)
        let base = "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/Microsoft.MachineLearningServices/workspaces/\(workspace)"
        guard let endpointName = endpoint["name"]?.stringValue, let deploymentName = deployment["name"]?.stringValue,
              deployment["endpoint_name"]?.stringValue == endpointName else {
            throw ManagedRequestError("\(deploymentFile): name and endpoint_name (the name in \(endpointFile)) are required")
        }
        let folder = "v2"

        // The code: the folder code_configuration.code names, relative to the deployment file.
        guard let codePath = deployment["code_configuration"]?["code"]?.stringValue,
              let codeFolder = resolve(codePath, from: folder) else {
            throw ManagedRequestError("\(deploymentFile): code_configuration.code must name a folder inside the service folder")
        }
        let codeUpload = try upload(codeFolder, files: files, hash: { ContentHash.code($0.map { ($0.path, $0.bytes) }) })
        let codeName = ContentHash.uuidName(codeUpload.hash)
        let code = Request(path: base + "/codes/\(codeName)/versions/1", body: ManagedBodies.codeVersion(hash: codeUpload.hash))

        // The environment, inline in the deployment.
        let environment: Request
        var buildContext: Upload?
        guard let env = deployment["environment"] else { throw ManagedRequestError("\(deploymentFile): environment is required") }
        try ManagedBodies.checkKeys(env, file: deploymentFile + " environment", allowed: ["image", "conda_file", "build"])
        if let image = env["image"]?.stringValue {
            var conda: String?
            if let condaPath = env["conda_file"]?.stringValue {
                guard let path = resolve(condaPath, from: folder), let bytes = files[path] else {
                    throw ManagedRequestError("\(deploymentFile): environment.conda_file \(condaPath) is not a file of the plan")
                }
                do {
                    conda = try YAMLNode(pythonLoading: String(decoding: bytes, as: UTF8.self)).pythonDump
                } catch {
                    throw ManagedRequestError("\(path): \(error.description)")
                }
            }
            let version = ManagedBodies.anonymousVersion(image: image, condaFile: conda)
            environment = Request(path: base + "/environments/\(anonymousEnvironmentName)/versions/\(version)",
                                  body: ManagedBodies.environmentVersion(image: image, condaFile: conda, build: nil))
        } else if let build = env["build"], let path = build["path"]?.stringValue {
            try ManagedBodies.checkKeys(build, file: deploymentFile + " environment.build", allowed: ["path", "dockerfile_path"])
            let dockerfile = build["dockerfile_path"]?.stringValue
            if path.contains("://") {
                // A remote context: nothing to upload; azure-ai-ml names it at random (name made of it here).
                let name = ContentHash.uuidName(ContentHash.sha256(path + "\n" + (dockerfile ?? "")))
                environment = Request(path: base + "/environments/\(name)/versions/1",
                                      body: ManagedBodies.environmentVersion(image: nil, condaFile: nil, build: (path, dockerfile)))
            } else {
                guard let context = resolve(path, from: folder) else {
                    throw ManagedRequestError("\(deploymentFile): environment.build.path must name a folder inside the service folder")
                }
                let upload = try self.upload(context, files: files, hash: { ContentHash.object($0.map { ($0.path, $0.bytes) }) })
                buildContext = upload
                let version = ManagedBodies.anonymousVersion(uploadHash: upload.hash, dockerfilePath: dockerfile)
                environment = Request(path: base + "/environments/\(anonymousEnvironmentName)/versions/\(version)",
                                      body: ManagedBodies.environmentVersion(image: nil, condaFile: nil,
                                                                             build: (contextURIPlaceholder, dockerfile)))
            }
        } else {
            throw ManagedRequestError("\(deploymentFile): environment needs an image or a build")
        }

        var modelId: String?
        if let model = deployment["model"]?.stringValue {
            let parts = model.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "azureml", !parts[1].isEmpty, !parts[2].isEmpty else {
                throw ManagedRequestError("\(deploymentFile): model \(model): expected azureml:<name>:<version>")
            }
            modelId = base + "/models/\(parts[1])/versions/\(parts[2])"
        }
        let endpointBody = try ManagedBodies.endpoint(endpoint, location: location)
        let deploymentBody = try ManagedBodies.deployment(deployment, location: location, codeId: code.path,
                                                           environmentId: environment.path, modelId: modelId)
        let digest = deployment["properties"]?["image2env.plan"]?.stringValue
        return ManagedRequests(workspacePath: base, environment: environment, buildContext: buildContext, code: code,
                               codeUpload: codeUpload, modelId: modelId, endpointName: endpointName, deploymentName: deploymentName,
                               endpoint: Request(path: base + "/onlineEndpoints/\(endpointName)", body: endpointBody),
                               deployment: Request(path: base + "/onlineEndpoints/\(endpointName)/deployments/\(deploymentName)",
                                                   body: deploymentBody),
                               digest: digest)
    }

    /// SHA-256 of the endpoint and deployment bodies (compact JSON, one after the other): what
    /// the plan's `image2env.plan` property is, computed before the property goes in.
    public var bodiesDigest: String {
        let text = (try? PythonJSONWriter.write(.array([.object(endpoint.body), .object(deployment.body)]), indent: nil)) ?? ""
        return SHA256.hex(Array(text.utf8))
    }

    private static func load(_ path: String, _ files: [String: [UInt8]]) throws(ManagedRequestError) -> YAMLNode {
        guard let bytes = files[path] else { throw ManagedRequestError("\(path): missing; make the plan again with image2env redeploy") }
        do {
            return try YAMLNode(pythonLoading: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ManagedRequestError("\(path): \(error.description)")
        }
    }

    /// `path` relative to `folder` (both inside the service folder), normalized; nil when it
    /// leaves the service folder or is absolute.
    static func resolve(_ path: String, from folder: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var parts = folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/").map(String.init) {
            switch part {
            case ".", "": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The files below `folder`, as azure-ai-ml would upload them; a folder with an ignore file
    /// (`.amlignore`, `.gitignore`) is refused, as its rules would leave files out.
    private static func upload(_ folder: String, files: [String: [UInt8]],
                               hash: ([File]) -> String) throws(ManagedRequestError) -> Upload {
        let prefix = folder + "/"
        let inside = files.filter { $0.key.hasPrefix(prefix) }
            .map { File(path: String($0.key.dropFirst(prefix.count)), bytes: $0.value) }
            .sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        guard !inside.isEmpty else { throw ManagedRequestError("\(folder): the folder holds no files to upload") }
        if let ignore = inside.first(where: { $0.path == ".amlignore" || $0.path == ".gitignore" }) {
            throw ManagedRequestError("\(folder)/\(ignore.path): azure-ai-ml would leave out the files it names, which image2env "
                                      + "does not interpret; remove it and plan again, or deploy with az ml online-deployment create")
        }
        return Upload(folder: folder, files: inside, hash: hash(inside))
    }
}
