import Model

/// How an answer's groups are keyed. A group key is a number in mixed radix: the non-time
/// attributes take the low positions (`attributeKey`, below `attributeCount`), the time cell's key
/// the high ones, so `key = timeKey × attributeCount + attributeKey`.
struct GroupLayout {
    /// The plan's dimensions, in its order.
    let dimensions: [String]
    /// The non-time dimensions, in plan order, with their radix positions.
    let attributes: [Attribute]
    let strides: [Int]
    let cardinalities: [Int]
    /// How many attribute keys there are: the product of the attributes' cardinalities.
    let attributeCount: Int
    /// The time dimensions, in plan order.
    let grains: [TimeGrain]

    init(dimensions: [String], columns: Columns) {
        self.dimensions = dimensions
        var attributes: [Attribute] = []
        var grains: [TimeGrain] = []
        for dimension in dimensions {
            if let grain = TimeGrain(rawValue: dimension) {
                grains.append(grain)
            } else if let attribute = Attribute(rawValue: dimension) {
                attributes.append(attribute)
            }
        }
        self.attributes = attributes
        self.grains = grains
        cardinalities = attributes.map { columns.cardinality($0) }
        var strides: [Int] = []
        var stride = 1
        for cardinality in cardinalities {
            strides.append(stride)
            stride *= cardinality
        }
        self.strides = strides
        attributeCount = stride
    }

    /// The code of each attribute in an attribute key.
    func codes(ofAttributeKey key: Int) -> [Int32] {
        zip(strides, cardinalities).map { stride, cardinality in Int32(key / stride % cardinality) }
    }

    /// The attribute key of codes given per attribute.
    func attributeKey(_ codes: [Int32]) -> Int {
        zip(codes, strides).reduce(0) { $0 + Int($1.0) * $1.1 }
    }
}

/// The groups met while evaluating one plan, numbered densely. When every possible key fits a
/// small table a group's id is its key; otherwise ids are handed out on first sight.
final class GroupSpace {
    let layout: GroupLayout
    /// Buckets per time dimension (the larger of two periods' counts in a comparison).
    let timeCounts: [Int]
    /// How many time keys there are: the product of `timeCounts`.
    let timeKeyCount: Int
    /// How many keys there are: `timeKeyCount × layout.attributeCount`.
    let keyCount: Int
    let isDense: Bool
    private var index = IntMap()
    private var keys: [Int] = []

    // Dense tables up to 2^20 groups: region × month × …, and every customer of a workspace up
    // to a million of them (a per-metric array of 8 MB at most); hashing 100k customers' keys
    // was a tenth of a customer breakdown. Customer × month and wider are hashed.
    private static let denseLimit = 1 << 20

    /// Per time dimension, its radix in a time key (the first grain is the most significant).
    private let timeStrides: [Int]

    init(layout: GroupLayout, timeCounts: [Int]) {
        self.layout = layout
        self.timeCounts = timeCounts
        var strides = [Int](repeating: 1, count: timeCounts.count)
        for index in timeCounts.indices.reversed().dropFirst() {
            strides[index] = strides[index + 1] * timeCounts[index + 1]
        }
        timeStrides = strides
        timeKeyCount = timeCounts.reduce(1, *)
        let (product, overflow) = timeKeyCount.multipliedReportingOverflow(by: layout.attributeCount)
        keyCount = overflow ? Int.max : product
        isDense = !overflow && keyCount <= Self.denseLimit
    }

    /// How many ids there are so far.
    var count: Int { isDense ? keyCount : keys.count }

    /// The id of a key, numbering it when new.
    func id(for key: Int) -> Int32 {
        if isDense { return Int32(key) }
        if let id = index[key] { return id }
        let id = Int32(keys.count)
        keys.append(key)
        index[key] = id
        return id
    }

    /// The id of a key already numbered, nil when not met.
    func existingID(for key: Int) -> Int32? {
        if isDense { return key < keyCount ? Int32(key) : nil }
        return index[key]
    }

    func key(of id: Int) -> Int { isDense ? id : keys[id] }

    /// The ids of keys (−1 for rows left out), numbering new keys.
    func assignIDs(_ keys: [Int]) -> [Int32] {
        if isDense { return keys.map { Int32(truncatingIfNeeded: $0) } }
        // The index moves out of the object for the loop: no exclusivity check per row.
        var index = IntMap()
        var known: [Int] = []
        swap(&index, &self.index)
        swap(&known, &self.keys)
        defer {
            swap(&index, &self.index)
            swap(&known, &self.keys)
        }
        return keys.map { key in
            guard key >= 0 else { return -1 }
            if let id = index[key] { return id }
            let id = Int32(known.count)
            known.append(key)
            index[key] = id
            return id
        }
    }

    /// The time key and the attribute key of a key.
    func split(_ key: Int) -> (timeKey: Int, attributeKey: Int) {
        (key / layout.attributeCount, key % layout.attributeCount)
    }

    /// The bucket index of the time dimension at `position` in a time key.
    func bucket(ofTimeKey timeKey: Int, position: Int) -> Int {
        timeKey / timeStrides[position] % timeCounts[position]
    }

    /// The bucket index of each time dimension in a time key.
    func buckets(ofTimeKey timeKey: Int) -> [Int] {
        var buckets = [Int](repeating: 0, count: timeCounts.count)
        var rest = timeKey
        for index in timeCounts.indices.reversed() {
            buckets[index] = rest % timeCounts[index]
            rest /= timeCounts[index]
        }
        return buckets
    }
}

/// Int → Int32: the sparse group index.
typealias IntMap = HashTable<Int32>

/// Non-negative Int keys → values by open addressing (linear probing, at most half full): the
/// sparse group index and the hashed side of `KeySet` and `KeyCounts`.
struct HashTable<Value> {
    private var keys: [Int]
    private var values: [Value?]
    private var used = 0

    init(expected: Int = 32) {
        var size = 64
        while size < expected * 2 { size <<= 1 }
        keys = Array(repeating: -1, count: size)
        values = Array(repeating: nil, count: size)
    }

    subscript(key: Int) -> Value? {
        get {
            var slot = Self.slot(key, keys.count)
            while keys[slot] >= 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & (keys.count - 1)
            }
            return nil
        }
        set {
            guard let newValue else { return }
            if (used + 1) * 2 > keys.count { grow() }
            var slot = Self.slot(key, keys.count)
            while keys[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            if keys[slot] < 0 { used += 1 }
            keys[slot] = key
            values[slot] = newValue
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: -1, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        for (key, value) in zip(oldKeys, oldValues) where key >= 0 {
            var slot = Self.slot(key, keys.count)
            while keys[slot] >= 0 { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
    }

    // Fibonacci hashing: the multiply spreads consecutive keys (group keys often are) apart.
    @inline(__always)
    private static func slot(_ key: Int, _ size: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & (size - 1)
    }
}
