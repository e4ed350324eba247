/// A file a writer produces: a relative path (`/`-separated) and its exact bytes.
public struct OutputFile: Sendable, Equatable {
    /// Path relative to the output folder, e.g. `azureml_environment.json` or `docker/Dockerfile`.
    public var path: String
    /// The file's content.
    public var bytes: [UInt8]

    /// A file.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// The file with `transform` applied to its text, when it is UTF-8 text (else unchanged).
    public func mappingText(_ transform: (String) -> String) -> OutputFile {
        guard let text = String(validating: bytes, as: UTF8.self) else { return self }
        let changed = transform(text)
        return changed == text ? self : OutputFile(path: path, text: changed)
    }

    /// A UTF-8 text file.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}
