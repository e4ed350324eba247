import Foundation
import Snapshot
import Solve
import Tooling

/// A virtual environment made with uv for the resolved Python (a local interpreter, never a
/// download), holding exactly the pip section of the target's conda file (every direct
/// dependency pinned to its solved version, the rest resolved by uv with the solve's
/// `--exclude-newer` date). Kept under `<cache>/verify/venvs/<key>`, the key a SHA-256 of what
/// decides the installed set (interpreter version, requirements, index options, date, uv), so a
/// second run reuses it; made in a temporary folder and renamed into place when complete, under
/// a lock, so that none is ever half there.
struct ServingEnvironment: Sendable {
    var path: String
    var python: String
    /// The interpreter's version (`3.11.7`).
    var pythonVersion: String
    var key: String
    var reused: Bool
    /// `name==version` of everything installed.
    var installed: [String]

    /// Why none could be made: it cannot be done here (exit 69) or the packages do not install (exit 3).
    struct Failure: Error, Sendable, CustomStringConvertible {
        var cannotRunHere: Bool
        var message: String
        var description: String { message }
    }

    /// The pip lines to install: index options first, as the solve stage gives them to uv (they
    /// may hold credentials: never printed), then the requirements.
    struct Requirements: Sendable, Equatable {
        var index: PipIndexOptions
        var packages: [String]

        init(_ conda: CondaSpec) {
            index = PipIndexOptions(conda.pipOptions)
            packages = conda.pipPackages
        }

        var indexLines: [String] { index.lines }
        var insecureHosts: [String] { index.insecureHosts }
        var prerelease: Bool { index.prerelease }

        var fileText: String { (indexLines + packages).joined(separator: "\n") + "\n" }
    }

    static func make(uv: ResolverTool, python: String, requirements: Requirements, excludeNewer: String, cache: String,
                     timeout: Duration) async throws(Failure) -> ServingEnvironment {
        let env: [String: String?] = ["NO_COLOR": "1", "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": nil, "PYTHONPATH": nil]
        // The local interpreter for the resolved Python.
        let found = await ToolProcess.run(uv.path, ["python", "find", "--no-python-downloads", "--no-config", python], environment: env,
                                          timeout: .seconds(60))
        let interpreter = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard found.succeeded, !interpreter.isEmpty else {
            throw Failure(cannotRunHere: true, message: "no local interpreter for Python \(python) (the Python the solve stage chose): "
                + "install CPython \(python) where uv finds it (`uv python find \(python)` must answer), or convert for a Python that is installed here")
        }
        let probe = await ToolProcess.run(interpreter, ["-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], timeout: .seconds(60))
        let version = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard probe.succeeded, !version.isEmpty else {
            throw Failure(cannotRunHere: true, message: "the interpreter \(interpreter) does not run")
        }
        let key = SHA256.hex(Array((["image2env-verify-1", uv.label, version, excludeNewer, requirements.prerelease ? "pre" : "final"]
            + requirements.insecureHosts + ["--", requirements.fileText]).joined(separator: "\n").utf8))
        let venvs = cache + "/venvs"
        let final = venvs + "/" + key
        if let ready = try? Self.existing(final, key: key, version: version) { return ready }
        do {
            try FileManager.default.createDirectory(atPath: venvs, withIntermediateDirectories: true)
        } catch {
            throw Failure(cannotRunHere: true, message: "cannot create the venv cache \(venvs): \(error.localizedDescription)")
        }
        let lock = FileLock(path: final + ".lock")
        guard lock.acquire() else { throw Failure(cannotRunHere: true, message: "cannot lock \(final).lock") }
        defer { lock.release() }
        if let ready = try? Self.existing(final, key: key, version: version) { return ready }
        let temporary = final + ".tmp-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let made = await ToolProcess.run(uv.path, ["venv", "--relocatable", "--no-config", "--quiet", "--python", interpreter, temporary],
                                         environment: env, timeout: .seconds(120))
        guard made.succeeded else {
            throw Failure(cannotRunHere: true, message: "uv could not make a venv for \(interpreter): \(lastLine(made.stderr))")
        }
        let requirementsFile = temporary + "/image2env-requirements.txt"
        guard FileManager.default.createFile(atPath: requirementsFile, contents: Data(requirements.fileText.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw Failure(cannotRunHere: true, message: "cannot write \(requirementsFile)")
        }
        var args = ["pip", "install", "--no-config", "--python", temporary + "/bin/python", "--exclude-newer", excludeNewer,
                    "--color", "never", "--no-progress", "-r", requirementsFile]
        for host in requirements.insecureHosts { args += ["--allow-insecure-host", host] }
        if requirements.prerelease { args += ["--prerelease", "allow"] }
        let installed = await ToolProcess.run(uv.path, args, environment: env, timeout: timeout)
        try? FileManager.default.removeItem(atPath: requirementsFile)
        guard installed.succeeded else {
            let failure = CompileFailure.parse(Redaction.text(installed.stderr))
            let network = failure.kind == .network || installed.ending == .timedOut
            throw Failure(cannotRunHere: network, message: (network ? "the package index cannot be reached: " : "the Environment does not install: ")
                + (failure.detail.isEmpty ? lastLine(Redaction.text(installed.stderr)) : failure.detail))
        }
        let freeze = await ToolProcess.run(uv.path, ["pip", "freeze", "--no-config", "--python", temporary + "/bin/python"], environment: env,
                                           timeout: .seconds(60))
        let stamp = "key \(key)\npython \(version)\n" + freeze.stdout
        guard FileManager.default.createFile(atPath: temporary + "/.image2env-complete", contents: Data(stamp.utf8)) else {
            throw Failure(cannotRunHere: true, message: "cannot write the venv's stamp")
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: final)
        } catch {
            if let ready = try? Self.existing(final, key: key, version: version) { return ready }
            throw Failure(cannotRunHere: true, message: "cannot put the venv in place at \(final): \(error.localizedDescription)")
        }
        return ServingEnvironment(path: final, python: final + "/bin/python", pythonVersion: version, key: key, reused: false,
                                  installed: Self.packages(freeze.stdout))
    }

    /// The complete venv at `path`, if there is one.
    static func existing(_ path: String, key: String, version: String) throws -> ServingEnvironment? {
        guard let stamp = FileManager.default.contents(atPath: path + "/.image2env-complete"),
              FileManager.default.isExecutableFile(atPath: path + "/bin/python") else { return nil }
        let text = String(decoding: stamp, as: UTF8.self)
        return ServingEnvironment(path: path, python: path + "/bin/python", pythonVersion: version, key: key, reused: true,
                                  installed: packages(text))
    }

    static func packages(_ freeze: String) -> [String] {
        freeze.split(separator: "\n").map(String.init).filter { $0.contains("==") && !$0.hasPrefix("key ") }
    }

    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "no output"
    }
}
