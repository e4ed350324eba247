import Foundation

/// Finding a program the way a shell does: the first executable regular file of that name in
/// the folders of a PATH value.
public enum ExecutableSearch {
    /// `name` in the folders of `path` (a PATH value), if any.
    public static func find(_ name: String, path: String?) -> String? {
        for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = String(dir) + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
