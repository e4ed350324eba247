import Foundation
import XCTest

@testable import Archive

/// Loads the committed fixtures under `Data/` (regenerate with `Data/make_data.py`).
enum Fixture {
    static func bytes(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Data"),
            "missing fixture Data/\(name)", file: file, line: line)
        return [UInt8](try Data(contentsOf: url))
    }

    /// The member-name prefix of the good fixtures (`/tmp/i2e/home/alice/...` on the SDK side).
    static let home = "tmp/i2e/home/alice"
    static let longDir = "a_rather_long_package_directory_name_for_tests"
    static let longFile = "module_with_a_long_enough_name_to_need_an_extension.py"
    static let score = "import json\n\n\ndef init():\n    pass\n\n\ndef run(data):\n    return json.dumps(data)\n"
    static let schema = "{\"input\": [], \"output\": []}\n"

    /// The entries every SDK-style fixture (`pax`, `gnu`, `ustar`) holds, in archive order.
    static let sdkEntries: [TarEntry] = [
        file("\(home)/proj/score.py", score),
        file("\(home)/proj/schema/schema.json", schema),
        TarEntry(path: "\(home)/proj/utils", kind: .directory, mode: 0o755),
        file("\(home)/proj/utils/__init__.py", ""),
        file("\(home)/proj/utils/helpers.py", "def helper():\n    return 1\n", mode: 0o600),
        TarEntry(path: "\(home)/proj/\(longDir)", kind: .directory, mode: 0o755),
        file("\(home)/proj/\(longDir)/\(longFile)", "LONG = True\n"),
        file("\(home)/shared/lib.py", "SHARED = 1\n"),
    ]

    static func file(_ path: String, _ text: String, mode: UInt32 = 0o644) -> TarEntry {
        TarEntry(path: path, kind: .file, data: Array(text.utf8), mode: mode)
    }
}

/// Asserts that `expression` throws an `ArchiveError` whose message is exactly `message`.
func XCTAssertArchiveError<T>(
    _ expression: @autoclosure () throws -> T, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try expression()
        XCTFail("expected error \"\(message)\", got \(value)", file: file, line: line)
    } catch let error as ArchiveError {
        XCTAssertEqual(error.description, message, file: file, line: line)
    } catch {
        XCTFail("expected ArchiveError, got \(error)", file: file, line: line)
    }
}
