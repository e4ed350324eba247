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
public struct ApplyJournal: Sendable {
    public static let fileName = "journal.json"

    public enum State: String, Sendable, Equatable {
        case pending, uploaded, creating, deploying, succeeded, failed

        /// Whether the service's operation id stays known in this state.
        var hasOperation: Bool { self == .deploying || self == .succeeded || self == .failed }
    }

    /// One service's record.
    public struct Entry: Sendable {
        public var newService: String
        public var state: State
        public var operationId: String?
        public var error: String?
        /// What happened, in order (`at` is UTC).
        public var steps: [(at: String, step: String)]
    }

    public let path: String
    /// Old service name -> its record, in the order first seen.
    public private(set) var entries: [(service: String, entry: Entry)]

    /// Reads `folder/journal.json`, or starts an empty journal when there is none.
    public static func open(folder: String) throws(PlanFolderError) -> ApplyJournal {
        let path = folder + "/" + fileName
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
            journal.entries.append((service, Entry(newService: newService, state: state, operationId: record["operationId"]?.stringValue,
                                                   error: record["error"]?.stringValue, steps: steps)))
        }
        return journal
    }

    public func entry(_ service: String) -> Entry? { entries.first { $0.service == service }?.entry }

    /// Records a step for `service` and writes the journal to disk at once.
    public mutating func record(_ service: String, newService: String, state: State, operationId: String? = nil,
                                error: String? = nil, step: String) throws(AtomicFile.WriteError) {
        let at = ISO8601DateFormatter().string(from: Date())
        if let i = entries.firstIndex(where: { $0.service == service }) {
            entries[i].entry.operationId = state.hasOperation ? operationId ?? entries[i].entry.operationId : nil
            entries[i].entry.state = state
            entries[i].entry.error = error
            entries[i].entry.steps.append((at, step))
        } else {
            entries.append((service, Entry(newService: newService, state: state, operationId: operationId, error: error,
                                           steps: [(at, step)])))
        }
        try AtomicFile.write(text, to: path)
    }

    var text: String {
        let services = JSONObject(entries.map { service, e in
            (service, JSON.object(JSONObject([
                ("newService", .string(e.newService)),
                ("state", .string(e.state.rawValue)),
                ("operationId", e.operationId.map(JSON.string) ?? .null),
                ("error", e.error.map(JSON.string) ?? .null),
                ("steps", .array(e.steps.map { .object(JSONObject([("at", .string($0.at)), ("step", .string($0.step))])) })),
            ])))
        })
        let doc = JSON.object(JSONObject([("schemaVersion", .int(1)), ("services", .object(services))]))
        return ((try? PythonJSONWriter.write(doc, indent: 4)) ?? "{}") + "\n"
    }
}
