import Foundation
import Model
import Store

/// Builds `Columns` from a fact source's tables.
enum ColumnLoader {
    /// Loads on two connections at once: orders on one, the other facts on the other (they
    /// read the entity tables but add no dimension values, so the two halves merge as they are).
    static func load(from source: any FactSource) throws -> Columns {
        var columns = Columns()
        let ids = try source.readFacts { reader in try loadEntities(reader, into: &columns) }
        let halves = Halves(columns)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            do {
                if half == 0 {
                    var orders = halves.base
                    try source.readFacts { try loadOrders($0, ids, into: &orders) }
                    halves.orders = orders
                } else {
                    var others = halves.base
                    try source.readFactsOnOwnConnection { try loadFactsBesideOrders($0, ids, into: &others) }
                    halves.others = others
                }
            } catch {
                halves.error = error
            }
        }
        if let error = halves.error { throw error }
        guard var merged = halves.orders, let others = halves.others else { return columns }
        merged.opportunities = others.opportunities
        merged.pipeline = others.pipeline
        merged.activities = others.activities
        merged.surveys = others.surveys
        merged.reviews = others.reviews
        merged.deriveColumns()
        return merged
    }

    /// Loads every table in one read transaction (one moment of the workspace), on one core.
    static func loadInOneTransaction(from source: any FactSource) throws -> Columns {
        try source.readFacts { reader in
            var columns = Columns()
            let ids = try loadEntities(reader, into: &columns)
            try loadOrders(reader, ids, into: &columns)
            try loadFactsBesideOrders(reader, ids, into: &columns)
            columns.deriveColumns()
            return columns
        }
    }

    /// The two halves of a parallel load, written by one thread each.
    private final class Halves: @unchecked Sendable {
        let base: Columns
        var orders: Columns?
        var others: Columns?
        var error: (any Error)?

        init(_ base: Columns) { self.base = base }
    }

    private static func loadEntities(_ reader: some FactReader, into columns: inout Columns) throws -> EntityIDs {
        let reps = try loadReps(reader, into: &columns)
        let customers = try loadCustomers(reader, into: &columns)
        let products = try loadProducts(reader, into: &columns)
        return EntityIDs(reps: reps, customers: customers, products: products)
    }

    /// Revenue targets and any others, as stored.
    static func loadTargets(from source: any FactSource) throws -> [TargetRow] {
        try source.readFacts { reader in
            var rows: [TargetRow] = []
            try reader.scan(
                .targets, columns: ["metric", "scope", "scope_value", "period_start", "period_end", "value"]
            ) { row in
                guard let start = row.bytes(3).flatMap(parseDay), let end = row.bytes(4).flatMap(parseDay) else {
                    return
                }
                rows.append(
                    TargetRow(
                        metric: row.text(0) ?? "", scope: row.text(1) ?? "", scopeValue: row.text(2),
                        start: Day(number: start), end: Day(number: end), value: row.double(5)))
            }
            return rows
        }
    }

    // MARK: - Entities

    private static func loadReps(_ reader: some FactReader, into columns: inout Columns) throws -> IDMap {
        var ids = IDMap()
        try reader.scan(.reps, columns: ["id", "name", "team", "region", "hire_date", "left_date"]) { row in
            ids.add(id: row.int(0), code: Int32(columns.reps.count))
            columns.reps.names.append(row.text(1) ?? "")
            columns.reps.team.append(columns.teams.code(for: row.text(2)))
            columns.reps.region.append(columns.regions.code(forBytes: row.bytes(3)))
            columns.reps.hired.append(row.bytes(4).flatMap(parseDay) ?? Int32.min)
            columns.reps.left.append(row.bytes(5).flatMap(parseDay) ?? Int32.max)
        }
        return ids
    }

    private static func loadCustomers(_ reader: some FactReader, into columns: inout Columns) throws -> IDMap {
        var ids = IDMap()
        try reader.scan(.customers, columns: ["id", "name", "region", "segment"]) { row in
            ids.add(id: row.int(0), code: Int32(columns.customers.count))
            columns.customers.names.append(row.text(1) ?? "")
            columns.customers.region.append(columns.regions.code(forBytes: row.bytes(2)))
            columns.customers.segment.append(columns.segments.code(forBytes: row.bytes(3)))
        }
        return ids
    }

    private static func loadProducts(_ reader: some FactReader, into columns: inout Columns) throws -> IDMap {
        var ids = IDMap()
        try reader.scan(.products, columns: ["id", "name", "category"]) { row in
            ids.add(id: row.int(0), code: Int32(columns.products.count))
            columns.products.names.append(row.text(1) ?? "")
            columns.products.category.append(columns.categories.code(forBytes: row.bytes(2)))
        }
        return ids
    }

    // MARK: - Facts

    /// Opportunities, activities, surveys and reviews: they add no dimension values.
    private static func loadFactsBesideOrders(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws
    {
        try loadOpportunities(reader, ids, into: &columns)
        try loadActivities(reader, ids, into: &columns)
        try loadSurveys(reader, ids, into: &columns)
        try loadReviews(reader, ids, into: &columns)
    }

    private static func loadOrders(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws {
        let expected = try reader.count(.orders)
        var table = OrderTable()
        table.date.reserveCapacity(expected)
        table.order.reserveCapacity(expected)
        table.customer.reserveCapacity(expected)
        table.rep.reserveCapacity(expected)
        table.product.reserveCapacity(expected)
        table.region.reserveCapacity(expected)
        table.channel.reserveCapacity(expected)
        table.quantity.reserveCapacity(expected)
        table.amount.reserveCapacity(expected)
        table.cost.reserveCapacity(expected)
        var numbers = ByteInterner(capacity: expected)
        // Lines without an order number are orders of their own: numbered after the others.
        var unnumbered: Int32 = 0
        var dates = DayParser()
        try reader.scan(
            .orders,
            columns: [
                "date", "order_no", "customer_id", "rep_id", "product_id", "region", "channel", "quantity", "amount",
                "cost",
            ]
        ) { row in
            guard let date = row.bytes(0).flatMap({ dates.day($0) }) else { return }
            table.date.append(date)
            if let number = row.bytes(1) {
                table.order.append(numbers.code(for: number))
            } else {
                unnumbered += 1
                table.order.append(-unnumbered)
            }
            table.customer.append(row.isNull(2) ? 0 : ids.customers.code(row.int(2)))
            table.rep.append(row.isNull(3) ? 0 : ids.reps.code(row.int(3)))
            table.product.append(row.isNull(4) ? 0 : ids.products.code(row.int(4)))
            table.region.append(columns.regions.code(forBytes: row.bytes(5)))
            table.channel.append(columns.channels.code(forBytes: row.bytes(6)))
            table.quantity.append(row.double(7))
            table.amount.append(row.double(8))
            table.cost.append(row.isNull(9) ? .nan : row.double(9))
        }
        let numbered = Int32(numbers.count)
        for index in table.order.indices where table.order[index] < 0 {
            table.order[index] = numbered - table.order[index] - 1
        }
        table.orderCount = numbers.count + Int(unnumbered)
        sortByDate(&table)
        renumberOrders(&table)
        columns.orders = table
    }

    private static func loadOpportunities(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws {
        var table = OpportunityTable()
        var stages: [String] = []
        try reader.scan(.pipelineStages, columns: ["name"]) { row in stages.append(row.text(0) ?? "") }
        let pipeline = stages.isEmpty ? Pipeline.standard : Pipeline(openStages: stages)
        columns.pipeline = pipeline
        try reader.scan(
            .opportunities,
            columns: ["created_date", "closed_date", "customer_id", "rep_id", "product_id", "stage", "lost_stage", "amount"]
        ) { row in
            guard let stage = row.text(5).flatMap(pipeline.code) else { return }
            table.created.append(row.bytes(0).flatMap(parseDay) ?? OpportunityTable.noDate)
            table.closed.append(row.bytes(1).flatMap(parseDay) ?? OpportunityTable.noDate)
            table.customer.append(row.isNull(2) ? 0 : ids.customers.code(row.int(2)))
            table.rep.append(row.isNull(3) ? 0 : ids.reps.code(row.int(3)))
            table.product.append(row.isNull(4) ? 0 : ids.products.code(row.int(4)))
            table.stage.append(stage)
            table.lostStage.append(row.text(6).flatMap(pipeline.code).flatMap { pipeline.isOpen($0) ? $0 : nil } ?? -1)
            table.amount.append(row.double(7))
        }
        // Sorted by closed date (open deals last), so that "closed in P" is a slice.
        if let order = dateOrder(table.closed) {
            table.created = table.created.permuted(by: order)
            table.closed = table.closed.permuted(by: order)
            table.customer = table.customer.permuted(by: order)
            table.rep = table.rep.permuted(by: order)
            table.product = table.product.permuted(by: order)
            table.stage = table.stage.permuted(by: order)
            table.lostStage = table.lostStage.permuted(by: order)
            table.amount = table.amount.permuted(by: order)
        }
        columns.opportunities = table
    }

    private static func loadActivities(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws {
        var table = ActivityTable()
        let expected = try reader.count(.activities)
        table.date.reserveCapacity(expected)
        table.customer.reserveCapacity(expected)
        table.rep.reserveCapacity(expected)
        table.type.reserveCapacity(expected)
        var types = StringTable()
        var dates = DayParser()
        try reader.scan(.activities, columns: ["date", "customer_id", "rep_id", "type"]) { row in
            guard let date = row.bytes(0).flatMap({ dates.day($0) }) else { return }
            table.date.append(date)
            table.customer.append(row.isNull(1) ? 0 : ids.customers.code(row.int(1)))
            table.rep.append(row.isNull(2) ? 0 : ids.reps.code(row.int(2)))
            // Codes of the table of type names, mapped to `ActivityType` below.
            table.type.append(Int8(truncatingIfNeeded: types.code(forBytes: row.bytes(3))))
        }
        let typeOfCode: [Int8] = (0..<types.count).map { code in
            types.label(Int32(code)).flatMap(ActivityType.init(name:))?.rawValue ?? -1
        }
        for index in table.type.indices { table.type[index] = typeOfCode[Int(table.type[index])] }
        let order = dateOrder(table.date)
        if let order {
            table.date = table.date.permuted(by: order)
            table.customer = table.customer.permuted(by: order)
            table.rep = table.rep.permuted(by: order)
            table.type = table.type.permuted(by: order)
        }
        columns.activities = table
    }

    private static func loadSurveys(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws {
        var table = SurveyTable()
        try reader.scan(.surveys, columns: ["date", "customer_id", "rep_id", "score", "complaint"]) { row in
            guard let date = row.bytes(0).flatMap(parseDay) else { return }
            table.date.append(date)
            table.customer.append(row.isNull(1) ? 0 : ids.customers.code(row.int(1)))
            table.rep.append(row.isNull(2) ? 0 : ids.reps.code(row.int(2)))
            table.score.append(row.isNull(3) ? .nan : row.double(3))
            table.complaint.append(row.isNull(4) ? .nan : row.double(4))
        }
        if let order = dateOrder(table.date) {
            table.date = table.date.permuted(by: order)
            table.customer = table.customer.permuted(by: order)
            table.rep = table.rep.permuted(by: order)
            table.score = table.score.permuted(by: order)
            table.complaint = table.complaint.permuted(by: order)
        }
        columns.surveys = table
    }

    private static func loadReviews(_ reader: some FactReader, _ ids: EntityIDs, into columns: inout Columns) throws {
        var table = ReviewTable()
        try reader.scan(.reviews, columns: ["period", "rep_id", "kind", "score"]) { row in
            // The period is a month, YYYY-MM.
            guard let text = row.text(0), let first = Day(iso: text.prefix(7) + "-01") else { return }
            table.monthStart.append(first.number)
            table.monthEnd.append(first.lastOfMonth.number)
            table.rep.append(row.isNull(1) ? 0 : ids.reps.code(row.int(1)))
            switch row.text(2) {
            case "collaboration": table.kind.append(ReviewKind.collaboration.rawValue)
            case "communication": table.kind.append(ReviewKind.communication.rawValue)
            default: table.kind.append(-1)
            }
            table.score.append(row.isNull(3) ? .nan : row.double(3))
        }
        columns.reviews = table
    }

    /// The permutation that sorts `dates` (stable), or nil when they are sorted already. A
    /// counting sort over the days: a history spans a few thousand days, a table millions of rows.
    static func dateOrder(_ dates: Vector<Int32>) -> [Int]? {
        if zip(dates, dates.dropFirst()).allSatisfy({ $0 <= $1 }) { return nil }
        // `Int32.max` ("no date") sorts last; other dates by day.
        let known = dates.lazy.filter { $0 != Int32.max }
        guard let first = known.min(), let last = known.max(), Int(last) - Int(first) < 4 * dates.count + 100_000
        else { return dates.indices.sorted { (dates[$0], $0) < (dates[$1], $1) } }
        let days = Int(last) - Int(first) + 1
        var starts = [Int](repeating: 0, count: days + 2)
        func bucket(_ date: Int32) -> Int { date == Int32.max ? days : Int(date) - Int(first) }
        for date in dates { starts[bucket(date) + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var order = [Int](repeating: 0, count: dates.count)
        for (index, date) in dates.enumerated() {
            let slot = bucket(date)
            order[starts[slot]] = index
            starts[slot] += 1
        }
        return order
    }

    private static func sortByDate(_ table: inout OrderTable) {
        guard let order = dateOrder(table.date) else { return }
        table.date = table.date.permuted(by: order)
        table.order = table.order.permuted(by: order)
        table.customer = table.customer.permuted(by: order)
        table.rep = table.rep.permuted(by: order)
        table.product = table.product.permuted(by: order)
        table.region = table.region.permuted(by: order)
        table.channel = table.channel.permuted(by: order)
        table.quantity = table.quantity.permuted(by: order)
        table.amount = table.amount.permuted(by: order)
        table.cost = table.cost.permuted(by: order)
    }

    /// Numbers orders by first appearance in date order, so that the orders of any period have
    /// nearly consecutive numbers and distinct counts over a period touch a small range.
    private static func renumberOrders(_ table: inout OrderTable) {
        var renumbered = [Int32](repeating: -1, count: table.orderCount)
        var next: Int32 = 0
        for index in table.order.indices {
            let old = Int(table.order[index])
            if renumbered[old] < 0 {
                renumbered[old] = next
                next += 1
            }
            table.order[index] = renumbered[old]
        }
    }
}

/// Workspace ids → entity codes.
struct EntityIDs {
    var reps: IDMap
    var customers: IDMap
    var products: IDMap
}

/// Integer ids → codes: an array when ids are dense (they are in any kpish workspace), else a
/// dictionary. Unknown ids give 0 ("no value"), like a dangling reference.
struct IDMap {
    private var dense: [Int32] = []
    private var sparse: [Int: Int32] = [:]

    mutating func add(id: Int, code: Int32) {
        if id >= 0 && id < 1 << 24 {
            if id >= dense.count { dense.append(contentsOf: repeatElement(0, count: id - dense.count + 1)) }
            dense[id] = code
        } else {
            sparse[id] = code
        }
    }

    @inline(__always)
    func code(_ id: Int) -> Int32 {
        if id >= 0 && id < dense.count { return dense[id] }
        return sparse[id] ?? 0
    }
}

/// `parseDay` with the last date remembered: facts come in date order, a thousand a day.
struct DayParser {
    private var last: (UInt64, UInt16, Int32?) = (0, 0, nil)

    mutating func day(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard bytes.count == 10 else { return parseDay(bytes) }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let head = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        if head == last.0 && tail == last.1, let day = last.2 { return day }
        let day = parseDay(bytes)
        last = (head, tail, day)
        return day
    }
}

/// Parses `YYYY-MM-DD` (or the date part of `YYYY-MM-DD HH:MM…`) to a day number.
func parseDay(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45 else { return nil }
    if bytes.count > 10 && bytes[10] != 32 && bytes[10] != 84 { return nil }
    func digits(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
    guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
        Day.isValid(year: year, month: month, day: day)
    else { return nil }
    return Day(year: year, month: month, day: day).number
}

// MARK: - Derived columns

extension Columns {
    /// The per-row columns looked up from the entities once, so that no query joins: an order's
    /// team, category and segment; the other facts' region (METRICS.md: the rep's, else the
    /// customer's), team, category and segment; the orders on a customer's first order day; and
    /// the byte order of reps', customers' and products' names (a ranking's tie order).
    /// Computed on load and kept in the snapshot.
    mutating func deriveColumns() {
        let reps = self.reps
        let customers = self.customers
        let products = self.products
        func region(_ rep: Vector<Int32>, _ customer: Vector<Int32>) -> Vector<Int32> {
            Vector(
                zip(rep, customer).map { rep, customer in
                    let region = reps.region[Int(rep)]
                    return region != 0 ? region : customers.region[Int(customer)]
                })
        }
        self.reps.nameRank = MemberRanks.nameRanks(reps.names.all)
        self.customers.nameRank = MemberRanks.nameRanks(customers.names.all)
        self.products.nameRank = MemberRanks.nameRanks(products.names.all)
        orders.team = Vector(orders.rep.map { reps.team[Int($0)] })
        orders.category = Vector(orders.product.map { products.category[Int($0)] })
        orders.segment = Vector(orders.customer.map { customers.segment[Int($0)] })
        // Rows are sorted by date, so a customer's first row is on its first order day.
        var firstDay = [Int32](repeating: Int32.max, count: customers.count)
        for (customer, date) in zip(orders.customer, orders.date) where customer > 0 && firstDay[Int(customer)] == .max
        {
            firstDay[Int(customer)] = date
        }
        orders.firstOrderDay = Vector(
            zip(orders.customer, orders.date).map { customer, date in
                customer > 0 && firstDay[Int(customer)] == date ? 1 : 0
            })

        opportunities.region = region(opportunities.rep, opportunities.customer)
        opportunities.team = Vector(opportunities.rep.map { reps.team[Int($0)] })
        opportunities.category = Vector(opportunities.product.map { products.category[Int($0)] })
        opportunities.segment = Vector(opportunities.customer.map { customers.segment[Int($0)] })
        activities.region = region(activities.rep, activities.customer)
        activities.team = Vector(activities.rep.map { reps.team[Int($0)] })
        activities.segment = Vector(activities.customer.map { customers.segment[Int($0)] })
        surveys.region = region(surveys.rep, surveys.customer)
        surveys.team = Vector(surveys.rep.map { reps.team[Int($0)] })
        surveys.segment = Vector(surveys.customer.map { customers.segment[Int($0)] })
        reviews.region = Vector(reviews.rep.map { reps.region[Int($0)] })
        reviews.team = Vector(reviews.rep.map { reps.team[Int($0)] })
    }
}
