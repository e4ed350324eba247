import Foundation
import JSONValue

/// Everything the emulator remembers while it runs: the snapshot's payloads, services created
/// by POST, operations, issued tokens and SAS signatures, faults, the request log and the journal.
actor EmulatorState {
    /// A deployment started by `POST /services` in workspace `workspace`.
    struct Operation: Sendable {
        var workspace: Int
        var serviceName: String
        var polls: Int
    }

    let configuration: EmulatorConfiguration
    /// Every workspace served (one, or a fleet's), in the order of their snapshot folders.
    var served: [ServedWorkspace]
    private(set) var baseURL = ""
    private var faults: FaultPlan
    private(set) var records: [RequestRecord] = []
    private(set) var journal: [JournalEntry] = []
    var issuedTokens: Set<String> = []
    /// SAS signature issued -> the artifact it grants.
    var signatures: [String: SignedBlob] = [:]
    var operations: [String: Operation] = [:]
    /// Write SAS signatures issued -> the artifact they let a PUT fill.
    var writeSignatures: [String: SignedBlob] = [:]
    /// Long resource manager operations by id.
    var armOperations: [String: ArmOperation] = [:]
    /// The emulated storage accounts' blobs, by `host/container/path`.
    var blobs: [String: StoredBlob] = [:]
    /// Container SAS signatures issued -> what they open.
    var storageGrants: [String: StorageGrant] = [:]
    /// How many operation polls answer `Running` (from the configuration; tests may change it).
    private(set) var operationPollsBeforeDone: Int

    /// `served` must not be empty.
    init(configuration: EmulatorConfiguration, served: [ServedWorkspace]) {
        self.configuration = configuration
        self.served = served
        self.operationPollsBeforeDone = configuration.operationPollsBeforeDone
        self.faults = FaultPlan(scripted: configuration.scriptedFaults, rate: configuration.failRate,
                                seed: configuration.seed, kinds: configuration.randomFaultKinds)
    }

    func setBaseURL(_ url: String) { baseURL = url }

    func setOperationPollsBeforeDone(_ polls: Int) { operationPollsBeforeDone = max(polls, 0) }

    func nextFault(method: String, path: String) -> Fault? {
        faults.next(method: method, path: path)
    }

    func addFault(_ fault: ScriptedFault) { faults.add(fault) }

    func record(_ record: RequestRecord) { records.append(record) }

    /// The served workspace that `segments` (8 of them) name, if any.
    func workspaceIndex(_ segments: ArraySlice<String>) -> Int? {
        served.firstIndex { $0.isNamed(by: segments) }
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
            let text = try PythonJSONWriter.write(.array(journal.map(\.redactedJSON)), indent: 4) + "\n"
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
