import Foundation
import JSONValue

/// A plan's `POST /services` body with its inputs read from the environment: the registry
/// password from its variable, PEM files from the paths in theirs. Kept in memory only.
public struct PreparedRequest: Sendable {
    public var plan: LoadedPlan
    /// The body with every input in place.
    var body: JSON
    /// The secret values, to strip from any message.
    var secrets: [String]

    /// Reads every input; all missing ones are reported at once.
    public static func prepare(_ plans: [LoadedPlan], environment: [String: String]) throws(PlanFolderError) -> [PreparedRequest]
    {
        var problems: [String] = []
        var out: [PreparedRequest] = []
        for plan in plans {
            var body = JSON.object(plan.body)
            var secrets: [String] = []
            for input in plan.inputs {
                guard let value = environment[input.variable], !value.isEmpty else {
                    problems.append("\(plan.newService) needs \(input.variable): \(input.purpose)")
                    continue
                }
                var text = value
                if input.kind != .secret {
                    guard let data = FileManager.default.contents(atPath: value), let pem = String(data: data, encoding: .utf8) else {
                        problems.append("\(plan.newService): \(input.variable) names \(value), which cannot be read as a text file")
                        continue
                    }
                    text = pem
                }
                if input.kind != .file { secrets.append(text) }
                guard set(&body, input.path, to: .string(text)) else {
                    problems.append("\(plan.folder)/plan.json: $.inputs: \(input.pathText) is not in the request body")
                    continue
                }
            }
            out.append(PreparedRequest(plan: plan, body: body, secrets: secrets))
        }
        if !problems.isEmpty { throw PlanFolderError(problems.joined(separator: "\n")) }
        return out
    }

    /// The body to send; with `overwrite`, `"overwrite": true` (as `Model.deploy(..., overwrite=True)`).
    func bytes(overwrite: Bool) -> [UInt8] {
        var body = self.body
        if overwrite, case .object(var o) = body {
            o["overwrite"] = .bool(true)
            body = .object(o)
        }
        return Array(((try? PythonJSONWriter.write(body, indent: nil)) ?? "").utf8)
    }

    /// `text` with every secret of this request replaced by `<redacted>`.
    public func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: RequestBody.redacted) }
    }

    private static func set(_ json: inout JSON, _ path: [String], to value: JSON) -> Bool {
        guard let key = path.first, case .object(var object) = json, let inner = object[key] else { return false }
        if path.count == 1 {
            object[key] = value
        } else {
            var child = inner
            guard set(&child, Array(path.dropFirst()), to: value) else { return false }
            object[key] = child
        }
        json = .object(object)
        return true
    }
}
