import Foundation
import ZIPFoundation

/// An open zip container (an OPC package) with its entries indexed by path.
///
/// Not Sendable (ZIPFoundation's `Archive` holds a `FILE*`): open one where it is used.
struct ZipPackage {
    private let archive: Archive
    /// Entries by lowercased path: OPC part names are case-insensitive.
    private let entries: [String: Entry]

    /// Inflate in chunks this large: fewer, larger consumer calls (and thread hand-overs) than
    /// ZIPFoundation's 16 KiB default.
    private static let chunkSize = 1 << 20
    /// The largest part this reader inflates (a sheet of a million wide rows is well below it).
    private static let largestPart: UInt64 = 4 << 30

    /// Opens the zip at `path`.
    ///
    /// The end-of-central-directory record is looked for first among the file's last 64 KiB:
    /// without it the file was cut off (ZIPFoundation would scan the whole file backwards, byte
    /// by byte, before saying so).
    static func open(_ path: String) throws(WorkbookError) -> ZipPackage {
        guard let declaredEntries = try endOfCentralDirectoryEntryCount(path) else { throw .truncated }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .truncated
        }
        var entries: [String: Entry] = [:]
        var seen = 0
        for entry in archive {
            seen += 1
            let key = entry.path.lowercased()
            if entries[key] == nil { entries[key] = entry }
        }
        // Iteration stops quietly at the first unreadable directory record.
        if let declaredEntries, seen < declaredEntries { throw .truncated }
        return ZipPackage(archive: archive, entries: entries)
    }

    private init(archive: Archive, entries: [String: Entry]) {
        self.archive = archive
        self.entries = entries
    }

    /// Whether the package has a part at `path` (without a leading "/").
    func contains(_ path: String) -> Bool {
        entry(path) != nil
    }

    /// The inflated bytes of the part at `path`, or nil if there is none.
    func read(_ path: String) throws(WorkbookError) -> [UInt8]? {
        guard let entry = entry(path) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, Self.largestPart)))
        _ = try stream(path) { chunk in
            chunk.withUnsafeBytes { raw in bytes.append(contentsOf: raw.bindMemory(to: UInt8.self)) }
        }
        return bytes
    }

    /// The inflated size of the part at `path`, as its zip entry declares it.
    func size(of path: String) -> Int? {
        entry(path).map { Int(min($0.uncompressedSize, Self.largestPart)) }
    }

    /// Inflates the part at `path`, handing its bytes to `consumer` in order, chunk by chunk.
    /// Returns false if there is no such part.
    ///
    /// The inflated size and the CRC-32 are checked against the zip entry; a stream that fails to
    /// inflate, ends early or does not match throws `.truncated`. An error the consumer throws
    /// ends the extraction and is rethrown if it is a `WorkbookError`.
    func stream(_ path: String, into consumer: (Data) throws -> Void) throws(WorkbookError) -> Bool {
        guard let entry = entry(path) else { return false }
        let size = entry.uncompressedSize
        guard size <= Self.largestPart else {
            throw .malformed(part: path, detail: "the part inflates to \(size) bytes")
        }
        var written: UInt64 = 0
        var checksum = CRC32Checksum()
        do {
            _ = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: true) { chunk in
                written += UInt64(chunk.count)
                guard written <= size else { throw PartSizeMismatch() }
                chunk.withUnsafeBytes { checksum.update($0) }
                try consumer(chunk)
            }
        } catch let error as WorkbookError {
            throw error
        } catch {
            throw .truncated
        }
        // Entries whose data descriptor ZIPFoundation could not read report a checksum of 0.
        guard written == size, entry.checksum == 0 || checksum.value == entry.checksum else { throw .truncated }
        return true
    }

    private func entry(_ path: String) -> Entry? {
        let key = path.lowercased()
        if let entry = entries[key] { return entry }
        // Relationship targets are URIs: "sheet%201.xml" names the entry "sheet 1.xml".
        if let decoded = key.removingPercentEncoding, decoded != key { return entries[decoded] }
        return nil
    }

    private struct PartSizeMismatch: Error {}

    // MARK: - End of central directory

    /// Finds the end-of-central-directory record among the last 64 KiB + 22 bytes of the file.
    /// Returns nil if there is none; otherwise the number of entries it declares (nil for
    /// ZIP64 archives, whose count lives elsewhere).
    private static func endOfCentralDirectoryEntryCount(_ path: String) throws(WorkbookError) -> Int?? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path) }
        defer { try? handle.close() }
        let fileSize: UInt64
        let tail: [UInt8]
        do {
            fileSize = try handle.seekToEnd()
            let length = min(fileSize, 65_535 + 22)
            try handle.seek(toOffset: fileSize - length)
            tail = [UInt8](try handle.read(upToCount: Int(length)) ?? Data())
        } catch {
            throw .unreadable(path)
        }
        guard tail.count >= 22 else { return nil }
        var index = tail.count - 22
        while index >= 0 {
            if tail[index] == 0x50 && tail[index + 1] == 0x4B && tail[index + 2] == 0x05 && tail[index + 3] == 0x06 {
                let entries = Int(tail[index + 10]) | Int(tail[index + 11]) << 8
                return .some(entries == 0xFFFF ? nil : entries)
            }
            index -= 1
        }
        return nil
    }
}
