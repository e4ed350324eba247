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

        public init(description: String) {
            self.description = description
        }
    }

    /// Reads `source` whole; `stdin` gives standard input's bytes for `-` (by default at most one
    /// byte more than `limits.maxJSONBytes` is read from it).
    public func load(_ source: String, stdin: (() -> [UInt8])? = nil) throws(SourceError) -> LoadedWorkspace {
        var stream = try open(source, stdin: stdin)
        return stream.readAll()
    }

    /// Opens `source` for reading a file of images at a time (`SourceStream.nextImages()`):
    /// everything but the images (workspace, services, models) is read at once.
    public func open(_ source: String, stdin: (() -> [UInt8])? = nil) throws(SourceError) -> SourceStream {
        if source == "-" {
            var ws = LoadedWorkspace(source: source, kind: .stdin)
            ws.limits = limits
            let bytes = stdin?() ?? BoundedFile.readStandardInput(limit: limits.maxJSONBytes)
            guard bytes.count <= limits.maxJSONBytes else {
                ws.problems.append(InputProblem(.error, file: "<stdin>",
                                                message: "standard input is more than \(limits.maxJSONBytes) bytes (raise the limit with IMAGE2ENV_MAX_JSON_BYTES)"))
                return SourceStream(loader: self, workspace: ws, inputs: [])
            }
            return SourceStream(loader: self, workspace: ws, inputs: [.bytes(bytes, file: "<stdin>")])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw SourceError(description: "\(source): no such file or folder")
        }
        if !isDirectory.boolValue {
            var ws = LoadedWorkspace(source: source, kind: .file)
            ws.limits = limits
            return SourceStream(loader: self, workspace: ws, inputs: [.file(source)])
        }
        let base = source.hasSuffix("/") && source.count > 1 ? String(source.dropLast()) : source
        if Self.isDirectory(base + "/images") {
            return openSnapshot(base)
        }
        var ws = LoadedWorkspace(source: source, kind: .folder)
        ws.limits = limits
        let files = Self.jsonFiles(in: base)
        if files.isEmpty {
            throw SourceError(description: "\(source): folder has no *.json files and no images/ folder (see docs/snapshot.md)")
        }
        return SourceStream(loader: self, workspace: ws, inputs: files.map { .file($0) })
    }

    // MARK: - Snapshot

    func openSnapshot(_ base: String) -> SourceStream {
        var ws = LoadedWorkspace(source: base, kind: .snapshot)
        ws.limits = limits
        ws.artifacts = ArtifactStore(root: base + "/artifacts", maxBytes: limits.maxArtifactBytes)
        let infoFile = base + "/workspace.json"
        if FileManager.default.fileExists(atPath: infoFile), let json = parse(file: infoFile, into: &ws.problems) {
            let (info, problems) = WorkspaceInfo.decode(json, file: infoFile)
            ws.info = info
            ws.problems += problems
        }
        let imageFiles = Self.jsonFiles(in: base + "/images")
        if imageFiles.isEmpty {
            ws.problems.append(InputProblem(.warning, file: base + "/images", message: "snapshot has no image files"))
        }
        // Services and models are read now; their problems come after the images' (as they
        // always did: a snapshot is read images first).
        var later: [InputProblem] = []
        for file in Self.jsonFiles(in: base + "/services") {
            guard let json = parse(file: file, into: &later) else { continue }
            forEachPayload(json, file: file, problems: &later) { (item, path) throws(DecodeFailure) -> [InputProblem] in
                ws.services.append(ServiceRecord(service: try Webservice.decode(item, at: path), origin: Origin(file: file, path: path)))
                return []
            }
        }
        for file in Self.jsonFiles(in: base + "/models") {
            guard let json = parse(file: file, into: &later) else { continue }
            forEachPayload(json, file: file, problems: &later) { (item, path) throws(DecodeFailure) -> [InputProblem] in
                ws.models.append(try LegacyModel.decode(item, at: path))
                return []
            }
        }
        var stream = SourceStream(loader: self, workspace: ws, inputs: imageFiles.map { .file($0) })
        stream.trailingProblems = later
        return stream
    }

    // MARK: - Images

    /// One file's payloads decoded (any thread), before duplicates are looked for.
    func decode(_ input: SourceStream.Input) -> SourceStream.DecodedFile {
        Profile.measure(.imageFiles) { decodeFile(input) }
    }

    private func decodeFile(_ input: SourceStream.Input) -> SourceStream.DecodedFile {
        var out = SourceStream.DecodedFile()
        let json: JSON?
        let file: String
        switch input {
        case .file(let path):
            file = path
            json = parse(file: path, into: &out.problems)
        case .bytes(let bytes, let name):
            file = name
            json = parse(bytes: bytes, file: name, into: &out.problems)
        }
        guard let json, let items = payloads(of: json, file: file, problems: &out.problems) else { return out }
        for (item, path) in items {
            do {
                let image = try LegacyImage.decode(item, at: path)
                out.payloads.append((ImageRecord(image: image, origin: Origin(file: file, path: path)), out.problems.count))
            } catch {
                out.problems += Self.problems(error, item: item, file: file)
            }
        }
        return out
    }

    /// The images of a decoded file, duplicates of `seen` ids left out with a warning; `seen`
    /// learns the new ones. Problems come in payload order.
    func accept(_ decoded: SourceStream.DecodedFile, seen: inout [String: Origin], problems: inout [InputProblem]) -> [ImageRecord] {
        var records: [ImageRecord] = []
        var taken = 0
        for (record, before) in decoded.payloads {
            problems += decoded.problems[taken..<before]
            taken = before
            let image = record.image
            if let first = seen[image.id] {
                problems.append(InputProblem(.warning, file: record.origin.file, location: record.origin.path.description,
                                             message: "image \(quotedForMessage(image.id).dropFirst().dropLast()) appears again (first in \(first.file) at \(first.path)); the first is used",
                                             imageId: image.id))
                continue
            }
            seen[image.id] = record.origin
            records.append(record)
            problems += image.unknownFields.map { field in
                InputProblem(.warning, file: record.origin.file, location: record.origin.path.description + field.dropFirst(),
                             message: "unknown field, kept but not used", imageId: image.id)
            }
        }
        problems += decoded.problems[taken...]
        return records
    }

    // MARK: - Shared

    /// Calls `body` for each payload of a document (single, list page or array), keeping the
    /// problems it returns; decode failures become error problems and the next payload is read.
    private func forEachPayload(_ json: JSON, file: String, problems: inout [InputProblem],
                                _ body: (JSON, JSONPath) throws(DecodeFailure) -> [InputProblem]) {
        guard let items = payloads(of: json, file: file, problems: &problems) else { return }
        for (item, path) in items {
            do {
                problems += try body(item, path)
            } catch {
                problems += Self.problems(error, item: item, file: file)
            }
        }
    }

    /// The payloads of a document (single, list page or array), or nil with its problems.
    private func payloads(of json: JSON, file: String, problems: inout [InputProblem]) -> [(JSON, JSONPath)]? {
        do {
            return try PayloadDocument.items(of: json).1
        } catch {
            problems += error.issues.map { InputProblem(.error, file: file, location: $0.path.description, message: $0.message) }
            return nil
        }
    }

    /// A payload's decode failure as error problems.
    private static func problems(_ error: DecodeFailure, item: JSON, file: String) -> [InputProblem] {
        let id = item["id"]?.stringValue ?? item["name"]?.stringValue
        return error.issues.map { InputProblem(.error, file: file, location: $0.path.description, message: $0.message, imageId: id) }
    }

    private func parse(file: String, into problems: inout [InputProblem]) -> JSON? {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(file, limit: limits.maxJSONBytes, setting: "IMAGE2ENV_MAX_JSON_BYTES")
        } catch {
            problems.append(InputProblem(.error, file: file, message: error.description))
            return nil
        }
        return parse(bytes: bytes, file: file, into: &problems)
    }

    private func parse(bytes: [UInt8], file: String, into problems: inout [InputProblem]) -> JSON? {
        do {
            return try JSONParser.parse(bytes, file: file, maxDepth: limits.maxJSONDepth)
        } catch {
            problems.append(InputProblem(.error, file: file, location: "\(error.line):\(error.column)",
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
