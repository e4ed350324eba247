/// A request's path split into percent-decoded segments, and its query into decoded pairs.
struct RequestTarget: Sendable {
    /// The path as sent, without the query.
    var rawPath: String
    var segments: [String]
    var query: [(key: String, value: String)]

    init(_ target: String) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        rawPath = parts.first.map(String.init) ?? "/"
        segments = rawPath.split(separator: "/", omittingEmptySubsequences: true)
            .map { String($0).removingPercentEncoding ?? String($0) }
        query = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
                query.append((key, value))
            }
        }
    }

    /// The first value of a query parameter (names compared case-insensitively).
    func parameter(_ name: String) -> String? {
        query.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// Percent-encoding for URL path segments and query values the emulator builds.
enum URLText {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    /// Every byte outside the unreserved set percent-encoded (also `/`, so it stays one segment).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// Like `encode` but keeps `:` (as Azure's URLs do in ids such as `name:version`) and `=`/`,` in query values.
    static func encodeQueryValue(_ text: String) -> String {
        encode(text).replacingOccurrences(of: "%3D", with: "=").replacingOccurrences(of: "%2C", with: ",")
            .replacingOccurrences(of: "%3A", with: ":")
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
