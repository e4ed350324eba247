import JSONValue

/// The part of an old service's payload that the new service carries over, exactly as the
/// payload had it (absent fields stay absent). `plan.json` records it; `--apply` compares it with
/// the live service to notice a workspace that changed since the plan.
public struct RecordedSettings: Sendable, Equatable {
    public var compute: ServiceCompute
    /// The carried fields, nested as in the payload.
    public var json: JSONObject

    public init(compute: ServiceCompute, json: JSONObject) {
        self.compute = compute
        self.json = json
    }

    /// The carried fields of `payload` (a service payload of this compute).
    public init(compute: ServiceCompute, payload: JSONObject) {
        self.compute = compute
        var out = JSONObject()
        for path in compute.carriedPaths {
            guard let value = Self.value(at: path, in: payload) else { continue }
            Self.set(value, at: path, in: &out)
        }
        json = out
    }

    /// Where `live` differs from this record: one line per field (`cpu: 1.0 in the plan, 2.0 now`).
    public func differences(from live: RecordedSettings) -> [String] {
        var out: [String] = []
        for path in compute.carriedPaths {
            let planned = Self.value(at: path, in: json)
            let now = Self.value(at: path, in: live.json)
            if planned != now {
                out.append("\(path.joined(separator: ".")): \(Self.show(planned)) in the plan, \(Self.show(now)) now")
            }
        }
        return out
    }

    static func value(at path: [String], in object: JSONObject) -> JSON? {
        var current: JSON = .object(object)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    private static func set(_ value: JSON, at path: [String], in object: inout JSONObject) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var inner = object[first]?.objectValue ?? JSONObject()
        set(value, at: Array(path.dropFirst()), in: &inner)
        object[first] = .object(inner)
    }

    private static func show(_ value: JSON?) -> String {
        guard let value else { return "absent" }
        return (try? PythonJSONWriter.write(value, indent: nil)) ?? value.typeName
    }
}
