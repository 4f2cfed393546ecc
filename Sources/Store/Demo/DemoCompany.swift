import GRDB
import Model

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How to generate the demo company.
public struct DemoOptions: Sendable {
    /// Rows in the `orders` table (order lines); an order has one to three lines.
    public var orderLines: Int
    public var seed: UInt64
    /// The last day of the history; 36 months end here.
    public var asOf: Day
    /// Replace a workspace that already holds data, instead of refusing.
    public var replace: Bool
    /// Told how far the generation has come, now and then (a million order lines take seconds).
    public var progress: @Sendable (DemoProgress) -> Void = { _ in }

    public static let defaultOrderLines = 50_000

    public init(orderLines: Int = defaultOrderLines, seed: UInt64 = 1, asOf: Day, replace: Bool = false) {
        self.orderLines = orderLines
        self.seed = seed
        self.asOf = asOf
        self.replace = replace
    }
}

/// How far `generateDemo` has come: making the company's history, then writing its rows.
public struct DemoProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case generating
        case writing
    }

    public var phase: Phase
    /// From 0 to 1 within the phase.
    public var fraction: Double
}

extension Workspace {
    /// Fills the workspace with the demo company of METRICS.md, in one transaction: either the
    /// whole company is there afterwards or nothing changed.
    ///
    ///     try workspace.generateDemo(DemoOptions(seed: 7, asOf: Day(year: 2026, month: 11, day: 22)))
    public func generateDemo(_ options: DemoOptions) throws {
        // A bigger page cache keeps the bulk insert from spilling to the WAL mid-transaction.
        // The generator writes every parent before its children, so the per-row foreign-key
        // lookups (a tenth of the time at a million orders) are skipped; the tests check the
        // references by SQL instead.
        //
        // The rows go straight into the file through a rollback journal rather than through the
        // WAL: a new table's pages have nothing to journal, where the WAL would write the whole
        // company twice (once at the commit, again at the checkpoint). A reader elsewhere keeps
        // the WAL (the switch then fails, harmlessly); each open sets WAL again.
        // Refused before anything is switched: a refusal leaves the file byte for byte as it was.
        let rows = try database.read { db in
            try Schema.dataTables.reduce(0) { sum, table in
                sum + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0)
            }
        }
        if rows > 0 && !options.replace { throw WorkspaceError.notEmpty(path: path) }
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF")
            _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
        }
        defer {
            try? database.writeWithoutTransaction {
                try $0.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000")
                _ = try? String.fetchOne($0, sql: "PRAGMA journal_mode = WAL")
            }
        }
        try database.write { db in
            let rows = try Schema.dataTables.reduce(0) { sum, table in
                sum + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0)
            }
            if rows > 0 {
                guard options.replace else { throw WorkspaceError.notEmpty(path: path) }
                for table in Schema.dataTables.reversed() {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
            }
            var generator = DemoGenerator(options: options)
            try generator.generate(into: db)
        }
    }
}

/// Draws the demo company from `DemoCast` and the seed. Every random draw happens in a fixed
/// order over arrays (never over a dictionary, whose order varies per process), so the same
/// seed and as-of date give the same rows.
struct DemoGenerator {
    private var random: SeededRandom
    private let options: DemoOptions
    /// The first day of the history: the first of the month 35 months before the as-of month.
    private let start: Day
    private let asOf: Day

    struct Rep {
        let id: Int
        let name: String
        let team: String
        let teamIndex: Int
        let region: Int
        let hired: Day
        /// Selling strength around 1: scales how often its customers buy, deal sizes, win rate,
        /// demos and follow-ups.
        let quality: Double
        var winRate: Double { min(0.62, max(0.18, 0.12 + 0.28 * quality)) }
        var demoRate: Double { max(0.15, 1.35 * quality - 0.45) }
        var revisitRate: Double { min(0.5, max(0.05, 0.3 * quality - 0.05)) }
    }

