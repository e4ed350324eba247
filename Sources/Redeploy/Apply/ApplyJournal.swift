/// The journal of `--apply` runs in the plan folder.
public struct ApplyJournal {
    public static let fileName = "journal.json"
}
