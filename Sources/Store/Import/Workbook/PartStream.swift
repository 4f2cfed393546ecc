import Foundation

// A worksheet's XML can inflate to hundreds of megabytes. Rather than hold it whole, a
// background thread inflates it (ZIPFoundation + CRC check) while the calling thread scans it
// through a window of a megabyte or two: the two cores work at once, and memory stays small.

// MARK: - Producer

/// The inflated chunks of one part, produced by a background thread and consumed in order.
final class InflatedChunks: @unchecked Sendable {
    // @unchecked: every stored var is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var isFinished = false
    private var isCancelled = false
    private var failure: WorkbookError?
    /// How many chunks may wait before the producer pauses (a chunk is up to 1 MiB).
    private let capacity = 8
    /// Whether a thread waits on `condition`: signal only then, since every wake-up costs.
    private var consumerWaits = false
    private var producerWaits = false

    private struct Cancelled: Error {}

    /// Starts inflating the part `part` of the zip at `path` on a new thread.
    static func inflating(part: String, of path: String) -> InflatedChunks {
        let chunks = InflatedChunks()
        let thread = Thread {
            chunks.produce(part: part, path: path)
        }
        thread.name = "xlsx inflate"
        thread.start()
        return chunks
    }

    /// A part held in memory, handed over in chunks of `chunkSize` bytes as if being inflated.
    static func complete(_ bytes: [UInt8], chunkSize: Int = 1 << 16) -> InflatedChunks {
        let queue = InflatedChunks()
        var start = 0
        while start < bytes.count {
            let end = min(start + max(chunkSize, 1), bytes.count)
            queue.chunks.append(Data(bytes[start..<end]))
            start = end
        }
        queue.isFinished = true
        return queue
    }

    private func produce(part: String, path: String) {
        do throws(WorkbookError) {
            let package = try ZipPackage.open(path)
            let found = try package.stream(part) { chunk in
                guard self.push(chunk) else { throw Cancelled() }
            }
            finish(found ? nil : .malformed(part: part, detail: "the worksheet part is missing"))
        } catch {
            finish(error)
        }
    }

    /// Queues a chunk, waiting while the queue is full; false if the consumer has given up.
    private func push(_ chunk: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !isCancelled {
            producerWaits = true
            condition.wait()
        }
        producerWaits = false
        guard !isCancelled else { return false }
        chunks.append(chunk)
        if consumerWaits { condition.broadcast() }
        return true
    }

    private func finish(_ error: WorkbookError?) {
        condition.lock()
        isFinished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for it; nil after the last one. Rethrows the producer's error.
    func next() throws(WorkbookError) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !isFinished {
            consumerWaits = true
            condition.wait()
        }
        consumerWaits = false
        if !chunks.isEmpty {
            let chunk = chunks.removeFirst()
            // Wake a waiting producer only once half the queue is free, not for every chunk.
            if producerWaits && chunks.count <= capacity / 2 { condition.broadcast() }
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    /// Tells the producer to stop (the consumer failed or is done early).
    func cancel() {
        condition.lock()
        isCancelled = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

// MARK: - Consumer

/// The consumer's window onto a part's bytes: what has been inflated and not yet discarded.
struct PartWindow: ~Copyable {
    /// The bytes held; offset 0 is the first byte not yet discarded.
    private(set) var bytes: GrowingBuffer
    private let source: InflatedChunks
    /// Whether the rest of the part is all in `bytes`.
    private(set) var isComplete = false

    init(source: InflatedChunks, initialCapacity: Int = 2 << 20) {
        self.source = source
        self.bytes = GrowingBuffer(capacity: initialCapacity)
    }

    deinit {
        source.cancel()
    }

    var count: Int { bytes.count }
    var base: UnsafePointer<UInt8> { UnsafePointer(bytes.base) }

    /// Discards the bytes before `offset` (later offsets move down by it), then reads chunks
    /// until at least `minimumCount` bytes are held or the part has ended.
    mutating func refill(discardingBefore offset: Int, minimumCount: Int) throws(WorkbookError) {
        bytes.removeFirst(offset)
        while !isComplete && bytes.count < minimumCount {
            guard let chunk = try source.next() else {
                isComplete = true
                break
            }
            chunk.withUnsafeBytes { raw in
                if let address = raw.baseAddress, raw.count > 0 {
                    bytes.append(address.assumingMemoryBound(to: UInt8.self), count: raw.count)
                }
            }
        }
    }
}
