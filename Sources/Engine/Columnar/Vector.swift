import Foundation

/// A column of fixed-size values, in memory of its own or mapped from the column snapshot.
///
/// Reading is a pointer and a bounds check whichever it is, so a query runs the same loop over
/// a column loaded from SQLite and over one the snapshot maps (which the operating system pages
/// in only where the query reads). Writing copies a mapped or shared column first, as an array
/// does.
///
///     var codes: Vector<Int32> = [0]
///     codes.append(7)
///     codes[1]   // 7
struct Vector<Element: BitwiseCopyable>: RandomAccessCollection, MutableCollection, @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count: Int
    /// Keeps the memory alive: an `OwnedMemory` when the vector may write it, else the mapping.
    private var owner: AnyObject?
    /// The room in `owner` when the vector allocated it; 0 for mapped memory.
    private var capacity = 0

    init() {
        base = nil
        count = 0
        owner = nil
    }

    init(_ values: some Sequence<Element>) {
        self.init()
        let values = Array(values)
        let memory = OwnedMemory<Element>(capacity: values.count)
        values.withUnsafeBufferPointer { if let start = $0.baseAddress { memory.pointer.initialize(from: start, count: $0.count) } }
        adopt(memory, count: values.count)
    }

    init(repeating value: Element, count: Int) {
        self.init()
        let memory = OwnedMemory<Element>(capacity: count)
        memory.pointer.initialize(repeating: value, count: count)
        adopt(memory, count: count)
    }

    /// `count` values whose bytes are all zero (code 0, 0.0).
    init(zeroed count: Int) {
        self.init()
        let memory = OwnedMemory<Element>(capacity: count)
        memset(memory.pointer, 0, count * MemoryLayout<Element>.stride)
        adopt(memory, count: count)
    }

    /// Values that live in `owner`'s memory (a mapped file), read-only.
    init(mapped pointer: UnsafePointer<Element>, count: Int, owner: AnyObject) {
        base = UnsafeMutablePointer(mutating: pointer)
        self.count = count
        self.owner = owner
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "Vector index out of range")
            return base.unsafelyUnwrapped[position]
        }
        set {
            precondition(position >= 0 && position < count, "Vector index out of range")
            makeWritable(capacity: count)
            base.unsafelyUnwrapped[position] = newValue
        }
    }

    mutating func append(_ value: Element) {
        if count == capacity || !isWritable { makeWritable(capacity: Swift.max(16, count * 2)) }
        (base.unsafelyUnwrapped + count).initialize(to: value)
        count += 1
    }

    mutating func reserveCapacity(_ capacity: Int) {
        if capacity > count { makeWritable(capacity: capacity) }
    }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The first `length` values, in this vector's memory (writing the slice copies it).
    func leading(_ length: Int) -> Vector {
        precondition(length >= 0 && length <= count, "Vector slice out of range")
        var slice = self
        slice.count = length
        slice.capacity = 0
        return slice
    }

    /// The values in the order `order` gives: element i is `self[order[i]]`.
    func permuted(by order: [Int]) -> Vector {
        var result = Vector()
        let memory = OwnedMemory<Element>(capacity: order.count)
        for (position, source) in order.enumerated() { (memory.pointer + position).initialize(to: self[source]) }
        result.adopt(memory, count: order.count)
        return result
    }

    private var isWritable: Bool {
        mutating get { capacity > 0 && isKnownUniquelyReferenced(&owner) }
    }

    /// Makes the memory the vector's own, with room for `capacity` values.
    private mutating func makeWritable(capacity: Int) {
        if capacity <= self.capacity && isWritable { return }
        let memory = OwnedMemory<Element>(capacity: Swift.max(capacity, count))
        if let base { memory.pointer.initialize(from: base, count: count) }
        adopt(memory, count: count)
    }

    private mutating func adopt(_ memory: OwnedMemory<Element>, count: Int) {
        owner = memory
        base = memory.pointer
        self.count = count
        capacity = memory.capacity
    }
}

extension Vector: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension Vector where Element: Comparable {
    /// In a sorted vector, the first position whose value is `value` or more (`count` when none is).
    func firstPosition(notBelow value: Element) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension Vector: Equatable where Element: Equatable {
    static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
}

/// Memory a vector allocated and may write.
private final class OwnedMemory<Element> {
    let pointer: UnsafeMutablePointer<Element>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: Swift.max(capacity, 1))
    }

    deinit { pointer.deallocate() }
}
