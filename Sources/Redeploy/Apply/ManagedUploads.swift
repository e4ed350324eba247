import JSONValue
import WorkspaceClient

/// The uploads of `--apply --to v2`, as azure-ai-ml makes them: the code folder into a
/// temporary blob reference (`codes/.../startPendingUpload`), a Docker build context into the
/// default datastore under `LocalUpload/<hash>/`; each folder's files as `<folder name>/<path>`,
/// the first one (the indicator) checked before and confirmed after with the metadata
/// `upload_status: completed`, `name`, `version`.
struct ManagedUploads: Sendable {
    let session: WorkspaceSession
    let say: @Sendable (String) -> Void

    /// The uploaded code's URI (`codeUri`): `startPendingUpload` of the code version, then the folder.
    func code(_ upload: ManagedRequests.Upload, codePath: String, name: String, label: String) async throws -> String {
        let answer = try await session.armPost(codePath + "/startPendingUpload",
                                               body: .object(JSONObject([("pendingUploadType", .string("TemporaryBlobReference"))])),
                                               what: "\(label): starting the code upload")
        let reference = answer["blobReferenceForConsumption"]
        guard let blobURI = reference?["blobUri"]?.stringValue, let sas = reference?["credential"]?["sasUri"]?.stringValue,
              let query = sas.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) else {
            throw WorkspaceClientError(.invalidResponse, "\(label): startPendingUpload answered no blobUri and SAS URI")
        }
        let container = String(sas.prefix { $0 != "?" })
        try await folder(upload, containerURL: container, query: query, prefix: upload.name, name: name, version: "1", label: label)
        // `urljoin(blob_uri, f"{container}/{relative_path}")`: the container is the URL's last segment.
        let containerName = container.split(separator: "/").last.map(String.init) ?? ""
        return Self.urljoin(blobURI, containerName + "/" + upload.name)
    }

    /// The build context's URI (`contextUri`) in the default datastore, after the upload.
    func buildContext(_ upload: ManagedRequests.Upload, workspacePath: String, name: String, version: String,
                      label: String) async throws -> String {
        let stores = try await session.armList(workspacePath + "/datastores", query: [("isDefault", "true")],
                                               what: "\(label): finding the default datastore")
        guard let store = stores.first(where: { $0["properties"]?["isDefault"]?.boolValue == true }) ?? stores.first,
              let storeName = store["name"]?.stringValue, let p = store["properties"] else {
            throw WorkspaceClientError(.invalidResponse, "\(label): the workspace has no default datastore to upload the build context to")
        }
        guard p["datastoreType"]?.stringValue == "AzureBlob", let account = p["accountName"]?.stringValue,
              let containerName = p["containerName"]?.stringValue else {
            throw WorkspaceClientError(.rejected, "\(label): the default datastore \(storeName) is not an Azure Blob container; "
                                       + "upload the build context with az ml environment create")
        }
        if p["credentials"]?["credentialsType"]?.stringValue == "None" {
            throw WorkspaceClientError(.rejected, "\(label): the default datastore \(storeName) uses identity-based access, which "
                                       + "image2env cannot upload with; upload the build context with az ml environment create")
        }
        let secrets = try await session.armPost(workspacePath + "/datastores/" + storeName + "/listSecrets",
                                                body: .object(JSONObject([("expirableSecret", .bool(true)), ("expireAfterHours", .int(1))])),
                                                what: "\(label): getting a SAS for datastore \(storeName)")
        guard secrets["secretsType"]?.stringValue == "Sas", let sas = secrets["sasToken"]?.stringValue else {
            throw WorkspaceClientError(.rejected, "\(label): datastore \(storeName) gave no SAS token (\(secrets["secretsType"]?.stringValue ?? "?")); "
                                       + "image2env uploads only with a SAS: upload the build context with az ml environment create")
        }
        let accountURL = "https://\(account).blob.\(p["endpoint"]?.stringValue ?? "core.windows.net")"
        let relative = "LocalUpload/\(upload.hash)/\(upload.name)"
        try await folder(upload, containerURL: accountURL + "/" + containerName, query: sas.hasPrefix("?") ? String(sas.dropFirst()) : sas,
                         prefix: relative, name: name, version: version, label: label)
        return Self.urljoin(accountURL, containerName + "/" + relative) + "/"
    }

    /// `BlobStorageClient.upload` of a folder: an indicator already confirmed means the folder
    /// is there (nothing is sent); one without confirmation is a partial upload, overwritten.
    private func folder(_ upload: ManagedRequests.Upload, containerURL: String, query: String, prefix: String, name: String,
                        version: String, label: String) async throws {
        func url(_ blob: String) -> String {
            let parts: [String] = blob.split(separator: "/").map { PercentEncoding.segment(String($0)) }
            return containerURL + "/" + parts.joined(separator: "/") + "?" + query
        }
        guard let first = upload.files.first else { return }
        let indicator = url(prefix + "/" + first.path)
        var overwrite = false
        if let metadata = try await session.blobMetadata(indicator, what: "\(label): checking \(prefix)") {
            if metadata["upload_status"] == "completed" {
                say("\(label): \(upload.folder) is uploaded already (same content)")
                return
            }
            overwrite = true
        }
        for file in upload.files {
            try await session.putBlob(url(prefix + "/" + file.path), bytes: file.bytes, overwrite: overwrite,
                                      what: "\(label): uploading \(upload.folder)/\(file.path)")
        }
        try await session.setBlobMetadata(indicator, [("upload_status", "completed"), ("name", name), ("version", version)],
                                          what: "\(label): confirming the upload of \(upload.folder)")
        say("\(label): uploaded \(upload.folder) (\(upload.files.count) file\(upload.files.count == 1 ? "" : "s"))")
    }

    /// Python's `urllib.parse.urljoin(base, relative)` for a relative path: it replaces what
    /// follows the base path's last `/`.
    static func urljoin(_ base: String, _ relative: String) -> String {
        guard let scheme = base.range(of: "://") else { return base + "/" + relative }
        let rest = base[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return base + "/" + relative }
        let path = base[slash...]
        let kept = path.lastIndex(of: "/").map { base[..<base.index(after: $0)] } ?? base[...]
        return String(kept) + relative
    }
}
