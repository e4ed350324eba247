import Foundation

/// Where a pull writes: the final snapshot folder and its sibling `.<name>.partial/`, where
/// everything is built before one rename puts it in place.
struct PullLayout: Sendable {
    /// The snapshot folder to create.
    let output: String
    /// `.<name>.partial` beside it.
    let partial: String
    /// Scratch space for downloads in flight (inside the partial folder, removed at the end).
    var downloads: String { partial + "/.downloads" }

    /// Checks the output and the partial folder and creates the partial folder's skeleton.
    /// Throws a usage error when the output exists, or a partial pull exists without `resume`.
    static func prepare(output: String, resume: Bool) throws(WorkspaceClientError) -> (layout: PullLayout, resumed: Bool) {
        let (layout, exists) = try check(output: output, resume: resume)
        let partial = layout.partial
        do {
            if FileManager.default.fileExists(atPath: layout.downloads) {
                try FileManager.default.removeItem(atPath: layout.downloads)
            }
            for folder in ["", "/images", "/services", "/models", "/artifacts", "/.downloads"] {
                try FileManager.default.createDirectory(atPath: partial + folder, withIntermediateDirectories: true)
            }
        } catch {
            throw WorkspaceClientError(.io, "\(partial): cannot create the partial snapshot folder: \(error.localizedDescription)")
        }
        return (layout, exists)
    }

    /// The checks of `prepare`, creating nothing; also tells whether a partial folder exists.
    static func check(output: String, resume: Bool) throws(WorkspaceClientError) -> (layout: PullLayout, partialExists: Bool) {
        var trimmed = output
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let url = URL(fileURLWithPath: trimmed)
        let name = url.lastPathComponent
        guard !trimmed.isEmpty, name != ".", name != "..", name != "/" else {
            throw WorkspaceClientError(.usage, "--out \(output): name a new folder for the snapshot, e.g. --out snapshot")
        }
        let parent = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDir), isDir.boolValue else {
            throw WorkspaceClientError(.usage, "--out \(output): the parent folder \(parent) does not exist; create it first")
        }
        guard !FileManager.default.fileExists(atPath: trimmed) else {
            throw WorkspaceClientError(.usage, "--out \(output) already exists; choose a new folder or remove it (a pull never "
                                       + "overwrites a snapshot)")
        }
        let partial = (parent == "/" ? "" : parent) + "/." + name + ".partial"
        let layout = PullLayout(output: trimmed, partial: partial)
        let exists = FileManager.default.fileExists(atPath: partial)
        if exists && !resume {
            throw WorkspaceClientError(.usage, "an interrupted pull left \(partial); rerun with --resume to continue it, "
                                       + "or remove that folder to start again")
        }
        return (layout, exists)
    }

    /// Removes the partial folder (a pull that failed before fetching anything worth keeping).
    func discard() {
        try? FileManager.default.removeItem(atPath: partial)
    }

    /// Removes the scratch files and renames the partial folder to the output.
    func complete(manifest: String) throws(WorkspaceClientError) {
        do {
            try? FileManager.default.removeItem(atPath: downloads)
            try? FileManager.default.removeItem(atPath: manifest)
            for folder in ["services", "models", "artifacts"] {
                let path = partial + "/" + folder
                if (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true {
                    try FileManager.default.removeItem(atPath: path)
                }
            }
            try FileManager.default.moveItem(atPath: partial, toPath: output)
        } catch {
            throw WorkspaceClientError(.io, "cannot rename \(partial) to \(output): \(error.localizedDescription); "
                                       + "the pulled files are in \(partial)")
        }
    }
}