    struct Customer {
        let id: Int
        let region: Int
        let segment: Int
        let created: Day
        let churned: Day
        let owner: Int
        /// How often it orders, relative to others (segment × its rep's strength).
        let weight: Double
    }

    struct Opportunity {
        let customer: Int
        let rep: Int
        let product: Int
        var stage: String
        let created: Day
        let closed: Day?
        let amount: Double
        var lostStage: String?
    }

    struct OrderLine {
        let orderNumber: Int32
        let day: Int32
        let customer: Int32
        let region: Int8
        let channel: Int8
        let product: Int16
        let quantity: Double
        let amount: Double
        let cost: Double
        /// 1-based id of the won opportunity it came from.
        let opportunity: Int32?
    }

    struct Activity {
        let day: Day
        let rep: Int
        let customer: Int
        let type: String
    }

    private var reps: [Rep] = []
    private var teams: [(name: String, region: Int, members: [Int])] = []
    private var customers: [Customer] = []
    private var customerNames: [String] = []
    private var customersByRep: [[Int]] = []
    private var opportunities: [Opportunity] = []
    private var orderLines: [OrderLine] = []
    private var activities: [Activity] = []
    private var surveys: [(day: Day, customer: Int, rep: Int, score: Double, complaint: Int)] = []
    /// Order lines written per region, and their revenue, to size targets from the mean line.
    private var linesByRegion: [Int]
    private var revenueByRegion: [Double]
    /// Sales weight of each day from `start` to the end of the target horizon.
    private var dayWeights: [Double] = []
    private var dayTexts: [String] = []

    /// Teams whose deals stall at the proposal stage, for the analysis to find.
    private static let stallingTeam = "华北二组"

    init(options: DemoOptions) {
        self.options = options
        random = SeededRandom(seed: options.seed)
        asOf = options.asOf
        start = options.asOf.firstOfMonth(adding: -35)
        linesByRegion = Array(repeating: 0, count: DemoCast.regions.count)
        revenueByRegion = Array(repeating: 0, count: DemoCast.regions.count)
    }

    /// The last month that gets targets: two months past the as-of month, so forecasts have
    /// targets to compare against.
    private var targetHorizon: Day { asOf.firstOfMonth(adding: 3) - 1 }

    mutating func generate(into db: Database) throws {
        for day in 0...(targetHorizon - start) {
            dayWeights.append(SalesCalendar.weight(of: start + day))
            dayTexts.append((start + day).iso)
        }
        makeReps()
        makeCustomers()
        try insertReps(db)
        try insertCustomers(db)
        try insertProducts(db)
        generateOrders()
        makeLostAndOpenOpportunities()
        makeOpportunityActivities()
        // Opportunities before the orders that reference them: a child row written before its
        // parent makes SQLite scan the child table for every parent inserted later.
        try insertOpportunities(db)
        try insertOrders(db)
        try insertActivities(db)
        options.progress(DemoProgress(phase: .writing, fraction: 1))
        try insertSurveys(db)
        try insertReviews(db)
        try insertTargets(db)
    }

    private func text(_ day: Day) -> String {
        let index = day - start
        return index >= 0 && index < dayTexts.count ? dayTexts[index] : day.iso
    }

    // MARK: - People

