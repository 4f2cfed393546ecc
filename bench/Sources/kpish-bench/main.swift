// kpish-bench: in-process timings for the bench/ scripts.
//   kpish-bench parse                 parse a typical query, against SQLite preparing the same SQL
//   kpish-bench engine DB [AS_OF]     warm engine timings for the bench queries
//   kpish-bench ask [ROOT]            the question corpus: precision and recall per intent, questions per second
//   kpish-bench forecast FILE…        rolling-origin forecast back-tests on series,period,value CSV files
//   kpish-bench sales-csv ROWS FILE   write the order-line CSV bench/import.sh imports
//   kpish-bench sales-xlsx ROWS FILE  the same order lines as an Excel workbook
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse": runParseBench(Array(arguments.dropFirst()))
case "engine": runEngineBench(Array(arguments.dropFirst()))
case "ask": runAskBench(Array(arguments.dropFirst()))
case "forecast": runForecastBench(Array(arguments.dropFirst()))
case "sales-csv": writeSalesCSV(Array(arguments.dropFirst()))
case "sales-xlsx": writeSalesWorkbook(Array(arguments.dropFirst()))
default:
    FileHandle.standardError.write(
        Data("usage: kpish-bench parse | engine DB [AS_OF] | ask [ROOT] | forecast [--horizon H] FILE… | sales-csv ROWS FILE | sales-xlsx ROWS FILE\n".utf8))
    exit(2)
}
