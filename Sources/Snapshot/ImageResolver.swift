import Archive
import Foundation
import JSONValue
import LegacyImage

/// Something about an image's artifacts worth telling the user, that does not make the input
/// unreadable (a missing artifact, files outside the project root, ...).
public struct ResolutionNote: Sendable, Equatable {
    /// A stable code: `artifacts-unavailable`, `artifact-missing`, `entry-script-unknown`, ...
    public var code: String
    /// The payload field concerned, as a JSON path relative to the payload.
    public var field: String?
    public var message: String
}

/// An image with everything its artifacts say: conda spec, Docker steps, entry script, sources.
public struct ResolvedImage: Sendable {
    public var record: ImageRecord
    public var image: LegacyImage { record.image }
    /// The user's conda YAML, verbatim.
    public var condaText: String?
    public var conda: CondaSpec?
    /// The extra Docker steps, verbatim.
    public var dockerSteps: String?
    /// The lines of the requirements file the SDK injected.
    public var pipRequirements: [String]?
    /// The execution script as the driver wrapper names it (`score.py`).
    public var entryScript: String?
    /// The project's files recovered from the dependency tarballs.
    public var sourceTree: RecoveredSourceTree?
    /// The schema file's path inside `sourceTree`, when the image had one.
    public var schemaFile: String?
    public var notes: [ResolutionNote] = []
    /// Unreadable artifacts (exit 65).
    public var problems: [InputProblem] = []

    init(record: ImageRecord) { self.record = record }
}

/// Reads an image's artifacts from a snapshot (offline).
public struct ImageResolver: Sendable {
    public var store: ArtifactStore?
    /// Tarball and YAML limits (the artifact size limit is the store's).
    public var limits: InputLimits

    public init(store: ArtifactStore?, limits: InputLimits = .default) {
        self.store = store
        self.limits = limits
    }

    public func resolve(_ record: ImageRecord) -> ResolvedImage {
        var out = ResolvedImage(record: record)
        let image = record.image
        guard let store else {
            if !image.assets.isEmpty || image.targetRuntime?.condaEnvFile != nil {
                out.notes.append(ResolutionNote(code: "artifacts-unavailable", field: nil,
                                                message: "the source is not a snapshot folder, so the conda file, Docker steps and sources were not read"))
            }
            return out
        }
        var reader = ArtifactReader(store: store, record: record)

        if let url = image.targetRuntime?.condaEnvFile,
           let text = reader.text(url, field: "$.targetRuntime.properties.condaEnvFile", into: &out) {
            out.condaText = text
            do {
                out.conda = try Profile.measure(.conda) { () throws(CondaSpec.ParseError) in try CondaSpec.parse(text, limits: limits.yaml) }
            } catch {
                out.problems.append(reader.problem(url: url, location: error.line.map { "\($0):\(error.column ?? 1)" },
                                                   message: "invalid conda file: \(error.message)"))
            }
        }
        if let url = image.targetRuntime?.pipRequirements,
           let text = reader.text(url, field: "$.targetRuntime.properties.pipRequirements", into: &out) {
            out.pipRequirements = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if let url = image.dockerFileUri, let text = reader.text(url, field: "$.dockerFileUri", into: &out) {
            out.dockerSteps = text
        }
        var driverScript: RecoveredSourceTree.File?
        if let (index, driver) = image.assets.enumerated().first(where: { $0.element.isDriver }),
           let text = reader.text(driver.url, field: "$.assets[\(index)].url", into: &out) {
            out.entryScript = DriverScript.entryScript(in: text)
            if out.entryScript == nil, image.flavor == .iotContainer || DriverScript.isScoringScript(text),
               let name = driver.url.split(separator: "/").last {
                // IotContainerImage uploads the user's execution script itself as the driver,
                // with no wrapper around it.
                out.entryScript = String(name)
                driverScript = RecoveredSourceTree.File(path: String(name), data: Array(text.utf8))
                out.notes.append(ResolutionNote(code: "driver-is-entry-script", field: "$.assets[\(index)]",
                                                message: "the driver is the user's script \(name) itself (no generated wrapper)"))
            } else if out.entryScript == nil {
                out.notes.append(ResolutionNote(code: "entry-script-unknown", field: "$.assets[\(index)]",
                                                message: "the driver wrapper does not name the execution script"))
            }
        }
        resolveSources(&out, driverScript: driverScript, reader: &reader)
        return out
    }

    private func resolveSources(_ out: inout ResolvedImage, driverScript: RecoveredSourceTree.File?, reader: inout ArtifactReader) {
        var tarballs: [[TarEntry]] = []
        for (index, asset) in out.image.assets.enumerated() where !asset.isDriver {
            let field = "$.assets[\(index)].url"
            guard let (file, bytes) = reader.bytes(asset.url, field: field, into: &out) else { continue }
            do {
                tarballs.append(try Profile.measure(.tarballs) { () throws(ArchiveError) in try TarGz.read(bytes, limits: limits.tar) })
            } catch {
                out.problems.append(InputProblem(.error, file: file,
                                                 message: "\(error) (asset \(asset.id), \(reader.referenced(field)))",
                                                 imageId: out.image.id))
            }
        }
        guard !tarballs.isEmpty || driverScript != nil else { return }
        let tree = Profile.measure(.tarballs) { SourceTree.recover(tarballs: tarballs, entryScript: out.entryScript, driver: driverScript) }
        out.sourceTree = tree
        for path in tree.outsideRoot {
            out.notes.append(ResolutionNote(code: "source-outside-root", field: "$.assets",
                                            message: "dependency \(path) lies outside the project folder of the entry script"))
        }
        if let entry = out.entryScript, tree.entryScript == nil {
            out.notes.append(ResolutionNote(code: "entry-script-missing", field: "$.assets",
                                            message: "the execution script \(entry) is not in any dependency tarball"))
        }
        // The SDK appends the schema file right after the execution script (wrap_execution_script).
        if let entry = out.entryScript,
           let scriptTar = tarballs.firstIndex(where: { $0.contains { $0.kind == .file && ($0.path == entry || $0.path.hasSuffix("/" + entry)) } }),
           scriptTar + 1 < tarballs.count,
           let schemaMember = tarballs[scriptTar + 1].first(where: { $0.kind == .file }) {
            out.schemaFile = tree.relativePath(ofMember: schemaMember.path)
        }
    }
}

/// Reads artifacts for one image and turns lookup failures into notes or problems.
struct ArtifactReader {
    let store: ArtifactStore
    let record: ImageRecord

