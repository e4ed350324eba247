import Snapshot

/// The content hashes azure-ai-ml computes over a folder before it uploads it, over files held
/// in memory (paths relative to the folder, `/`-separated).
enum ContentHash {
    /// `get_content_hash_version()`: the scheme of `code(...)`, sent as `hashVersion`.
    static let codeHashVersion: Int64 = 202208

    /// `get_content_hash(folder)` (a code version's `hash_sha256`): the file count, then
    /// `#path#` and the size of every file, then every file's bytes, files sorted by their
    /// lower-cased relative path.
    static func code(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = SHA256()
        hasher.update(Array(String(files.count).utf8))
        let sorted = files.sorted { a, b in
            let (x, y) = (a.path.lowercased(), b.path.lowercased())
            return x == y ? Array(a.path.utf8).lexicographicallyPrecedes(Array(b.path.utf8))
                : x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        }
        for file in sorted {
            hasher.update(Array(("#" + file.path + "#").utf8))
            hasher.update(Array(String(file.bytes.count).utf8))
        }
        for file in sorted { hasher.update(file.bytes) }
        return hasher.finalizeHex()
    }

    /// `get_object_hash(folder)` (an environment build context's `_upload_hash`, and the
    /// `LocalUpload/<hash>/` it is uploaded to): a SHA-256 seeded with azure-ai-ml's fixed text,
    /// then, folder by folder in lower-cased name order, each entry's name followed by a file's
    /// bytes or a folder's entries.
    static func object(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = SHA256()
        hasher.update(Array("Initialize for october 2021 AML CLI version".utf8))
        hashFolder(files.map { (parts: $0.path.split(separator: "/").map(String.init), bytes: $0.bytes) }, into: &hasher)
        return hasher.finalizeHex()
    }

    private static func hashFolder(_ files: [(parts: [String], bytes: [UInt8])], into hasher: inout SHA256) {
        var entries: [String: [(parts: [String], bytes: [UInt8])]] = [:]
        for file in files where !file.parts.isEmpty {
            entries[file.parts[0], default: []].append((Array(file.parts.dropFirst()), file.bytes))
        }
        let names = entries.keys.sorted { a, b in
            let (x, y) = (a.lowercased(), b.lowercased())
            return x == y ? Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) : x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        }
        for name in names {
            guard let inside = entries[name] else { continue }
            hasher.update(Array(name.utf8))
            if let file = inside.first, inside.count == 1, file.parts.isEmpty {
                hasher.update(file.bytes)
            } else {
                hashFolder(inside, into: &hasher)
            }
        }
    }

    /// A name shaped like azure-ai-ml's random anonymous asset names (a UUID), made of a hash so
    /// that the same content always gets the same name: `afe637d1-5ec2-6db2-757d-9db0b2ef4123`.
    static func uuidName(_ hash: String) -> String {
        let hex = Array(hash.prefix(32))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(hex[$0]) }.joined(separator: "-")
    }

    /// SHA-256 of a string's UTF-8 bytes, in hex (azure-ai-ml's `get_sha256_string`).
    static func sha256(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }

    /// Python's `separator.join(text)`: the characters of `text` with `separator` between them.
    static func pythonJoin(_ separator: String, _ text: String) -> String {
        text.map(String.init).joined(separator: separator)
    }
}
