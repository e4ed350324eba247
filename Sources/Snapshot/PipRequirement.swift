/// One line of a pip requirements list (a conda file's `pip:` section), read as PEP 508 reads
/// it: `name[extras] specifier ; marker`, or a direct reference (`name @ url`, `git+https://...`,
/// a local path or archive) that a resolver cannot check against an index.
public struct PipRequirement: Sendable, Equatable {
    /// The name as written (`scikit_learn`), nil for a bare URL or path.
    public var name: String?
    /// `[numpy-support]` as written, or empty.
    public var extras: String
    /// The version specifier (`==1.0.2`, `>=1.0,<2`), trimmed; empty when unpinned.
    public var specifier: String
    /// The environment marker after `;`, trimmed; empty when none.
    public var marker: String
    /// The line is a URL, a VCS reference or a path, not a name on an index.
    public var isDirectReference: Bool

    /// Reads `line`; nil when it is not a requirement a resolver can take (an empty line, a
    /// comment, or a name that is not a valid project name).
    public init?(_ line: String) {
        let text = line.trimmed(" \t")
        guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix("-") else { return nil }
        let lower = text.lowercased()
        if lower.hasPrefix("git+") || lower.hasPrefix("hg+") || lower.hasPrefix("svn+") || lower.hasPrefix("bzr+")
            || lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("file:")
            || text.hasPrefix(".") || text.hasPrefix("/") || text.hasPrefix("~") {
            name = nil
            extras = ""
            specifier = ""
            marker = ""
            isDirectReference = true
            return
        }
        var rest = Substring(text)
        var markerPart = ""
        if let semicolon = rest.firstIndex(of: ";") {
            markerPart = String(rest[rest.index(after: semicolon)...]).trimmed(" \t")
            rest = rest[..<semicolon]
        }
        let nameEnd = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } ?? rest.endIndex
        let rawName = String(rest[..<nameEnd])
        guard Self.isValidName(rawName) else { return nil }
        rest = rest[nameEnd...]
        rest = Substring(String(rest).trimmed(" \t"))
        var extrasPart = ""
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            extrasPart = String(rest[...close])
            rest = Substring(String(rest[rest.index(after: close)...]).trimmed(" \t"))
        }
        name = rawName
        extras = extrasPart
        marker = markerPart
        if rest.hasPrefix("@") {
            specifier = ""
            isDirectReference = true
            return
        }
        // `(>=1.0)` is the old parenthesised form.
        var spec = String(rest)
        if spec.hasPrefix("("), spec.hasSuffix(")") { spec = String(spec.dropFirst().dropLast()) }
        spec = spec.filter { $0 != " " && $0 != "\t" }
        guard spec.isEmpty || Self.isValidSpecifier(spec) else { return nil }
        specifier = spec
        isDirectReference = false
    }

    /// The PEP 503 normalized name (`Scikit_Learn` → `scikit-learn`), nil for a bare URL.
    public var normalizedName: String? { name.map(Self.normalize) }

    /// The exact version of an `==` pin without wildcard (`==1.0.2` → `1.0.2`), if that is the whole specifier.
    public var exactPin: String? {
        guard specifier.hasPrefix("=="), !specifier.hasPrefix("==="), !specifier.contains(","), !specifier.hasSuffix(".*") else { return nil }
        return String(specifier.dropFirst(2))
    }

    /// Whether the specifier pins one release or one release series with `==` (`==1.0.2`, `==1.16.*`).
    public var isEqualityPin: Bool { specifier.hasPrefix("==") && !specifier.contains(",") }

    /// The line with another specifier (empty: unpinned), keeping name, extras and marker.
    public func with(specifier newSpecifier: String) -> String {
        var out = (name ?? "") + extras + newSpecifier
        if !marker.isEmpty { out += "; " + marker }
        return out
    }

    /// `name` lower-cased with runs of `-`, `_` and `.` made one `-` (PEP 503).
    public static func normalize(_ name: String) -> String {
        var out = ""
        var lastWasSeparator = false
        for ch in name.lowercased() {
            if ch == "-" || ch == "_" || ch == "." {
                if !lastWasSeparator { out.append("-") }
                lastWasSeparator = true
            } else {
                out.append(ch)
                lastWasSeparator = false
            }
        }
        return out
    }

    /// PEP 440 specifiers: comma-separated clauses `~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`
    /// each followed by a version (`==` and `!=` may end in `.*`).
    static func isValidSpecifier(_ spec: String) -> Bool {
        spec.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { clause in
            var rest = Substring(clause)
            guard let op = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"].first(where: { rest.hasPrefix($0) }) else { return false }
            rest = rest.dropFirst(op.count)
            if op == "===" { return rest.first.map { !"=<>!~".contains($0) } ?? false }
            if (op == "==" || op == "!=") && rest.hasSuffix(".*") { rest = rest.dropLast(2) }
            guard let first = rest.first, first.isNumber || first == "v" else { return false }
            return rest.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "!" || $0 == "+" || $0 == "-" || $0 == "_" }
        }
    }

    /// PEP 508 project names: ASCII letters and digits, with `-`, `_`, `.` inside.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, let last = name.unicodeScalars.last else { return false }
        func alnum(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s)) }
        return alnum(first) && alnum(last) && name.unicodeScalars.allSatisfy { alnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}

extension PipRequirement {
    /// The pip requirement for a conda match spec of the same project under `pipName`:
    /// `numpy=1.16` → `numpy==1.16.*` (conda's `=` matches a release series), `numpy=1.16.4` and
    /// `numpy==1.16.4` → `numpy==1.16.4`, `numpy>=1.16,<2` as it is, `numpy 1.16` like `=1.16`;
    /// a `channel::` prefix and a build string are dropped. Nil for a spec with no pip
    /// equivalent (conda's bracket syntax, `|` alternatives).
    public static func fromConda(_ spec: String, pipName: String) -> String? {
        var text = spec.trimmed(" \t")
        if let r = text.range(of: "::") { text = String(text[r.upperBound...]) }
        guard !text.contains("["), !text.contains("|") else { return nil }
        let name = PackageSpec.name(text)
        var rest = String(text.dropFirst(name.count)).trimmed(" \t")
        if rest.isEmpty { return pipName }
        var series = false
        if rest.hasPrefix("==") {
            rest = String(rest.dropFirst(2))
        } else if rest.hasPrefix("="), !rest.hasPrefix("=>") {
            rest = String(rest.dropFirst())
            series = true
        } else if let first = rest.first, first.isNumber {
            series = true
        } else {
            // >=, <=, <, >, !=, ~= ranges: pip reads them the same way; a build string after a space goes.
            let range = rest.split(separator: " ").first.map(String.init) ?? rest
            return pipName + range
        }
        // The version, without a build string (`=py36_0` or ` py36_0`).
        var version = rest.split(whereSeparator: { $0 == "=" || $0 == " " }).first.map(String.init) ?? ""
        guard !version.isEmpty, version.first?.isNumber == true else { return nil }
        if version.hasSuffix("*") {
            version = String(version.dropLast())
            if version.hasSuffix(".") { version = String(version.dropLast()) }
            return pipName + "==" + version + ".*"
        }
        if series && version.split(separator: ".").count < 3 { return pipName + "==" + version + ".*" }
        return pipName + "==" + version
    }
}
