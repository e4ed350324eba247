/// Why a JSON document could not be read, and where.
///
/// `description` reads `"<file>:<line>:<column>: <message> (at <path>)"`, for example
/// `images.json:3:17: expected ',' or ']' in array, found '}' (at $.value)`.
///
/// `line` and `column` are 1-based. The column counts **bytes** (not characters) from the
/// start of the line, so a line starting with `"é"` has its closing quote at column 4.
/// Lines are separated by `\n` only (a `\r` before it counts as a column).
/// `path` is the value being read when the problem was found (`$` at the top level).
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file name given to `JSONParser.parse`, printed as is.
    public var file: String
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column of the problem, in bytes.
    public var column: Int
    /// 0-based byte offset of the problem in the document.
    public var offset: Int
    /// The value being read when the problem was found.
    public var path: JSONPath
    /// What is wrong, without location (for example `"trailing comma before ']'"`).
    public var message: String

    /// Creates an error from its parts.
    public init(file: String, line: Int, column: Int, offset: Int, path: JSONPath, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
        self.path = path
        self.message = message
    }

    /// Creates an error at byte `offset` of `bytes`, computing line and column.
    init(file: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>, path: JSONPath, message: String) {
        let (line, column) = Self.lineAndColumn(of: offset, in: bytes)
        self.init(file: file, line: line, column: column, offset: offset, path: path, message: message)
    }

    /// `"<file>:<line>:<column>: <message> (at <path>)"`.
    public var description: String {
        "\(file):\(line):\(column): \(message) (at \(path))"
    }

    /// 1-based line and byte column of `offset` (clamped to the document).
    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (line, end - lineStart + 1)
    }
}
