import ArgumentParser
import Foundation
import Reports

extension ReportFormat: ExpressibleByArgument {}
extension FailOn: ExpressibleByArgument {}

/// Colour only on a terminal, and never with NO_COLOR set or when writing a file.
func textStyle(output: String?) -> TextStyle {
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    return TextStyle(color: output == nil && !noColor && isatty(STDOUT_FILENO) == 1)
}