    private mutating func makeReps() {
        var names = Set<String>()
        let nameSpace = DemoCast.surnames.count * DemoCast.givenNames.count
        for (regionIndex, region) in DemoCast.regions.enumerated() {
            for teamNumber in 0..<region.teams {
                let team = region.name + DemoCast.teamSuffixes[teamNumber]
                let size = random.int(8...12)
                let strong = random.int(1..<size)
                var weak = random.int(1..<size)
                while weak == strong { weak = random.int(1..<size) }
                var members: [Int] = []
                for member in 0..<size {
                    var name: String
                    repeat {
                        let pick = random.int(0..<nameSpace)
                        name =
                            DemoCast.surnames[pick / DemoCast.givenNames.count]
                            + DemoCast.givenNames[pick % DemoCast.givenNames.count]
                    } while names.contains(name)
                    names.insert(name)
                    var quality = min(1.3, max(0.7, 1 + 0.16 * random.normal()))
                    if member == strong { quality = random.uniform(1.5, 1.75) }
                    if member == weak { quality = random.uniform(0.42, 0.58) }
                    // The team lead (member 0) and most reps were hired before the history;
                    // about one in seven joined during it.
                    let hired =
                        member > 0 && random.chance(0.15)
                        ? start + random.int(30...900)
                        : start - random.int(120...2400)
                    members.append(reps.count)
                    reps.append(
                        Rep(
                            id: reps.count + 1, name: name, team: team, teamIndex: teams.count,
                            region: regionIndex, hired: hired, quality: quality))
                }
                teams.append((team, regionIndex, members))
            }
        }
        customersByRep = Array(repeating: [], count: reps.count)
    }

    private mutating func makeCustomers() {
        let regions = DemoCast.regions
        let total = max(300, options.orderLines / 9)
        let sizeSum = regions.reduce(0) { $0 + $1.size }
        let segmentWeights = cumulativeSums(DemoCast.segments.map(\.share))
        let history = asOf - start
        var names = Set<SpelledName>()
        var arrivals: [(created: Day, region: Int, initial: Bool)] = []
        for (regionIndex, region) in regions.enumerated() {
            let regionTotal = Double(total) * region.size / sizeSum
            for _ in 0..<Int(regionTotal * 0.65) {
                arrivals.append((start - random.int(1...1500), regionIndex, true))
            }
            for _ in 0..<Int(regionTotal * 0.35 * region.arrivals) {
                arrivals.append((start + random.int(0...history), regionIndex, false))
            }
        }
        // Ids follow the date a customer was created, as a CRM's would.
        arrivals.sort { ($0.created, $0.region) < ($1.created, $1.region) }
        for arrival in arrivals {
            let region = regions[arrival.region]
            let segment = random.pick(cumulative: segmentWeights)
            let lifetime = random.exponential(mean: region.customerLifetime * 365.25)
            let churned = (arrival.initial ? start : arrival.created) + Int(lifetime)
            let owner = pickOwner(region: arrival.region, on: arrival.created)
            customers.append(
                Customer(
                    id: customers.count + 1, region: arrival.region, segment: segment,
                    created: arrival.created, churned: churned, owner: owner,
                    weight: DemoCast.segments[segment].orderWeight * reps[owner].quality))
            customersByRep[owner].append(customers.count - 1)
            let name = customerName(region: region, avoiding: names)
            names.insert(SpelledName(name))
            customerNames.append(name)
        }
    }

    private mutating func customerName(region: DemoCast.Region, avoiding used: Set<SpelledName>) -> String {
        var attempt = 0
        while true {
            let city = region.cities[random.int(0..<region.cities.count)]
            var brand = DemoCast.brandWords[random.int(0..<DemoCast.brandWords.count)]
            if attempt >= 3 { brand += DemoCast.brandWords[random.int(0..<DemoCast.brandWords.count)] }
            let trade = DemoCast.tradeWords[random.int(0..<DemoCast.tradeWords.count)]
            let form = DemoCast.companyForms[random.int(0..<DemoCast.companyForms.count)]
            var name = city + brand + trade + form
            if attempt >= 12 { name += "（\(attempt)）" }
            if !used.contains(SpelledName(name)) { return name }
            attempt += 1
        }
    }

    /// A rep of the region already hired on `day`; reps hired in the past year hunt for new
    /// accounts and get three times the share.
    private mutating func pickOwner(region: Int, on day: Day) -> Int {
        var candidates: [Int] = []
        var weights: [Double] = []
        for team in teams where team.region == region {
            for member in team.members where reps[member].hired <= day {
                candidates.append(member)
                weights.append(day - reps[member].hired < 365 ? 3 : 1)
            }
        }
        if candidates.isEmpty {
            // Before anyone in the region was hired: the first team's lead.
            return teams.first { $0.region == region }!.members[0]
        }
        return candidates[random.pick(cumulative: cumulativeSums(weights))]
    }

