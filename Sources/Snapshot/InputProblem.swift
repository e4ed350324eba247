/// A problem with the input data, tied to the file and the place in it.
///
/// `error` problems make the run exit 65 (unreadable input data) once everything readable has
/// been processed; `warning` problems are reported and do not change the exit code.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// The file as the user named it (or `<stdin>`).
    public var file: String
    /// Where in the file: a JSON path (`$.value[2].version`), a `line:column`, or a tar member.
    public var location: String?
    public var message: String
    /// The image the problem belongs to, when known.
    public var imageId: String?

    public init(_ severity: Severity, file: String, location: String? = nil, message: String, imageId: String? = nil) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
        self.imageId = imageId
    }

    /// `file: location: message`, one line.
    public var description: String {
        var out = file
        if let location { out += (location.first?.isNumber == true ? ":" : ": ") + location }
        return out + ": " + message
    }
}
