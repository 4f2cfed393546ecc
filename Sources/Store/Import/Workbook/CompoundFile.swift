import Foundation

/// Tells what an OLE2 compound file (the container of Excel 97-2003 .xls files and of
/// password-protected .xlsx files) holds, by reading its directory's stream names.
enum CompoundFile {
    /// The eight bytes every compound file starts with.
    static let magic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// What a compound file is, as far as opening a workbook cares.
    enum Content: Equatable {
        /// An Excel 97-2003 workbook: a "Workbook" (BIFF8) or "Book" (BIFF5) stream.
        case legacyExcel
        /// An encrypted OOXML package: "EncryptionInfo" and "EncryptedPackage" streams.
        case encryptedPackage
        /// Something else (a .doc, .ppt, .msg …), described for the error message.
        case other(String)
    }

    /// Reads the directory of the compound file in `bytes`; nil if its structure is damaged.
    static func content(of bytes: [UInt8]) -> Content? {
        guard let names = directoryNames(bytes) else { return nil }
        if names.contains("EncryptionInfo") || names.contains("EncryptedPackage") { return .encryptedPackage }
        if names.contains("Workbook") || names.contains("Book") { return .legacyExcel }
        if names.contains("WordDocument") { return .other("a Word 97-2003 document (.doc)") }
        if names.contains("PowerPoint Document") { return .other("a PowerPoint 97-2003 presentation (.ppt)") }
        return .other("an OLE2 compound file that holds no workbook")
    }

    // MARK: - Structure

    /// The names of all directory entries, following the directory's sector chain through the FAT.
    static func directoryNames(_ bytes: [UInt8]) -> Set<String>? {
        guard bytes.count >= 512, Array(bytes[0..<8]) == magic else { return nil }
        let sectorShift = Int(littleEndian16(bytes, at: 30))
        guard sectorShift == 9 || sectorShift == 12 else { return nil }
        let sectorSize = 1 << sectorShift
        let fatSectorCount = Int(littleEndian32(bytes, at: 44))
        let firstDirectorySector = littleEndian32(bytes, at: 48)
        var nextDIFATSector = littleEndian32(bytes, at: 68)

        // The FAT's own sectors: the first 109 are listed in the header, the rest in DIFAT sectors.
        var fatSectors: [UInt32] = []
        for index in 0..<109 {
            let sector = littleEndian32(bytes, at: 76 + index * 4)
            if sector < 0xFFFF_FFFA { fatSectors.append(sector) }
        }
        var visitedDIFAT = 0
        while nextDIFATSector < 0xFFFF_FFFA && fatSectors.count < fatSectorCount && visitedDIFAT < 100_000 {
            guard let offset = sectorOffset(nextDIFATSector, size: sectorSize, in: bytes) else { return nil }
            let entries = sectorSize / 4 - 1
            for index in 0..<entries {
                let sector = littleEndian32(bytes, at: offset + index * 4)
                if sector < 0xFFFF_FFFA { fatSectors.append(sector) }
            }
            nextDIFATSector = littleEndian32(bytes, at: offset + entries * 4)
            visitedDIFAT += 1
        }

        /// The FAT entry of `sector`: the next sector of its chain.
        func next(after sector: UInt32) -> UInt32? {
            let perSector = sectorSize / 4
            let fatIndex = Int(sector) / perSector
            guard fatIndex < fatSectors.count,
                let offset = sectorOffset(fatSectors[fatIndex], size: sectorSize, in: bytes)
            else { return nil }
            return littleEndian32(bytes, at: offset + (Int(sector) % perSector) * 4)
        }

        var names: Set<String> = []
        var sector = firstDirectorySector
        var visited = 0
        while sector < 0xFFFF_FFFA {
            guard visited < 1_000_000, let offset = sectorOffset(sector, size: sectorSize, in: bytes) else {
                return nil
            }
            for entry in 0..<(sectorSize / 128) {
                let start = offset + entry * 128
                let nameLength = Int(littleEndian16(bytes, at: start + 64))  // bytes, with the final NUL
                let type = bytes[start + 66]
                guard type != 0, nameLength >= 2, nameLength <= 64 else { continue }
                var units: [UInt16] = []
                for index in 0..<(nameLength / 2 - 1) {
                    units.append(littleEndian16(bytes, at: start + index * 2))
                }
                names.insert(String(decoding: units, as: UTF16.self))
            }
            guard let following = next(after: sector) else { return nil }
            sector = following
            visited += 1
        }
        return names.isEmpty ? nil : names
    }

    /// The file offset of a sector, if the whole sector lies inside the file.
    private static func sectorOffset(_ sector: UInt32, size: Int, in bytes: [UInt8]) -> Int? {
        let offset = (Int(sector) + 1) * size
        return offset + size <= bytes.count ? offset : nil
    }

    private static func littleEndian16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func littleEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
}
