import ArgumentParser

/// Exit codes (see README): 0 success, 3 findings at or above --fail-on, 64 usage,
/// 65 unreadable input data, 69 remote service unavailable, 1 anything else.
enum Exit {
    static let findings: Int32 = 3
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let unavailable: Int32 = 69
}

@main
struct Image2Env: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image2env",
        abstract: "Migrate Azure ML's deprecated Image / ContainerImage definitions to Environments.",
        discussion: """
        Sources: a JSON file of image payloads (REST, Image.serialize(), a list page or an array), a folder of such files, - for standard input, a snapshot folder (docs/snapshot.md), or a live workspace (pulled first; see image2env pull).

        Exit codes: 0 success; 3 findings at or above --fail-on; 64 usage; 65 unreadable input data (after everything readable was processed); 69 remote service unavailable; 1 other.

        Limits on hostile input: IMAGE2ENV_MAX_* environment variables (docs/security.md lists each with its default).
        """,
        version: "0.1.0",
        subcommands: [Audit.self, Diff.self, Convert.self, RedeployCommand.self, VerifyCommand.self, Pull.self, Report.self, Rules.self, Dev.self]
    )
}
