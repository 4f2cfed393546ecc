// Engine benchmark: issue 4.
func runEngineBench(_ arguments: [String]) {
    print("engine benchmark: not built yet")
}