    // MARK: - Orders

    private mutating func generateOrders() {
        let regions = DemoCast.regions
        let history = asOf - start
        // Expected lines for region r on day d: N × size × growth × season / Σ of the same.
        var volume = Array(repeating: [Double](), count: regions.count)
        var totalWeight = 0.0
        for (index, region) in regions.enumerated() {
            volume[index] = (0...history).map { day in
                region.size * pow(1 + region.growth, Double(day) / 365.25) * dayWeights[day]
            }
            totalWeight += volume[index].reduce(0, +)
        }
        let scale = Double(options.orderLines) / totalWeight

        // Customers become active on their creation day; churned ones are dropped lazily.
        var active = Array(repeating: [Int](), count: regions.count)
        var nextCustomer = 0
        let maxWeight = customers.reduce(0) { max($0, $1.weight) }
        let productWeights = cumulativeSums(DemoCast.products.map(\.popularity))
        let channelWeights = DemoCast.segments.map { cumulativeSums($0.channels) }

        orderLines.reserveCapacity(options.orderLines)
        var orderNumber: Int32 = 0
        // Systematic rounding of the running expected total: every region-day gets its expected
        // lines give or take one, and the total is exactly N.
        var expectedSoFar = random.unit()
        var linesSoFar = 0
        for dayIndex in 0...history {
            if dayIndex % 64 == 0 {
                options.progress(DemoProgress(phase: .generating, fraction: Double(dayIndex) / Double(history + 1)))
            }
            let day = start + dayIndex
            while nextCustomer < customers.count && customers[nextCustomer].created <= day {
                active[customers[nextCustomer].region].append(nextCustomer)
                nextCustomer += 1
            }
            for region in regions.indices {
                expectedSoFar += volume[region][dayIndex] * scale
                let owed = Int(expectedSoFar.rounded(.down))
                var lines = owed - linesSoFar
                linesSoFar = owed
                while lines > 0 {
                    guard let customerIndex = pickActive(&active[region], on: day, maxWeight: maxWeight)
                    else { break }
                    let customer = customers[customerIndex]
                    let segment = DemoCast.segments[customer.segment]
                    let rep = reps[customer.owner]
                    let channel = random.pick(cumulative: channelWeights[customer.segment])
                    let isDeal = random.chance(segment.dealChance)
                    let lineCount = isDeal ? 1 : min(lines, [1, 1, 1, 1, 2, 2, 3, 3][random.int(0...7)])
                    orderNumber += 1
                    var products: [Int] = []
                    for _ in 0..<lineCount {
                        var product = random.pick(cumulative: productWeights)
                        while products.contains(product) { product = random.pick(cumulative: productWeights) }
                        products.append(product)
                        let (quantity, amount, cost) = price(
                            DemoCast.products[product], segment: segment, channel: channel, rep: rep, deal: isDeal)
                        var opportunity: Int32? = nil
                        if isDeal {
                            let cycle = max(
                                3, Int(segment.cycleDays * random.uniform(0.5, 1.5) / rep.quality.squareRoot()))
                            opportunities.append(
                                Opportunity(
                                    customer: customerIndex, rep: customer.owner, product: product, stage: "won",
                                    created: day - cycle, closed: day, amount: amount, lostStage: nil))
                            opportunity = Int32(opportunities.count)
                        }
                        orderLines.append(
                            OrderLine(
                                orderNumber: orderNumber, day: Int32(dayIndex), customer: Int32(customerIndex),
                                region: Int8(region), channel: Int8(channel), product: Int16(product),
                                quantity: quantity, amount: amount, cost: cost, opportunity: opportunity))
                        linesByRegion[region] += 1
                        revenueByRegion[region] += amount
                    }
                    lines -= lineCount
                    afterOrder(day: day, customer: customerIndex, rep: rep)
                }
            }
        }
    }

