import Foundation
import XCTest

/// Golden files live next to this test target's sources (the target declares no resources),
/// found through `#filePath`.
enum GoldenFiles {
    /// `Tests/EnvironmentSpecTests/Golden`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // EnvironmentSpecTests
        .appendingPathComponent("Golden")

    /// The files of a golden folder, by relative path, sorted.
    static func folder(_ relative: String) throws -> [String: [UInt8]] {
        let base = root.appendingPathComponent(relative)
        var out: [String: [UInt8]] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path)
        for name in names.sorted() {
            let data = try Data(contentsOf: base.appendingPathComponent(name))
            out[name] = [UInt8](data)
        }
        return out
    }

    /// Fails with a readable diff when `actual` is not byte-identical to `expected`.
    static func assertEqualBytes(_ actual: [UInt8], _ expected: [UInt8], _ what: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        guard actual != expected else { return }
        let a = String(decoding: actual, as: UTF8.self)
        let e = String(decoding: expected, as: UTF8.self)
        let aLines = a.split(separator: "\n", omittingEmptySubsequences: false)
        let eLines = e.split(separator: "\n", omittingEmptySubsequences: false)
        var firstDiff = 0
        while firstDiff < min(aLines.count, eLines.count) && aLines[firstDiff] == eLines[firstDiff] { firstDiff += 1 }
        let got = firstDiff < aLines.count ? String(reflecting: String(aLines[firstDiff])) : "<end>"
        let want = firstDiff < eLines.count ? String(reflecting: String(eLines[firstDiff])) : "<end>"
        XCTFail("\(what) differs at line \(firstDiff + 1):\n  got:  \(got)\n  want: \(want)", file: file, line: line)
    }
}
