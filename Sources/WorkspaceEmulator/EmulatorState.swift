import Foundation
import JSONValue

/// Everything the emulator remembers while it runs: the snapshot's payloads, services created
/// by POST, operations, issued tokens and SAS signatures, faults, the request log and the journal.
actor EmulatorState {
    /// A deployment started by `POST /services`.
    struct Operation: Sendable {
        var serviceName: String
        var polls: Int
    }

    /// Used when the snapshot has no `workspace.json` (or lacks a key).
    static let defaultSubscription = "00000000-0000-0000-0000-000000000000"
    static let defaultResourceGroup = "rg-emulator"
    static let defaultWorkspace = "ws-emulator"

    let configuration: EmulatorConfiguration
    var catalog: SnapshotCatalog
    private(set) var baseURL = ""
    private var faults: FaultPlan
    private(set) var records: [RequestRecord] = []
    private(set) var journal: [JournalEntry] = []
    var issuedTokens: Set<String> = []
    /// SAS signature issued -> the artifact path (`origin/container/path`) it grants.
    var signatures: [String: String] = [:]
    var operations: [String: Operation] = [:]
    /// Artifacts created over the API (`origin/container/path` -> bytes; nil until uploaded).
    var uploadedArtifacts: [String: [UInt8]?] = [:]
    /// Write SAS signatures issued -> the artifact path they let a PUT fill.
    var writeSignatures: [String: String] = [:]
    /// How many operation polls answer `Running` (from the configuration; tests may change it).
    private(set) var operationPollsBeforeDone: Int

    let subscriptionId: String
    let resourceGroup: String
    let workspaceName: String
    let region: String?

    init(configuration: EmulatorConfiguration, catalog: SnapshotCatalog) {
        self.configuration = configuration
        self.catalog = catalog
        self.operationPollsBeforeDone = configuration.operationPollsBeforeDone
        self.faults = FaultPlan(scripted: configuration.scriptedFaults, rate: configuration.failRate,
                                seed: configuration.seed, kinds: configuration.randomFaultKinds)
        subscriptionId = catalog.info.subscriptionId ?? Self.defaultSubscription
        resourceGroup = catalog.info.resourceGroup ?? Self.defaultResourceGroup
        workspaceName = catalog.info.workspaceName ?? Self.defaultWorkspace
        region = catalog.info.region
    }

    func setBaseURL(_ url: String) { baseURL = url }

    func setOperationPollsBeforeDone(_ polls: Int) { operationPollsBeforeDone = max(polls, 0) }

    func nextFault(method: String, path: String) -> Fault? {
        faults.next(method: method, path: path)
    }

    func addFault(_ fault: ScriptedFault) { faults.add(fault) }

    func record(_ record: RequestRecord) { records.append(record) }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`.
    var workspacePath: String {
        "/subscriptions/\(URLText.encode(subscriptionId))/resourceGroups/\(URLText.encode(resourceGroup))"
            + "/providers/Microsoft.MachineLearningServices/workspaces/\(URLText.encode(workspaceName))"
    }

    /// Whether `segments` (8 of them) name this workspace; Azure compares resource ids case-insensitively.
    func isThisWorkspace(_ segments: ArraySlice<String>) -> Bool {
        let expected = ["subscriptions", subscriptionId, "resourceGroups", resourceGroup, "providers",
                        "Microsoft.MachineLearningServices", "workspaces", workspaceName]
        return segments.count == expected.count
            && zip(segments, expected).allSatisfy { $0.lowercased() == $1.lowercased() }
    }

    /// Whether the `Authorization` header carries an accepted bearer token.
    func isAuthorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return false }
        if configuration.token == nil && configuration.servicePrincipal == nil { return true }
        return token == configuration.token || issuedTokens.contains(token)
    }

    func appendJournal(_ entry: JournalEntry) {
        journal.append(entry)
        guard let file = configuration.journalFile else { return }
        do {
            let text = try PythonJSONWriter.write(.array(journal.map(\.json)), indent: 4) + "\n"
            try JournalFile.write(text, to: file)
        } catch {
            FileHandle.standardError.write(Data("image2env-emulator: cannot write the journal: \(error)\n".utf8))
        }
    }

    /// A random URL-safe string for tokens and SAS signatures.
    static func randomSecret(bytes: Int = 24) -> String {
        var rng = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &rng) })
        return data.base64EncodedString()
    }
}
