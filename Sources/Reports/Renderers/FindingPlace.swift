import MigrationRules

extension Finding {
    /// `source/score.py:12`: where the finding is in the recovered source tree (findings of the
    /// entry-script analysis), as every report shows it.
    public var sourcePlace: String? { location.map { "source/\($0.file):\($0.line)" } }

    /// `rule` or `rule (source/score.py:12)`, for text reports.
    public var ruleAndPlace: String { rule + (sourcePlace.map { " (\($0))" } ?? "") }
}
