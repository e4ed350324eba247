import Foundation
import XCTest

/// A temporary folder for one test, removed at its end; helpers for the files tests write.
struct TestFolder {
    let url: URL
    var path: String { url.path }

    init(_ testCase: XCTestCase, _ prefix: String = "image2env-cli") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let url = self.url
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    }

    /// Writes `text` to `relative` (creating folders) and answers its path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// A copy of fixtures/workspace at `relative`, without the image files named in `without`.
    func fixtureCopy(_ relative: String, without: [String] = []) throws -> String {
        let copy = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("fixtures/workspace"), to: copy)
        for name in without { try FileManager.default.removeItem(at: copy.appendingPathComponent("images/" + name)) }
        return copy.path
    }

    /// `text` with this folder's path replaced by `$TMP` (for golden files).
    func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: path, with: "$TMP")
    }
}

/// The JSON of a report.
func jsonObject(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], file: file, line: line)
}
