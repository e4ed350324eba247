import JSONValue

/// The sample input that `inference_schema` declares: the server's `GET /swagger.json` (Swagger
/// 2.0, written by azureml-inference-server-http from the `@input_schema` decorators) carries it
/// as the `example` of the `/score` POST body (`definitions.ServiceInput.example`, or the body
/// parameter's own schema).
enum SampleInput {
    /// The example as JSON bytes, or nil when the swagger has none.
    static func fromSwagger(_ bytes: [UInt8]) -> [UInt8]? {
        guard let swagger = try? JSONParser.parse(bytes, file: "swagger.json") else { return nil }
        var candidates: [JSON?] = []
        if let parameters = swagger["paths"]?["/score"]?["post"]?["parameters"]?.arrayValue {
            for p in parameters where p["in"]?.stringValue == "body" {
                let schema = p["schema"]
                if let ref = schema?["$ref"]?.stringValue, ref.hasPrefix("#/definitions/") {
                    candidates.append(swagger["definitions"]?[String(ref.dropFirst("#/definitions/".count))]?["example"])
                }
                candidates.append(schema?["example"])
            }
        }
        candidates.append(swagger["definitions"]?["ServiceInput"]?["example"])
        // A script without inference_schema gets a swagger too, with an empty example: not a sample.
        guard let example = candidates.compactMap({ $0 }).first(where: { !Self.isEmpty($0) }),
              let text = try? PythonJSONWriter.write(example, indent: nil) else { return nil }
        return Array(text.utf8)
    }

    static func isEmpty(_ value: JSON) -> Bool {
        switch value {
        case .null: return true
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        case .string(let t): return t.isEmpty
        default: return false
        }
    }
}