    /// Draws an active customer of the region in proportion to its weight (rejection sampling);
    /// nil when the region has none left.
    private mutating func pickActive(_ pool: inout [Int], on day: Day, maxWeight: Double) -> Int? {
        while !pool.isEmpty {
            let slot = random.int(0..<pool.count)
            let customer = customers[pool[slot]]
            if customer.churned <= day {
                pool.swapAt(slot, pool.count - 1)
                pool.removeLast()
                continue
            }
            if random.unit() * maxWeight < customer.weight { return pool[slot] }
        }
        return nil
    }

    private mutating func price(
        _ product: DemoCast.Product, segment: DemoCast.Segment, channel: Int, rep: Rep, deal: Bool
    ) -> (quantity: Double, amount: Double, cost: Double) {
        var quantity: Int
        switch product.unitPrice {
        case ..<200: quantity = random.int(5...60)
        case ..<1000: quantity = random.int(2...20)
        case ..<10_000: quantity = random.int(1...8)
        default: quantity = random.int(1...3)
        }
        quantity = max(1, Int((Double(quantity) * segment.quantity * (deal ? 2 : 1)).rounded()))
        let discount: Double
        switch channel {
        case 0: discount = random.uniform(0, 0.08)
        case 1: discount = random.uniform(0.08, 0.18)
        default: discount = random.uniform(0, 0.05)
        }
        let upsell = 0.85 + 0.15 * rep.quality
        let amount = (Double(quantity) * product.unitPrice * (1 - discount) * upsell * 100).rounded() / 100
        let margin = DemoCast.categoryMargin[product.category]! * random.uniform(0.8, 1.2)
        let cost = (amount * (1 - margin) * 100).rounded() / 100
        return (Double(quantity), amount, cost)
    }

    /// After an order: sometimes a follow-up or visit, sometimes a satisfaction survey.
    private mutating func afterOrder(day: Day, customer: Int, rep: Rep) {
        if random.chance(rep.revisitRate) {
            let when = day + random.int(1...14)
            if when <= asOf {
                activities.append(
                    Activity(
                        day: when, rep: rep.id - 1, customer: customer, type: random.chance(0.7) ? "follow_up" : "visit"
                    ))
            }
        }
        if random.chance(0.06) {
            let when = day + random.int(3...10)
            guard when <= asOf else { return }
            let region = DemoCast.regions[rep.region]
            let raw = 4.1 + region.satisfaction + 0.5 * (rep.quality - 1) + 0.8 * random.normal()
            let score = min(5, max(1, raw.rounded()))
            let complaintChance = score <= 2 ? 0.6 : score == 3 ? 0.08 : 0.01
            surveys.append((when, customer, rep.id - 1, score, random.chance(complaintChance) ? 1 : 0))
        }
    }

    // MARK: - Opportunities and activities

    private static let openStages = ["lead", "qualified", "proposal", "negotiation"]

