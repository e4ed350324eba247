import EnvironmentSpec
import Foundation
import JSONValue
import XCTest

/// Writes the conformance corpus for `conformance/run.sh`: for each case
/// `<dir>/<case>/spec.json`, `<dir>/<case>/v1/*` (V1Writer) and `<dir>/<case>/v2/*` (V2Writer),
/// where `<dir>` is `$IMAGE2ENV_CONFORMANCE_DIR`. Without that variable it still builds every
/// case and its files, in memory.
final class ConformanceCorpus: XCTestCase {
    func testWriteCorpus() throws {
        let target = ProcessInfo.processInfo.environment["IMAGE2ENV_CONFORMANCE_DIR"].map { URL(fileURLWithPath: $0) }
        XCTAssertEqual(Set(Corpus.cases.map(\.id)).count, Corpus.cases.count, "case ids must be unique")
        for corpusCase in Corpus.cases {
            let env = try corpusCase.environment()
            let v1 = try V1Writer.files(for: env)
            let v2 = try V2Writer.files(for: env)
            let spec = try PythonJSONWriter.write(corpusCase.spec(), indent: 2) + "\n"
            XCTAssertFalse(v1.isEmpty || v2.isEmpty, corpusCase.id)
            guard let target else { continue }
            let folder = target.appendingPathComponent(corpusCase.id)
            try write([OutputFile(path: "spec.json", text: spec)], to: folder)
            try write(v1, to: folder.appendingPathComponent("v1"))
            try write(v2, to: folder.appendingPathComponent("v2"))
        }
    }

    private func write(_ files: [OutputFile], to folder: URL) throws {
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
    }
}
