// The syntax tree: value types, every node with the span of the text it came from.

/// A name as written, with where it was written.
public struct Name: Sendable, Equatable, Hashable {
    public var text: String
    public var span: Span
    public init(_ text: String, _ span: Span) { self.text = text; self.span = span }
}

public enum UnaryOp: String, Sendable, Equatable { case not, negate = "-" }

public enum BinaryOp: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: return true
        default: return false
        }
    }
}

public enum StringOp: String, Sendable, Equatable {
    case contains, startsWith = "starts with", endsWith = "ends with"
}

/// The time window of a relation aggregate (LANGUAGE.md §4).
public struct Window: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `within 30 days`: the last N units up to `as_of`.
        case within(Expr)
        /// `between d1 and d2`, both ends included.
        case between(Expr, Expr)
        /// `before d`: strictly earlier.
        case before(Expr)
    }
    public var kind: Kind
    /// `after contact`: the window is anchored at a campaign's contact date.
    public var afterContact: Bool
    /// `within N days before contact`: the N days up to the day before the contact date.
    public var beforeContact = false
    public var span: Span
}

/// An expression. `kind` says what it is; `span` covers all of its text.
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// `42`, `500k`, `10%` — already scaled.
        case number(Double)
        case string(String)
        case bool(Bool)
        /// `2026-11-01`
        case date(String)
        /// `30 days`, `30d`
        case duration(Double, DurationUnit)
        /// The run's reference date.
        case today
        /// Every entity.
        case all
        /// A field, define, segment, model or param.
        case name(String)
        /// `relation.field`
        case member(Expr, Name)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        /// `x [not] between a and b`, both ends included.
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        /// `x [not] in [a, b]`
        case inList(Expr, [Expr], negated: Bool)
        /// `x is [not] missing`
        case isMissing(Expr, negated: Bool)
        /// `s contains "x"`, `s starts with "x"`, `s ends with "x"`
        case stringMatch(StringOp, Expr, Expr)
        /// `if c then a else b`
        case conditional(Expr, then: Expr, else: Expr)
        /// `f(args)`; relation aggregates also take `where c` and a window.
        case call(Name, [Expr], filter: Expr?, window: Window?)
        /// `[25, 35, 45]`
        case list([Expr])
        /// `in list L [version N]`: membership of a saved list (the latest version unless named).
        case savedList(Name, version: Int?)
    }

    public var kind: Kind
    public var span: Span
    public init(_ kind: Kind, _ span: Span) { self.kind = kind; self.span = span }
}

public struct OrderItem: Sendable, Equatable {
    public var expr: Expr
    public var descending: Bool
}

public enum ExportDestination: Sendable, Equatable {
    /// `excel`: for Excel (UTF-8 with a byte-order mark), else RFC 4180.
    case csv(path: String, span: Span, excel: Bool = false)
    case jsonl(path: String, span: Span)
    /// `to list [NAME]`: a versioned list, named after the segment when no name is given.
    case list(Name?)
    case table(Name)
}