    private mutating func makeLostAndOpenOpportunities() {
        let productWeights = cumulativeSums(DemoCast.products.map(\.popularity))
        let won = opportunities
        let ordinaryLoss = cumulativeSums([0.3, 0.3, 0.25, 0.15])
        let stalledLoss = cumulativeSums([0.15, 0.15, 0.6, 0.1])
        for deal in won {
            let rep = reps[deal.rep]
            let losses = random.poisson((1 - rep.winRate) / rep.winRate)
            for _ in 0..<losses {
                let closed = min(asOf, max(start, deal.closed! + random.int(-45...45)))
                let customer = pickCustomer(of: deal.rep, on: closed) ?? deal.customer
                let segment = DemoCast.segments[customers[customer].segment]
                let created = closed - max(3, Int(segment.cycleDays * random.uniform(0.4, 1.2)))
                let stages = rep.team == Self.stallingTeam ? stalledLoss : ordinaryLoss
                opportunities.append(
                    Opportunity(
                        customer: customer, rep: deal.rep, product: random.pick(cumulative: productWeights),
                        stage: "lost", created: created, closed: closed,
                        amount: (deal.amount * random.uniform(0.5, 1.5)).rounded(),
                        lostStage: Self.openStages[random.pick(cumulative: stages)]))
            }
        }
        // The pipeline open at the as-of date: about as many deals as close in a month and a half.
        let repWeights = cumulativeSums(reps.map { $0.hired <= asOf ? $0.quality : 0 })
        let openStageWeights = cumulativeSums([0.35, 0.25, 0.25, 0.15])
        let openCount = max(20, opportunities.count * 45 / max(1, asOf - start))
        for _ in 0..<openCount {
            let rep = random.pick(cumulative: repWeights)
            guard let customer = pickCustomer(of: rep, on: asOf) else { continue }
            let segment = DemoCast.segments[customers[customer].segment]
            let product = random.pick(cumulative: productWeights)
            let typical = DemoCast.products[product].unitPrice * segment.quantity * 2
            opportunities.append(
                Opportunity(
                    customer: customer, rep: rep, product: product,
                    stage: Self.openStages[random.pick(cumulative: openStageWeights)],
                    created: asOf - random.int(0...Int(segment.cycleDays * 1.5)), closed: nil,
                    amount: (typical * random.uniform(0.6, 1.6)).rounded(), lostStage: nil))
        }
    }

    /// One of the rep's customers already created and not yet lost on `day`.
    private mutating func pickCustomer(of rep: Int, on day: Day) -> Int? {
        let owned = customersByRep[rep]
        guard !owned.isEmpty else { return nil }
        for _ in 0..<8 {
            let candidate = owned[random.int(0..<owned.count)]
            if customers[candidate].created <= day && customers[candidate].churned > day { return candidate }
        }
        return nil
    }

    /// Calls, visits, demos, follow-ups and emails over each deal's life. Demos follow the
    /// rep's strength and are more frequent on deals that were won.
    private mutating func makeOpportunityActivities() {
        for deal in opportunities {
            let rep = reps[deal.rep]
            let last = deal.closed ?? asOf
            let first = max(start, deal.created)
            guard first <= last else { continue }
            let bigAccount = customers[deal.customer].segment == 0
            let outcome = deal.stage == "won" ? 1.3 : deal.stage == "lost" ? 0.7 : 1.0
            let plan: [(String, Double)] = [
                ("call", 0.9), ("visit", bigAccount ? 1.2 : 0.5), ("demo", rep.demoRate * outcome),
                ("follow_up", 0.4), ("email", 0.4),
            ]
            for (type, mean) in plan {
                for _ in 0..<random.poisson(mean) {
                    let day = first + random.int(0...(last - first))
                    activities.append(Activity(day: day, rep: deal.rep, customer: deal.customer, type: type))
                }
            }
        }
        // Stable by date, so ids follow time the way a CRM's log does.
        activities = activities.enumerated()
            .sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
            .map(\.element)
    }

    // MARK: - Writing

    private func insertReps(_ db: Database) throws {
        var insert = try BulkInsert(db, "INSERT INTO reps(id, name, team, region, hire_date) VALUES (?, ?, ?, ?, ?)")
        for rep in reps {
            try insert.row {
                $0.int(rep.id)
                $0.text(rep.name)
                $0.text(rep.team)
                $0.text(DemoCast.regions[rep.region].name)
                $0.text(rep.hired.iso)
            }
        }
    }

    private func insertCustomers(_ db: Database) throws {
        var insert = try BulkInsert(
            db, "INSERT INTO customers(id, name, region, segment, industry, created_date) VALUES (?, ?, ?, ?, ?, ?)")
        for (index, customer) in customers.enumerated() {
            try insert.row {
                $0.int(customer.id)
                $0.text(customerNames[index])
                $0.text(DemoCast.regions[customer.region].name)
                $0.text(DemoCast.segments[customer.segment].name)
                $0.text(DemoCast.industries[customer.id % DemoCast.industries.count])
                $0.text(customer.created.iso)
            }
        }
    }

