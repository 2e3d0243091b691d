import SegSyntax
import SegModels

/// Scalar functions of LANGUAGE.md §4 that the checker knows.
public enum Function: String, Sendable, Equatable, CaseIterable {
    case coalesce, abs, round, floor, ceil, min, max, log, exp
    case year, month, days_since, months_since, years_since, bucket
}

/// An expression whose names are resolved and whose type is known.
public struct TypedExpr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case literal(Literal)
        /// The run's reference date (`today`, or `as_of`).
        case today
        /// A column of the entity's table.
        case field(String)
        /// A `param`, bound at run time.
        case param(String)
        /// A `define` or `segment`, by its id in `CheckedProgram.definitions`.
        case definition(Int)
        case not(TypedExpr)
        case negate(TypedExpr)
        case binary(BinaryOp, TypedExpr, TypedExpr)
        /// `date ± duration`: `sign` is +1 or -1.
        case shiftDate(TypedExpr, TypedExpr, sign: Int)
        /// `date - date`, in days.
        case daysBetween(TypedExpr, TypedExpr)
        case between(TypedExpr, TypedExpr, TypedExpr, negated: Bool)
        case inList(TypedExpr, [TypedExpr], negated: Bool)
        case isMissing(TypedExpr, negated: Bool)
        case stringMatch(StringOp, TypedExpr, TypedExpr)
        case conditional(TypedExpr, TypedExpr, TypedExpr)
        case call(Function, [TypedExpr])
        /// `bucket(x, [a, b, …])` with its edges, ascending.
        case bucket(TypedExpr, [BucketEdge])
        /// A column of the related row, inside an aggregate.
        case relationField(String)
        /// `count(R where c within 30 days)`, `sum(R.f …)`, …: one value per entity.
        case aggregate(Aggregate)
        /// `ntile(x, n)`, `percent_rank(x)`: a rank over the whole entity.
        case ranking(Ranking)
        /// The entity's assignment bucket for a seed, 0 … 9999 (LANGUAGE.md §3).
        case bucketOf(seed: String)
        /// `in list L [version N]`: whether the entity is a member of a saved list.
        case savedList(String, version: Int?)
        /// `group` or `rank` of the entity in a saved list's version, in a statement on
        /// `in list L` (`count in list q4_offer by group`); missing for a non-member.
        case listColumn(String, version: Int?, column: ListColumn)
        /// Membership of a condition computed once for the run into a temporary table of keys.
        /// The checker never makes it: only SegCompile's view of a program for one run
        /// (`RunReads.view`) stands it in for a definition's body.
        case computedOnce(table: String)
        /// A model's score, by its id in `CheckedProgram.models`.
        case model(Int)
        /// `reasons(model, k)`: the top k features behind the score, as text.
        case reasons(Int, Int)
    }

    public var kind: Kind
    public var type: SegType
    /// Whether the SQL value can be NULL (a missing value). Conditions built with
    /// `and`/`or`/`not` are always two-valued.
    public var nullable: Bool
    /// Whether the value is personal data (LANGUAGE.md §5): read from a personal field, or
    /// computed from a personal value. Like `nullable`, it is part of the type: the checker
    /// decides it for names (fields, definitions, models) and every other expression derives
    /// it from its operands here, so no construction can forget it. Conditions are never
    /// personal (they may test personal values; what they print is yes or no).
    public var personal: Bool
    /// Whether the value is one as stored: a field, or a choice among stored values
    /// (`coalesce`, `if`'s branches, `min`/`max`/`first`/`last`). Only such a personal value
    /// keeps a recognisable shape when masked (`138****1111`, `1988-**-**`); a personal value
    /// computed otherwise (`birth_date + 200 days`, `year(birth_date)`) is hidden whole, since
    /// what a mask keeps of it could be walked through to recover the stored value.
    public var asStored: Bool
    public var span: Span

    /// `personal` and `asStored` are given for names (a field, a definition, a model); any
    /// other kind derives them from its operands.
    public init(_ kind: Kind, _ type: SegType, nullable: Bool, _ span: Span, personal: Bool? = nil, asStored: Bool? = nil) {
        self.kind = kind
        self.type = type
        self.nullable = nullable
        self.span = span
        self.personal = type != .bool && (personal ?? kind.carriesPersonalOperand)
        self.asStored = asStored ?? kind.passesStoredValue
    }

    public static func constant(_ l: Literal, _ span: Span) -> TypedExpr {
        TypedExpr(.literal(l), l.type, nullable: false, span)
    }
}