/// A statement that does something with a segment. `target` is nil when the action
/// trails a `segment` statement and so runs on it.
public struct Action: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `count S by a, b [order by count desc, a] [limit N]`: in `orderBy`, the word `count`
        /// is the name `count` (the keyword cannot name anything else).
        case count(by: [Expr], orderBy: [OrderItem] = [], limit: Int? = nil)
        case show(columns: [Expr], orderBy: [OrderItem], limit: Int?)
        /// `explain S [for customer K]`
        case explain(forKey: Expr?)
        case export(ExportDestination, columns: [Expr])
        /// `assert count S between a and b` / `assert count S >= n`
        case assertCount(AssertBound)
        /// `profile S by f, g [vs B]`: shares of each value in S against the base, with TGI.
        case profile(by: [Expr], base: Expr?)
        /// `overlap A, B, C`: the target is A; `others` are the rest.
        case overlap(others: [Expr])
        /// `diff S against list L [version N]`: who entered and who left since a saved version.
        case diff(list: Name, version: Int?)
        /// `sample N from S seed "…" [with …]`: N members picked by their bucket (LANGUAGE.md §3).
        case sample(Int, seed: String, columns: [Expr])
        /// `expect count S between a and b` / `expect count S >= n`: a test (`seg test`).
        case expectCount(AssertBound)
        /// `expect customer K [not] in S [because C]`: the target is S; `entityWord` is the
        /// entity's name as written (`customer`).
        case expectMember(entityWord: Name, key: Expr, negated: Bool, because: Expr?)
        /// `build tags [MODULE, …]`: the definitions of the named modules (of the script itself
        /// and what it uses, when none are named) computed into a tag table when the run commits.
        case buildTags([UseTarget])
    }
    public var kind: Kind
    public var target: Expr?
    public var span: Span
    /// Where the action's keyword is, for messages about the action itself.
    public var keywordSpan: Span
    /// `export S to csv "f" with … as of [d1, d2, …] [label L = C after N days]`: a training set.
    public var snapshots: Snapshots? = nil
}

/// A training set's dates and label (LANGUAGE.md §3, "Training snapshots"): one row per member
/// of S and date, every column computed as of that date, the label as of the date plus the
/// horizon — so no row reads anything after its date, and the label only the window after it.
public struct Snapshots: Sendable, Equatable {
    public struct Label: Sendable, Equatable {
        public var name: Name
        public var condition: Expr
        /// A duration: `after 30 days`.
        public var horizon: Expr
    }
    public var dates: [Expr]
    public var label: Label?
    public var span: Span
}

public enum AssertBound: Sendable, Equatable {
    case between(Expr, Expr)
    case compare(BinaryOp, Expr)
}

public enum TypeName: String, Sendable, Equatable, CaseIterable {
    case number, string, bool, date, duration
}

public enum UseTarget: Sendable, Equatable {
    /// `use stdlib.bank`
    case module([String])
    /// `use "shared/tags.seg"`
    case file(String)
    /// `use entity account`
    case entity(Name)
}

/// `entity customer from table customers key customer_id` and its indented clauses.
public struct EntityDecl: Sendable, Equatable {
    public struct FieldDecl: Sendable, Equatable {
        /// `field transactions.counterparty_name pii`: a column of a relation; nil for the
        /// entity's own table.
        public var relation: Name? = nil
        public var name: Name
        /// `pii` true, `not pii` false, nil: the default policy decides.
        public var pii: Bool?
    }
    /// `has many R from table T on K [dated by D]`
    public struct RelationDecl: Sendable, Equatable {
        public var name: Name
        public var table: Name
        public var key: Name
        public var datedBy: Name?
    }
    public var name: Name
    public var table: Name
    public var key: Name
    public var fields: [FieldDecl]
    public var relations: [RelationDecl]
}

public struct Statement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case entity(EntityDecl)
        case version(String)
        case use(UseTarget)
        case param(Name, type: TypeName?, typeSpan: Span?, defaultValue: Expr?)
        case define(Name, Expr)
        /// `segment N where c`, `segment N from S where c`, `segment N = c`, with an optional trailing action.
        case segment(Name, from: Name?, condition: Expr, action: Action?)
        case action(Action)
        case campaign(CampaignDecl)
        /// `evaluate campaign NAME response = CONDITION [by decile(SCORE)]`, or `… on MEASURE
        /// [adjusted by COVARIATE]`.
        case evaluateCampaign(Name, CampaignQuestion)
        /// `plan campaign NAME response = CONDITION [uplift U] [power P] [significance A]`:
        /// the uplift the campaign can detect, or the holdout a stated uplift needs.
        case planCampaign(Name, CampaignQuestion, uplift: Expr?, power: Expr?, significance: Expr?)
        /// `split S into a 50%, b 50% seed "…"`: segments cut from S by bucket.
        case split(Expr, parts: [SplitPart], seed: String)
        /// `model NAME = "file" [format F] [inputs (feature = expr, …)]`
        case model(ModelDecl)
        case scorecard(ScorecardDecl)
        /// `evaluate MODEL on S against LABEL [vs S2]`
        case evaluateModel(Name, on: Expr, against: Expr, vs: Expr?)
    }
    public var kind: Kind
    public var span: Span
    /// The `--` comment directly above, shown as the description in the REPL.
    public var doc: String?
    /// Spliced in from a used file (`use`): it declares, it never runs — a used file's
    /// campaign can be explained, expected and evaluated, and saves nothing.
    public var fromUsedFile = false
}