    func problem(url: String, location: String?, message: String) -> InputProblem {
        let file = (try? store.file(for: url)) ?? url
        return InputProblem(.error, file: file, location: location, message: message, imageId: record.image.id)
    }

    func referenced(_ field: String) -> String {
        "referenced at \(record.origin.file) \(record.origin.path)\(field.dropFirst())"
    }

    mutating func bytes(_ url: String, field: String, into out: inout ResolvedImage) -> (String, [UInt8])? {
        // Built only for a message: most artifacts read fine.
        var referenced: String { self.referenced(field) }
        do {
            let (file, bytes) = try Profile.measure(.artifactReads) { () throws(ArtifactStore.LookupError) in try store.read(url) }
            if bytes.isEmpty {
                out.problems.append(InputProblem(.error, file: file, message: "artifact is empty (0 bytes; \(referenced))", imageId: record.image.id))
                return nil
            }
            return (file, bytes)
        } catch {
            switch error {
            case .missing:
                out.notes.append(ResolutionNote(code: "artifact-missing", field: field, message: "\(error)"))
            case .refused(let file, let reason):
                out.problems.append(InputProblem(.error, file: file, message: "artifact \(reason) (\(referenced))", imageId: record.image.id))
            case .notAnArtifactURL, .unsafePath:
                out.problems.append(InputProblem(.error, file: record.origin.file, location: record.origin.path.description + field.dropFirst(),
                                                 message: "\(error)", imageId: record.image.id))
            }
            return nil
        }
    }

    mutating func text(_ url: String, field: String, into out: inout ResolvedImage) -> String? {
        guard let (file, bytes) = bytes(url, field: field, into: &out) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8(bytes)
            out.problems.append(InputProblem(.error, file: file, location: "byte \(offset)", message: "artifact is not valid UTF-8 text (\(referenced(field)))", imageId: record.image.id))
            return nil
        }
        return text
    }

    /// The byte offset of the first byte that is not part of valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput, .error: return offset
            }
        }
    }
}
