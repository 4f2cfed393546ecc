import Foundation

/// Readers for the package's bookkeeping parts: relationships (`*.rels`) and the workbook part's
/// sheet list.
enum PackageParts {
    /// One `<Relationship>` of a relationships part.
    struct Relationship {
        let id: String
        /// The type URI; compared by its last path segment ("/worksheet", "/sharedStrings" …),
        /// which transitional and strict OOXML share.
        let type: String
        let target: String
    }

    /// A `<sheet>` of the workbook part.
    struct SheetEntry {
        let name: String
        let relationshipID: String
        let isHidden: Bool
    }

    /// What the workbook part says about the sheets and the date system.
    struct WorkbookListing {
        let sheets: [SheetEntry]
        let uses1904Dates: Bool
    }

    // MARK: - Relationships

    /// Reads the relationships of a `.rels` part (external targets left out).
    static func parseRelationships(_ xml: [UInt8], part: String) throws(WorkbookError) -> [Relationship] {
        xml.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            var cursor = XMLCursor(base: base, end: buffer.count)
            var relationships: [Relationship] = []
            while let tag = cursor.nextTag() {
                guard !tag.isClosing, cursor.matches(tag.name, "Relationship") else {
                    cursor.finishTag()
                    continue
                }
                var id = ""
                var type = ""
                var target = ""
                var isExternal = false
                while let attribute = cursor.nextAttribute() {
                    let name = attribute.name
                    if cursor.matches(name, "Id") {
                        id = cursor.string(attribute.value)
                    } else if cursor.matches(name, "Type") {
                        type = cursor.string(attribute.value)
                    } else if cursor.matches(name, "Target") {
                        target = cursor.string(attribute.value)
                    } else if cursor.matches(name, "TargetMode") {
                        isExternal = cursor.string(attribute.value) == "External"
                    }
                }
                if !isExternal { relationships.append(Relationship(id: id, type: type, target: target)) }
            }
            return relationships
        }
    }

    /// The relationships part of a part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
    static func relationshipsPart(of part: String) -> String {
        let (directory, name) = split(part)
        return directory + "_rels/" + name + ".rels"
    }

    /// The package path a relationship target names, seen from the part `source`: absolute
    /// targets ("/xl/worksheets/sheet1.xml") from the root, relative ones ("worksheets/sheet1.xml",
    /// "../sheet.xml") from the source's folder.
    static func resolve(_ target: String, from source: String) -> String {
        let joined = target.hasPrefix("/") ? target : split(source).directory + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    /// "xl/workbook.xml" → ("xl/", "workbook.xml").
    private static func split(_ part: String) -> (directory: String, name: String) {
        guard let slash = part.lastIndex(of: "/") else { return ("", part) }
        return (String(part[...slash]), String(part[part.index(after: slash)...]))
    }

    // MARK: - Workbook part

    /// Reads the sheet list and date system of a workbook part; nil if its root element is not
    /// `<workbook>` (the main part of some other kind of document).
    static func parseWorkbook(_ xml: [UInt8], part: String) throws(WorkbookError) -> WorkbookListing? {
        xml.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var cursor = XMLCursor(base: base, end: buffer.count)
            guard let root = cursor.nextTag(), !root.isClosing, cursor.matches(root.name, "workbook") else {
                return nil
            }
            cursor.finishTag()
            var sheets: [SheetEntry] = []
            var uses1904Dates = false
            while let tag = cursor.nextTag() {
                if tag.isClosing {
                    cursor.finishTag()
                } else if cursor.matches(tag.name, "workbookPr") {
                    while let attribute = cursor.nextAttribute() {
                        guard cursor.matches(attribute.name, "date1904") else { continue }
                        let value = cursor.string(attribute.value)
                        uses1904Dates = value == "1" || value.lowercased() == "true"
                    }
                } else if cursor.matches(tag.name, "sheet") {
                    var name = ""
                    var relationshipID = ""
                    var isHidden = false
                    while let attribute = cursor.nextAttribute() {
                        if cursor.matches(attribute.name, "name") {
                            name = cursor.string(attribute.value)
                        } else if cursor.matches(attribute.name, "state") {
                            isHidden = cursor.string(attribute.value) != "visible"
                        } else if cursor.matches(cursor.localName(attribute.name), "id")
                            && cursor.localName(attribute.name) != attribute.name
                        {
                            // r:id (whatever the relationships namespace's prefix is).
                            relationshipID = cursor.string(attribute.value)
                        }
                    }
                    sheets.append(SheetEntry(name: name, relationshipID: relationshipID, isHidden: isHidden))
                } else {
                    cursor.finishTag()
                }
            }
            return WorkbookListing(sheets: sheets, uses1904Dates: uses1904Dates)
        }
    }
}
