import Foundation
import MigrationRules

/// The managed online endpoint instance types of the rules' `managedInstanceTypes` table, in
/// order of preference.
public struct InstanceTypes: Sendable, Equatable {
    /// One instance type.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var cores: Double
        public var memoryGB: Double
        public var gpus: Int

        /// Whether the type has at least these resources.
        func fits(cores c: Double, memoryGB m: Double, gpus g: Int) -> Bool {
            cores >= c && memoryGB >= m && gpus >= g
        }
    }

    /// The table's name in the rule files.
    public static let tableName = "managedInstanceTypes"

    public var entries: [Entry]

    /// Reads the table; each value is a list `cores=N, memoryGB=N, gpus=N`.
    public init(tables: Tables) throws(ConfigurationError) {
        guard let table = tables.tables[Self.tableName], !table.isEmpty else {
            throw ConfigurationError(field: nil, message: "no rule file defines the table \(Self.tableName) (rules/00-tables.yml has it)")
        }
        let origin = tables.origins[Self.tableName] ?? "the rules"
        entries = []
        for (name, value) in table {
            guard case .list(let items) = value else {
                throw ConfigurationError(field: nil, message: "\(origin): table \(Self.tableName) key \(name): expected a list like [cores=2, memoryGB=7, gpus=0]")
            }
            var fields: [String: Double] = [:]
            for item in items {
                let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, ["cores", "memoryGB", "gpus"].contains(kv[0]), let number = Double(kv[1]), number >= 0 else {
                    throw ConfigurationError(field: nil, message: "\(origin): table \(Self.tableName) key \(name): \"\(item)\" is not cores=N, memoryGB=N or gpus=N")
                }
                fields[kv[0]] = number
            }
            guard let cores = fields["cores"], let memory = fields["memoryGB"] else {
                throw ConfigurationError(field: nil, message: "\(origin): table \(Self.tableName) key \(name): cores and memoryGB are required")
            }
            entries.append(Entry(name: name, cores: cores, memoryGB: memory, gpus: Int(fields["gpus"] ?? 0)))
        }
    }

    /// The first type that fits, or nil.
    public func choose(cores: Double, memoryGB: Double, gpus: Int) -> Entry? {
        entries.first { $0.fits(cores: cores, memoryGB: memoryGB, gpus: gpus) }
    }
}
