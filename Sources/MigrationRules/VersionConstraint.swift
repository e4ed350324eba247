/// A version range such as `<3.8` or `>=1.0,<2` (comma = and), compared numerically per
/// component (`3.10` > `3.9`); pre-release suffixes are ignored.
public struct VersionConstraint: Sendable, Equatable, CustomStringConvertible {
    public enum Op: String, Sendable, CaseIterable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!=", less = "<", greater = ">"
    }

    public var clauses: [(op: Op, version: [Int])]
    public let description: String

    /// Parses a constraint; nil when it is not of the form above.
    public init?(_ text: String) {
        description = text
        clauses = []
        for part in text.split(separator: ",") {
            let p = String(part).trimmed(" ")
            guard let op = Op.allCases.first(where: { p.hasPrefix($0.rawValue) }) else { return nil }
            let version = Self.components(String(p.dropFirst(op.rawValue.count)).trimmed(" "))
            guard !version.isEmpty else { return nil }
            clauses.append((op, version))
        }
        if clauses.isEmpty { return nil }
    }

    public func matches(_ version: String) -> Bool {
        let v = Self.components(version)
        guard !v.isEmpty else { return false }
        return clauses.allSatisfy { clause in
            let c = Self.compare(v, clause.version)
            switch clause.op {
            case .less: return c < 0
            case .lessOrEqual: return c <= 0
            case .greater: return c > 0
            case .greaterOrEqual: return c >= 0
            case .equal: return c == 0
            case .notEqual: return c != 0
            }
        }
    }

    /// `1.16.4rc1` → [1, 16, 4]; stops at the first component that does not start with a digit.
    public static func components(_ s: String) -> [Int] {
        var out: [Int] = []
        for part in s.split(separator: ".") {
            let digits = part.prefix(while: \.isNumber)
            guard let n = Int(digits) else { break }
            out.append(n)
            if digits.count != part.count { break }
        }
        return out
    }

    /// Compares with missing trailing components as zero.
    public static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0, y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    public static func == (a: VersionConstraint, b: VersionConstraint) -> Bool { a.description == b.description }
}
