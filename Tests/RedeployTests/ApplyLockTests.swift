import Foundation
import XCTest

@testable import Redeploy

final class ApplyLockTests: XCTestCase {
    func testASecondLockOnTheSameFolderIsRefusedUntilTheFirstIsReleased() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var first: ApplyLock? = try ApplyLock(folder: folder)
        XCTAssertThrowsError(try ApplyLock(folder: folder)) { error in
            XCTAssertEqual("\(error)", "\(folder): another image2env redeploy --apply is working on this plan; wait for it to end")
        }
        XCTAssertNotNil(first)
        first = nil
        XCTAssertNoThrow(try ApplyLock(folder: folder))
    }
}