    private func insertProducts(_ db: Database) throws {
        var insert = try BulkInsert(db, "INSERT INTO products(id, name, category, unit_price) VALUES (?, ?, ?, ?)")
        for (index, product) in DemoCast.products.enumerated() {
            try insert.row {
                $0.int(index + 1)
                $0.text(product.name)
                $0.text(product.category)
                $0.double(product.unitPrice)
            }
        }
    }

    /// The writing phase's progress, `written` rows into opportunities, orders and activities
    /// (written in that order; the other tables are small).
    private func reportWriting(_ written: Int) {
        let total = max(1, opportunities.count + orderLines.count + activities.count)
        options.progress(DemoProgress(phase: .writing, fraction: Double(written) / Double(total)))
    }

    private func insertOrders(_ db: Database) throws {
        try BulkInsert.rows(
            db, into: "orders",
            columns: ["id", "order_no", "date", "customer_id", "rep_id", "product_id", "region", "channel",
                      "quantity", "amount", "cost", "opportunity_id"],
            count: orderLines.count, progress: { reportWriting(opportunities.count + $0) }
        ) { index, row in
            let line = orderLines[index]
            let customer = customers[Int(line.customer)]
            row.int(index + 1)
            row.text("SO" + String(line.orderNumber).leftPadded(to: 8))
            row.text(dayTexts[Int(line.day)])
            row.int(customer.id)
            row.int(reps[customer.owner].id)
            row.int(Int(line.product) + 1)
            row.text(DemoCast.regions[Int(line.region)].name)
            row.text(DemoCast.channels[Int(line.channel)])
            row.double(line.quantity)
            row.double(line.amount)
            row.double(line.cost)
            row.int(line.opportunity.map(Int.init))
        }
    }

    private func insertOpportunities(_ db: Database) throws {
        try BulkInsert.rows(
            db, into: "opportunities",
            columns: ["id", "customer_id", "rep_id", "product_id", "stage", "created_date", "closed_date",
                      "amount", "lost_stage"],
            count: opportunities.count, progress: { reportWriting($0) }
        ) { index, row in
            let deal = opportunities[index]
            row.int(index + 1)
            row.int(customers[deal.customer].id)
            row.int(reps[deal.rep].id)
            row.int(deal.product + 1)
            row.text(deal.stage)
            row.text(text(deal.created))
            row.text(deal.closed.map(text))
            row.double(deal.amount)
            row.text(deal.lostStage)
        }
    }

    private func insertActivities(_ db: Database) throws {
        try BulkInsert.rows(
            db, into: "activities", columns: ["id", "date", "rep_id", "customer_id", "type"],
            count: activities.count, progress: { reportWriting(opportunities.count + orderLines.count + $0) }
        ) { index, row in
            let activity = activities[index]
            row.int(index + 1)
            row.text(text(activity.day))
            row.int(reps[activity.rep].id)
            row.int(customers[activity.customer].id)
            row.text(activity.type)
        }
    }

    private func insertSurveys(_ db: Database) throws {
        var insert = try BulkInsert(
            db, "INSERT INTO surveys(id, date, customer_id, rep_id, score, complaint) VALUES (?, ?, ?, ?, ?, ?)")
        let ordered = surveys.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
        for (index, survey) in ordered.map(\.element).enumerated() {
            try insert.row {
                $0.int(index + 1)
                $0.text(text(survey.day))
                $0.int(customers[survey.customer].id)
                $0.int(reps[survey.rep].id)
                $0.double(survey.score)
                $0.int(survey.complaint)
            }
        }
    }

