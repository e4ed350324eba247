import Foundation
import JSONValue

/// Where each image starts in its input file: the 1-based line of its JSON value, for SARIF
/// locations. Reads the input files (the renderers themselves stay pure).
public enum SourceLines {
    /// `key(row)` → line; images whose file cannot be read (standard input) are left out.
    public static func read(_ rows: [AuditRow]) -> [String: Int] {
        var cache: [String: [UInt8]] = [:]
        var lines: [String: Int] = [:]
        for row in rows {
            let origin = row.resolved.record.origin
            if cache[origin.file] == nil, origin.file != "-", let data = FileManager.default.contents(atPath: origin.file) {
                cache[origin.file] = Array(data)
            }
            if let bytes = cache[origin.file], let line = JSONParser.lineOfValue(at: origin.path, in: bytes) {
                lines[key(row)] = line
            }
        }
        return lines
    }

    /// A row's key in `read`'s answer: its file and image id (ids repeat across a fleet's workspaces).
    public static func key(_ row: AuditRow) -> String {
        row.resolved.record.origin.file + "\u{0}" + row.image.id
    }
}