/// What a campaign is judged on: a yes/no response, or a number (with a pre-contact
/// covariate for CUPED), optionally broken down by deciles of a score.
public struct CampaignQuestion: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// `response = CONDITION`
        case response(Expr)
        /// `on MEASURE [adjusted by COVARIATE]`
        case measure(Expr, adjustedBy: Expr?)
    }
    public var outcome: Outcome
    /// `by decile(SCORE)`
    public var byDecile: Expr?
    public init(outcome: Outcome, byDecile: Expr? = nil) {
        self.outcome = outcome
        self.byDecile = byDecile
    }
}

/// `campaign NAME` and its clauses (LANGUAGE.md §3 "Campaigns"), in the order written.
public struct CampaignDecl: Sendable, Equatable {
    public enum Clause: Sendable, Equatable {
        case priority(Int)
        case target(Expr)
        /// `exclude S`, `exclude in list L`, or any condition.
        case exclude(Expr)
        /// `exclude contacted [via CHANNEL] within N days`
        case excludeContacted(channel: Name?, within: Expr)
        /// `cap K contacts [via CHANNEL] per N days`
        case cap(Int, channel: Name?, per: Expr)
        /// `holdout P% seed "…"`
        case holdout(Expr, seed: String)
        case rankBy(Expr, descending: Bool)
        /// `limit N` or `limit N per FIELD`
        case limit(Int, per: Expr?)
        case channel(Name)
        case export(ExportDestination, columns: [Expr])
    }
    public struct Item: Sendable, Equatable {
        public var clause: Clause
        public var span: Span
    }
    public var name: Name
    public var items: [Item]
}

/// `model churn_risk = "models/churn.json" [format xgboost] [inputs (tenure = months_since(open_date))]`
public struct ModelDecl: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        public var feature: Name
        public var value: Expr
    }
    public var name: Name
    public var path: String
    public var pathSpan: Span
    public var format: Name?
    public var inputs: [Input]
}

/// `scorecard NAME base N` and its lines `feature: bin -> points, …` (LANGUAGE.md §3).
public struct ScorecardDecl: Sendable, Equatable {
    public enum Test: Sendable, Equatable {
        /// `under a`: x < a
        case under(Expr)
        /// `a to b`: a <= x <= b
        case range(Expr, Expr)
        /// `v`: x = v
        case value(Expr)
        case missing
        /// `else`: anything left, a missing value included when no `missing` bin came first.
        case otherwise
    }
    public struct Bin: Sendable, Equatable {
        public var test: Test
        public var points: Expr
        public var span: Span
    }
    public struct Line: Sendable, Equatable {
        public var feature: Name
        public var bins: [Bin]
    }
    public var name: Name
    public var base: Expr
    public var lines: [Line]
}

/// One segment of a `split`: `a 50%`.
public struct SplitPart: Sendable, Equatable {
    public var name: Name
    public var share: Expr
    public init(name: Name, share: Expr) { self.name = name; self.share = share }
}

/// A parsed file.
public struct Program: Sendable, Equatable {
    public var statements: [Statement]
    /// Names of definitions whose statements had syntax errors: the checker stays quiet
    /// about their uses instead of calling them unknown.
    public var brokenNames: Set<String> = []
    /// A `use` could not be read: any unknown name may have been defined there, so the
    /// checker reports the `use`, not each name.
    public var missingModule = false
    public init(statements: [Statement]) { self.statements = statements }
}
