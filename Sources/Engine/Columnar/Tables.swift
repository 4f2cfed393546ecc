import Model

/// A dimension a fact row carries as a column of codes (the time grains come from its date).
/// Codes index the dimension's `StringTable` (region, team, category, segment, channel) or its
/// entity table (rep, product, customer: code = position in `reps`, `products`, `customers`);
/// 0 is always "no value".
enum Attribute: String, CaseIterable, Sendable {
    case region, team, rep, product, category, customer, segment, channel
}

/// A fact table's shape for grouping: how many rows and which attribute columns it carries.
protocol FactTable {
    var count: Int { get }
    /// The codes of `attribute` per row, nil when the fact does not carry it.
    func column(_ attribute: Attribute) -> Vector<Int32>?
}

/// A fact about a rep and a customer (activities, surveys): it carries region, team, rep,
/// customer and segment, not product, category or channel.
protocol RepAndCustomerFact: FactTable {
    var region: Vector<Int32> { get }
    var team: Vector<Int32> { get }
    var rep: Vector<Int32> { get }
    var customer: Vector<Int32> { get }
    var segment: Vector<Int32> { get }
}

extension RepAndCustomerFact {
    func column(_ attribute: Attribute) -> Vector<Int32>? {
        switch attribute {
        case .region: region
        case .team: team
        case .rep: rep
        case .customer: customer
        case .segment: segment
        case .product, .category, .channel: nil
        }
    }
}

// MARK: - Entities

/// Reps by code (code 0 is "no rep"): names, team and region codes.
struct RepTable: Sendable {
    var names = NameList()
    /// Each code's place in the byte order of the names (the tie order of a ranking); Int32.max
    /// for code 0.
    @Checked var nameRank: Vector<Int32> = [Int32.max]
    @Checked var team: Vector<Int32> = [0]
    @Checked var region: Vector<Int32> = [0]
    /// Day numbers of hire and leaving; `Int32.min` when the hire date is unknown, `Int32.max`
    /// while on the books.
    @Checked var hired: Vector<Int32> = [Int32.min]
    @Checked var left: Vector<Int32> = [Int32.max]
    var count: Int { names.count }

    /// Whether the rep at `code` was on the books at some time in `start...end`.
    func isOnTheBooks(_ code: Int, from start: Day, through end: Day) -> Bool {
        hired[code] <= end.number && left[code] >= start.number
    }
}

struct CustomerTable: Sendable {
    var names = NameList()
    /// Each code's place in the byte order of the names (the tie order of a ranking); Int32.max
    /// for code 0.
    @Checked var nameRank: Vector<Int32> = [Int32.max]
    @Checked var region: Vector<Int32> = [0]
    @Checked var segment: Vector<Int32> = [0]
    var count: Int { names.count }
}

struct ProductTable: Sendable {
    var names = NameList()
    /// Each code's place in the byte order of the names (the tie order of a ranking); Int32.max
    /// for code 0.
    @Checked var nameRank: Vector<Int32> = [Int32.max]
    @Checked var category: Vector<Int32> = [0]
    var count: Int { names.count }
}

// MARK: - Facts

/// Order lines sorted by date. Per-row team, category and segment are looked up once on load
/// from the rep, product and customer, so that no query joins.
struct OrderTable: FactTable, Sendable {
    @Checked var date: Vector<Int32> = []
    /// Orders numbered 0, 1, … in date order; a line without `order_no` is an order of its own.
    @Checked var order: Vector<Int32> = []
    @Checked var customer: Vector<Int32> = []
    @Checked var rep: Vector<Int32> = []
    @Checked var product: Vector<Int32> = []
    @Checked var region: Vector<Int32> = []
    @Checked var channel: Vector<Int32> = []
    @Checked var team: Vector<Int32> = []
    @Checked var category: Vector<Int32> = []
    @Checked var segment: Vector<Int32> = []
    @Checked var quantity: Vector<Double> = []
    @Checked var amount: Vector<Double> = []
    /// NaN where the line has no cost (gross profit and margin skip it).
    @Checked var cost: Vector<Double> = []
    /// 1 where the line falls on its customer's first order day (new customers), else 0.
    @Checked var firstOrderDay: Vector<UInt8> = []
    /// How many orders `order` numbers.
    var orderCount = 0

    var count: Int { $date.count }

