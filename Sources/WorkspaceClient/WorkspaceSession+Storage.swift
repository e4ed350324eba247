import JSONValue

/// Azure Blob Storage with a SAS (no bearer token), as azure-storage-blob calls it for
/// azure-ai-ml's uploads: blob properties (`HEAD`), block blob uploads and metadata. URLs are
/// the storage account's own; with `--endpoint` they go through its proxy.
extension WorkspaceSession {
    /// The blob's metadata (`x-ms-meta-*`, names lower-cased), or nil when there is no blob (404).
    public func blobMetadata(_ url: String, what: String) async throws -> [String: String]? {
        let call = RestClient.Call(method: "HEAD", url: endpoints.storageURL(url), headers: [("x-ms-version", ArmAPI.storageVersion)],
                                   token: nil, what: what)
        do {
            return try await downloads.perform(call) { response in
                var metadata: [String: String] = [:]
                for header in response.headers where header.name.lowercased().hasPrefix("x-ms-meta-") {
                    metadata[String(header.name.lowercased().dropFirst("x-ms-meta-".count))] = header.value
                }
                return metadata
            }
        } catch let error as WorkspaceClientError where error.status == 404 {
            return nil
        }
    }

    /// Uploads `bytes` as a block blob (`Put Blob`); without `overwrite` it must not exist yet
    /// (`If-None-Match: *`, as azure-ai-ml's uploads ask unless a partial upload is replaced).
    public func putBlob(_ url: String, bytes: [UInt8], overwrite: Bool, what: String) async throws {
        var headers = [("x-ms-version", ArmAPI.storageVersion), ("x-ms-blob-type", "BlockBlob"),
                       ("Content-Type", "application/octet-stream")]
        if !overwrite { headers.append(("If-None-Match", "*")) }
        let call = RestClient.Call(method: "PUT", url: endpoints.storageURL(url), headers: headers, body: bytes, token: nil, what: what)
        try await downloads.perform(call) { _ in () }
    }

    /// Sets the blob's metadata (`Set Blob Metadata`: `?comp=metadata`).
    public func setBlobMetadata(_ url: String, _ metadata: [(String, String)], what: String) async throws {
        let separator = url.contains("?") ? "&" : "?"
        let headers = [("x-ms-version", ArmAPI.storageVersion)] + metadata.map { ("x-ms-meta-" + $0.0, $0.1) }
        let call = RestClient.Call(method: "PUT", url: endpoints.storageURL(url + separator + "comp=metadata"), headers: headers,
                                   body: [], token: nil, what: what)
        try await downloads.perform(call) { _ in () }
    }
}
