import Snapshot

/// Rewrites the journal file atomically (`AtomicFile`).
enum JournalFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw EmulatorError("\(path): cannot replace the journal file: \(error.description)")
        }
    }
}
