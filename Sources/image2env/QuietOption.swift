import ArgumentParser

/// `--quiet`: print only errors (no report on standard output, no summary, warnings or progress);
/// a report written with `--output` is still written.
struct QuietOption: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Print only errors: no report on standard output (--output still writes it), no summary, warnings or progress.")
    var quiet = false

    /// Switches the console to quiet for the rest of the run (call first, before any task starts).
    func apply() {
        if quiet { Console.quiet = true }
    }
}