extension TypedExpr.Kind {
    /// Whether the value is one of its operands' values unchanged (`TypedExpr.asStored`).
    var passesStoredValue: Bool {
        func stored(_ x: TypedExpr) -> Bool { !x.personal || x.asStored }
        switch self {
        case .literal, .field, .relationField: return true
        case .conditional(_, let a, let b): return stored(a) && stored(b)
        case .call(let f, let args): return [.coalesce, .min, .max].contains(f) && args.allSatisfy(stored)
        case .aggregate(let a):
            switch a.kind {
            case .min, .max, .first, .last: return a.value.map(stored) ?? false
            default: return false
            }
        default: return false
        }
    }

    /// Whether the value is computed from a personal operand's value. A condition's outcome
    /// does not carry its operands (`if phone starts with "138" then "移动" else "其他"` is not
    /// personal), nor does a count of rows; names carry what the checker gave them.
    var carriesPersonalOperand: Bool {
        switch self {
        case .literal, .today, .field, .param, .definition, .relationField, .bucketOf, .savedList, .listColumn,
             .computedOnce, .model, .reasons, .not, .between, .inList, .isMissing, .stringMatch:
            return false
        case .negate(let x): return x.personal
        case .binary(_, let l, let r), .shiftDate(let l, let r, _), .daysBetween(let l, let r): return l.personal || r.personal
        case .conditional(_, let a, let b): return a.personal || b.personal
        case .call(_, let args): return args.contains { $0.personal }
        case .bucket(let x, _): return x.personal
        case .aggregate(let a):
            switch a.kind {
            case .count, .any, .distinctCount: return false
            case .sum, .avg, .min, .max, .first, .last: return a.value?.personal ?? false
            }
        case .ranking(let r): return r.value.personal
        }
    }
}

/// A rank of each entity among all entities (LANGUAGE.md §4), whatever the statement selects.
public struct Ranking: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `ntile(x, n)`: 1 … n, in order of x (ties broken by the key, so every engine agrees).
        case ntile(Int)
        /// `percent_rank(x)`: (rank − 1) / (entities ranked − 1), from 0 to 1.
        case percentRank
    }
    public var kind: Kind
    public var value: TypedExpr
}

/// A relation aggregate (LANGUAGE.md §4).
public struct Aggregate: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case count, sum, avg, min, max, distinctCount = "distinct_count", first, last, any
    }
    public var kind: Kind
    /// The relation's name in the entity.
    public var relation: String
    /// What is aggregated (`R.amount`); nil for `count(R)` and `any(R …)`.
    public var value: TypedExpr?
    public var filter: TypedExpr?
    public var window: WindowSpec?
}

/// Which of a relation's rows count, by their date. Bounds are dates known at compile time
/// or expressions over the entity.
public enum WindowSpec: Sendable, Equatable {
    /// `within N days|weeks|months|years`: `as_of - N < date <= as_of`.
    case within(Int, DurationUnit)
    /// `between d1 and d2`, both included.
    case between(TypedExpr, TypedExpr)
    /// `before d`: strictly earlier.
    case before(TypedExpr)
    /// `within N days after contact`: `contact_date <= date < contact_date + N`.
    case afterContact(Int, DurationUnit)
    /// `within N days before contact`: `contact_date - N <= date < contact_date`.
    case beforeContact(Int, DurationUnit)
}

/// A `define` or `segment`, checked.
public struct Definition: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable { case define, segment }
    public var id: Int
    public var name: String
    public var kind: Kind
    public var body: TypedExpr
    public var span: Span
    public var doc: String?
}

/// A column of output: its header and its value.
public struct OutputColumn: Sendable, Equatable {
    public var label: String
    public var expr: TypedExpr
    /// Personal data (LANGUAGE.md §5), from the value's type: masked unless the role may see it.
    public var personal: Bool { expr.personal }
    public init(label: String, expr: TypedExpr) {
        self.label = label
        self.expr = expr
    }
}

extension Entity {
    /// The key as a column of output: personal when the key is (a bank may key customers by
    /// their ID number), so it is masked on the way out like any personal value.
    public var keyColumn: OutputColumn {
        OutputColumn(label: key, expr: TypedExpr(.field(key), keyField?.type ?? .number, nullable: false, .none, personal: keyField?.pii ?? false))
    }
}

