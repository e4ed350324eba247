import Foundation
import JSONValue
import Snapshot

/// What `verify` found: written as JSON with `--report FILE`, and in short on standard output.
public struct VerifyReport: Sendable {
    /// How it ended, and the exit code that says so.
    public enum Result: String, Sendable {
        /// The service answered 2xx.
        case passed
        /// It did not (the packages do not install, `init()` raised, `run()` answered 5xx ...).
        case failed
        /// It cannot be run on this machine (no interpreter for the Python, no index, no port).
        case cannotRunHere = "not-run"
        /// The arguments are wrong (not a converted folder, no model folder).
        case usage
        /// No `--sample`, and the script declares none (no `inference_schema`): a usage error.
        case noSample = "no-sample"
        /// The converted folder cannot be read.
        case unreadable

        /// 0, 3, 69, 64, 65.
        public var exitCode: Int32 {
            switch self {
            case .passed: return 0
            case .failed: return 3
            case .cannotRunHere: return 69
            case .usage, .noSample: return 64
            case .unreadable: return 65
            }
        }
    }

    public struct Venv: Sendable {
        public var key: String
        public var reused: Bool
        public var python: String
        public var packages: Int
        public var seconds: Double
    }

    public var folder: String
    public var target: VerifyTarget
    public var image: String?
    public var python: String?
    public var result: Result = .failed
    public var reason: String?
    public var venv: Venv?
    public var serverSeconds: Double?
    /// `file` (--sample) or `swagger` (the example inference_schema declares).
    public var sampleSource: String?
    public var status: Int?
    public var latencyMs: Int?
    public var response: [UInt8]?
    public var logTail: [String] = []
    public var notes: [String] = []

    init(folder: String, target: VerifyTarget) {
        self.folder = folder
        self.target = target
    }

    mutating func end(_ result: Result, _ reason: String?) {
        self.result = result
        self.reason = reason.map { Redaction.text($0) }
    }

    /// The response body as JSON when it is JSON, else as a string.
    var responseJSON: JSON {
        guard let response else { return .null }
        if let parsed = try? JSONParser.parse(response, file: "response") { return parsed }
        return .string(String(decoding: response.prefix(64 << 10), as: UTF8.self))
    }

    /// The report file (`json.dump(indent=4)` layout).
    public var json: String {
        func opt<T>(_ v: T?, _ f: (T) -> JSON) -> JSON { v.map(f) ?? .null }
        let venvJSON: JSON = venv.map { v in
            .object(JSONObject([("key", .string(v.key)), ("reused", .bool(v.reused)), ("python", .string(v.python)),
                                ("packages", .int(Int64(v.packages))), ("seconds", .double(v.seconds))]))
        } ?? .null
        let object = JSONObject([
            ("image", opt(image, JSON.string)), ("folder", .string(folder)), ("target", .string(target.rawValue)),
            ("result", .string(result.rawValue)), ("reason", opt(reason, JSON.string)), ("python", opt(python, JSON.string)),
            ("venv", venvJSON), ("serverSeconds", opt(serverSeconds, JSON.double)), ("sample", opt(sampleSource, JSON.string)),
            ("status", opt(status) { .int(Int64($0)) }), ("latencyMs", opt(latencyMs) { .int(Int64($0)) }),
            ("response", responseJSON), ("logTail", .array(logTail.map(JSON.string))), ("notes", .array(notes.map(JSON.string))),
        ])
        return ((try? PythonJSONWriter.write(.object(object))) ?? "{}") + "\n"
    }

    /// The short form for standard output.
    public var summary: String {
        var out = "\(image ?? folder) (\(target.rawValue)): \(result == .passed ? "passed" : result == .failed ? "FAILED" : result == .noSample ? "no sample" : "not run")"
        if let status { out += ", POST /score → \(status)" }
        if let latencyMs { out += " in \(latencyMs) ms" }
        out += "\n"
        if let reason { out += "  reason: \(reason)\n" }
        if let venv {
            out += "  venv: Python \(venv.python), \(venv.packages) packages, " + (venv.reused ? "reused" : "made in \(venv.seconds) s") + "\n"
        }
        if response != nil, let text = try? PythonJSONWriter.write(responseJSON, indent: nil) {
            out += "  response: " + (text.count > 400 ? String(text.prefix(399)) + "…" : text) + "\n"
        }
        for note in notes { out += "  note: \(note)\n" }
        if !logTail.isEmpty { out += "  server log (last lines):\n" + logTail.suffix(15).map { "    \($0)\n" }.joined() }
        return out
    }
}
