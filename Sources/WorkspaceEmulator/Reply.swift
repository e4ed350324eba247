import JSONValue

/// A plain answer (status, headers, body bytes) before faults and Hummingbird see it.
struct Reply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer, written compactly with the Python-compatible writer.
    static func json(_ value: JSON, status: Int = 200) -> Reply {
        do {
            let text = try PythonJSONWriter.write(value, indent: nil)
            return Reply(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(text.utf8))
        } catch {
            return Reply(status: 500, headers: [("Content-Type", "text/plain")], body: Array("cannot write JSON: \(error)".utf8))
        }
    }

    /// An MMS-style error: `{"code", "statusCode", "message"}`.
    static func error(_ status: Int, code: String, message: String) -> Reply {
        .json(.object(JSONObject([("code", .string(code)), ("statusCode", .int(Int64(status))), ("message", .string(message))])),
              status: status)
    }

    static func notFound(_ message: String) -> Reply { error(404, code: "NotFound", message: message) }

    /// A resource manager error: `{"error": {"code", "message"}}`.
    static func armError(_ status: Int, code: String, message: String) -> Reply {
        .json(.object(JSONObject([("error", .object(JSONObject([("code", .string(code)), ("message", .string(message))])))])),
              status: status)
    }
}
