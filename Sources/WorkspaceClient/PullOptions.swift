/// What to pull and where.
public struct PullOptions: Sendable {
    /// The snapshot folder to create (`--out`); it must not exist.
    public var output: String
    /// `--images` and `--tags`.
    public var filter: ImageFilter
    /// `--resume`: continue the interrupted pull in `.<name>.partial/`.
    public var resume: Bool

    public init(output: String, filter: ImageFilter = ImageFilter(), resume: Bool = false) {
        self.output = output
        self.filter = filter
        self.resume = resume
    }
}
