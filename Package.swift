// swift-tools-version:6.1
// kpish — a terminal assistant for sales managers.
//
// Module direction (DESIGN.md): a module imports only modules above it in this list.
//   CPCRE2, CReadline → Model → Store → Engine → Analysis → Language → Ask → Render → Coach → Shell → kpish
import PackageDescription

let package = Package(
    name: "kpish",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpish", targets: ["kpish"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]),

        // MARK: - Stages
        .target(name: "Model"),
        .target(
            name: "Store",
            dependencies: [
                "Model",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // Excel workbooks are ZIP containers (zlib through pkg-config on Linux).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The import header synonyms (a link to grammar/import/headers.tsv), compiled in so
            // that an installed binary needs no data files.
            resources: [.embedInCode("Import/headers.tsv"), .embedInCode("Import/tables.tsv")],
            // GB18030 goes through iconv: part of glibc, a separate library on macOS.
            linkerSettings: [.linkedLibrary("iconv", .when(platforms: [.macOS]))]),
        .target(name: "Engine", dependencies: ["Model", "Store"]),
        .target(name: "Analysis", dependencies: ["Model", "Engine"]),
        .target(name: "Language", dependencies: ["Model"]),
        .target(name: "Ask", dependencies: ["Model", "CPCRE2"]),
        .target(name: "Render", dependencies: ["Model"]),
        .target(name: "Coach", dependencies: ["Model", "Store", "Engine", "Analysis", "Render"]),
        .target(
            name: "Shell",
            dependencies: [
                "Model", "Store", "Engine", "Analysis", "Language", "Ask", "Render", "Coach",
                "CReadline",
            ]),
        .executableTarget(
            name: "kpish",
            dependencies: [
                "Shell", "Engine", "Analysis", "Coach", "Render", "Store", "Model",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Benchmarks (bench/): in-process timings, run by the bench scripts
        .executableTarget(
            name: "kpish-bench",
            dependencies: [
                "Model", "Store", "Engine", "Analysis", "Language", "Ask", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "bench/Sources/kpish-bench"),

        // MARK: - Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "Model", "Store", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        // The workbook reader's own tests, against openpyxl's reading of each fixture (made once
        // by Fixtures/make.py) and workbooks built byte by byte.
        .testTarget(name: "WorkbookTests", dependencies: ["Store"], exclude: ["Fixtures"]),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "Store", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "AnalysisTests",
            dependencies: ["Analysis", "Engine", "Store", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "LanguageTests", dependencies: ["Language", "Engine", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "AskTests", dependencies: ["Ask", "CPCRE2", "Language", "Engine", "Store", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "CReadline", "Analysis", "Engine", "Language", "TestSupport"]),
        .testTarget(
            name: "CoachTests",
            dependencies: [
                "Coach", "Analysis", "Engine", "Language", "Store", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "KpishTests", dependencies: ["kpish", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
