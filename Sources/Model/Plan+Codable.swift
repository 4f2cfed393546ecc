// The plan's JSON is DESIGN.md's: snake_case keys, every field present, null where it does not
// apply and [] for empty lists. Synthesised Codable would drop nil fields, so it is spelled out.
extension Plan: Codable {
    private enum CodingKeys: String, CodingKey {
        case intent, metrics, dimensions, filters, period
        case compareTo = "compare_to"
        case compareAlso = "compare_also"
        case grain, horizon, order
        case orderBy = "order_by"
        case limit, using, value, definition, alias, show, canonical, source, confidence
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intent, forKey: .intent)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(dimensions, forKey: .dimensions)
        try container.encode(filters, forKey: .filters)
        try encodeOrNull(period, .period, in: &container)
        try encodeOrNull(compareTo, .compareTo, in: &container)
        try encodeOrNull(compareAlso, .compareAlso, in: &container)
        try encodeOrNull(grain, .grain, in: &container)
        try encodeOrNull(horizon, .horizon, in: &container)
        try encodeOrNull(order, .order, in: &container)
        try encodeOrNull(orderBy, .orderBy, in: &container)
        try encodeOrNull(limit, .limit, in: &container)
        try encodeOrNull(using, .using, in: &container)
        try encodeOrNull(value, .value, in: &container)
        try encodeOrNull(definition, .definition, in: &container)
        try encodeOrNull(alias, .alias, in: &container)
        try encodeOrNull(show, .show, in: &container)
        try encodeOrNull(canonical, .canonical, in: &container)
        try container.encode(source, forKey: .source)
        try encodeOrNull(confidence, .confidence, in: &container)
    }

    private func encodeOrNull<T: Encodable>(
        _ value: T?, _ key: CodingKeys, in container: inout KeyedEncodingContainer<CodingKeys>
    ) throws {
        if let value { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            intent: try container.decode(Intent.self, forKey: .intent),
            metrics: try container.decodeIfPresent([String].self, forKey: .metrics) ?? [],
            dimensions: try container.decodeIfPresent([String].self, forKey: .dimensions) ?? [],
            filters: try container.decodeIfPresent([Filter].self, forKey: .filters) ?? [],
            period: try container.decodeIfPresent(Period.self, forKey: .period),
            compareTo: try container.decodeIfPresent(Period.self, forKey: .compareTo),
            grain: try container.decodeIfPresent(TimeGrain.self, forKey: .grain),
            horizon: try container.decodeIfPresent(Int.self, forKey: .horizon),
            order: try container.decodeIfPresent(SortOrder.self, forKey: .order),
            orderBy: try container.decodeIfPresent(String.self, forKey: .orderBy),
            limit: try container.decodeIfPresent(Int.self, forKey: .limit),
            using: try container.decodeIfPresent(String.self, forKey: .using),
            value: try container.decodeIfPresent(Double.self, forKey: .value),
            definition: try container.decodeIfPresent(MetricDefinition.self, forKey: .definition),
            alias: try container.decodeIfPresent(AliasDefinition.self, forKey: .alias),
            show: try container.decodeIfPresent(String.self, forKey: .show),
            canonical: try container.decodeIfPresent(String.self, forKey: .canonical),
            source: try container.decodeIfPresent(Source.self, forKey: .source) ?? .query,
            confidence: try container.decodeIfPresent(Double.self, forKey: .confidence),
            compareAlso: try container.decodeIfPresent(Period.self, forKey: .compareAlso))
    }
}
