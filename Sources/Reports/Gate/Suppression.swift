import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An accepted finding: the findings of `rule` on the images matching `image` are kept in every
/// report, marked as suppressed with `reason`, and never count for `--fail-on`, until the end of
/// the day `until` (UTC) when one is given.
public struct Suppression: Sendable, Equatable {
    /// A rule id, or a glob over rule ids (`cuda-*`).
    public var rule: String
    /// A glob over the image name or its `name:version` id (`churn-*`, `fraud-custom:3`).
    public var image: String
    /// Why the finding is accepted (required).
    public var reason: String
    /// The last day it applies, `YYYY-MM-DD`; nil for no end.
    public var until: String?
    /// Where it is written: `FILE:LINE:COLUMN`, or `--suppress`.
    public var source: String

    public init(rule: String, image: String, reason: String, until: String? = nil, source: String) {
        self.rule = rule
        self.image = image
        self.reason = reason
        self.until = until
        self.source = source
    }

    /// Whether it names this finding (expired or not).
    public func matches(rule id: String, imageName: String, imageId: String) -> Bool {
        Self.glob(rule, id) && (Self.glob(image, imageName) || Self.glob(image, imageId))
    }

    /// Whether `until` is before `today` (both `YYYY-MM-DD`, which order as text).
    public func isExpired(today: String) -> Bool {
        until.map { $0 < today } ?? false
    }

    /// Whether `until` is a real calendar date written `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else {
            return false
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    public static func today(_ now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        func two(_ n: Int?) -> String { let s = String(n ?? 0); return s.count < 2 ? "0" + s : s }
        return String(c.year ?? 1970) + "-" + two(c.month) + "-" + two(c.day)
    }

    /// Shell-style glob (`*`, `?`, `[...]`) as `fnmatch(3)` reads it, over the whole text.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
