import Foundation
import JSONValue
import LegacyImage

/// Reads a source the user names: a JSON file, a folder of JSON files, `-` (stdin), or a
/// snapshot folder (see docs/snapshot.md). Bad files and bad payloads become problems; every
/// readable image is still returned.
public struct SourceLoader: Sendable {
    /// Size and nesting limits for everything read (see docs/security.md).
    public var limits: InputLimits

    /// The deepest JSON nesting accepted (see `JSONParser.defaultMaxDepth`).
    public var maxDepth: Int {
        get { limits.maxJSONDepth }
        set { limits.maxJSONDepth = newValue }
    }

    public init(limits: InputLimits = .default) {
        self.limits = limits
    }

    public init(maxDepth: Int) {
        self.init(limits: InputLimits(maxJSONDepth: maxDepth))
    }

    /// A source that cannot be read at all (a usage error rather than bad data).
    public struct SourceError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `source`; `stdin` gives standard input's bytes for `-` (by default at most one
    /// byte more than `limits.maxJSONBytes` is read from it).
    public func load(_ source: String, stdin: (() -> [UInt8])? = nil) throws(SourceError) -> LoadedWorkspace {
        if source == "-" {
            var ws = LoadedWorkspace(source: source, kind: .stdin)
            ws.limits = limits
            let bytes = stdin?() ?? BoundedFile.readStandardInput(limit: limits.maxJSONBytes)
            guard bytes.count <= limits.maxJSONBytes else {
                ws.problems.append(InputProblem(.error, file: "<stdin>",
                                                message: "standard input is more than \(limits.maxJSONBytes) bytes (raise the limit with IMAGE2ENV_MAX_JSON_BYTES)"))
                return ws
            }
            readImages(bytes: bytes, file: "<stdin>", into: &ws)
            return ws
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw SourceError(description: "\(source): no such file or folder")
        }
        if !isDirectory.boolValue {
            var ws = LoadedWorkspace(source: source, kind: .file)
            ws.limits = limits
            readImages(file: source, into: &ws)
            return ws
        }
        let base = source.hasSuffix("/") && source.count > 1 ? String(source.dropLast()) : source
        if Self.isDirectory(base + "/images") {
            return loadSnapshot(base)
        }
        var ws = LoadedWorkspace(source: source, kind: .folder)
        ws.limits = limits
        let files = Self.jsonFiles(in: base)
        if files.isEmpty {
            throw SourceError(description: "\(source): folder has no *.json files and no images/ folder (see docs/snapshot.md)")
        }
        for file in files { readImages(file: file, into: &ws) }
        return ws
    }

    // MARK: - Snapshot

    func loadSnapshot(_ base: String) -> LoadedWorkspace {
        var ws = LoadedWorkspace(source: base, kind: .snapshot)
        ws.limits = limits
        ws.artifacts = ArtifactStore(root: base + "/artifacts", maxBytes: limits.maxArtifactBytes)
        let infoFile = base + "/workspace.json"
        if FileManager.default.fileExists(atPath: infoFile), let json = parse(file: infoFile, into: &ws) {
            let (info, problems) = WorkspaceInfo.decode(json, file: infoFile)
            ws.info = info
            ws.problems += problems
        }
        let imageFiles = Self.jsonFiles(in: base + "/images")
        if imageFiles.isEmpty {
            ws.problems.append(InputProblem(.warning, file: base + "/images", message: "snapshot has no image files"))
        }
        for file in imageFiles { readImages(file: file, into: &ws) }
        for file in Self.jsonFiles(in: base + "/services") {
            guard let json = parse(file: file, into: &ws) else { continue }
            forEachPayload(json, file: file, into: &ws) { (item, path, ws) throws(DecodeFailure) in
                ws.services.append(ServiceRecord(service: try Webservice.decode(item, at: path), origin: Origin(file: file, path: path)))
            }
        }
        for file in Self.jsonFiles(in: base + "/models") {
            guard let json = parse(file: file, into: &ws) else { continue }
            forEachPayload(json, file: file, into: &ws) { (item, path, ws) throws(DecodeFailure) in
                ws.models.append(try LegacyModel.decode(item, at: path))
            }
        }
        return ws
    }