    func column(_ attribute: Attribute) -> Vector<Int32>? {
        switch attribute {
        case .region: region
        case .team: team
        case .rep: rep
        case .product: product
        case .category: category
        case .customer: customer
        case .segment: segment
        case .channel: channel
        }
    }
}

/// The workspace's pipeline (METRICS.md, "Stages"): its open stages in funnel order, then won,
/// then lost. Deals carry a stage as its position here, so a CRM's own stages (Prospecting →
/// Engaging, 初步接洽 → 需求确认 → …) work as the default ones do.
///
///     let pipeline = Pipeline(openStages: ["Prospecting", "Engaging"])
///     pipeline.code("won")   // 2
struct Pipeline: Equatable, Sendable {
    /// The open stages by the names `opportunities.stage` stores.
    var openStages: [String]

    /// lead → qualified → proposal → negotiation, when the workspace declares no pipeline.
    static let standard = Pipeline(openStages: ["lead", "qualified", "proposal", "negotiation"])

    var won: Int8 { Int8(openStages.count) }
    var lost: Int8 { won + 1 }
    /// The last open stage: where a deal won after the as-of date still stood then.
    var lastOpen: Int8 { max(0, won - 1) }

    /// The stages a deal passes through, the first open one to won.
    var funnel: [String] { openStages + ["won"] }

    func code(_ name: String) -> Int8? {
        if name == "won" { return won }
        if name == "lost" { return lost }
        return openStages.firstIndex(of: name).map(Int8.init)
    }

    func isOpen(_ code: Int8) -> Bool { code >= 0 && code < won }
}

/// Opportunities sorted by closed date, open deals last. Missing dates are `Int32.max`, so
/// that "created ≤ end" fails and "closed > end" holds, as they do for a deal not yet created or
/// still open.
struct OpportunityTable: FactTable, Sendable {
    @Checked var created: Vector<Int32> = []
    @Checked var closed: Vector<Int32> = []
    @Checked var customer: Vector<Int32> = []
    @Checked var rep: Vector<Int32> = []
    @Checked var product: Vector<Int32> = []
    @Checked var stage: Vector<Int8> = []
    /// The furthest open stage a lost deal reached; -1 when not recorded.
    @Checked var lostStage: Vector<Int8> = []
    @Checked var amount: Vector<Double> = []
    @Checked var region: Vector<Int32> = []
    @Checked var team: Vector<Int32> = []
    @Checked var category: Vector<Int32> = []
    @Checked var segment: Vector<Int32> = []

    var count: Int { $created.count }

    static let noDate = Int32.max

    func column(_ attribute: Attribute) -> Vector<Int32>? {
        switch attribute {
        case .region: region
        case .team: team
        case .rep: rep
        case .product: product
        case .category: category
        case .customer: customer
        case .segment: segment
        case .channel: nil
        }
    }
}

/// Activity types of METRICS.md, by code.
enum ActivityType: Int8, CaseIterable, Sendable {
    case call, visit, demo, followUp, email

    init?(name: String) {
        switch name {
        case "call": self = .call
        case "visit": self = .visit
        case "demo": self = .demo
        case "follow_up": self = .followUp
        case "email": self = .email
        default: return nil
        }
    }
}

/// Activities sorted by date.
struct ActivityTable: RepAndCustomerFact, Sendable {
    @Checked var date: Vector<Int32> = []
    @Checked var customer: Vector<Int32> = []
    @Checked var rep: Vector<Int32> = []
    /// `ActivityType` raw values; -1 for a type kpish does not know.
    @Checked var type: Vector<Int8> = []
    @Checked var region: Vector<Int32> = []
    @Checked var team: Vector<Int32> = []
    @Checked var segment: Vector<Int32> = []

    var count: Int { $date.count }
}

/// Surveys sorted by date; NaN where a score or complaint flag is missing.
struct SurveyTable: RepAndCustomerFact, Sendable {
    @Checked var date: Vector<Int32> = []
    @Checked var customer: Vector<Int32> = []
    @Checked var rep: Vector<Int32> = []
    @Checked var score: Vector<Double> = []
    @Checked var complaint: Vector<Double> = []
    @Checked var region: Vector<Int32> = []
    @Checked var team: Vector<Int32> = []
    @Checked var segment: Vector<Int32> = []

    var count: Int { $date.count }
}

enum ReviewKind: Int8, Sendable {
    case collaboration, communication
}

