/// ruamel.yaml's implicit resolvers: whether a plain scalar would read back as something other
/// than a string (`true`, `1.0`, `0x1F`, `null`, `2020-01-01`, `<<`, `=`, ...). Such strings get
/// quoted.
enum YAMLImplicitTypes {
    /// Which readers a plain string must survive.
    enum Readers: Sendable {
        /// YAML 1.2 only: what ruamel's round-trip dumper (azureml-core) assumes.
        case yaml12
        /// YAML 1.2 and YAML 1.1 (PyYAML's `safe_load`, used by azure-ai-ml): `yes`, `on`,
        /// `0777`, `1:30` and such are quoted too.
        case yaml11And12
        /// PyYAML 6's own resolvers only (its `yaml.dump` quotes exactly these).
        case pyyaml
    }

    /// True when `text`, written plain, reads back as a string for `readers`.
    static func isPlainString(_ text: String, readers: Readers = .yaml12) -> Bool {
        if readers == .pyyaml { return isPlainStringPyYAML(text) }
        guard isPlainString12(text) else { return false }
        return readers == .yaml12 || isPlainString11(text)
    }

    /// ruamel's YAML 1.1 resolvers (a superset of PyYAML's).
    private static func isPlainString11(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        let value = Substring(text)
        // Each resolver is tried only when the first character is one it registered for; the
        // tests are plain comparisons (this runs for every scalar of every file written).
        if among(first, "yYnNtTfFoO"), value.wholeMatch(of: bool11Pattern) != nil { return false }
        if among(first, "-+0123456789."), value.wholeMatch(of: float11Pattern) != nil { return false }
        if among(first, "-+0123456789"), value.wholeMatch(of: int11Pattern) != nil { return false }
        return true
    }

    /// PyYAML's `Resolver` (YAML 1.1): bool, float, int, merge, null, timestamp and value, each
    /// tried when the first character is one it registered for.
    private static func isPlainStringPyYAML(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }  // "" is null
        let value = Substring(text)
        if among(first, "yYnNtTfFoO"), value.wholeMatch(of: boolPyYAMLPattern) != nil { return false }
        if among(first, "-+0123456789."), value.wholeMatch(of: floatPyYAMLPattern) != nil { return false }
        if among(first, "-+0123456789"), value.wholeMatch(of: intPyYAMLPattern) != nil { return false }
        return !isMergeNullTimestampOrValue(first, value)
    }

    private static func isPlainString12(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }  // "" is null
        let value = Substring(text)
        if among(first, "tTfF"), value.wholeMatch(of: boolPattern) != nil { return false }
        if among(first, "-+0123456789."), value.wholeMatch(of: floatPattern) != nil { return false }
        if among(first, "-+0123456789"), value.wholeMatch(of: intPattern) != nil { return false }
        if isMergeNullTimestampOrValue(first, value) { return false }
        return !(among(first, "!&*") && value.unicodeScalars.count == 1)
    }

    /// The resolvers PyYAML and ruamel's YAML 1.2 share: merge (`<<`), null, timestamp, value (`=`).
    private static func isMergeNullTimestampOrValue(_ first: Unicode.Scalar, _ value: Substring) -> Bool {
        (first == "<" && value == "<<")
            || (among(first, "~nN") && (value == "~" || value == "null" || value == "Null" || value == "NULL"))
            || (among(first, "0123456789") && value.wholeMatch(of: timestampPattern) != nil)
            || (first == "=" && value == "=")
    }

    /// Whether `scalar` is one of the (ASCII) characters of `set`.
    @inline(__always)
    private static func among(_ scalar: Unicode.Scalar, _ set: StaticString) -> Bool {
        set.withUTF8Buffer { $0.contains(UInt8(truncatingIfNeeded: scalar.value)) } && scalar.isASCII
    }

    private nonisolated(unsafe) static let bool11Pattern =
        #/y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let float11Pattern =
        #/[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let int11Pattern =
        #/[-+]?0b[0-1_]+|[-+]?0?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let boolPyYAMLPattern =
        #/yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF/#.matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let floatPyYAMLPattern =
        #/[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let intPyYAMLPattern =
        #/[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let boolPattern = #/true|True|TRUE|false|False|FALSE/#.matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let floatPattern =
        #/[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/#
        .matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let intPattern =
        #/[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+/#.matchingSemantics(.unicodeScalar)
    private nonisolated(unsafe) static let timestampPattern =
        #/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?/#
        .matchingSemantics(.unicodeScalar)
}
