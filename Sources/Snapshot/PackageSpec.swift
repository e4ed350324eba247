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
        var s = Substring(spec.trimmed(" \t"))
        if let r = s.range(of: "::") { s = s[r.upperBound...] }
        return s.prefix(while: { !"=<>!~ [;@".contains($0) }).lowercased()
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
