import ArgumentParser
import Foundation
import Snapshot
import Synth

/// Tools for developing image2env itself (benchmarks); not listed in the main help.
struct Dev: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tools for developing image2env (benchmark data).",
        shouldDisplay: false,
        subcommands: [Synth.self, Fleet.self, CondaReaders.self]
    )

    struct Fleet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a fleet of three snapshots in two subscriptions, made from the bundled fixtures, as pull --all-workspaces lays one out.",
            discussion: """
            OUT/00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy (every image), .../rg-ml/ws-churn (the churn-scorer images) and OUT/11111111-1111-1111-1111-111111111111/rg-vision/ws-vision (the resnet images), each with its own workspace.json. Serve it with image2env-emulator --workspaces OUT; audit it with image2env audit OUT.

            Examples:
              image2env dev fleet --out /tmp/fleet
            """
        )

        @Option(help: "The folder to create (it must not exist).")
        var out: String

        @Option(help: "The snapshot whose payloads and artifacts the workspaces get.")
        var template: String = "fixtures/workspace"

        func run() throws {
            do {
                let folders = try FleetSynthesizer.write(template: template, to: out)
                print("Wrote \(folders.count) snapshots to \(out)")
            } catch {
                Console.error("\(error)")
                throw ExitCode.failure
            }
        }
    }

    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic snapshot of N images made from the bundled fixtures, for benchmarks.",
            discussion: """
            Every flavor, runtime and payload shape of the template snapshot, with conda files of 5 to 60 dependencies (some shared), a driver wrapper and a source tarball per image, shared library tarballs, models, and a webservice for about one image in four. The same --images and --seed give the same bytes.

            Examples:
              image2env dev synth --images 10000 --out /tmp/synth-10k
              image2env dev synth --images 1000 --out synth --template fixtures/workspace --seed 7
              image2env dev synth --images 1000 --dependency-sets 100 --template-image iris-unpinned:1 --out resolve-1k
            """
        )

        @Option(help: "How many images.")
        var images: Int

        @Option(help: "The folder to create (it must not exist).")
        var out: String

        @Option(help: "The snapshot whose payloads are the templates.")
        var template: String = "fixtures/workspace"

        @Option(help: "Seed of the variety.")
        var seed: UInt64 = 1

        @Option(name: .customLong("template-image"), help: ArgumentHelp("Make every image from this template image only.", valueName: "name:version"))
        var templateImage: String?

        @Option(name: .customLong("dependency-sets"),
                help: ArgumentHelp("Give the conda files this many real, resolvable dependency sets (the solve stage's benchmark).", valueName: "n"))
        var dependencySets: Int?

        func validate() throws {
            if images < 1 { throw ValidationError("--images must be at least 1") }
            if let dependencySets, dependencySets < 1 { throw ValidationError("--dependency-sets must be at least 1") }
        }

        func run() throws {
            do {
                let summary = try SnapshotSynthesizer(images: images, seed: seed, templateImage: templateImage, dependencySets: dependencySets)
                    .write(template: template, to: out)
                print("Wrote \(summary.images) images, \(summary.artifacts) artifacts, \(summary.services) services, "
                      + "\(summary.models) models (\(summary.bytes) bytes) to \(out)")
            } catch {
                Console.error("\(error)")
                throw ExitCode.failure
            }
        }
    }

    struct CondaReaders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conda-readers",
            abstract: "Time the two conda file readers (libyaml events, Yams tree) on every conda file of a snapshot.",
            discussion: """
            Reads the conda file of every image of FOLDER (each artifact once), checks that both readers give the same spec or the same error for each (exit 1 naming the first file where they differ), then parses them all --rounds times with each reader and prints microseconds per file and the ratio.

            Examples:
              image2env dev synth --images 2000 --out /tmp/s2000
              image2env dev conda-readers /tmp/s2000 --rounds 20
            """
        )

        @Argument(help: "A snapshot folder.")
        var folder: String

        @Option(help: "How many times each reader parses every file.")
        var rounds: Int = 10

        func validate() throws {
            if rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        }

        func run() throws {
            let workspace: LoadedWorkspace
            do {
                workspace = try SourceLoader().load(folder)
            } catch {
                Console.error("\(error)")
                throw ExitCode.failure
            }
            guard let store = workspace.artifacts else {
                Console.error("\(folder) is not a snapshot folder (no artifacts)")
                throw ExitCode.failure
            }
            var seen = Set<String>()
            var files: [(name: String, text: String)] = []
            for record in workspace.images {
                guard let url = record.image.targetRuntime?.condaEnvFile, seen.insert(url).inserted,
                      let (file, bytes) = try? store.read(url), let text = String(validating: bytes, as: UTF8.self) else { continue }
                files.append((file, text))
            }
            guard !files.isEmpty else {
                Console.error("no conda files found in \(folder)")
                throw ExitCode.failure
            }
            let limits = workspace.limits.yaml
            func outcome(_ text: String, _ reader: CondaSpec.Reader) -> Result<CondaSpec, CondaSpec.ParseError> {
                Result { () throws(CondaSpec.ParseError) in try CondaSpec.parse(text, limits: limits, reader: reader) }
            }
            /// Microseconds per file of `body` run on every file, `rounds` times.
            func perFile(_ body: (String) -> Void) -> Double {
                let elapsed = ContinuousClock().measure {
                    for _ in 0..<rounds { for file in files { body(file.text) } }
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                return seconds * 1e6 / Double(rounds * files.count)
            }
            var failures = 0
            for file in files {
                let events = outcome(file.text, .events)
                let yams = outcome(file.text, .yams)
                if events != yams {
                    Console.error("\(file.name): the readers differ\n  events: \(events)\n  yams:   \(yams)")
                    throw ExitCode.failure
                }
                if case .failure = yams { failures += 1 }
            }
            var sink = 0  // what was read, printed so that the work is not optimised away
            let read = { (reader: CondaSpec.Reader) in
                perFile { if case .success(let spec) = outcome($0, reader) { sink &+= spec.condaPackages.count } }
            }
            let events = read(.events), yams = read(.yams)
            // The floor under both: libyaml's event walk alone (the limit check of the Yams path).
            let walkPerFile = perFile { if (try? YAMLGuard.check($0, limits: limits)) != nil { sink &+= 1 } }
            print("\(files.count) conda files (\(failures) with errors, same for both readers), \(rounds) rounds (checksum \(sink))")
            print("events: \(String(format: "%.2f", events)) µs per file")
            print("yams:   \(String(format: "%.2f", yams)) µs per file")
            print("libyaml event walk alone (YAMLGuard.check): \(String(format: "%.2f", walkPerFile)) µs per file")
            print("ratio:  \(String(format: "%.2f", events > 0 ? yams / events : 0))x (yams / events)")
        }
    }
}
