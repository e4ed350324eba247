import ArgumentParser
import Foundation
import Snapshot
import Solve
import Verify
#if canImport(Glibc)
import Glibc
#endif

extension VerifyTarget: ExpressibleByArgument {}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Serve one converted image on this machine with the real inference server and score one request.",
        discussion: """
        FOLDER is what convert wrote for one image (OUT/<image name>/<version>, converted with --resolve auto). A venv made by uv for the solved Python (a local interpreter; none is downloaded) gets exactly the solved packages (v1: with azureml-defaults, serving source/; v2: with azureml-inference-server-http, serving v2/code/); it is cached by the solved set (IMAGE2ENV_CACHE_DIR, else ~/.cache/image2env/verify). The models come from --model-dir, laid out like the v1 container's azureml-models/ (<model name>/<version>/<files>), and are placed where the target expects them (AML_APP_ROOT/azureml-models for v1, AZUREML_MODEL_DIR for v2). azmlinfsrv is started on a free loopback port, health-checked, sent one POST /score with --sample (or the sample input the script's inference_schema decorators declare) and always stopped.

        Exit codes: 0 the service answered 2xx; 3 it failed (the reason, e.g. the exception init() raised, and the server log's tail are printed); 69 it cannot be run here (no interpreter for the Python, the package index cannot be reached); 64 usage; 65 unreadable folder. See docs/verify.md.

        Examples:
          image2env verify out/iris-sk/1 --model-dir models
          image2env verify out/iris-sk/1 --model-dir models --target v1 --sample sample.json
          image2env verify out/iris-sk/1 --model-dir models --report verify.json
        """
    )

    @Argument(help: ArgumentHelp("The converted image's folder (OUT/<image name>/<version>).", valueName: "folder"))
    var folder: String

    @Option(name: .customLong("model-dir"),
            help: ArgumentHelp("The models, laid out like azureml-models/: <model name>/<version>/<files>.", valueName: "dir"))
    var modelDir: String

    @Option(help: ArgumentHelp("The request body to POST to /score (JSON). Default: the sample input inference_schema declares.",
                               valueName: "file"))
    var sample: String?

    @Option(help: "The Environment to serve: v1 (source/ with azureml-defaults) or v2 (v2/code/ with azureml-inference-server-http).")
    var target: VerifyTarget = .v2

    @Option(help: ArgumentHelp("Write the whole report (JSON) here.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("The uv to run. Default: IMAGE2ENV_UV, then uv on PATH, then .tools/uv/bin/uv (make deps).", valueName: "path"))
    var resolver: String?

    @OptionGroup var quiet: QuietOption

    func run() async throws {
        quiet.apply()
        var body: [UInt8]?
        if let sample {
            guard let data = FileManager.default.contents(atPath: sample) else {
                Console.error("--sample \(sample): cannot read the file")
                throw ExitCode(Exit.usage)
            }
            body = Array(data)
        }
        let uv: ResolverTool
        switch await ResolverTool.locate(explicit: resolver) {
        case .success(let found): uv = found
        case .failure(let why):
            Console.error("verify needs uv to make the venv: \(why.message)")
            throw ExitCode(Exit.unavailable)
        }
        Self.stopServersOnSignals()
        var run = VerifyRun(folder: folder, modelDir: modelDir, sample: body, target: target, uv: uv)
        run.limits = try inputLimits()
        let result = await run.run()
        if let report {
            do {
                try AtomicFile.write(result.json, to: report)
            } catch {
                Console.error("--report \(report): \(error.description)")
                throw ExitCode.failure
            }
        }
        switch result.result {
        case .usage, .unreadable, .noSample:
            Console.error(result.reason ?? "cannot verify \(folder)")
        default:
            if result.result == .passed { emitLines(result.summary) } else { FileHandle.standardOutput.write(Data(Redaction.text(result.summary).utf8)) }
        }
        if result.result != .passed { throw ExitCode(result.result.exitCode) }
    }

    /// SIGINT and SIGTERM stop the running server (its process group) before the process ends.
    static func stopServersOnSignals() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                RunningServers.shared.killAll()
                Glibc.exit(128 + sig)
            }
            source.resume()
            Self.sources.append(source)
        }
    }

    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []
}
