/// azureml-core's string helpers on package specs, with its exact rules.
enum CondaPackageName {
    /// `CondaDependencies._get_package_name`: for a wheel (`.whl`) the part of the file name
    /// before the first `-`; otherwise the text before the first of `[`, `=`, `|`, `<`, `>`,
    /// `~`, `!`.
    static func name(of spec: String) -> String {
        if spec.hasSuffix(".whl") {
            let file = spec.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? spec
            return file.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? file
        }
        let stops: Set<Unicode.Scalar> = ["[", "=", "|", "<", ">", "~", "!"]
        var out = String.UnicodeScalarView()
        for scalar in spec.unicodeScalars {
            if stops.contains(scalar) { break }
            out.append(scalar)
        }
        return String(out)
    }

    /// `CondaDependencies._get_version`: `re.search(r'(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$', spec)`
    /// (`\d` being any Unicode decimal digit, `$` also before a final `\n`).
    static func version(in spec: String) -> String? {
        let s = Array(spec.unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < s.count && s[i].properties.generalCategory == .decimalNumber }
        func digits(from i: Int) -> Int { var j = i; while isDigit(j) { j += 1 }; return j }
        func atEnd(_ i: Int) -> Bool { i == s.count || (i == s.count - 1 && s[i] == "\n") }
        for start in 0..<s.count where isDigit(start) {
            var i = digits(from: start)
            guard i < s.count, s[i] == "." else { continue }
            let minorEnd = digits(from: i + 1)
            guard minorEnd > i + 1 else { continue }
            i = minorEnd
            if i < s.count, s[i] == ".", digits(from: i + 1) > i + 1 { i = digits(from: i + 1) }
            if i < s.count, s[i] == "a" || s[i] == "b", digits(from: i + 1) > i + 1 { i = digits(from: i + 1) }
            if atEnd(i) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[start..<i])
                return String(view)
            }
        }
        return nil
    }

    /// `str.split()[0]`: the first whitespace-separated word ("" when none).
    static func firstWord(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
    }
}
