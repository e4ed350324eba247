import Foundation
import Synchronization

/// Where a run's CPU goes: with `IMAGE2ENV_PROFILE=1`, the CPU time of each part of the work is
/// summed over every thread (each measured span is the thread's own CPU clock, so time a thread
/// spends waiting is not counted), and at exit stderr gets one line per part with its seconds
/// and its share of the process's CPU, then what the parts do not cover and the CPU of the
/// child processes (the script helper, uv). Without the variable nothing is measured: `measure`
/// is one test of a constant.
public enum Profile {
    /// The parts, in the order of a run. They do not nest: a span of one part never contains another's.
    public enum Part: Int, CaseIterable, Sendable {
        /// Image files parsed (json-c) and decoded into `LegacyImage` values.
        case imageFiles
        /// Artifact files looked up and read (the conda file, Docker steps, driver, tarballs).
        case artifactReads
        /// Conda files parsed.
        case conda
        /// Dependency tarballs inflated, their headers parsed, the source tree recovered.
        case tarballs
        /// Script analysis in this process: the helper's request written, its answer read, the facts planned.
        case scripts
        /// Migration rules applied (before and after the solve stage).
        case rules
        /// Rows (and Environment files) rendered into report text or file contents.
        case render
        /// Report and Environment files written.
        case output

        var label: String {
            switch self {
            case .imageFiles: "image files (parse and decode)"
            case .artifactReads: "artifact reads"
            case .conda: "conda files"
            case .tarballs: "tarballs (inflate, tar, source tree)"
            case .scripts: "script analysis (in process)"
            case .rules: "rules"
            case .render: "render"
            case .output: "output (files written)"
            }
        }
    }

    public static let enabled: Bool = {
        guard ProcessInfo.processInfo.environment["IMAGE2ENV_PROFILE"] == "1" else { return false }
        atexit { FileHandle.standardError.write(Data(Profile.report().utf8)) }
        return true
    }()

    private static let totals = Mutex([UInt64](repeating: 0, count: Part.allCases.count))

    /// `body`, its thread CPU time added to `part` when profiling.
    @inline(__always)
    public static func measure<T, E: Error>(_ part: Part, _ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        let start = threadNanoseconds()
        defer {
            let spent = threadNanoseconds() &- start
            totals.withLock { $0[part.rawValue] &+= spent }
        }
        return try body()
    }

    /// The lines printed at exit.
    public static func report() -> String {
        let parts = totals.withLock { $0 }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let process = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let children = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        func line(_ label: String, _ s: Double, share: Bool = true) -> String {
            let padded = label.padding(toLength: 40, withPad: " ", startingAt: 0)
            let percent = share && process > 0 ? String(format: "  %5.1f %%", 100 * s / process) : ""
            return "profile: \(padded)\(String(format: "%8.3f s", s))\(percent)\n"
        }
        var out = ""
        var covered = 0.0
        for part in Part.allCases {
            let s = Double(parts[part.rawValue]) / 1e9
            covered += s
            out += line(part.label, s)
        }
        out += line("other (start-up, scheduling, the rest)", max(0, process - covered))
        out += line("process CPU (user + system)", process)
        out += line("child processes' CPU (helper, uv)", children, share: false)
        return out
    }

    private static func threadNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }

    private static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
}
