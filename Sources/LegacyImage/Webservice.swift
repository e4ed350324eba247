import JSONValue

/// A deployed webservice (ACI, AKS, ...), as `GET /services` or `Webservice.serialize()` gives it.
///
/// The audit needs only which image a service runs; the full payload is kept in `raw` for the
/// steps that carry a service's settings over.
public struct Webservice: Sendable, Equatable {
    public var name: String
    /// `ACI`, `AKS`, `AKSENDPOINT`, `IOT`, `MIR`, ... (verbatim; nil when absent).
    public var computeType: String?
    /// The legacy image the service runs (`imageId`, or `imageDetails.id`); nil for services
    /// built from an Environment.
    public var imageId: String?
    /// Whether the service was built from an Environment rather than a legacy image.
    public var usesEnvironment: Bool
    public var state: String?
    public var scoringUri: String?
    public var computeName: String?
    public var location: String?
    public var tags: [KeyValue]
    public var raw: JSONObject

    /// Decodes one service payload; only `name` is required.
    public static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> Webservice {
        var r = try ObjectReader.make(json, at: path, what: "a webservice payload")
        let name = r.requiredString("name")
        var imageId = r.string("imageId")
        if imageId == nil, let details = r.object("imageDetails") {
            var d = ObjectReader(details, at: path.appending("imageDetails"))
            imageId = d.string("id")
            r.absorb(d.issues)
        }
        let usesEnvironment = r.raw("environment") != nil || r.raw("environmentDetails") != nil
            || r.raw("environmentImageRequest") != nil
        let service = Webservice(
            name: name ?? "",
            computeType: r.string("computeType"),
            imageId: imageId,
            usesEnvironment: usesEnvironment,
            state: r.string("state"),
            scoringUri: r.string("scoringUri"),
            computeName: r.string("computeName"),
            location: r.string("location"),
            tags: r.stringMap("kvTags") ?? r.stringMap("tags") ?? [],
            raw: r.object
        )
        try r.finish()
        return service
    }
}
