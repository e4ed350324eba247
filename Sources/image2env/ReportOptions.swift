import ArgumentParser
import Foundation
import Reports
import Snapshot

extension ReportFormat: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

/// Colour only on a terminal, and never with NO_COLOR set or when writing a file.
func textStyle(output: String?) -> TextStyle {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    return TextStyle(color: output == nil && !noColor && isatty(STDOUT_FILENO) == 1)
}

/// Writes a report, then ends the command the same way for every report: data errors on
/// standard error and exit 65 first, else exit 3 when `rows` hold findings at or above `failOn`.
func finishReport(_ text: String, to output: String?, audit: AuditReport, rows: [AuditRow], failOn: FailOn,
                  unavailable: String? = nil) throws {
    try emit(text, to: output)
    try finish(problems: audit.problems, failing: failOn.fails(rows), unavailable: unavailable)
}

/// Data errors on standard error; then exit 69 when `unavailable` (the resolution asked for
/// could not be done at all; it says why), 65 on a data error, else 3 when `failing`.
func finish(problems: [InputProblem], failing: Bool, unavailable: String? = nil) throws {
    for problem in problems where problem.severity == .error {
        Console.error(problem.description)
    }
    if let unavailable {
        Console.error(unavailable)
        throw ExitCode(Exit.unavailable)
    }
    if problems.contains(where: { $0.severity == .error }) { throw ExitCode(Exit.dataError) }
    if failing { throw ExitCode(Exit.findings) }
}
