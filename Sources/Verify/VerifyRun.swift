import Foundation
import JSONValue
import Snapshot
import Solve

/// `image2env verify`: serves one converted image on this machine with the real inference
/// server and asks it once. The Environment is installed by uv into a cached venv
/// (`ServingEnvironment`), the code and the models are laid out in a private run folder as the
/// target's container has them, `azmlinfsrv` is started on a free loopback port
/// (`InferenceServer`), health-checked, sent one `POST /score` and stopped. Nothing is left
/// behind but the cached venv.
public struct VerifyRun: Sendable {
    public var folder: String
    /// Laid out like the v1 container's `azureml-models/`: `<model name>/<version>/<files>`.
    public var modelDir: String
    /// The request body (nil: the example that `inference_schema` declares in the swagger).
    public var sample: [UInt8]?
    public var target: VerifyTarget
    public var uv: ResolverTool
    public var cache: String
    /// The input limits (`IMAGE2ENV_MAX_*`) for migration.json and the conda file.
    public var limits: InputLimits = .default
    public var installTimeout: Duration = .seconds(1200)
    public var startTimeout: Duration = .seconds(180)
    public var requestTimeout: Duration = .seconds(60)

    public init(folder: String, modelDir: String, sample: [UInt8]?, target: VerifyTarget, uv: ResolverTool,
                cache: String = VerifyRun.defaultCache()) {
        self.folder = folder
        self.modelDir = modelDir
        self.sample = sample
        self.target = target
        self.uv = uv
        self.cache = cache
    }

    /// Where the venvs are kept: `CacheFolder.path("verify")`; with `IMAGE2ENV_CACHE_DIR=none` (or
    /// no home) a folder in the temporary directory, for this machine's session.
    public static func defaultCache() -> String {
        CacheFolder.path("verify") ?? NSTemporaryDirectory() + "image2env-verify"
    }

    /// Runs it; never throws (every way it can end is in the report).
    public func run() async -> VerifyReport {
        var report = VerifyReport(folder: folder, target: target)
        let image: ConvertedImage
        do {
            image = try ConvertedImage.load(folder, target: target, limits: limits)
        } catch {
            report.end(error.kind == .usage ? .usage : .unreadable, error.message)
            return report
        }
        report.image = image.imageId
        report.python = image.python
        let models: [(name: String, version: String, path: String)]
        switch modelFolders(image) {
        case .failure(let message):
            report.end(.usage, message.message)
            return report
        case .success(let found): models = found
        }
        var requirements = ServingEnvironment.Requirements(image.conda)
        let stack = target == .v1 ? "azureml-defaults" : "azureml-inference-server-http"
        if !requirements.packages.contains(where: { PackageSpec.name($0).lowercased() == stack }) {
            requirements.packages.append(stack)
            report.notes.append("\(stack) is not in the conda file's pip section; verify installs it (unpinned) to serve the script")
        }
        let condaOnly = image.conda.condaPackages.filter { !["python", "pip"].contains(PackageSpec.name($0)) }
        if !condaOnly.isEmpty {
            report.notes.append("conda packages are not installed here (uv installs the pip section): " + condaOnly.joined(separator: ", "))
        }
        if image.hasDockerfile { report.notes.append("the Environment's extra Docker steps are not run here") }

        let clock = ContinuousClock()
        let started = clock.now
        let venv: ServingEnvironment
        do {
            venv = try await ServingEnvironment.make(uv: uv, python: image.python, requirements: requirements, excludeNewer: image.excludeNewer,
                                                     cache: cache, timeout: installTimeout)
        } catch {
            report.end(error.cannotRunHere ? .cannotRunHere : .failed, error.message)
            return report
        }
        report.venv = .init(key: venv.key, reused: venv.reused, python: venv.pythonVersion, packages: venv.installed.count,
                            seconds: Self.seconds(clock.now - started))

        // The run folder: the code and the models as the target's container has them.
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-verify-\(UUID().uuidString.prefix(12))").path
        defer { try? FileManager.default.removeItem(atPath: run) }
        let layout: Layout
        do {
            layout = try Self.layOut(run: run, image: image, models: models, target: target)
        } catch {
            report.end(.cannotRunHere, "cannot lay out the run folder \(run): \(error.localizedDescription)")
            return report
        }
        let server = InferenceServer(python: venv.python, appRoot: layout.appRoot, entryScript: layout.appRoot + "/" + image.entryScript,
                                     modelDir: nil, environment: layout.environment, log: run + "/server.log",
                                     startTimeout: startTimeout, requestTimeout: requestTimeout)
        let serverStart = clock.now
        let outcome = await server.serve(sample: sample)
        report.serverSeconds = Self.seconds(clock.now - serverStart)
        let log = (try? String(contentsOfFile: run + "/server.log", encoding: .utf8)).map { Redaction.text($0) } ?? ""
        report.sampleSource = sample == nil ? "swagger" : "file"
        switch outcome.ending {
        case .answered(let status, let body, let latency):
            report.status = status
            report.latencyMs = Int((Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15).rounded())
            report.response = body
            if (200..<300).contains(status) {
                report.end(.passed, nil)
            } else {
                report.end(.failed, "POST /score answered \(status)" + (Self.exception(in: log).map { ": \($0)" } ?? ""))
                report.logTail = Self.tail(log)
            }
        case .exitedEarly:
            report.end(.failed, "the server stopped before it was healthy" + (Self.exception(in: log).map { ": \($0)" } ?? ""))
            report.logTail = Self.tail(log)
        case .notHealthy:
            report.end(.failed, "the server was not healthy (GET / answering 2xx) within \(startTimeout)")
            report.logTail = Self.tail(log)
        case .requestFailed(let why):
            if why == "no sample" {
                report.end(.noSample, "no --sample, and the entry script declares no sample input (inference_schema's @input_schema gives one)")
            } else {
                report.end(.failed, "POST /score did not answer: \(why)")
                report.logTail = Self.tail(log)
            }
        case .notStarted(let why):
            report.end(.cannotRunHere, "the server could not be started: \(why)")
        }
        return report
    }

