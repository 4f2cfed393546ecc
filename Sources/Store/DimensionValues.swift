import GRDB

extension Workspace {
    /// The values each dimension takes in the data, sorted: regions, teams, reps, products,
    /// categories, channels, segments, customers. The recognisers suggest from these.
    public func dimensionValues() throws -> [String: [String]] {
        let queries = [
            "region":
                "SELECT region FROM orders WHERE region IS NOT NULL UNION SELECT region FROM reps WHERE region IS NOT NULL",
            "team": "SELECT DISTINCT team FROM reps WHERE team IS NOT NULL",
            "rep": "SELECT name FROM reps",
            "product": "SELECT name FROM products",
            "category": "SELECT DISTINCT category FROM products WHERE category IS NOT NULL",
            "channel": "SELECT DISTINCT channel FROM orders WHERE channel IS NOT NULL",
            "segment": "SELECT DISTINCT segment FROM customers WHERE segment IS NOT NULL",
            "customer": "SELECT DISTINCT name FROM customers WHERE name IS NOT NULL",
        ]
        return try database.read { db in
            var values: [String: [String]] = [:]
            for (dimension, sql) in queries {
                values[dimension] = try String.fetchAll(db, sql: sql).sorted()
            }
            return values
        }
    }
}