public struct CheckedAction: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `order`: (column, descending) with columns numbered as in the result: the `by`
        /// columns, then the count (`by.count`). Empty: by the groups, in their order.
        case count(by: [OutputColumn], order: [CountOrder] = [], limit: Int? = nil)
        case show(columns: [OutputColumn], orderBy: [(TypedExpr, Bool)], limit: Int)
        case explain
        /// `explain S for customer K`: each condition of S's tree, evaluated for one entity.
        case explainFor(key: Literal, nodes: [ExplainNode])
        case export(ExportDestination, columns: [OutputColumn])
        case assertCount(low: Double?, high: Double?, text: String)
        /// `expect count S …`: like `assert count`, reported as a test (`seg test`).
        case expectCount(low: Double?, high: Double?, text: String)
        /// `expect customer K [not] in S [because C]`: the target is S.
        case expectMember(key: Literal, negated: Bool, because: TypedExpr?, becauseText: String?, text: String)
        /// One field of a `profile`: segment and base counts per value. `base` nil is everyone.
        case profile(field: OutputColumn, base: TypedExpr?, baseText: String)
        /// `overlap`: every segment with its label; the action's target is `all`.
        case overlap([OutputColumn])
        /// `diff S against list L [version N]`
        case diff(list: String, version: Int?)
        /// `sample N from S seed "…"`: the N members with the lowest buckets.
        case sample(Int, seed: String, columns: [OutputColumn])
        /// A campaign to run; the target is its `target`.
        case campaign(CheckedCampaign)
        /// `explain CAMPAIGN for customer K`: each step of the campaign for one entity.
        case explainCampaign(CheckedCampaign, key: Literal)
        /// `evaluate campaign NAME response = c`: treatment against holdout in the list's latest version.
        case evaluateCampaign(name: String, listName: String, question: CheckedCampaignQuestion)
        /// `plan campaign NAME …`: the target is the campaign's; nothing is saved.
        case planCampaign(CheckedCampaign, question: CheckedCampaignQuestion, plan: CampaignPlanTerms)
        /// `evaluate MODEL on S against LABEL [vs S2]`: the target is S; `base` is S2.
        case evaluateModel(Int, label: TypedExpr, base: TypedExpr?, text: String)
        /// `build tags [MODULE, …]`: none named, the script's own definitions and its modules'.
        case buildTags([UseTarget])

        public static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case (.count(let x, let o, let l), .count(let y, let p, let m)): return x == y && o == p && l == m
            case (.show(let c1, let o1, let l1), .show(let c2, let o2, let l2)):
                return c1 == c2 && l1 == l2 && o1.count == o2.count && zip(o1, o2).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            case (.explain, .explain): return true
            case (.explainFor(let k, let n), .explainFor(let l, let m)): return k == l && n == m
            case (.export(let d1, let c1), .export(let d2, let c2)): return d1 == d2 && c1 == c2
            case (.assertCount(let a, let b, let t), .assertCount(let c, let d, let u)): return a == c && b == d && t == u
            case (.expectCount(let a, let b, let t), .expectCount(let c, let d, let u)): return a == c && b == d && t == u
            case (.expectMember(let k, let n, let b, let bt, let t), .expectMember(let l, let m, let c, let ct, let u)):
                return k == l && n == m && b == c && bt == ct && t == u
            case (.profile(let f, let b, let t), .profile(let g, let c, let u)): return f == g && b == c && t == u
            case (.overlap(let a), .overlap(let b)): return a == b
            case (.diff(let l, let v), .diff(let m, let w)): return l == m && v == w
            case (.sample(let n, let s, let c), .sample(let m, let t, let d)): return n == m && s == t && c == d
            case (.campaign(let a), .campaign(let b)): return a == b
            case (.explainCampaign(let a, let k), .explainCampaign(let b, let l)): return a == b && k == l
            case (.evaluateCampaign(let a, let l, let r), .evaluateCampaign(let b, let m, let s)): return a == b && l == m && r == s
            case (.planCampaign(let a, let q, let p), .planCampaign(let b, let r, let t)): return a == b && q == r && p == t
            case (.evaluateModel(let a, let l, let b, let t), .evaluateModel(let c, let m, let d, let u)): return a == c && l == m && b == d && t == u
            case (.buildTags(let a), .buildTags(let b)): return a == b
            default: return false
            }
        }
    }
    public var kind: Kind
    /// `explain …` in every form: it only reads.
    public var isExplain: Bool {
        switch kind {
        case .explain, .explainFor, .explainCampaign: return true
        default: return false
        }
    }
    /// Whether the action writes outside the list store: a file, a table, a tag table.
    public var exportsBesideTheStore: Bool {
        switch kind {
        case .export(.csv, _), .export(.jsonl, _), .export(.table, _), .buildTags: return true
        default: return false
        }
    }
    /// Whether the action saves something: a list, a file, a table, a campaign, a tag table.
    public var writes: Bool {
        switch kind {
        case .export, .campaign, .buildTags: return true
        default: return false
        }
    }
    /// The condition the action runs on.
    public var target: TypedExpr
    /// Every expression the action evaluates: its target, columns, orderings and labels.
    public var expressions: [TypedExpr] {
        var out = [target]
        switch kind {
        case .count(let by, _, _): out += by.map(\.expr)
        case .show(let columns, let order, _): out += columns.map(\.expr) + order.map(\.0)
        case .explainFor(_, let nodes): out += nodes.map(\.expr)
        case .export(_, let columns), .overlap(let columns), .sample(_, _, let columns): out += columns.map(\.expr)
        case .profile(let field, let base, _): out += [field.expr] + (base.map { [$0] } ?? [])
        case .evaluateCampaign(_, _, let question): out += question.expressions
        case .planCampaign(let c, let question, _): out += [c.target] + question.expressions
        case .evaluateModel(let id, let label, let base, _):
            // The score too: its inputs are read (from a tag table, when they are tags).
            out += [TypedExpr(.model(id), .number, nullable: false, span), label] + (base.map { [$0] } ?? [])
        case .expectMember(_, _, let because, _, _): out += because.map { [$0] } ?? []
        case .explain, .assertCount, .expectCount, .diff, .campaign, .explainCampaign, .buildTags: break
        }
        if let label = snapshots?.label { out.append(label.condition) }
        return out
    }
    /// A training set (`export … as of [d1, …] label L = C after N days`): each date's rows
    /// computed as of that date, the label as of the date plus the horizon.
    public var snapshots: CheckedSnapshots?
    /// The segment's name when the target is one segment (names lists and files).
    public var targetName: String?
    /// The source text of the target, for messages and headers.
    public var targetText: String
    public var span: Span

    public init(kind: Kind, target: TypedExpr, targetName: String?, targetText: String, span: Span) {
        self.kind = kind
        self.target = target
        self.targetName = targetName
        self.targetText = targetText
        self.span = span
    }
}

