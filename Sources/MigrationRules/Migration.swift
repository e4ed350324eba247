/// One thing a rule says about an image's migration.
public struct Finding: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var message: String
    /// The Environment field the rule changed (first), if any.
    public var field: String?
    public var remediation: String?
    public var link: String?
    /// Where in the recovered `source/` tree (findings of the entry-script analysis).
    public var location: SourceLocation?

    public init(rule: String, severity: Severity, message: String, field: String? = nil, remediation: String? = nil, link: String? = nil,
                location: SourceLocation? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.field = field
        self.remediation = remediation
        self.link = link
        self.location = location
    }
}

/// What the rules make of one image: the Environment, the findings, and which rule set which field.
public struct Migration: Sendable, Equatable {
    public var readiness: Readiness
    public var environment: EnvironmentDraft
    public var findings: [Finding]
    /// Environment field → the id of the last rule that set it, in `EnvironmentDraft.fieldNames` order.
    public var trace: [(field: String, rule: String)]
    /// What the solve stage found (nil before it ran, and for images it does not solve: manual ones).
    public var resolution: Resolution?
    /// What the entry-script analysis found (and the edits that make `v2/code`).
    public var script: ScriptFacts

    public init(readiness: Readiness, environment: EnvironmentDraft, findings: [Finding], trace: [(field: String, rule: String)],
                resolution: Resolution? = nil, script: ScriptFacts = .none) {
        self.readiness = readiness
        self.environment = environment
        self.findings = findings
        self.trace = trace
        self.resolution = resolution
        self.script = script
    }

    public static func == (a: Migration, b: Migration) -> Bool {
        a.readiness == b.readiness && a.environment == b.environment && a.findings == b.findings
            && a.trace.map(\.field) == b.trace.map(\.field) && a.trace.map(\.rule) == b.trace.map(\.rule) && a.resolution == b.resolution
            && a.script == b.script
    }
}
