@testable import EnvironmentSpec
import XCTest

/// `V1Writer` against what azureml-core's `save_to_directory` wrote for every corpus case
/// (`Golden/v1/<case>/`, made with the real SDK: see `Golden/README.md`).
final class V1GoldenTests: XCTestCase {
    func testEveryCorpusCaseMatchesTheSDKByteForByte() throws {
        for corpusCase in Corpus.cases {
            let golden = try GoldenFiles.folder("v1/" + corpusCase.id)
            let files = try V1Writer.files(for: corpusCase.environment())
            XCTAssertEqual(files.map(\.path).sorted(), golden.keys.sorted(), corpusCase.id)
            for file in files {
                GoldenFiles.assertEqualBytes(file.bytes, golden[file.path] ?? [], "\(corpusCase.id)/\(file.path)")
            }
        }
    }

    func testFilesComeInTheOrderTheSDKWritesThem() throws {
        let env = try XCTUnwrap(Corpus.cases.first { $0.id == "base-dockerfile" }).environment()
        XCTAssertEqual(try V1Writer.files(for: env).map(\.path),
                       ["conda_dependencies.yml", "BaseDockerfile", "azureml_environment.json"])
    }

    func testOutputIsDeterministic() throws {
        for corpusCase in Corpus.cases {
            let env = try corpusCase.environment()
            XCTAssertEqual(try V1Writer.files(for: env), try V1Writer.files(for: env), corpusCase.id)
            XCTAssertEqual(try V2Writer.files(for: env), try V2Writer.files(for: env), corpusCase.id)
        }
    }
}
