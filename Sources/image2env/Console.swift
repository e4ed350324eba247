import ArgumentParser
import Foundation
import Snapshot
import WorkspaceClient

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

/// Prepares an output folder written whole at the end; a non-empty one needs `force` (exit 64).
func outputFolder(_ path: String, force: Bool) throws -> OutputFolder {
    do {
        return try OutputFolder(path, force: force)
    } catch {
        Console.error(error.description)
        throw ExitCode(Exit.usage)
    }
}

extension WorkspaceClientError {
    /// The exit code of a failure to talk to the workspace: 64 usage, 69 unavailable, 1 other.
    var exitCode: ExitCode {
        switch kind {
        case .usage: return ExitCode(Exit.usage)
        case .unavailable: return ExitCode(Exit.unavailable)
        default: return .failure
        }
    }
}
