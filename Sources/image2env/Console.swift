import ArgumentParser
import Foundation
import Snapshot

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("image2env: error: \(message)\n".utf8))
    }
}

/// Writes command output to a file (atomically) or to standard output.
func emit(_ text: String, to output: String?) throws {
    if let output {
        do {
            try AtomicFile.write(text, to: output)
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
