import GRDB

/// The workspace schema: METRICS.md's tables, created and upgraded by migrations.
///
/// The tables are a public contract — users open the file with any SQLite tool — so the
/// schema is written as plain SQL. Columns may be added by later migrations; none may be renamed.
enum Schema {
    /// Written to the SQLite header (`PRAGMA application_id`) so that kpish recognises its files:
    /// the bytes "KPIS".
    static let applicationID: Int32 = 0x4B50_4953

    /// The schema version this build writes and understands (`PRAGMA user_version`).
    /// The number of the newest migration registered below.
    static let version = 7

    /// The data tables, in dependency order (a table only references tables before it).
    static let dataTables = [
        "reps", "customers", "products", "orders", "opportunities", "activities", "surveys",
        "reviews", "targets",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 METRICS.md schema") { db in
            try db.execute(sql: v1)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2 defined metrics and aliases") { db in
            try db.execute(sql: v2)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        migrator.registerMigration("v3 import") { db in
            try db.execute(sql: v3)
            // Never lowers the version: a workspace made while this migration lived on a branch
            // may already carry 4 or 5.
            let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            try db.execute(sql: "PRAGMA user_version = \(max(current, 3))")
        }
        migrator.registerMigration("v4 scorecard plans") { db in
            try db.execute(sql: v4)
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        migrator.registerMigration("v5 coach") { db in
            try db.execute(sql: v5)
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        migrator.registerMigration("v6 the whole CRM") { db in
            try db.execute(sql: v6)
            try db.execute(sql: "PRAGMA user_version = 6")
        }
        migrator.registerMigration("v7 activity types as a chain of comparisons") { db in
            try db.execute(sql: v7)
            try db.execute(sql: "PRAGMA user_version = 7")
        }
        return migrator
    }

    // `orders.opportunity_id` links an order to the won deal it came from, and
    // `opportunities.lost_stage` records the furthest open stage a lost deal reached
    // (METRICS.md: "unknown unless a column records it"). Both are additions to METRICS.md.
    private static let v1 = """
        CREATE TABLE reps (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            team TEXT,
            region TEXT,
            hire_date TEXT
        );
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            name TEXT,
            region TEXT,
            segment TEXT,
            industry TEXT,
            created_date TEXT
        );
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            category TEXT,
            unit_price REAL
        );
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            order_no TEXT,
            date TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id),
            rep_id INTEGER REFERENCES reps(id),
            product_id INTEGER REFERENCES products(id),
            region TEXT,
            channel TEXT,
            quantity REAL,
            amount REAL,
            cost REAL,
            opportunity_id INTEGER REFERENCES opportunities(id)
        );
        CREATE INDEX orders_date ON orders(date);
        CREATE TABLE opportunities (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER REFERENCES customers(id),
            rep_id INTEGER REFERENCES reps(id),
            product_id INTEGER REFERENCES products(id),
            stage TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
            created_date TEXT,
            closed_date TEXT,
            amount REAL,
            lost_stage TEXT CHECK (lost_stage IN ('lead', 'qualified', 'proposal', 'negotiation'))
        );
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            rep_id INTEGER REFERENCES reps(id),
            customer_id INTEGER REFERENCES customers(id),
            type TEXT NOT NULL CHECK (type IN ('call', 'visit', 'demo', 'follow_up', 'email'))
        );
        CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id),
            rep_id INTEGER REFERENCES reps(id),
            score REAL CHECK (score BETWEEN 1 AND 5),
            complaint INTEGER CHECK (complaint IN (0, 1))
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            period TEXT NOT NULL,
            rep_id INTEGER REFERENCES reps(id),
            reviewer_id INTEGER REFERENCES reps(id),
            kind TEXT NOT NULL CHECK (kind IN ('collaboration', 'communication')),
            score REAL CHECK (score BETWEEN 1 AND 5)
        );
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            metric TEXT NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('company', 'region', 'team', 'rep')),
            scope_value TEXT,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            value REAL NOT NULL
        );
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            target_table TEXT NOT NULL,
            encoding TEXT,
            mapping TEXT,
            rows_read INTEGER,
            rows_imported INTEGER,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'dry_run')),
            message TEXT
        );
        """

    // `define metric` and `alias` (METRICS.md: "stored in the workspace"). A definition is the
    // JSON of Model's `MetricExpression`, so that any SQLite tool shows what a metric means.
    private static let v2 = """
        CREATE TABLE metric_definitions (
            name TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            created_at TEXT
        );
        CREATE TABLE aliases (
            name TEXT PRIMARY KEY,
            target TEXT NOT NULL
        );
        """

    // Scorecard plans (`scorecard rep in 2026-Q3 using 新人方案`; coach balance saves them).
    // `items` is the JSON of Model's `ScorecardPlan.Item` list, e.g.
    // [{"metric":"attainment","weight":0.5},{"metric":"csat","weight":0.2}], so that any SQLite
    // tool shows the weights; a rep's score is individual_weight × own + team_weight × team.
    private static let v4 = """
        CREATE TABLE scorecard_plans (
            name TEXT PRIMARY KEY,
            items TEXT NOT NULL,
            individual_weight REAL NOT NULL DEFAULT 1,
            team_weight REAL NOT NULL DEFAULT 0,
            created_at TEXT
        );
        """

    // The coach (issue 9): where each guided flow stands, so that `kpish coach smart` resumes
    // after `quit` (`answers` is the JSON list of the answers given so far), and the reviews a
    // manager ran with their notes.
    private static let v5 = """
        CREATE TABLE coach_progress (
            flow TEXT PRIMARY KEY,
            step INTEGER NOT NULL,
            answers TEXT NOT NULL,
            updated_at TEXT
        );
        CREATE TABLE coach_reviews (
            id INTEGER PRIMARY KEY,
            team TEXT NOT NULL,
            period TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter')),
            summary TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT
        );
        """
}

extension Schema {
    // `kpish import`: which import brought an order line, and the line's fingerprint (a hash of
    // its parsed values and of how many times those values occurred before it in the file), so
    // that importing an overlapping export again skips the lines already here. The imports log
    // counts what each run dropped.
    fileprivate static let v3 = """
        ALTER TABLE orders ADD COLUMN import_id INTEGER REFERENCES imports(id);
        ALTER TABLE orders ADD COLUMN fingerprint INTEGER;
        ALTER TABLE imports ADD COLUMN rows_duplicate INTEGER;
        ALTER TABLE imports ADD COLUMN rows_existing INTEGER;
        ALTER TABLE imports ADD COLUMN rows_rejected INTEGER;
        ALTER TABLE imports ADD COLUMN date_order TEXT;
        """
}

extension Schema {
    // Issue 12, every table imported:
    // - `reps.left_date` (METRICS.md: NULL while on the books);
    // - a workspace's own pipeline (METRICS.md, "Stages"): `pipeline_stages` lists its open stages
    //   in order, and is empty for the default lead → qualified → proposal → negotiation; so
    //   `opportunities.stage` and `lost_stage` lose their fixed list (SQLite changes a CHECK only
    //   by rebuilding the table; the migrator defers foreign-key checks while it does);
    // - `external_id`, the CRM's own id of a deal, so that a newer export updates its deals;
    // - on every imported fact, the import that wrote it and `import_key`, the row's fingerprint
    //   (its values and how many rows with the same values came before it in the file), so
    //   that importing a file twice adds nothing.
    fileprivate static let v6 = """
        ALTER TABLE reps ADD COLUMN left_date TEXT;
        CREATE TABLE pipeline_stages (
            position INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE opportunities_v6 (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER REFERENCES customers(id),
            rep_id INTEGER REFERENCES reps(id),
            product_id INTEGER REFERENCES products(id),
            stage TEXT NOT NULL,
            created_date TEXT,
            closed_date TEXT,
            amount REAL,
            lost_stage TEXT,
            external_id TEXT,
            import_id INTEGER REFERENCES imports(id),
            import_key TEXT
        );
        INSERT INTO opportunities_v6(id, customer_id, rep_id, product_id, stage, created_date, closed_date, amount,
            lost_stage)
        SELECT id, customer_id, rep_id, product_id, stage, created_date, closed_date, amount, lost_stage
        FROM opportunities;
        DROP TABLE opportunities;
        ALTER TABLE opportunities_v6 RENAME TO opportunities;
        CREATE INDEX opportunities_external_id ON opportunities(external_id);
        ALTER TABLE activities ADD COLUMN import_id INTEGER REFERENCES imports(id);
        ALTER TABLE activities ADD COLUMN import_key TEXT;
        ALTER TABLE surveys ADD COLUMN import_id INTEGER REFERENCES imports(id);
        ALTER TABLE surveys ADD COLUMN import_key TEXT;
        ALTER TABLE reviews ADD COLUMN import_id INTEGER REFERENCES imports(id);
        ALTER TABLE reviews ADD COLUMN import_key TEXT;
        ALTER TABLE targets ADD COLUMN import_id INTEGER REFERENCES imports(id);
        ALTER TABLE targets ADD COLUMN import_key TEXT;
        """
}

extension Schema {
    // `activities.type` keeps its fixed list (METRICS.md), checked as a chain of comparisons:
    // SQLite evaluates a CHECK's `IN (…)` list through a temporary table built for every row,
    // which doubled the cost of writing a million and a half activities (1.5 s of `kpish demo`).
    fileprivate static let v7 = """
        CREATE TABLE activities_v7 (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            rep_id INTEGER REFERENCES reps(id),
            customer_id INTEGER REFERENCES customers(id),
            type TEXT NOT NULL CHECK (type = 'call' OR type = 'visit' OR type = 'demo' OR type = 'follow_up'
                OR type = 'email'),
            import_id INTEGER REFERENCES imports(id),
            import_key TEXT
        );
        INSERT INTO activities_v7 SELECT id, date, rep_id, customer_id, type, import_id, import_key FROM activities;
        DROP TABLE activities;
        ALTER TABLE activities_v7 RENAME TO activities;
        """
}
