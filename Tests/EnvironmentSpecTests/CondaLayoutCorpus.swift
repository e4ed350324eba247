import EnvironmentSpec
import Foundation
import JSONValue
import Snapshot
import XCTest

/// Writes our side of the layout corpus for `conformance/run.sh`: for each
/// `$IMAGE2ENV_LAYOUT_DIR/<case>/input.yml` and `target.json` (written by
/// `conformance/layout_corpus.py make`), `ours.yml` is the file read as azureml-core's
/// `CondaDependencies` holds it, reconciled with the target lists and written as V1Writer writes
/// `conda_dependencies.yml`; `ours.unsupported` when the reader leaves the file to be laid out
/// from its parts. `conformance/layout_corpus.py check` compares them with what azureml-core
/// writes. Without the variable there is nothing to do.
final class CondaLayoutCorpus: XCTestCase {
    func testWriteLayoutCorpus() throws {
        guard let dir = ProcessInfo.processInfo.environment["IMAGE2ENV_LAYOUT_DIR"] else { return }
        let root = URL(fileURLWithPath: dir)
        let cases = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertFalse(cases.isEmpty, "no cases in \(dir)")
        for name in cases {
            let folder = root.appendingPathComponent(name)
            let input = try String(contentsOf: folder.appendingPathComponent("input.yml"), encoding: .utf8)
            let target = try JSONParser.parse(Array(try Data(contentsOf: folder.appendingPathComponent("target.json"))), file: name)
            func list(_ key: String) -> [String] { target[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            for stale in ["ours.yml", "ours.unsupported"] { try? FileManager.default.removeItem(at: folder.appendingPathComponent(stale)) }
            let parts = CondaParts(name: target["name"]?.stringValue, channels: list("channels"), condaPackages: list("conda_packages"),
                                   pipPackages: list("pip_packages"), pipOptions: list("pip_options"))
            guard let loaded = CondaDependenciesSpec.loading(input) else {
                try Data().write(to: folder.appendingPathComponent("ours.unsupported"))
                continue
            }
            var env = EnvironmentDefinition.inference(name: "layout")
            env.python.condaDependencies = loaded.reconciled(with: parts, samePackage: PackageSpec.name)
            let conda = try V1Writer.files(for: env).first { $0.path == V1Writer.condaFileName }
            try Data(conda?.bytes ?? []).write(to: folder.appendingPathComponent("ours.yml"))
        }
    }
}
