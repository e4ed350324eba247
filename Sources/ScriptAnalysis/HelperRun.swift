import Foundation
import JSONValue
import Snapshot
import Tooling

/// One run of the analysis helper over some files: the request written to a private temporary
/// file, `python -I -S -c <helper> REQUEST`, the JSON answer read back. (`-S`: the helper needs
/// nothing from site-packages, whose `.pth` files can cost 100 ms a start.)
enum HelperRun {
    enum Result: Sendable {
        case parsed(python: String, facts: [String: FileFacts])
        case failed(String)
    }

    /// The helper's source (`Helper/analyze.py`, embedded in the binary by SwiftPM).
    static let source = String(decoding: PackageResources.analyze_py, as: UTF8.self)

    static func run(_ interpreter: PythonInterpreter, _ files: [(key: String, bytes: [UInt8])], timeout: Duration) async -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-analysis-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return .failed("cannot create a temporary folder for the script analysis: \(error)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoded = Profile.measure(.scripts) { () -> String? in
            let request = JSON.object(JSONObject([("files", .array(files.map { f in
                .object(JSONObject([("key", .string(f.key)), ("data", .string(Data(f.bytes).base64EncodedString()))]))
            }))]))
            return try? PythonJSONWriter.write(request, indent: nil)
        }
        let file = folder.appendingPathComponent("request.json")
        guard let text = encoded,
              FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return .failed("cannot write the script analysis request")
        }
        let outcome = await ToolProcess.run(interpreter.path, ["-I", "-S", "-c", source, file.path], environment: ["PYTHONIOENCODING": "utf-8"],
                                            outputLimit: 256 << 20, timeout: timeout)
        let last = outcome.stderr.split(separator: "\n").last.map(String.init) ?? ""
        switch outcome.ending {
        case .exited(0): break
        case .exited(let code):
            return .failed("\(interpreter.path) could not run the script analysis (exit \(code)\(last.isEmpty ? "" : ": \(last)"); Python 3.8 or later is needed)")
        case .signaled(let s): return .failed("the script analysis (\(interpreter.path)) was killed by signal \(s)")
        case .timedOut: return .failed("the script analysis (\(interpreter.path)) did not finish within \(timeout)")
        case .notStarted(let why): return .failed("\(interpreter.path) could not be started for the script analysis: \(why)")
        }
        return Profile.measure(.scripts) { decode(outcome.stdout, interpreter) }
    }

    private static func decode(_ stdout: String, _ interpreter: PythonInterpreter) -> Result {
        guard let json = try? JSONParser.parse(Array(stdout.utf8), file: "<script analysis>"),
              let version = json["python"]?.stringValue, let all = json["files"]?.objectValue else {
            return .failed("\(interpreter.path) answered the script analysis with something else than its JSON")
        }
        var facts: [String: FileFacts] = [:]
        for key in all.keys {
            guard let value = all[key], let f = FileFacts(json: value) else {
                return .failed("the script analysis answered an unreadable fact for a file")
            }
            facts[key] = f
        }
        return .parsed(python: version, facts: facts)
    }
}
