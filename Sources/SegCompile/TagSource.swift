import SegCheck

/// Where a statement reads its entity when a tag table serves it. A tag table holds the
/// entity's key and its tags, nothing else (LANGUAGE.md §5: Seg keeps no copy of personal
/// values), so it is read joined to the entity's table, under the entity table's name: every
/// column and tag is then where the compiled SQL looks for it.
public enum TagSource {
    public static func from(_ program: CheckedProgram, reads: RunReads, dialect: Dialect) -> String? {
        guard let table = reads.tagTable else { return nil }
        let e = dialect.quote(program.entity.table), t = dialect.quote(table), k = dialect.quote(program.entity.key)
        let tags = Set(reads.tagColumns.values).sorted().map { ", \(t).\(dialect.quote($0))" }.joined()
        return "(SELECT \(e).*\(tags) FROM \(e) JOIN \(t) ON \(t).\(k) = \(e).\(k)) AS \(e)"
    }
}
