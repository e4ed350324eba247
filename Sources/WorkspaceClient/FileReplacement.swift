import Snapshot

/// `AtomicFile` with the client's error type.
enum FileReplacement {
    static func write(_ bytes: [UInt8], to path: String) throws(WorkspaceClientError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw WorkspaceClientError(.io, error.description)
        }
    }

    static func move(_ source: String, to destination: String) throws(WorkspaceClientError) {
        do {
            try AtomicFile.move(source, to: destination)
        } catch {
            throw WorkspaceClientError(.io, error.description)
        }
    }
}
