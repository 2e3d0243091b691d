import SegSyntax

// Every message of the checker, by stable code (see SegSyntax/Diagnostic+Messages.swift for the scheme).

extension Diagnostic {
    // MARK: E03xx names

    static func unknownName(_ name: String, _ span: Span, fields: [String], others: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0301", message: "unknown name `\(name)`", span: span)
        if let close = Suggest.closest(to: name, in: others + fields) {
            d.suggestion = "did you mean `\(close)`?"
        } else {
            let shown = fields.prefix(15).map { "`\($0)`" }.joined(separator: ", ")
            d.notes.append("available fields: \(shown)\(fields.count > 15 ? ", … (\(fields.count) in all)" : "")")
        }
        return d
    }
    /// `city = 上海`: a text value written without quotes, compared with a text.
    static func unquotedText(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0323", message: "unknown name `\(name)`", span: span,
                   suggestion: "did you mean the text \"\(name)\"? Texts are written in quotes")
    }
    /// `email = null`: SQL's spelling; a missing value is tested with `is missing`.
    static func nullComparison(_ word: String, negated: Bool, left: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0331", message: "`\(word)` is not a value in Seg: a missing value is tested with `is \(negated ? "not " : "")missing`", span: span,
                   notes: ["a comparison with a missing value is never true, so `\(negated ? "!=" : "=") \(word)` could not find anything"],
                   suggestion: "write `\(left) is \(negated ? "not " : "")missing`")
    }
    static func duplicateDefinition(_ name: String, _ span: Span, previous: Span, in sources: SourceMap) -> Diagnostic {
        let line = sources.file(previous.file)?.location(of: previous.start).line
        return Diagnostic(code: "E0302", message: "`\(name)` is already defined", span: span,
                          notes: line.map { ["the first definition is on line \($0)"] } ?? [],
                          suggestion: "give it another name")
    }
    static func entityRedeclared(_ name: String, _ span: Span, usedFile: Bool) -> Diagnostic {
        Diagnostic(code: "E0525", message: usedFile ? "entity `\(name)` is already declared by a module this script uses"
                                                     : "entity `\(name)` is declared twice",
                   span: span, notes: ["a second declaration would replace the first one's fields and personal columns without a word"],
                   suggestion: usedFile ? "use the module's entity as it is, or declare yours under another name and `use entity` it"
                                        : "keep one declaration of `\(name)`")
    }
    static func cannotLowerPolicy(table: String, column: String, _ span: Span, role: String?) -> Diagnostic {
        Diagnostic(code: "E0526", message: "`\(table).\(column)` is personal under the bank's policy: a script may add `pii`, never lower it",
                   span: span, notes: [(role.map { "role `\($0)`" } ?? "a run without a role") + " may not reclassify personal data; the store's policy decides (`seg policy`)"],
                   suggestion: "remove `not pii`; to change the classification, ask an administrator (`seg policy classify \(table).\(column) not-personal`)")
    }
    static func unknownRelationInField(_ name: String, _ span: Span, known: [String]) -> Diagnostic {
        Diagnostic(code: "E0527", message: "this entity has no relation `\(name)`", span: span,
                   suggestion: Suggest.closest(to: name, in: known).map { "did you mean `\($0)`?" } ?? (known.isEmpty ? "declare it with `has many \(name) from table …`" : "its relations: \(known.joined(separator: ", "))"))
    }
    static func nameTaken(_ name: String, by what: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0303", message: "`\(name)` is already the name of a \(what)", span: span, suggestion: "give it another name")
    }
    static func definitionCycle(_ cycle: [String], _ span: Span, notes: [String]) -> Diagnostic {
        Diagnostic(code: "E0304", message: "definitions refer to themselves in a cycle: \(cycle.map { "`\($0)`" }.joined(separator: " → "))",
                   span: span, notes: notes, suggestion: "a definition cannot depend on itself; break the cycle")
    }
    static func definitionsTooDeep(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(code: "E0309", message: "definitions depend on each other more than \(limit) levels deep", span: span,
                   suggestion: "define things before using them, and keep chains of definitions shorter")
    }
    static func unknownFunction(_ name: String, _ span: Span) -> Diagnostic {
        let all = Function.allCases.map(\.rawValue) + Array(aggregateNames) + ["ntile", "percent_rank", "reasons"]
        var d = Diagnostic(code: "E0305", message: "unknown function `\(name)`", span: span)
        if ["median", "percentile", "quantile", "mode", "stddev", "variance"].contains(name.lowercased()) {
            d.suggestion = "there is no `\(name)`; `ntile(x, 2)` splits at the median, and `avg`, `min`, `max`, `percent_rank` are there"
        } else if let close = Suggest.closest(to: name, in: all) {
            d.suggestion = "did you mean `\(close)`?"
        }
        d.notes.append("functions: \(Function.allCases.map(\.rawValue).joined(separator: ", ")); aggregates over a relation: "
                       + "count, sum, avg, min, max, distinct_count, first, last, any; ranks: ntile, percent_rank")
        return d
    }
    static func relationOutsideAggregate(_ relation: String, _ field: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0306", message: "`\(relation).\(field)` has many values per customer; aggregate them", span: span,
                   suggestion: "for example `sum(\(relation).\(field))`, `max(\(relation).\(field))` or `last(\(relation).\(field))`")
    }
    static func unknownRelation(_ e: Expr, _ text: String, relations: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0307", message: "`\(text)` is not a relation of this entity", span: e.span)
        var name = text
        if case .name(let n) = e.kind { name = n }
        if case .member(let b, _) = e.kind, case .name(let n) = b.kind { name = n }
        if let c = Suggest.closest(to: name, in: relations) { d.suggestion = "did you mean `\(c)`?" }
        else { d.notes.append(relations.isEmpty ? "this entity has no relations: declare them with `has many … from table … on …`" : "relations: \(relations.joined(separator: ", "))") }
        return d
    }
    static func nestedAggregate(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0315", message: "`\(name)` is an aggregate and cannot be used inside another aggregate", span: span,
                   suggestion: "compare the two aggregates outside: `count(a) > count(b)`")
    }
    static func aggregateNeedsField(_ fn: String, _ relation: String, _ span: Span, columns: [String]) -> Diagnostic {
        Diagnostic(code: "E0316", message: "`\(fn)` needs a field of `\(relation)`", span: span,
                   notes: ["fields of \(relation): \(columns.prefix(15).joined(separator: ", "))"],
                   suggestion: columns.first.map { "for example `\(fn)(\(relation).\($0))`" })
    }
    static func anyTakesRelation(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0317", message: "`any` takes a relation and a condition", span: span,
                   suggestion: "for example `any(transactions where type = \"payroll\" within 60 days)`")
    }
    static func relationHasNoDate(_ relation: String, _ span: Span, needed: String) -> Diagnostic {
        Diagnostic(code: "E0318", message: "relation `\(relation)` has no date: \(needed)", span: span,
                   suggestion: "declare its date: `has many \(relation) from table … on … dated by COLUMN`")
    }
    static func badWindow(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0319", message: "a `within` window needs a whole number of days, weeks, months or years", span: span,
                   suggestion: "for example `within 30 days` or `within 3 months`")
    }
    static func relationAsValue(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0320", message: "`\(name)` is a relation (many rows per customer), not a value", span: span,
                   suggestion: "aggregate it: `count(\(name))`, `any(\(name) where …)`")
    }
    static func ntileCount(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0322", message: "`ntile` needs a whole number of groups from 1 to 1000", span: span,
                   suggestion: "for example `ntile(aum, 5)` for quintiles")
    }
    static func notAnAggregate(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0321", message: "`\(name)` is not an aggregate, so it takes no `where` or window", span: span)
    }
    static func functionNotSupported(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0308", message: "`\(name)` is part of the Seg language but not supported by this version of seg yet", span: span)
    }

    static func unknownEntity(_ name: String, _ span: Span, known: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0311", message: "unknown entity `\(name)`", span: span,
                           notes: ["declare it with `entity \(name) from table … key …`"])
        if let c = Suggest.closest(to: name, in: known) { d.suggestion = "did you mean `\(c)`?" }
        return d
    }
    static func unknownTable(_ name: String, _ span: Span, tables: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0312", message: "the database has no table `\(name)`", span: span)
        if let c = Suggest.closest(to: name, in: tables) { d.suggestion = "did you mean `\(c)`?" }
        else { d.notes.append("tables: \(tables.prefix(20).joined(separator: ", "))") }
        return d
    }
    static func unknownColumn(_ name: String, table: String, _ span: Span, columns: [String]) -> Diagnostic {
        var d = Diagnostic(code: "E0313", message: "table `\(table)` has no column `\(name)`", span: span)
        if let c = Suggest.closest(to: name, in: columns) { d.suggestion = "did you mean `\(c)`?" }
        else { d.notes.append("its columns: \(columns.prefix(20).joined(separator: ", "))") }
        return d
    }
    static func notADateColumn(_ name: String, table: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0314", message: "`\(table).\(name)` is not a date column, so it cannot date a relation", span: span)
    }

    // MARK: E04xx types

    static func comparisonTypes(_ l: TypedExpr, _ r: TypedExpr, _ op: String, _ span: Span, texts: (String, String)) -> Diagnostic {
        var d = Diagnostic(code: "E0401", message: "cannot compare \(l.type) with \(r.type) using `\(op)`", span: span)
        if l.type == .date, case .literal(.string(let s)) = r.kind, isValidDate(s) { d.suggestion = "write the date without quotes: \(s)" }
        else if let iso = compactDate(l.type == .date ? texts.1 : texts.0), l.type == .date || r.type == .date {
            d.suggestion = "dates are written year-month-day with dashes: write `\(iso)`"
        }
        else if l.type == r.type, !l.type.isOrdered { d.notes.append("\(l.type) values can only be tested with `=` and `!=`") }
        else { d.notes.append("`\(texts.0)` is \(l.type) and `\(texts.1)` is \(r.type); both sides must have the same type") }
        return d
    }
    /// `20260501` beside a date: the eight digits of a calendar date, as `2026-05-01`.
    static func compactDate(_ text: String) -> String? {
        guard text.count == 8, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        let iso = "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
        return isValidDate(iso) ? iso : nil
    }
    static func tooManyColumns(_ count: Int, limit: Int, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0532", message: "\(count) columns are more than one output can hold (at most \(limit))", span: span,
                   suggestion: "export the columns in several files, or fewer at a time")
    }
    static func expectedCondition(_ t: TypedExpr, context: String) -> Diagnostic {
        Diagnostic(code: "E0402", message: "expected a condition \(context), found \(t.type)", span: t.span,
                   suggestion: t.type == .number ? "compare it, for example `… > 0`" : nil)
    }
    static func operandType(_ op: String, _ t: TypedExpr, expected: SegType) -> Diagnostic {
        Diagnostic(code: "E0403", message: "`\(op)` needs \(expected), found \(t.type)", span: t.span)
    }
    static func arithmeticTypes(_ op: String, _ l: TypedExpr, _ r: TypedExpr, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0404", message: "cannot apply `\(op)` to \(l.type) and \(r.type)", span: span,
                   notes: ["arithmetic works on numbers; a date can add or subtract a duration (`open_date + 30 days`), and two dates subtract to days"])
    }
    static func branchTypes(_ a: TypedExpr, _ b: TypedExpr, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0405", message: "the branches of `if` have different types: \(a.type) and \(b.type)", span: span)
    }
    static func argumentCount(_ fn: String, _ range: ClosedRange<Int>, _ got: Int, _ span: Span) -> Diagnostic {
        let want = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : range.upperBound >= 99 ? "at least \(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)"
        return Diagnostic(code: "E0406", message: "`\(fn)` takes \(want) argument\(want == "1" ? "" : "s"), found \(got)", span: span)
    }
    static func argumentType(_ fn: String, _ index: Int, _ t: TypedExpr, expected: SegType) -> Diagnostic {
        Diagnostic(code: "E0407", message: "argument \(index) of `\(fn)` must be \(expected), found \(t.type)", span: t.span)
    }
    static func segmentNotCondition(_ name: String, _ body: TypedExpr) -> Diagnostic {
        Diagnostic(code: "E0408", message: "segment `\(name)` must be a condition, found \(body.type)", span: body.span,
                   suggestion: "to name a value use `define \(name) = …`")
    }
    static func notOrderable(_ t: TypedExpr) -> Diagnostic {
        Diagnostic(code: "E0409", message: "\(t.type) cannot be shown or ordered", span: t.span)
    }
    static func bucketEdges(_ span: Span, dates: Bool = false) -> Diagnostic {
        Diagnostic(code: "E0410", message: "`bucket`\(dates ? " of a date" : "") needs a list of ascending \(dates ? "dates" : "numbers") as its second argument",
                   span: span, suggestion: dates ? "for example `bucket(open_date, [2020-01-01, 2024-01-01])`" : "for example `bucket(age, [25, 35, 45, 60])`")
    }
    static func fractionalDuration(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0412", message: "a duration is a whole number of days, weeks, months or years", span: span,
                   suggestion: "write a whole number, like `2 days` or `3 weeks`")
    }
    static func emptyPath(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0515", message: "the file name is empty or names a folder", span: span,
                   suggestion: "for example `export vip to csv \"out/vip.csv\"`")
    }
    static func listOutOfPlace(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0411", message: "a list `[…]` can only follow `in` or be the edges of `bucket`", span: span)
    }

    // MARK: E05xx other checks

    static func groupByPersonal(_ label: String, source: String, _ span: Span, coarser: [String]) -> Diagnostic {
        let from = label == source ? "`\(label)` is personal data" : "`\(label)` is personal data (computed from `\(source)`)"
        let preferred = ["city", "phone_carrier", "age_band", "gender", "branch_id", "value_tier", "occupation"]
        let options = preferred.filter(coarser.contains) + coarser.filter { !preferred.contains($0) }
        var d = Diagnostic(code: "E0516", message: "cannot group by `\(label)`: \(from), and a group per value would show it", span: span,
                           notes: ["counts and profiles by a personal value disclose it, one person per group; this is refused whatever the role"])
        d.suggestion = options.isEmpty
            ? "group by a coarser value that is not personal (a `define` whose values are not the person's own)"
            : "group by a coarser value that is not personal, such as " + options.prefix(3).map { "`\($0)`" }.joined(separator: " or ")
        return d
    }

    static func countOrderNotAColumn(_ written: String, _ span: Span, by: [String]) -> Diagnostic {
        Diagnostic(code: "E0517", message: "`count … by` is ordered by `count` or by one of its `by` columns, not `\(written)`", span: span,
                   suggestion: "order by " + (["count desc"] + by.map { "`\($0)`" }).joined(separator: ", ").replacingOccurrences(of: "count desc", with: "`count desc`"))
    }

    static func useUnreadable(_ file: String, reason: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0535", message: "cannot use `\(file)`: \(reason)", span: span,
                   suggestion: "`use` a .seg script file")
    }
    static func useNotFound(_ what: String, _ span: Span, tried: [String], known: [String] = []) -> Diagnostic {
        var d = Diagnostic(code: "E0501", message: "cannot find `\(what)` to use", span: span,
                           notes: ["looked for: " + tried.joined(separator: ", ")])
        if what.hasPrefix("stdlib.") { d.notes.append("SEG_STDLIB names a folder of further standard modules") }
        if let last = what.split(separator: ".").last, let c = Suggest.closest(to: String(last), in: known) {
            d.suggestion = "did you mean `stdlib.\(c)`?"
        } else if !known.isEmpty {
            d.notes.append("standard modules: " + known.sorted().map { "stdlib.\($0)" }.joined(separator: ", "))
        }
        return d
    }
    static func badModule(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0513", message: "`\(name)` is not a module name", span: span,
                   suggestion: "use a standard module (`use stdlib.bank`) or a file in quotes (`use \"shared/tags.seg\"`)")
    }
    static func useCycle(_ file: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0514", message: "`\(file)` uses itself (through `use`)", span: span)
    }
    /// `age between 60 and 30`: nothing is in it (between is `low <= x <= high`).
    static func reversedBetween(low: String, high: String, negated: Bool, _ span: Span) -> Diagnostic {
        Diagnostic(code: "W0303", severity: .warning,
                   message: "`between \(low) and \(high)` has its larger bound first, so \(negated ? "every value is outside it" : "no value is in it")",
                   span: span, notes: ["`x between a and b` means a <= x <= b"],
                   suggestion: "write the smaller bound first: `between \(high) and \(low)`")
    }
    static func overridesModule(_ name: String, _ span: Span, module: String) -> Diagnostic {
        Diagnostic(code: "W0301", severity: .warning, message: "`\(name)` replaces the definition from \(module)", span: span)
    }
    static func paramDefaultNotConstant(_ name: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0502", message: "the default of parameter `\(name)` must be a literal value", span: span)
    }
    static func paramDefaultType(_ name: String, _ type: SegType, _ value: Literal, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0503", message: "parameter `\(name)` is \(type), but its default is \(value.type)", span: span)
    }
    static func paramWithoutValue(_ name: String, _ type: SegType, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0504", message: "parameter `\(name)` has no value", span: span,
                   suggestion: "give one with `--param \(name)=…` or a default in the script")
    }
    static func badParamValue(_ name: String, _ text: String, _ type: SegType) -> Diagnostic {
        Diagnostic(code: "E0505", message: "--param \(name)=\(text): `\(text)` is not \(type)", span: .none,
                   suggestion: type == .date ? "write dates as YYYY-MM-DD" : nil)
    }
    static func listNeedsName(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0506", message: "this list needs a name", span: span, suggestion: "write `export … to list NAME`")
    }
    static func assertBoundNotNumber(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0507", message: "the bound of a count (`assert count`, `expect count`) must be a number or a number parameter", span: span)
    }
    static func assertOperator(_ op: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0508", message: "a count's bound (`assert count`, `expect count`) cannot use `\(op)`", span: span, suggestion: "use `between`, `>=`, `>`, `<=`, `<` or `=`")
    }
    static func expectNamesEntity(_ word: Name, entity: String) -> Diagnostic {
        Diagnostic(code: "E0518", message: "`expect` names the entity: here it is `\(entity)`, not `\(word.text)`", span: word.span,
                   suggestion: "write `expect \(entity) … in …`")
    }
    static func badExpectKey(_ span: Span, _ key: String, _ type: SegType, entity: String) -> Diagnostic {
        Diagnostic(code: "E0519", message: "`expect \(entity) K in S` needs K written as a value (a literal) of the key `\(key)`, which is \(type)", span: span,
                   suggestion: type == .number ? "for example `expect \(entity) 10042 in vip`" : "for example `expect \(entity) \"C10042\" in vip`")
    }
    static func badExplainKey(_ span: Span, _ key: String, _ type: SegType) -> Diagnostic {
        Diagnostic(code: "E0509", message: "`explain … for customer` needs a value of the key `\(key)`, which is \(type)", span: span,
                   suggestion: type == .number ? "for example `explain vip for customer 10042`" : "for example `explain vip for customer \"C10042\"`")
    }
    static func inexactKey(_ written: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0533", message: "`\(written)` is not a key Seg can look up: keys are whole numbers up to 9,007,199,254,740,992", span: span,
                   suggestion: "give the key as it is stored, for example `10042`")
    }
    static func asOfNotADate(_ type: SegType, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0524", message: "`as_of` is the run's date, so it is a date, not \(type)", span: span,
                   suggestion: "declare it `param as_of: date = 2026-11-01`, or name this parameter otherwise")
    }
    static func snapshotsNeedAFile(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0520", message: "a training set (`as of [...]`) is written to a file: one row per member and date", span: span,
                   suggestion: "export it `to csv \"train.csv\"` or `to jsonl \"train.jsonl\"`")
    }
    static func snapshotDateNotADate(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0521", message: "each date of `as of [...]` is written as a date", span: span,
                   suggestion: "for example `as of [2026-06-30, 2026-09-30]`")
    }
    static func snapshotDateTwice(_ date: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: "E0522", message: "\(date) is named twice in `as of [...]`", span: span, suggestion: "name each date once")
    }
    static func badLabelHorizon(_ span: Span) -> Diagnostic {
        Diagnostic(code: "E0523", message: "the label looks a whole number of days, weeks, months or years after each date", span: span,
                   suggestion: "for example `label churned = not any(transactions within 30 days) after 30 days`")
    }
    static var noTables: Diagnostic {
        Diagnostic(code: "E0510", message: "the database has no tables to segment", span: .none,
                   suggestion: "build the demo bank with `seg demo`, or point --db at your database")
    }
    static func noEntityTable(_ tables: [String]) -> Diagnostic {
        Diagnostic(code: "E0511", message: "cannot tell which table holds the customers", span: .none,
                   notes: ["tables: \(tables.prefix(20).joined(separator: ", "))",
                           "Seg segments the table named `customers`, the only table, or the one table the others' foreign keys point to"],
                   suggestion: "declare it: `entity customer from table TABLE key KEY`")
    }
    static func noKey(_ table: String) -> Diagnostic {
        Diagnostic(code: "E0512", message: "table `\(table)` has no primary key", span: .none,
                   suggestion: "give it a primary key, or a column named `id`")
    }
}
