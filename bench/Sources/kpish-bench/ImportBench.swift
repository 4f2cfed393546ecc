import Foundation
import TestSupport

/// Writes the order-line CSV that bench/import.sh imports: the generator the import tests use
/// (Chinese headers, ISO dates in order, a quoted comma now and then, every row distinct).
func writeSalesCSV(_ arguments: [String]) {
    write(arguments, usage: "sales-csv") { try SalesCSV.write(rows: $0, to: $1) }
}

/// Writes the same order lines as an Excel workbook (one sheet 订单; dates as date cells,
/// numbers as numbers), for bench/import.sh's workbook line.
func writeSalesWorkbook(_ arguments: [String]) {
    write(arguments, usage: "sales-xlsx") { try SalesCSV.writeWorkbook(rows: $0, to: $1) }
}

private func write(_ arguments: [String], usage: String, _ body: (Int, String) throws -> Void) {
    guard arguments.count == 2, let rows = Int(arguments[0]) else {
        FileHandle.standardError.write(Data("usage: kpish-bench \(usage) ROWS FILE\n".utf8))
        exit(2)
    }
    do {
        try body(rows, arguments[1])
    } catch {
        FileHandle.standardError.write(Data("kpish-bench: \(error)\n".utf8))
        exit(1)
    }
}