/// A training set's dates (ISO, in the order written) and its label.
public struct CheckedSnapshots: Sendable, Equatable {
    public struct Label: Sendable, Equatable {
        public var name: String
        public var condition: TypedExpr
        /// How long after each date the label looks: `after 30 days` is (30, .days).
        public var amount: Int
        public var unit: DurationUnit
        public init(name: String, condition: TypedExpr, amount: Int, unit: DurationUnit) {
            self.name = name
            self.condition = condition
            self.amount = amount
            self.unit = unit
        }

        /// The date the label of a snapshot dated `d` is read as of (months clamp to the month's end).
        public func labelDate(_ d: CivilDate) -> CivilDate { d.adding(amount, unit) }
    }
    public var dates: [String]
    public var label: Label?
    public init(dates: [String], label: Label?) {
        self.dates = dates
        self.label = label
    }
}

/// The columns a saved list keeps beside its members (campaign lists: the group and the rank).
public enum ListColumn: String, Sendable, Equatable {
    case group, rank
}

/// An edge of `bucket(x, [...])`: its value, and how labels write it — in the units the
/// script used (`100万` stays `100万`; `bucket(aum, [100万, 1000万])` → "100万-1000万").
public struct BucketEdge: Sendable, Equatable {
    public var value: Double
    public var label: String
    /// The edge of a bucket of dates (`bucket(open_date, [2020-01-01])`), as ISO text; `value`
    /// is then its day number, which orders the edges.
    public var date: String?
    public init(value: Double, label: String, date: String? = nil) {
        self.value = value
        self.label = label
        self.date = date
    }
}

/// One key of `count … by … order by`: a result column and its direction.
public struct CountOrder: Sendable, Equatable {
    public var column: Int
    public var descending: Bool
    public init(column: Int, descending: Bool) {
        self.column = column
        self.descending = descending
    }
}

/// One line of `explain … for customer`: a condition (or value) and how deep it sits.
public struct ExplainNode: Sendable, Equatable {
    public var label: String
    public var depth: Int
    public var expr: TypedExpr
    /// For a comparison, the value it tested (`aum` in `aum >= 500k`), shown beside the result.
    public var tested: TypedExpr?
}

