/// Percent-encoding for the URLs the client builds.
public enum PercentEncoding {
    private static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    /// A path segment: everything but unreserved characters and `:` encoded (also `/`).
    public static func segment(_ text: String) -> String { encode(text, keeping: [UInt8(ascii: ":")]) }

    /// A query or form value: everything but unreserved characters encoded.
    public static func value(_ text: String) -> String { encode(text, keeping: []) }

    private static func encode(_ text: String, keeping extra: Set<UInt8>) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) || extra.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
