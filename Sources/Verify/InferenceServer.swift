import AsyncHTTPClient
import Foundation
import NIOCore
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The real inference server (`azmlinfsrv`, package azureml-inference-server-http) serving one
/// entry script from a venv: started in a session of its own on a free loopback port (the
/// server binds every interface by default; its launcher here binds 127.0.0.1 only), its output
/// in a log file, health-checked with `GET /`, asked once with `POST /score`, and always stopped
/// (its whole process group, gunicorn's workers with it) before `serve` returns.
struct InferenceServer: Sendable {
    var python: String
    var appRoot: String
    var entryScript: String
    var modelDir: String?
    var environment: [String: String]
    var log: String
    var startTimeout: Duration
    var requestTimeout: Duration

    /// The launcher: the server's own `run()` with its host set to the loopback interface.
    static let launcher = """
        import sys
        import azureml_inference_server_http.amlserver as server
        server.DEFAULT_HOST = "127.0.0.1"
        sys.argv[0] = "azmlinfsrv"
        sys.exit(server.run())
        """

    /// What the server did.
    struct Outcome: Sendable {
        enum Ending: Sendable, Equatable {
            /// It answered `POST /score` (with any status).
            case answered(status: Int, body: [UInt8], latency: Duration)
            /// It stopped before it was healthy (an exception in the entry script's import or init()).
            case exitedEarly
            /// It did not become healthy in time.
            case notHealthy
            /// It was healthy and did not answer the request in time (or the connection broke).
            case requestFailed(String)
            /// It could not be started.
            case notStarted(String)
        }

        var ending: Ending
        /// `GET /swagger.json`, when the request used its example.
        var swagger: [UInt8]?
    }

    /// Starts the server, waits until it is healthy, sends `sample` (nil: the example of its
    /// swagger), stops it.
    func serve(sample: [UInt8]?) async -> Outcome {
        guard let port = Self.freePort() else { return Outcome(ending: .notStarted("no free loopback port")) }
        let logFD = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard logFD >= 0 else { return Outcome(ending: .notStarted("cannot write the server log \(log)")) }
        var args = ["-I", "-c", Self.launcher, "--entry_script", entryScript, "--port", String(port)]
        if let modelDir { args += ["--model_dir", modelDir] }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(10))]
        var updates: [Environment.Key: String?] = ["PYTHONPATH": nil, "VIRTUAL_ENV": nil, "PYTHONHOME": nil,
                                                     // The log in the order things happen (a traceback after the banner).
                                                     "PYTHONUNBUFFERED": "1"]
        for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
        let output = FileDescriptor(rawValue: logFD)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(python)), arguments: Arguments(args), environment: .inherit.updating(updates),
                workingDirectory: FilePath(appRoot), platformOptions: options, input: .none,
                output: .fileDescriptor(output, closeAfterSpawningProcess: true), error: .combinedWithOutput
            ) { execution in
                let pid = execution.processIdentifier.value
                RunningServers.shared.add(pid)
                let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
                let outcome = await talk(client, port: port, pid: pid, sample: sample)
                try? await client.shutdown()
                await execution.teardown(using: [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(10))])
                // Whatever of its group is left (gunicorn's workers) goes with it.
                _ = kill(-pid, SIGKILL)
                RunningServers.shared.remove(pid)
                return outcome
            }
            return result.closureResult
        } catch {
            return Outcome(ending: .notStarted("\(error)"))
        }
    }

    private func talk(_ client: HTTPClient, port: Int, pid: pid_t, sample: [UInt8]?) async -> Outcome {
        let base = "http://127.0.0.1:\(port)"
        let deadline = ContinuousClock.now + startTimeout
        var healthy = false
        while ContinuousClock.now < deadline {
            if Self.exited(pid) { return Outcome(ending: .exitedEarly) }
            if let (status, _) = try? await Self.request(client, "GET", base + "/", body: nil, timeout: .seconds(5)), (200..<300).contains(status) {
                healthy = true
                break
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        guard healthy else { return Outcome(ending: Self.exited(pid) ? .exitedEarly : .notHealthy) }
        var body = sample
        var swagger: [UInt8]?
        if body == nil {
            swagger = try? await Self.request(client, "GET", base + "/swagger.json", body: nil, timeout: requestTimeout).1
            body = swagger.flatMap(SampleInput.fromSwagger)
            guard body != nil else { return Outcome(ending: .requestFailed("no sample"), swagger: swagger ?? []) }
        }
        let start = ContinuousClock.now
        do {
            let (status, answer) = try await Self.request(client, "POST", base + "/score", body: body, timeout: requestTimeout)
            return Outcome(ending: .answered(status: status, body: answer, latency: ContinuousClock.now - start), swagger: swagger)
        } catch {
            return Outcome(ending: .requestFailed("\(error)"), swagger: swagger)
        }
    }

    static func request(_ client: HTTPClient, _ method: String, _ url: String, body: [UInt8]?, timeout: Duration) async throws -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(body)
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.components.seconds * 1000)))
        var bytes: [UInt8] = []
        for try await chunk in response.body {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > 16 << 20 { break }
        }
        return (Int(response.status.code), bytes)
    }

    /// The process has ended (a zombie waiting to be reaped counts).
    static func exited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }

    /// A port the kernel says is free on 127.0.0.1 (bound, read, closed).
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { return nil }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