/// Monthly reviews: the reviewed rep, the month's first and last day, the kind and score.
struct ReviewTable: FactTable, Sendable {
    @Checked var monthStart: Vector<Int32> = []
    @Checked var monthEnd: Vector<Int32> = []
    @Checked var rep: Vector<Int32> = []
    /// `ReviewKind` raw values; -1 for another kind.
    @Checked var kind: Vector<Int8> = []
    @Checked var score: Vector<Double> = []
    @Checked var region: Vector<Int32> = []
    @Checked var team: Vector<Int32> = []

    var count: Int { $rep.count }

    func column(_ attribute: Attribute) -> Vector<Int32>? {
        switch attribute {
        case .region: region
        case .team: team
        case .rep: rep
        default: nil
        }
    }
}

/// One row of `targets`.
struct TargetRow: Equatable, Sendable {
    var metric: String
    var scope: String
    var scopeValue: String?
    var start: Day
    var end: Day
    var value: Double
}

// MARK: - The workspace in columns

/// The workspace's facts in columns, with the dictionaries their codes index.
struct Columns: Sendable {
    var regions = StringTable()
    var teams = StringTable()
    var categories = StringTable()
    var segments = StringTable()
    var channels = StringTable()
    var reps = RepTable()
    var customers = CustomerTable()
    var products = ProductTable()
    var orders = OrderTable()
    var opportunities = OpportunityTable()
    var activities = ActivityTable()
    var surveys = SurveyTable()
    var reviews = ReviewTable()
    var pipeline = Pipeline.standard
    /// The snapshot file the columns are mapped from, if they are.
    var snapshot: MappedFile?

    /// Whether a column read from the snapshot failed its checksum: answers computed since may
    /// be wrong, and the columns must be loaded again from SQLite.
    var isDamaged: Bool { snapshot?.isDamaged ?? false }

    /// The size of a table indexed by the attribute's codes (NULL code included).
    func cardinality(_ attribute: Attribute) -> Int {
        switch attribute {
        case .region: regions.count
        case .team: teams.count
        case .category: categories.count
        case .segment: segments.count
        case .channel: channels.count
        case .rep: reps.count
        case .product: products.count
        case .customer: customers.count
        }
    }

    /// The text of a code; nil for "no value".
    func label(_ attribute: Attribute, _ code: Int32) -> String? {
        guard code > 0 else { return nil }
        switch attribute {
        case .region: return regions.label(code)
        case .team: return teams.label(code)
        case .category: return categories.label(code)
        case .segment: return segments.label(code)
        case .channel: return channels.label(code)
        case .rep: return reps.names[Int(code)]
        case .product: return products.names[Int(code)]
        case .customer: return customers.names[Int(code)]
        }
    }

    /// The names of an attribute's codes, "" for code 0 (no value).
    /// The names by code, each made into a String when asked for: an answer of 60k customers
    /// decodes theirs, not all 100k.
    func nameList(_ attribute: Attribute) -> NameList {
        switch attribute {
        case .rep: reps.names
        case .product: products.names
        case .customer: customers.names
        default: NameList(names(attribute))
        }
    }

    func names(_ attribute: Attribute) -> [String] {
        switch attribute {
        case .region: regions.values
        case .team: teams.values
        case .category: categories.values
        case .segment: segments.values
        case .channel: channels.values
        case .rep: reps.names.all
        case .product: products.names.all
        case .customer: customers.names.all
        }
    }

    /// The known values of an attribute, in code order without repeats.
    func members(_ attribute: Attribute) -> [String] {
        switch attribute {
        case .region: return Array(regions.members)
        case .team: return Array(teams.members)
        case .category: return Array(categories.members)
        case .segment: return Array(segments.members)
        case .channel: return Array(channels.members)
        case .rep: return Array(reps.names.all.dropFirst())
        case .product: return Array(products.names.all.dropFirst())
        case .customer:
            // Not de-duplicated: two customers may share a name, and a repeated value is harmless
            // to the recognisers, while hashing 100k Chinese names (String hashing normalises
            // Unicode) was the slowest step of a one-shot answer.
            return Array(customers.names.all.dropFirst())
        }
    }

    /// Whether each code of `attribute` passes a filter's values; code 0 (no value) never
    /// passes, as NULL fails every comparison in SQL.
    func mask(_ attribute: Attribute, matching values: Set<String>, negated: Bool) -> [Bool] {
        (0..<cardinality(attribute)).map { code in
            guard let label = label(attribute, Int32(code)) else { return false }
            return values.contains(label) != negated
        }
    }
}
