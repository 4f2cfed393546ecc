import Analysis
import Foundation

/// `kpish-bench forecast [--horizon H] [--methods ets,theta,...] FILE…`: rolling-origin
/// back-tests of kpish's forecaster on series read from CSV files of `series,period,value` rows
/// (each series' rows in time order, monthly). For each series, origins step back 3 months at a
/// time from the last H values, while at least two years stay before the origin (at most 4).
/// Prints one CSV row per series, origin and step — the numbers bench/forecast.py scores against
/// statsforecast on the same origins — then `time_ms` on stderr.
func runForecastBench(_ arguments: [String]) {
    var horizon = 6
    var methods = Set(ForecastMethod.allCases)
    var files: [String] = []
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--horizon":
            index += 1
            horizon = Int(arguments[index]) ?? horizon
        case "--methods":
            index += 1
            methods = Set(arguments[index].split(separator: ",").compactMap { ForecastMethod(rawValue: String($0)) })
        default:
            files.append(arguments[index])
        }
        index += 1
    }
    var series: [(name: String, values: [Double])] = []
    for file in files {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
            exit(1)
        }
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 3, let value = Double(fields[2]) else { continue }
            let name = String(fields[0])
            if series.last?.name == name {
                series[series.count - 1].values.append(value)
            } else {
                series.append((name, [value]))
            }
        }
    }
    let forecaster = Forecaster(seasonLength: 12, methods: methods)
    print("series,origin,step,actual,forecast,low80,high80,low95,high95,method")
    let start = Date()
    for (name, values) in series {
        for origin in benchOrigins(count: values.count, horizon: horizon) {
            let result = forecaster.forecast(Array(values[..<origin]), horizon: horizon)
            for step in 0..<horizon {
                let fields = [
                    "\(values[origin + step])", "\(result.mean[step])", "\(result.low80[step])",
                    "\(result.high80[step])", "\(result.low95[step])", "\(result.high95[step])",
                ]
                print("\(name),\(origin),\(step + 1),\(fields.joined(separator: ",")),\"\(result.method)\"")
            }
        }
    }
    let elapsed = Date().timeIntervalSince(start) * 1000
    FileHandle.standardError.write(Data("time_ms \(elapsed)\n".utf8))
}

/// The back-test origins (the number of values before each): n − H, n − H − 3, … while two
/// years of history remain, at most four. bench/forecast.py uses the same rule.
func benchOrigins(count: Int, horizon: Int) -> [Int] {
    (0..<4).map { count - horizon - 3 * $0 }.filter { $0 >= 24 }.reversed()
}
