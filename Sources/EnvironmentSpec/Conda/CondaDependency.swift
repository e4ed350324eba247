/// One item of a conda file's `dependencies:` list.
public enum CondaDependency: Sendable, Equatable {
    /// A conda package spec (`numpy=1.26`, `python=3.10.18`, `conda-forge::lightgbm`).
    case package(String)
    /// A `pip:` section: pip options (`--extra-index-url ...`) and requirements, in file order.
    case pip([String])
}
