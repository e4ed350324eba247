import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a command-line tool (the resolver, the analysis helper, uv) to its end with
/// swift-subprocess: arguments, extra environment variables, optional standard input, a time
/// limit; standard output and error collected as text.
public enum ToolProcess {
    /// How a run ended.
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Still running after the time limit: it was killed.
        case timedOut
        /// It could not be started (the message says why).
        case notStarted(String)
    }

    public struct Outcome: Sendable, Equatable {
        public var ending: Ending
        public var stdout: String
        public var stderr: String

        public var succeeded: Bool { ending == .exited(0) }
    }

    /// Output beyond this many bytes (per stream) is an error: a resolver never prints that much.
    public static let outputLimit = 16 << 20

    /// Runs `executable` with `arguments`; `environment` entries are added to (or, with a nil
    /// value, removed from) this process's environment; `input` is written to its standard
    /// input (none: nothing). Killed after `timeout`; `outputLimit` bytes per stream at most.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                           workingDirectory: String? = nil, input: [UInt8]? = nil, outputLimit: Int = ToolProcess.outputLimit,
                           timeout: Duration) async -> Outcome {
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                var updates: [Environment.Key: String?] = [:]
                for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
                let env = Environment.inherit.updating(updates)
                let directory = workingDirectory.map { FilePath($0) }
                do {
                    let result: ExecutionResult<Void, StringOutput<UTF8>, StringOutput<UTF8>>
                    if let input {
                        result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments), environment: env,
                                                          workingDirectory: directory, input: .array(input),
                                                          output: .string(limit: outputLimit), error: .string(limit: outputLimit))
                    } else {
                        result = try await Subprocess.run(.path(FilePath(executable)), arguments: Arguments(arguments), environment: env,
                                                          workingDirectory: directory, input: .none,
                                                          output: .string(limit: outputLimit), error: .string(limit: outputLimit))
                    }
                    let ending: Ending
                    switch result.terminationStatus {
                    case .exited(let code): ending = .exited(code)
                    case .signaled(let signal): ending = .signaled(signal)
                    }
                    return Outcome(ending: ending, stdout: result.standardOutput ?? "", stderr: result.standardError ?? "")
                } catch is CancellationError {
                    return nil
                } catch {
                    if Task.isCancelled { return nil }
                    return Outcome(ending: .notStarted("\(error)"), stdout: "", stderr: "")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : Outcome(ending: .timedOut, stdout: "", stderr: "")
            }
            var first: Outcome?
            for await outcome in group {
                if let outcome, first == nil {
                    first = outcome
                    group.cancelAll()
                }
            }
            return first ?? Outcome(ending: .timedOut, stdout: "", stderr: "")
        }
    }
}
