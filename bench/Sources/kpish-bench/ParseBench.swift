// Parse benchmark: issue 3.
func runParseBench(_ arguments: [String]) {
    print("parse benchmark: not built yet")
}