/// A parameter with the value this run uses.
public struct Parameter: Sendable, Equatable {
    public var name: String
    public var type: SegType
    public var value: Literal
    public var span: Span
}

/// The output of SegCheck and the input of SegCompile: every name resolved, every type known.
public struct CheckedProgram: Sendable {
    public var entity: Entity
    public var definitions: [Definition] = []
    public var parameters: [String: Parameter] = [:]
    /// The actions to run, in order.
    public var actions: [CheckedAction] = []
    /// The script's `version "…"`, recorded with every list it exports.
    public var version: String?
    /// Campaigns by name, for `explain` and `evaluate`.
    public var campaigns: [String: CheckedCampaign] = [:]
    /// Models and scorecards, by id; `modelNames` finds them by name.
    public var models: [CheckedModel] = []
    public var modelNames: [String: Int] = [:]
    public init(entity: Entity) { self.entity = entity }

    public func definition(_ id: Int) -> Definition { definitions[id] }
    /// The expression a chain of definitions stands for.
    public func bare(_ e: TypedExpr) -> TypedExpr {
        var e = e
        while case .definition(let id) = e.kind { e = definitions[id].body }
        return e
    }
    /// The personal field a personal value is computed from (for messages and the ledger).
    public func personalSource(_ e: TypedExpr) -> String? {
        guard e.personal else { return nil }
        switch e.kind {
        case .field(let f), .relationField(let f): return f
        case .definition(let id): return personalSource(definitions[id].body)
        case .model(let id): return models[id].inputs.lazy.compactMap { self.personalSource($0) }.first
        case .negate(let x), .bucket(let x, _): return personalSource(x)
        case .ranking(let r): return personalSource(r.value)
        case .binary(_, let l, let r), .shiftDate(let l, let r, _), .daysBetween(let l, let r), .conditional(_, let l, let r):
            return personalSource(l) ?? personalSource(r)
        case .call(_, let args): return args.lazy.compactMap { self.personalSource($0) }.first
        case .aggregate(let a): return a.value.flatMap { personalSource($0) }
        default: return nil
        }
    }

    /// The latest definition with this name.
    public func definition(named name: String) -> Definition? { definitions.last { $0.name == name } }
}

/// A `model` or `scorecard`, loaded and bound: one input expression per feature.
public struct CheckedModel: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var model: Model
    public var inputs: [TypedExpr]
    /// Names the model's SQL functions: the same for the same statement and file.
    public var token: String
    public var span: Span
    public var doc: String?
}

/// What a campaign is judged on (`evaluate campaign`, `plan campaign`), checked.
public struct CheckedCampaignQuestion: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// A yes/no response: rates, uplift, Qini.
        case response(TypedExpr)
        /// A number per customer: difference in means (Welch), CUPED with a covariate.
        case measure(TypedExpr, adjustedBy: TypedExpr?, covariateText: String?)
    }
    public var outcome: Outcome
    /// `by decile(SCORE)`: read as of the contact date, as the campaign saw it.
    public var score: TypedExpr?
    public var scoreText: String?

    public init(outcome: Outcome, score: TypedExpr? = nil, scoreText: String? = nil) {
        self.outcome = outcome
        self.score = score
        self.scoreText = scoreText
    }

    /// The values read per customer after the key, in this order: outcome, then covariate.
    public var expressions: [TypedExpr] {
        switch outcome {
        case .response(let r): return [r] + (score.map { [$0] } ?? [])
        case .measure(let m, let c, _): return [m] + (c.map { [$0] } ?? []) + (score.map { [$0] } ?? [])
        }
    }

    /// The outcome and its covariate: what one query per customer reads.
    public var read: [TypedExpr] {
        switch outcome {
        case .response(let r): return [r]
        case .measure(let m, let c, _): return [m] + (c.map { [$0] } ?? [])
        }
    }

    public var isResponse: Bool {
        if case .response = outcome { return true }
        return false
    }
}

/// A plan's terms: the uplift to detect (absent: the smallest detectable one is reported),
/// the power and the two-sided significance level.
public struct CampaignPlanTerms: Sendable, Equatable {
    public var uplift: Double?
    public var power: Double
    public var significance: Double
    public init(uplift: Double?, power: Double = 0.8, significance: Double = 0.05) {
        self.uplift = uplift
        self.power = power
        self.significance = significance
    }
}