    /// Where the image's models are under `--model-dir`.
    func modelFolders(_ image: ConvertedImage) -> Result<[(name: String, version: String, path: String)], ConvertedImage.LoadError> {
        var out: [(String, String, String)] = []
        var missing: [String] = []
        for id in image.models {
            guard let colon = id.lastIndex(of: ":") else { continue }
            let name = String(id[..<colon]), version = String(id[id.index(after: colon)...])
            let path = URL(fileURLWithPath: modelDir).appendingPathComponent(name).appendingPathComponent(version).standardizedFileURL.path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                out.append((name, version, path))
            } else {
                missing.append("\(name)/\(version)/")
            }
        }
        if !missing.isEmpty {
            return .failure(.init(kind: .usage, message: "--model-dir \(modelDir) has no folder \(missing.joined(separator: ", ")) "
                + "(it is laid out like the v1 container's azureml-models/: <model name>/<version>/<files>)"))
        }
        return .success(out)
    }

    struct Layout {
        var appRoot: String
        var environment: [String: String]
    }

    /// v1: the source at `AML_APP_ROOT` with `azureml-models/<name>/<version>` beside it
    /// (`AZUREML_MODEL_DIR` = the model's folder for one model, `azureml-models` for several);
    /// v2: `v2/code` with `AZUREML_MODEL_DIR` the model folder (`<name>/<version>` in it for several).
    static func layOut(run: String, image: ConvertedImage, models: [(name: String, version: String, path: String)],
                       target: VerifyTarget) throws -> Layout {
        let fm = FileManager.default
        try fm.createDirectory(atPath: run, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let app = run + "/app"
        try fm.copyItem(atPath: image.code, toPath: app)
        var environment = ["AML_APP_ROOT": app, "AZUREML_ENTRY_SCRIPT": image.entryScript]
        switch target {
        case .v1:
            let root = app + "/azureml-models"
            for m in models {
                try fm.createDirectory(atPath: root + "/" + m.name, withIntermediateDirectories: true)
                try fm.createSymbolicLink(atPath: root + "/\(m.name)/\(m.version)", withDestinationPath: m.path)
            }
            environment["AZUREML_MODEL_DIR"] = models.count == 1 ? root + "/\(models[0].name)/\(models[0].version)" : root
        case .v2:
            let root = run + "/model"
            if models.count == 1 {
                try fm.createSymbolicLink(atPath: root, withDestinationPath: models[0].path)
            } else {
                try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
                for m in models {
                    try fm.createDirectory(atPath: root + "/" + m.name, withIntermediateDirectories: true)
                    try fm.createSymbolicLink(atPath: root + "/\(m.name)/\(m.version)", withDestinationPath: m.path)
                }
            }
            environment["AZUREML_MODEL_DIR"] = root
        }
        return Layout(appRoot: app, environment: environment)
    }

    /// The exception of the log's last traceback that the user's code raised (`ValueError: ...`):
    /// the last exception line whose type is not the server's own wrapper
    /// (`azureml_inference_server_http...UserScriptException`), else the last one.
    static func exception(in log: String) -> String? {
        var found: [String] = []
        for raw in log.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon]
            guard !head.isEmpty, !head.contains(" "), head.first?.isLetter == true,
                  head.hasSuffix("Error") || head.hasSuffix("Exception") || head.hasSuffix("Exit") || head.hasSuffix("Interrupt") else { continue }
            found.append(String(line.prefix(300)))
        }
        return found.last { !$0.hasPrefix("azureml_inference_server_http.") } ?? found.last
    }

    static func tail(_ log: String, lines: Int = 40) -> [String] {
        log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).suffix(lines + 1).filter { !$0.isEmpty }.suffix(lines).map { $0 }
    }

    static func seconds(_ d: Duration) -> Double {
        ((Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) * 10).rounded() / 10
    }
}


extension VerifyRun {
    /// The image folders under a `convert` output (each folder with a `migration.json`, fleets
    /// included), in path order.
    public static func imageFolders(under out: String) -> [String] {
        let root = URL(fileURLWithPath: out).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let next = walker.nextObject() as? String {
            if next.hasSuffix("/migration.json"), next.split(separator: "/").count <= 5 {
                out.append(root + "/" + String(next.dropLast("/migration.json".count)))
            }
            if next.hasSuffix("/source") || next.hasSuffix("/v2") || next.hasSuffix("/v1") { walker.skipDescendants() }
        }
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether `--model-dir` has a folder for every model the image in `folder` packaged (and it has any).
    public func hasModelFolders() -> Bool {
        guard let image = try? ConvertedImage.load(folder, target: target, limits: limits), !image.models.isEmpty else { return false }
        if case .success = modelFolders(image) { return true }
        return false
    }
}
