import ArgumentParser

/// `redeploy --apply` (in progress).
struct ApplyRun {
    var command: RedeployCommand
    func run() throws {
        Console.error("--apply is not available in this build yet; run each deploy.py of the plan folder instead")
        throw ExitCode.failure
    }
}
