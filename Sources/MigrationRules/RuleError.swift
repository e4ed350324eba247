/// A problem in a rule file: which file, where (line:column), which rule, what is wrong.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var ruleId: String?
    public var message: String

    public init(file: String, line: Int?, column: Int?, ruleId: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.ruleId = ruleId
        self.message = message
    }

    public var description: String {
        var out = file
        if let line { out += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        out += ": "
        if let ruleId { out += "rule \"\(ruleId)\": " }
        return out + message
    }
}
