import Foundation
import JSONValue
import Snapshot

/// The journal of `--apply` in the plan folder (`journal.json`): per service, how far it got.
/// It is rewritten atomically after every step, before the step's effect is relied on, so a run
/// killed at any point leaves a journal that a rerun can continue from:
///
/// - `uploaded`: the driver and source tarball are in the workspace's artifact store;
/// - `creating`: `POST /services` is about to be sent (or was sent without an answer): a rerun
///   looks the service up before it posts again;
/// - `deploying`: the service accepted the create; `operationId` is polled;
/// - `succeeded` / `failed`: the deployment ended (`error` holds the service's error text).
///
/// `--apply --to v2` keeps its own journal (`journal-v2.json`) with the steps of a managed
/// online endpoint: `environment`, `codeUploaded` (`codeUri` kept), `code`, `endpointCreating`
/// (the operation to poll), `endpoint`, `deploymentCreating`, `deploying`, `trafficSetting`,
/// then `succeeded` or `failed`; `values` keeps what later steps need (ids, the code's URI).
public struct ApplyJournal: Sendable {
    public static let fileName = "journal.json"
    /// The journal of `--apply --to v2`.
    public static let managedFileName = "journal-v2.json"

    public enum State: String, Sendable, Equatable {
        case pending, uploaded, creating, deploying, succeeded, failed
        case environment, codeUploaded, code, endpointCreating, endpoint, deploymentCreating, trafficSetting

        /// Whether the service's operation id stays known in this state.
        var hasOperation: Bool { [.deploying, .succeeded, .failed, .endpointCreating, .trafficSetting].contains(self) }

        /// How far a managed online endpoint got (v2 states in order; `failed` and `pending` are 0).
        public var managedRank: Int {
            [.environment, .codeUploaded, .code, .endpointCreating, .endpoint, .deploymentCreating, .deploying, .trafficSetting,
             .succeeded].firstIndex(of: self).map { $0 + 1 } ?? 0
        }
    }

    /// One service's record.
    public struct Entry: Sendable {
        public var newService: String
        public var state: State
        public var operationId: String?
        public var error: String?
        /// What happened, in order (`at` is UTC).
        public var steps: [(at: String, step: String)]
        /// What later steps need, by name (`environmentId`, `codeUri`, `codeId`).
        public var values: [String: String] = [:]
    }

    public let path: String
    /// Old service name -> its record, in the order first seen.
    public private(set) var entries: [(service: String, entry: Entry)]

    /// Reads `folder/journal.json` (or another `name`), or starts an empty journal when there is none.
    public static func open(folder: String, name: String = fileName) throws(PlanFolderError) -> ApplyJournal {
        let path = folder + "/" + name
        var journal = ApplyJournal(path: path, entries: [])
        guard FileManager.default.fileExists(atPath: path) else { return journal }
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONParser.parse([UInt8](data), file: path), let services = json["services"]?.objectValue else {
            throw PlanFolderError("\(path): not a journal of image2env redeploy --apply; move it away only if you are sure no run is in progress")
        }
        for (service, record) in services.entries {
            guard let newService = record["newService"]?.stringValue,
                  let state = record["state"]?.stringValue.flatMap(State.init(rawValue:)) else {
                throw PlanFolderError("\(path): $.services.\(service): needs \"newService\" and a known \"state\"")
            }
            let steps = (record["steps"]?.arrayValue ?? []).map { ($0["at"]?.stringValue ?? "", $0["step"]?.stringValue ?? "") }
            var values: [String: String] = [:]
            for (key, value) in record["values"]?.objectValue?.entries ?? [] { values[key] = value.stringValue }
            journal.entries.append((service, Entry(newService: newService, state: state, operationId: record["operationId"]?.stringValue,
                                                   error: record["error"]?.stringValue, steps: steps, values: values)))
        }
        return journal
    }

    public func entry(_ service: String) -> Entry? { entries.first { $0.service == service }?.entry }

    /// Records a step for `service` and writes the journal to disk at once.
    public mutating func record(_ service: String, newService: String, state: State, operationId: String? = nil,
                                error: String? = nil, values: [String: String] = [:], step: String) throws(AtomicFile.WriteError) {
        let at = ISO8601DateFormatter().string(from: Date())
        if let i = entries.firstIndex(where: { $0.service == service }) {
            entries[i].entry.operationId = state.hasOperation ? operationId ?? entries[i].entry.operationId : nil
            entries[i].entry.state = state
            entries[i].entry.error = error
            entries[i].entry.steps.append((at, step))
            entries[i].entry.values.merge(values) { $1 }
        } else {
            entries.append((service, Entry(newService: newService, state: state, operationId: operationId, error: error,
                                           steps: [(at, step)], values: values)))
        }
        try AtomicFile.write(text, to: path)
    }

    var text: String {
        let services = JSONObject(entries.map { service, e in
            var record = JSONObject([
                ("newService", .string(e.newService)),
                ("state", .string(e.state.rawValue)),
                ("operationId", e.operationId.map(JSON.string) ?? .null),
                ("error", e.error.map(JSON.string) ?? .null),
            ])
            if !e.values.isEmpty {
                record["values"] = .object(JSONObject(e.values.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
            }
            record["steps"] = .array(e.steps.map { .object(JSONObject([("at", .string($0.at)), ("step", .string($0.step))])) })
            return (service, JSON.object(record))
        })
        let doc = JSON.object(JSONObject([("schemaVersion", .int(1)), ("services", .object(services))]))
        return ((try? PythonJSONWriter.write(doc, indent: 4)) ?? "{}") + "\n"
    }
}
