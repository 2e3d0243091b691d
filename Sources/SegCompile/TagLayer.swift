import SegSyntax
import SegCheck

/// A layer of a tag table, compiled: the query that fills it.
public struct TagLayerQuery: Sendable {
    public var bound: BoundQuery
    /// The query with every value inline (`seg tags build --sql`).
    public var inlineText: String
}

extension Compiler {
    /// One layer of a tag build: the entity's key and each definition's value for every
    /// entity, in the tag's column (names Seg makes, never user text), aggregates in grouped
    /// passes since every entity is read. Definitions of the layers below are read from
    /// `reads`' tag table.
    public static func tagLayerQuery(_ tags: [(id: Int, column: String)], in program: CheckedProgram, reads: RunReads,
                                     dialect: Dialect, asOf: String) -> Result<TagLayerQuery, Diagnostic> {
        var ec = ExprCompiler(program: program, reads: reads, dialect: dialect, asOf: asOf)
        let program = ec.program
        ec.modelsInProcess = dialect.runsSwiftFunctions
        ec.grouped = true
        let entity = program.entity
        let key = entity.keyColumn
        let values = tags.map { t -> SQL in
            let d = program.definition(t.id)
            return ec.output(TypedExpr(.definition(t.id), d.body.type, nullable: d.body.nullable, .none))
        }
        var plan = SelectQuery(columns: [ec.output(key.expr)] + values, table: entity.table, filter: nil)
        plan.aliases = [key.label] + tags.map(\.column)
        if reads.tagTable != nil { plan.source = TagSource.from(program, reads: reads, dialect: dialect) }
        if let span = ec.overflow { return .failure(.expansionTooLarge(span)) }
        if let span = ec.reasonsOutOfProcess { return .failure(.reasonsNeedInProcess(span, dialect)) }
        assemble(&plan, &ec, entity: entity)
        let sql = plan.sql(dialect), parameters = ec.bindings.values
        return .success(TagLayerQuery(bound: BoundQuery(text: dialect.render(sql, parameters), parameters: parameters, scoresModelInSQL: ec.scoresModelInSQL),
                                      inlineText: dialect.render(sql, parameters, inline: true)))
    }
}