    /// Monthly peer reviews of every rep hired by then, by the team lead (the lead by the
    /// region's first lead, or the team's second member), for every full month of the history.
    private mutating func insertReviews(_ db: Database) throws {
        var insert = try BulkInsert(
            db, "INSERT INTO reviews(id, period, rep_id, reviewer_id, kind, score) VALUES (?, ?, ?, ?, ?, ?)")
        var id = 0
        // Each team has its own climate of collaboration.
        let teamClimate = teams.map { _ in 0.35 * random.normal() }
        var month = start
        while month.lastOfMonth < asOf.firstOfMonth {
            let period = String(month.iso.prefix(7))
            for (teamIndex, team) in teams.enumerated() {
                let lead = team.members[0]
                for member in team.members where reps[member].hired <= month.lastOfMonth {
                    let reviewer = member == lead ? team.members[1] : lead
                    for kind in ["collaboration", "communication"] {
                        let raw =
                            3.5 + 0.9 * (reps[member].quality - 1) + teamClimate[teamIndex] + 0.45 * random.normal()
                        let score = min(5, max(1, (raw * 2).rounded() / 2))
                        id += 1
                        try insert.row {
                            $0.int(id)
                            $0.text(period)
                            $0.int(reps[member].id)
                            $0.int(reps[reviewer].id)
                            $0.text(kind)
                            $0.double(score)
                        }
                    }
                }
            }
            month = month.firstOfMonth(adding: 1)
        }
    }

    /// Monthly revenue targets: the region's expected revenue for the month, split over its reps
    /// (new reps ramp up over four months), 5% stretch, rounded to thousands. Team, region and
    /// company rows are the exact sums of their reps' rows.
    private func insertTargets(_ db: Database) throws {
        let regions = DemoCast.regions
        let history = asOf - start
        var totalWeight = 0.0
        for region in regions {
            for day in 0...history {
                totalWeight += region.size * pow(1 + region.growth, Double(day) / 365.25) * dayWeights[day]
            }
        }
        let scale = Double(options.orderLines) / totalWeight
        var insert = try BulkInsert(
            db,
            """
            INSERT INTO targets(metric, scope, scope_value, period_start, period_end, value)
            VALUES ('revenue', ?, ?, ?, ?, ?)
            """)
        func write(_ scope: String, _ value: String?, _ first: Day, _ last: Day, _ amount: Double) throws {
            try insert.row {
                $0.text(scope)
                $0.text(value)
                $0.text(first.iso)
                $0.text(last.iso)
                $0.double(amount)
            }
        }
        var month = start
        while month <= targetHorizon {
            let last = month.lastOfMonth
            var company = 0.0
            for (regionIndex, region) in regions.enumerated() {
                let meanLine = revenueByRegion[regionIndex] / Double(max(1, linesByRegion[regionIndex]))
                var expectedLines = 0.0
                for day in (month - start)...(last - start) {
                    expectedLines += region.size * pow(1 + region.growth, Double(day) / 365.25) * dayWeights[day]
                }
                let expected = expectedLines * scale * meanLine * 1.05
                let regionReps = reps.indices.filter { reps[$0].region == regionIndex && reps[$0].hired <= last }
                let ramps = regionReps.map { min(1, Double(last - reps[$0].hired) / 120) }
                let rampSum = ramps.reduce(0, +)
                var regionTotal = 0.0
                for (teamIndex, team) in teams.enumerated() where team.region == regionIndex {
                    var teamTotal = 0.0
                    for (slot, rep) in regionReps.enumerated() where reps[rep].teamIndex == teamIndex {
                        let value = (expected * ramps[slot] / rampSum / 1000).rounded() * 1000
                        try write("rep", reps[rep].name, month, last, value)
                        teamTotal += value
                    }
                    try write("team", team.name, month, last, teamTotal)
                    regionTotal += teamTotal
                }
                try write("region", region.name, month, last, regionTotal)
                company += regionTotal
            }
            try write("company", nil, month, last, company)
            month = month.firstOfMonth(adding: 1)
        }
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A name compared and hashed by its UTF-8 bytes. The demo's names are made of fixed NFC
/// strings, so equal bytes are equal names, and a set of 100k Chinese names no longer
/// normalises every one it hashes (a twentieth of `kpish demo`).
private struct SpelledName: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: Self, right: Self) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
