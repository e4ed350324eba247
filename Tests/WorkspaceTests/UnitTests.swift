import Snapshot
@testable import WorkspaceClient
import XCTest

/// Small pieces: SHA-256, redaction, retry delays, snapshot names.
final class UnitTests: XCTestCase {
    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(SHA256.hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Fed in uneven pieces.
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 1000, 7] + [Int](repeating: 4096, count: 300) where offset < million.count {
            let end = min(offset + size, million.count)
            hasher.update(million[offset..<end])
            offset = end
        }
        hasher.update(million[offset...])
        XCTAssertEqual(hasher.finalizeHex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testRedaction() {
        XCTAssertEqual(Redaction.url("https://x.blob.core.windows.net/a/b?sv=2019-02-02&sr=b&sig=abc%2Bdef%3D&se=2019&sp=r"),
                       "https://x.blob.core.windows.net/a/b?sv=2019-02-02&sr=b&sig=REDACTED&se=2019&sp=r")
        XCTAssertEqual(Redaction.text("GET http://h/b?SIG=xyz failed: Authorization: Bearer eyJ0.abc"),
                       "GET http://h/b?SIG=REDACTED failed: Authorization: Bearer REDACTED")
        XCTAssertEqual(Redaction.text("design=ok assig=no"), "design=ok assig=no")
        XCTAssertEqual(Redaction.text("missing bearer token (Authorization: Bearer <token>)"),
                       "missing bearer token (Authorization: Bearer <token>)")
        XCTAssertEqual(WorkspaceClientError(.rejected, "see http://h/?sig=SECRET").message, "see http://h/?sig=REDACTED")
    }

    func testRetryDelays() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1), maxRetryAfter: .seconds(5))
        for attempt in 1...6 {
            let d = policy.delay(afterAttempt: attempt, retryAfter: nil)
            let full = min(Duration.milliseconds(100) * (1 << (attempt - 1)), .seconds(1))
            XCTAssertGreaterThanOrEqual(d, full / 2 - .milliseconds(1))
            XCTAssertLessThanOrEqual(d, full)
        }
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: .seconds(2)), .seconds(2))
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: .seconds(600)), .seconds(5))
        XCTAssertEqual(RetryPolicy.parseRetryAfter("0"), .zero)
        XCTAssertEqual(RetryPolicy.parseRetryAfter("3"), .seconds(3))
        XCTAssertNotNil(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        XCTAssertNil(RetryPolicy.parseRetryAfter(nil))
        XCTAssertTrue([408, 429, 500, 502, 503, 504].allSatisfy(RetryPolicy.isRetryable(status:)))
        XCTAssertFalse([400, 401, 403, 404, 409].contains(where: RetryPolicy.isRetryable(status:)))
    }

    func testSnapshotNames() {
        XCTAssertEqual(SnapshotNames.image(name: "churn-scorer", version: "2"), "images/churn-scorer_2.json")
        XCTAssertEqual(SnapshotNames.model(id: "churn-model:4"), "models/churn-model_4.json")
        XCTAssertEqual(SnapshotNames.service(name: "../etc/passwd"), "services/%2E.%2Fetc%2Fpasswd.json")
        XCTAssertEqual(SnapshotNames.service(name: "a%2F"), "services/a%252F.json")
    }
}
