import Foundation
import JSONValue
import Snapshot

/// The record of what a pull has fetched so far, kept in the partial folder as JSON lines
/// (one `{"path", "size", "sha256"}` per finished file, appended as each file lands; the first
/// line names the workspace). `--resume` trusts an entry only when the file on disk still has
/// that size and SHA-256. A torn last line (an interrupted append) is ignored.
actor PullManifest {
    struct Entry: Sendable, Equatable {
        var path: String
        var size: Int64
        var sha256: String
    }

    static let fileName = ".image2env-pull-manifest.jsonl"

    let root: String
    let file: String
    private var entries: [String: Entry] = [:]
    private(set) var workspace: String?

    /// Loads the manifest of `root` (the partial folder), if any.
    init(root: String) {
        self.root = root
        self.file = root + "/" + Self.fileName
        guard let data = FileManager.default.contents(atPath: file) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let json = try? JSONParser.parse(Array(line.utf8), file: file) else { continue }
            if let ws = json["workspace"]?.stringValue { workspace = ws; continue }
            guard let path = json["path"]?.stringValue, let size = json["size"]?.intValue,
                  let sha = json["sha256"]?.stringValue else { continue }
            entries[path] = Entry(path: path, size: size, sha256: sha)
        }
    }

    /// How many files are recorded.
    var recordedCount: Int { entries.count }

    /// Starts a new manifest naming the workspace.
    func begin(workspace: String) throws(WorkspaceClientError) {
        self.workspace = workspace
        try append(.object(JSONObject([("workspace", .string(workspace))])))
    }

    /// Whether `path` (relative to the partial folder) was fetched and is still intact.
    func isIntact(_ path: String) -> Bool {
        guard let entry = entries[path] else { return false }
        let full = root + "/" + path
        guard let size = Self.size(ofFile: full), size == entry.size else { return false }
        return Self.sha256(ofFile: full) == entry.sha256
    }

    /// Records a finished file.
    func record(_ entry: Entry) throws(WorkspaceClientError) {
        entries[entry.path] = entry
        try append(.object(JSONObject([("path", .string(entry.path)), ("size", .int(entry.size)),
                                       ("sha256", .string(entry.sha256))])))
    }

    private func append(_ json: JSON) throws(WorkspaceClientError) {
        do {
            let line = try PythonJSONWriter.write(json, indent: nil) + "\n"
            if !FileManager.default.fileExists(atPath: file) {
                guard FileManager.default.createFile(atPath: file, contents: nil) else {
                    throw WorkspaceClientError(.io, "\(file): cannot create the pull manifest; check that the folder is writable")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: file) else {
                throw WorkspaceClientError(.io, "\(file): cannot open the pull manifest for writing")
            }
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } catch let error as WorkspaceClientError {
            throw error
        } catch {
            throw WorkspaceClientError(.io, "\(file): cannot write the pull manifest: \(error)")
        }
    }

    /// The size of a regular file; nil when it does not exist or is not a regular file.
    static func size(ofFile path: String) -> Int64? {
        guard let values = try? URL(fileURLWithPath: path).resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
              values.isRegularFile == true, let size = values.fileSize else { return nil }
        return Int64(size)
    }

    /// The SHA-256 of a file, read in 1 MiB pieces; nil when it cannot be read.
    static func sha256(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(chunk)
        }
        return hasher.finalizeHex()
    }
}
