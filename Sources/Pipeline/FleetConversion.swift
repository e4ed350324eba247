import Emit
import Foundation
import LegacyImage
import Reports
import Snapshot

/// `convert` over a folder of snapshots: each workspace's images into `OUT/<workspace>/...`.
public enum FleetConversion {
    /// The fleet's snapshots opened, in workspace order, each with the folder it is written
    /// into (its workspace name); a message when two workspaces share a name or a name cannot
    /// be a folder name.
    public static func open(_ members: [FleetFolder.Member], loader: SourceLoader) throws(SourceLoader.SourceError)
        -> [(stream: SourceStream, folder: String)] {
        var opened: [(workspace: FleetWorkspace, stream: SourceStream)] = []
        for member in members {
            let stream = try loader.open(member.path)
            opened.append((FleetWorkspace(info: stream.workspace.info, relative: member.relative), stream))
        }
        opened = opened.enumerated().sorted { a, b in
            a.element.workspace < b.element.workspace || (a.element.workspace == b.element.workspace && a.offset < b.offset)
        }.map(\.element)
        var taken: [String: String] = [:]
        var out: [(stream: SourceStream, folder: String)] = []
        for (workspace, stream) in opened {
            let name = workspace.workspaceName ?? ""
            guard let folder = Conversion.folderName(name) else {
                throw SourceLoader.SourceError(description: "\(stream.workspace.source): workspace name \(quotedForMessage(name)) cannot be a folder name; "
                                               + "fix its workspace.json or convert it on its own")
            }
            if let other = taken[folder.lowercased()] {
                throw SourceLoader.SourceError(description: "\(other) and \(stream.workspace.source) are both workspace \(folder); "
                                               + "convert them one at a time into different --out folders")
            }
            taken[folder.lowercased()] = stream.workspace.source
            out.append((stream, folder))
        }
        return out
    }

    /// Converts every workspace of the fleet into `folder` with `conversion`'s settings; the
    /// outcome adds up the workspaces' (a selector is unmatched when no workspace has it).
    public static func run(_ opened: [(stream: SourceStream, folder: String)], conversion: ConversionRun,
                           into folder: OutputFolder) async -> ConversionRun.Outcome {
        var total = ConversionRun.Outcome()
        var unmatched = Set(conversion.selectors)
        for (stream, name) in opened {
            var stream = stream
            var run = conversion
            run.prefix = conversion.prefix + name + "/"
            let outcome = await run.run(&stream, into: folder)
            for (readiness, count) in outcome.written { total.written[readiness, default: 0] += count }
            total.problems += outcome.problems
            unmatched.formIntersection(outcome.unmatched)
            total.writeFailure = total.writeFailure ?? outcome.writeFailure
            if total.writeFailure != nil { break }
        }
        total.unmatched = conversion.selectors.filter(unmatched.contains)
        return total
    }
}
