import XCTest
@testable import Reports
import Snapshot

final class UnifiedDiffTests: XCTestCase {
    func testHunksWithThreeLinesOfContext() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var newLines = (1...12).map { "line \($0)" }
        newLines[1] = "line two"
        newLines.append("line 13")
        let lines = UnifiedDiff.render(old: old, new: newLines.joined(separator: "\n") + "\n", oldName: "a", newName: "b")
        XCTAssertEqual(lines, [
            "--- a", "+++ b",
            "@@ -1,5 +1,5 @@", " line 1", "-line 2", "+line two", " line 3", " line 4", " line 5",
            "@@ -10,3 +10,4 @@", " line 10", " line 11", " line 12", "+line 13",
        ])
    }

    func testSameTextsGiveNoDiffAndEmptyOldSideStartsAtZero() {
        XCTAssertEqual(UnifiedDiff.render(old: "a\n", new: "a\n", oldName: "x", newName: "y"), [])
        XCTAssertEqual(UnifiedDiff.render(old: "", new: "a\nb\n", oldName: "x", newName: "y"),
                       ["--- x", "+++ y", "@@ -0,0 +1,2 @@", "+a", "+b"])
    }
}
