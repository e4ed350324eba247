/// A source read a file of images at a time, so that a run over a large snapshot never holds
/// every image at once. `workspace` has everything but the images from the start (workspace
/// info, services, models, artifact store, limits); `nextImages()` gives the images of the next
/// file, in file order, duplicates left out. `finished` is the workspace with every problem met,
/// in the order a whole read reports them.
public struct SourceStream: Sendable {
    /// What images are read from: a file, or standard input's bytes.
    public enum Input: Sendable {
        case file(String)
        case bytes([UInt8], file: String)
    }

    /// A file's payloads decoded, not yet checked for duplicates (`accept`).
    public struct DecodedFile: Sendable {
        /// Each decoded image with the number of `problems` that came before it.
        var payloads: [(ImageRecord, Int)] = []
        var problems: [InputProblem] = []
    }

    let loader: SourceLoader
    /// The source without its images (`images` stays empty unless the caller fills it).
    public var workspace: LoadedWorkspace
    var inputs: [Input]
    var next = 0
    /// Image ids read so far, and where (duplicates are warned about, first one wins).
    var seen: [String: Origin] = [:]
    /// Problems of the images read so far.
    var imageProblems: [InputProblem] = []
    /// Problems of services and models, reported after the images'.
    var trailingProblems: [InputProblem] = []

    init(loader: SourceLoader, workspace: LoadedWorkspace, inputs: [Input]) {
        self.loader = loader
        self.workspace = workspace
        self.inputs = inputs
    }

    /// The images of the next file (possibly none), or nil when every file was read.
    public mutating func nextImages() -> [ImageRecord]? {
        guard let input = takeInputs(upTo: 1).first else { return nil }
        return accept(decode(input))
    }

    /// The next `count` files (fewer at the end; none when every file was taken). Decode them
    /// on any thread with `decode`, then `accept` them in this order.
    public mutating func takeInputs(upTo count: Int) -> [Input] {
        let end = min(inputs.count, next + max(count, 0))
        let taken = Array(inputs[next..<end])
        for i in next..<end { if case .bytes = inputs[i] { inputs[i] = .bytes([], file: "") } }  // let the bytes go
        next = end
        return taken
    }

    /// Parses and decodes one file: pure, safe to run on several threads at once.
    public func decode(_ input: Input) -> DecodedFile {
        loader.decode(input)
    }

    /// The images of a decoded file, duplicates left out; call in the order the files were taken.
    public mutating func accept(_ decoded: DecodedFile) -> [ImageRecord] {
        loader.accept(decoded, seen: &seen, problems: &imageProblems)
    }

    /// Reads every remaining image into `workspace.images` and answers the finished workspace.
    public mutating func readAll() -> LoadedWorkspace {
        while let images = nextImages() { workspace.images += images }
        return finished
    }

    /// The workspace with every problem, in the order of a whole read: workspace.json, images,
    /// services, models.
    public var finished: LoadedWorkspace {
        var ws = workspace
        ws.problems += imageProblems + trailingProblems
        return ws
    }
}
