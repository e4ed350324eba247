import Foundation

/// A one-line progress display on standard error, for terminals only: images listed, models
/// and artifacts fetched, bytes (added up over a fleet's workspaces, with how many are done).
/// Redrawn at most ten times a second.
public final class TerminalProgress: PullProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var images = 0
    private var services = 0
    private var models = (done: 0, total: 0)
    private var artifacts = (done: 0, total: 0)
    private var bytes: Int64 = 0
    private var workspaces = (done: 0, failed: 0, total: 0)
    private var lastDraw = ContinuousClock.now - .seconds(1)

    /// A display when standard error is a terminal; nil otherwise (keep quiet in pipes and CI).
    public static func forStandardError() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    init() {}

    /// Counts the event and redraws the line (throttled).
    public func report(_ event: PullEvent) {
        lock.lock()
        defer { lock.unlock() }
        var force = false
        switch event {
        case .imagesListed(let n): images += n; force = true
        case .planned(let m, let a): models.total += m; artifacts.total += a; force = true
        case .modelFetched: models.done += 1
        case .artifactFetched(let b): artifacts.done += 1; bytes += b
        case .servicesListed(let n): services += n
        case .fleetPlanned(let n): workspaces.total = n; force = true
        case .workspaceFinished(let failed): workspaces.done += 1; if failed { workspaces.failed += 1 }; force = true
        case .finished:
            draw()
            FileHandle.standardError.write(Data("\n".utf8))
            return
        }
        if force || ContinuousClock.now - lastDraw >= .milliseconds(100) { draw() }
    }

    private func draw() {
        lastDraw = .now
        let fleet = workspaces.total == 0 ? ""
            : "workspaces \(workspaces.done)/\(workspaces.total)" + (workspaces.failed > 0 ? " (\(workspaces.failed) failed)" : "") + ", "
        let line = "\r\u{1B}[Kpull: \(fleet)\(images) images, \(services) services, models \(models.done)/\(models.total), "
            + "artifacts \(artifacts.done)/\(artifacts.total), \(Self.format(bytes))"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
