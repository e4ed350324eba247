import JSONValue

/// The three ways a file can hold payloads: one object, a list page
/// `{"value": [...], "nextLink": ...}`, or a plain array.
public enum PayloadDocument: Sendable, Equatable {
    case single
    case listPage(nextLink: String?)
    case array

    /// Splits a parsed document into its payloads, each with the JSON path it sits at.
    public static func items(of json: JSON) throws(DecodeFailure) -> (PayloadDocument, [(JSON, JSONPath)]) {
        switch json {
        case .array(let items):
            return (.array, items.enumerated().map { ($1, JSONPath.root.appending($0)) })
        case .object(let object):
            if let value = object["value"], object["id"] == nil, object["name"] == nil {
                guard let items = value.arrayValue else {
                    throw DecodeFailure([DecodeIssue(path: JSONPath.root.appending("value"),
                                                     message: "expected the list page's items as an array, found \(value.typeName)")])
                }
                let next = object["nextLink"]?.stringValue
                return (.listPage(nextLink: next), items.enumerated().map { ($1, JSONPath.root.appending("value").appending($0)) })
            }
            return (.single, [(json, .root)])
        default:
            throw DecodeFailure([DecodeIssue(path: .root,
                                             message: "expected a payload object, a list page or an array, found \(json.typeName)")])
        }
    }
}
