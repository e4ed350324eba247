import ArgumentParser
import Foundation
import WorkspaceEmulator

/// `image2env-emulator SNAPSHOT`: serves a snapshot folder as a local Azure ML workspace.
@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image2env-emulator",
        abstract: "Serve a snapshot folder as a local Azure ML workspace (MMS, artifacts, blobs, tokens, managed online endpoints) on 127.0.0.1.",
        discussion: """
        Prints the base URL (e.g. http://127.0.0.1:54321) as the first line of standard output, then serves until killed. Point image2env at it with --endpoint BASE_URL; the workspace is the one in the snapshot's workspace.json.

        With --workspaces DIR it serves a fleet: every snapshot folder under DIR (up to three levels deep, e.g. what pull --all-workspaces writes) as its own workspace, and the resource manager's lists (GET /subscriptions, GET /subscriptions/{id}/providers/Microsoft.MachineLearningServices/workspaces) that pull --all-workspaces starts from.

        Examples:
          image2env-emulator fixtures/workspace --token demo-token
          image2env-emulator --workspaces fleet/ --token demo-token --fault 'ws-vision/images=403x100'
          image2env-emulator fixtures/workspace --page-size 2 --fail-rate 0.1 --seed 7
          image2env-emulator fixtures/workspace --client-id app --client-secret s3cret
          image2env-emulator fixtures/workspace --fault /images=503x2 --retry-after 0
          image2env-emulator fixtures/workspace --fault 'POST /services=drop-after' --fail-deployment churn-aci-env

        """
    )

    @Argument(help: "The snapshot folder to serve (docs/snapshot.md).", completion: .directory)
    var snapshot: String?

    @Option(help: ArgumentHelp("Serve every snapshot folder under this folder as its own workspace (a fleet), instead of SNAPSHOT.",
                               valueName: "dir"), completion: .directory)
    var workspaces: String?

    @Option(help: "The port on 127.0.0.1 (0: any free port).")
    var port: Int = 0

    @Option(help: "The bearer token to accept. Without it (and without a service principal) any non-empty bearer token is accepted.")
    var token: String?

    @Option(help: "Client id of the service principal the token endpoint accepts.")
    var clientId: String?

    @Option(help: "Client secret of that service principal.")
    var clientSecret: String?

    @Option(help: "Tenant of that service principal (default: any).")
    var tenant: String?

    @Option(help: "Items per page of the paged lists.")
    var pageSize: Int = 100

    @Option(help: "Delay before every answer, in milliseconds.")
    var latencyMs: Int = 0

    @Option(help: "Fraction (0...1) of requests answered with a random fault.")
    var failRate: Double = 0

    @Option(help: "Seed of the random fault choice.")
    var seed: UInt64 = 0

    @Option(help: "Comma-separated faults --fail-rate picks from: HTTP statuses, drop, drop-after, truncate, slow (default 429,500,503,drop).")
    var faultKinds: String?

    @Option(help: "Retry-After seconds sent with injected 429 and 503.")
    var retryAfter: Int = 1

    @Option(help: "A scripted fault [METHOD ]PATH_PART=FAULT[xCOUNT], e.g. /images=503x2, contentinfo=drop or 'POST /services=drop-after' (repeatable).")
    var fault: [String] = []

    @Option(name: .customLong("fail-deployment"),
            help: ArgumentHelp("The deployment of this service, or of this managed online endpoint, ends Failed, with an error the service keeps (repeatable).", valueName: "name"))
    var failDeployment: [String] = []

    @Option(help: "Also write every PUT, POST and PATCH to this file: a JSON array of {method, path, body}, secrets redacted.")
    var journal: String?

    mutating func validate() throws {
        guard (snapshot == nil) != (workspaces == nil) else {
            throw ValidationError("give either SNAPSHOT or --workspaces DIR")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard pageSize >= 1 else { throw ValidationError("--page-size must be at least 1") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be between 0 and 1") }
        guard latencyMs >= 0, retryAfter >= 0 else { throw ValidationError("--latency-ms and --retry-after must not be negative") }
        guard (clientId == nil) == (clientSecret == nil) else {
            throw ValidationError("--client-id and --client-secret go together")
        }
    }

    func run() async throws {
        var kinds = Fault.defaultRandomKinds
        if let faultKinds {
            kinds = try faultKinds.split(separator: ",").map { text in
                guard let fault = Fault(String(text)) else {
                    throw ValidationError("--fault-kinds: \"\(text)\" is not a status 400...599, drop, drop-after, truncate or slow")
                }
                return fault
            }
        }
        let scripted = try fault.map(Self.parseScripted)
        var principal: EmulatorConfiguration.ServicePrincipal?
        if let clientId, let clientSecret {
            principal = .init(tenantId: tenant, clientId: clientId, clientSecret: clientSecret)
        }
        let configuration = EmulatorConfiguration(
            snapshot: snapshot ?? "", port: port, token: token, servicePrincipal: principal, pageSize: pageSize,
            latency: .milliseconds(latencyMs), failRate: failRate, seed: seed, randomFaultKinds: kinds,
            scriptedFaults: scripted, retryAfterSeconds: retryAfter, failingDeployments: failDeployment,
            journalFile: journal, fleet: workspaces)
        let emulator: WorkspaceEmulator
        do {
            emulator = try WorkspaceEmulator(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("image2env-emulator: error: \(error)\n".utf8))
            throw ExitCode(65)
        }
        do {
            try await emulator.run { url in
                FileHandle.standardOutput.write(Data("\(url)\n".utf8))
                let what = workspaces.map { "\($0) as \(emulator.workspaces.count) workspaces (\(emulator.workspaces.joined(separator: ", ")))" }
                    ?? "\(snapshot ?? "") as workspace \(emulator.workspaceName)"
                FileHandle.standardError.write(Data("image2env-emulator: serving \(what) at \(url) (Ctrl-C stops)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("image2env-emulator: error: cannot serve on 127.0.0.1:\(port): \(error)\n".utf8))
            throw ExitCode(69)
        }
    }

    /// `[METHOD ]PATH_PART=FAULT[xCOUNT]`; COUNT defaults to 1, any method by default.
    static func parseScripted(_ text: String) throws -> ScriptedFault {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { throw ValidationError("--fault \"\(text)\": expected [METHOD ]PATH_PART=FAULT[xCOUNT]") }
        let spec = parts[1].split(separator: "x", maxSplits: 1)
        guard let fault = Fault(String(spec[0])) else {
            throw ValidationError("--fault \"\(text)\": \"\(spec[0])\" is not a status 400...599, drop, drop-after, truncate or slow")
        }
        var count = 1
        if spec.count == 2 {
            guard let n = Int(spec[1]), n > 0 else { throw ValidationError("--fault \"\(text)\": count must be a positive number") }
            count = n
        }
        let target = parts[0].split(separator: " ", maxSplits: 1)
        if target.count == 2, ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(target[0].uppercased()) {
            return ScriptedFault(pathContains: String(target[1]), method: target[0].uppercased(), count: count, fault: fault)
        }
        return ScriptedFault(pathContains: String(parts[0]), count: count, fault: fault)
    }
}
