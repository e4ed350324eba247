import Foundation

/// A snapshot folder built by a test, with one good image (conda file, driver wrapper, a real
/// tarball of its source) and whatever hostile images and artifacts the test adds.
final class HostileSnapshot {
    let root: URL
    var path: String { root.appendingPathComponent("snap").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("images/good_1.json", Self.payload(name: "good", version: 1, tarball: "aml://artifact/LocalUpload/t1/src.tar.gz"))
        try write("artifacts/LocalUpload/c1/env.yml", "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.8\n  - pip:\n    - azureml-defaults\n")
        try write("artifacts/LocalUpload/d1/main.py",
                  "import os\nscript_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), 'score.py')\n")
        try write("src/home/al/proj/score.py", "def init(): pass\ndef run(x): return x\n")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        let tarball = root.appendingPathComponent("snap/artifacts/LocalUpload/t1/src.tar.gz")
        try FileManager.default.createDirectory(at: tarball.deletingLastPathComponent(), withIntermediateDirectories: true)
        tar.arguments = ["-czf", tarball.path, "-C", root.appendingPathComponent("snap/src").path, "home/al/proj/score.py"]
        try tar.run()
        tar.waitUntilExit()
        try FileManager.default.removeItem(at: root.appendingPathComponent("snap/src"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A REST payload of a python image with the good conda file and driver, and `tarball`.
    static func payload(name: String, version: Int, tarball: String, extra: String = "") -> String {
        let id = "\(name):\(version)"
        func quoted(_ s: String) -> String {
            "\"" + s.unicodeScalars.map { $0.value < 0x20 || $0 == "\"" || $0 == "\\" ? String(format: "\\u%04x", $0.value) : String($0) }.joined() + "\""
        }
        return """
        {"id": \(quoted(id)), "name": \(quoted(name)), "version": \(version), "imageFlavor": "WebApiContainer",
         "driverProgram": "driver", "targetRuntime": {"runtimeType": "Python", "properties": {"condaEnvFile": "aml://artifact/LocalUpload/c1/env.yml"}},
         "assets": [{"id": "driver", "mimeType": "application/x-python", "unpack": false, "url": "aml://artifact/LocalUpload/d1/main.py"},
                    {"id": "deps.tar.gz", "mimeType": "application/octet-stream", "unpack": true, "url": \(quoted(tarball))}]\(extra)}
        """
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let file = root.appendingPathComponent("snap").appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Copies a tarball of Tests/ArchiveTests/Data into the artifacts and returns its URL.
    func archiveFixture(_ name: String, as relative: String) throws -> String {
        let bytes = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/ArchiveTests/Data/\(name)"))
        try write("artifacts/LocalUpload/\(relative)", bytes: [UInt8](bytes))
        return "aml://artifact/LocalUpload/\(relative)"
    }

    /// Every path under `root` (the snapshot excluded), relative and sorted: what a run wrote.
    func writtenOutsideSnapshot() -> [String] {
        let all = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0 != "snap" && !$0.hasPrefix("snap/") }.sorted()
    }
}