    // MARK: - Images

    func readImages(file: String, into ws: inout LoadedWorkspace) {
        guard let json = parse(file: file, into: &ws) else { return }
        addImages(from: json, file: file, into: &ws)
    }

    func readImages(bytes: [UInt8], file: String, into ws: inout LoadedWorkspace) {
        guard let json = parse(bytes: bytes, file: file, into: &ws) else { return }
        addImages(from: json, file: file, into: &ws)
    }

    private func addImages(from json: JSON, file: String, into ws: inout LoadedWorkspace) {
        forEachPayload(json, file: file, into: &ws) { (item, path, ws) throws(DecodeFailure) in
            let image = try LegacyImage.decode(item, at: path)
            if let index = ws.imageIndex[image.id] {
                let first = ws.images[index]
                ws.problems.append(InputProblem(.warning, file: file, location: path.description,
                                                message: "image \(quotedForMessage(image.id).dropFirst().dropLast()) appears again (first in \(first.origin.file) at \(first.origin.path)); the first is used",
                                                imageId: image.id))
                return
            }
            for field in image.unknownFields {
                ws.problems.append(InputProblem(.warning, file: file, location: path.description + field.dropFirst(),
                                                message: "unknown field, kept but not used", imageId: image.id))
            }
            ws.imageIndex[image.id] = ws.images.count
            ws.images.append(ImageRecord(image: image, origin: Origin(file: file, path: path)))
        }
    }

    // MARK: - Shared

    /// Calls `body` for each payload of a document (single, list page or array); decode
    /// failures become error problems and the next payload is read.
    private func forEachPayload(_ json: JSON, file: String, into ws: inout LoadedWorkspace,
                                _ body: (JSON, JSONPath, inout LoadedWorkspace) throws(DecodeFailure) -> Void) {
        let items: [(JSON, JSONPath)]
        do {
            items = try PayloadDocument.items(of: json).1
        } catch {
            ws.problems += error.issues.map { InputProblem(.error, file: file, location: $0.path.description, message: $0.message) }
            return
        }
        for (item, path) in items {
            do {
                try body(item, path, &ws)
            } catch {
                let id = item["id"]?.stringValue ?? item["name"]?.stringValue
                ws.problems += error.issues.map {
                    InputProblem(.error, file: file, location: $0.path.description, message: $0.message, imageId: id)
                }
            }
        }
    }

    private func parse(file: String, into ws: inout LoadedWorkspace) -> JSON? {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(file, limit: limits.maxJSONBytes, setting: "IMAGE2ENV_MAX_JSON_BYTES")
        } catch {
            ws.problems.append(InputProblem(.error, file: file, message: error.description))
            return nil
        }
        return parse(bytes: bytes, file: file, into: &ws)
    }

    private func parse(bytes: [UInt8], file: String, into ws: inout LoadedWorkspace) -> JSON? {
        do {
            return try JSONParser.parse(bytes, file: file, maxDepth: limits.maxJSONDepth)
        } catch {
            ws.problems.append(InputProblem(.error, file: file, location: "\(error.line):\(error.column)",
                                            message: "\(error.message) (at \(error.path))"))
            return nil
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// `*.json` files directly in `folder`, sorted by name (byte order), hidden files skipped.
    static func jsonFiles(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { folder + "/" + $0 }
            .filter { !isDirectory($0) }
    }

    /// Standard input, at most one byte more than the default JSON size limit.
    public static func readStandardInput() -> [UInt8] {
        BoundedFile.readStandardInput(limit: InputLimits.default.maxJSONBytes)
    }
}
