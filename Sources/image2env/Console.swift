import ArgumentParser
import Foundation
import Snapshot
import WorkspaceClient

enum Console {
    /// `--quiet`: only errors are printed. Set once at the start of a command, before any task runs.
    nonisolated(unsafe) static var quiet = false

    /// The longest message printed, in UTF-8 bytes; the rest is cut (a hostile input can put
    /// megabytes into a name that a message quotes).
    static let maxMessageBytes = 4096

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("image2env: error: \(printable(Redaction.text(message)))\n".utf8))
    }

    static func warning(_ message: String) {
        if quiet { return }
        FileHandle.standardError.write(Data("image2env: warning: \(printable(Redaction.text(message)))\n".utf8))
    }

    /// `message` made safe for a terminal: control characters (C0, DEL, C1) escaped as
    /// `\u{1b}`, except a newline followed by a space (the indented continuation lines of our
    /// own messages), so no input can start a line of its own; cut after `maxMessageBytes`
    /// bytes with a note.
    static func printable(_ message: String) -> String {
        var out = ""
        var bytes = 0
        let scalars = Array(message.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let v = scalar.value
            let continuation = scalar == "\n" && i + 1 < scalars.count && scalars[i + 1] == " "
            let piece = (v < 0x20 || (0x7F...0x9F).contains(v)) && !continuation ? "\\u{" + String(v, radix: 16) + "}" : String(scalar)
            if bytes + piece.utf8.count > maxMessageBytes {
                return out + "… (\(message.utf8.count - bytes) more bytes)"
            }
            out += piece
            bytes += piece.utf8.count
        }
        return out
    }
}

extension Console {
    /// Text for a terminal (`--format text` and `markdown`): control characters that came from
    /// the input (an image named with an escape sequence) are shown as `\u{1b}`; newlines (also
    /// CRLF), tabs and, with `colours`, the colour codes the renderer itself writes (`ESC [ digits ; ... m`)
    /// are kept.
    static func terminalSafe(_ text: String, colours: Bool = false) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            let v = scalar.value
            if colours, scalar == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, ("0"..."9").contains(scalars[j]) || scalars[j] == ";" { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    out.append(contentsOf: scalars[i...j])
                    i = j + 1
                    continue
                }
            }
            let lineEnd = scalar == "\n" || (scalar == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n")
            if (v < 0x20 && !lineEnd && scalar != "\t") || (0x7F...0x9F).contains(v) {
                out.append(contentsOf: ("\\u{" + String(v, radix: 16) + "}").unicodeScalars)
            } else {
                out.append(scalar)
            }
            i += 1
        }
        return String(out)
    }
}

/// The input limits from the `IMAGE2ENV_MAX_*` environment variables, or exit 64.
func inputLimits() throws -> InputLimits {
    do {
        return try InputLimits.fromEnvironment(ProcessInfo.processInfo.environment)
    } catch {
        Console.error(error.description)
        throw ExitCode(Exit.usage)
    }
}

/// Writes command output to a file (atomically) or to standard output, SAS signatures and
/// bearer tokens redacted (a payload can carry them in tags, service URLs or bad values).
func emit(_ text: String, to output: String?) throws {
    let text = Redaction.text(text)
    if let output {
        do {
            try AtomicFile.write(text, to: output)
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
    } else if !Console.quiet {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Command output written in pieces: to a file (atomically, in place only once `commit()` is
/// called) or to standard output, through a buffer. The caller redacts.
final class OutputSink {
    private let file: AtomicFile.Writer?
    private var buffer: [UInt8] = []

    init(_ output: String?) throws {
        do {
            file = try output.map { (path) throws(AtomicFile.WriteError) in try AtomicFile.Writer(path: path) }
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let file else {
            if !Console.quiet { FileHandle.standardOutput.write(Data(buffer)) }
            return
        }
        do {
            try file.write(buffer)
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
    }

    func commit() throws {
        try flush()
        do {
            try file?.commit()
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
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
