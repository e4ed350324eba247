extension String {
    /// The string without leading and trailing characters of `set`.
    public func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// Package specs as conda and pip write them.
public enum PackageSpec {
    /// The lower-cased name of `numpy=1.16`, `azureml-defaults==1.0.45`, `conda-forge::numpy`,
    /// `inference-schema[numpy-support]>=1.0`.
    public static func name(_ spec: String) -> String {
        // Byte by byte (it runs for every package of every image against every rule): skip
        // leading blanks, a `channel::` prefix, stop at the first of `=<>!~ [;@` or a tab.
        let bytes = spec.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        var i = start
        while i < bytes.endIndex {
            let next = bytes.index(after: i)
            if bytes[i] == 0x3A, next < bytes.endIndex, bytes[next] == 0x3A {  // "::"
                start = bytes.index(after: next)
                break
            }
            i = next
        }
        var end = start
        var ascii = true
        while end < bytes.endIndex {
            let b = bytes[end]
            if b == 0x3D || b == 0x3C || b == 0x3E || b == 0x21 || b == 0x7E || b == 0x20 || b == 0x5B || b == 0x3B || b == 0x40 || b == 0x09 {
                break
            }
            if b >= 0x80 { ascii = false }
            end = bytes.index(after: end)
        }
        if !ascii { return String(Substring(bytes[start..<end])).lowercased() }
        return String(decoding: bytes[start..<end].map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// The exact version a spec pins (`==1.0.45`, conda `=1.16.4` or `1.16.4` after a space), if any.
    public static func pinnedVersion(_ spec: String) -> String? {
        let n = name(spec)
        var rest = Substring(spec.trimmed(" \t"))
        if let r = rest.range(of: "::") { rest = rest[r.upperBound...] }
        rest = rest.dropFirst(n.count)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...] }
        rest = Substring(String(rest).trimmed(" "))
        let version: Substring
        if rest.hasPrefix("==") {
            version = rest.dropFirst(2)
        } else if rest.hasPrefix("="), !rest.hasPrefix("=>") {
            version = rest.dropFirst(1)
        } else if let first = rest.first, first.isNumber {
            version = rest
        } else {
            return nil
        }
        let v = version.prefix(while: { !" ,;=*".contains($0) })
        return v.isEmpty ? nil : String(v)
    }
}
