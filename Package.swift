// swift-tools-version:6.0
import PackageDescription

// Data flows one way: SegSyntax → SegCheck → SegCompile → SegRun, which runs plans on SegEngine
// and keeps what it saves in SegStore (SegMemory: the REPL's segments in memory; SegDemo: the demo bank).
let package = Package(
    name: "Seg",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seg", targets: ["seg"]),
        .library(name: "SegRun", targets: ["SegRun"]),
        .executable(name: "SegFuzz", targets: ["SegFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
        // Tests read exports back with an independent CSV reader.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // MD5 for holdout buckets (LANGUAGE.md §3) and SHA-256 for the ledger.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"4.0.0"),
        // The project's config file (`seg.toml`: roles and their rights).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // libpq for the PostgreSQL engine.
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", providers: [.apt(["libpq-dev"])]),
        // GNU readline (GPL-3) for the REPL's line editing, history and completion.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        .target(name: "SegSyntax", linkerSettings: [.linkedLibrary("m")]),
        // Model files (XGBoost, LightGBM, linear): loading, scoring, TreeSHAP, evaluation.
        .target(name: "SegModels"),
        .target(name: "SegCheck", dependencies: ["SegSyntax", "SegModels"]),
        .target(name: "SegCompile", dependencies: ["SegSyntax", "SegCheck", "SegModels"]),
        // The engines (SQLite, PostgreSQL, Spark) and the store's connection and schema.
        .target(name: "SegEngine", dependencies: [
            "SegSyntax", "SegCheck", "SegCompile", "SegModels", "CSQLite", "CPostgres",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // What Seg keeps: lists, ledger, journal, policy, tags and texts in the store; the files it writes.
        .target(name: "SegStore", dependencies: [
            "SegSyntax", "SegCheck", "SegCompile", "SegModels", "SegEngine",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The REPL's segments in memory: columns over dense row numbers, conditions as bitsets.
        .target(name: "SegMemory", dependencies: ["SegSyntax", "SegCheck", "SegCompile", "SegEngine"]),
        // Sessions: a run from checked programs to its commit point.
        .target(name: "SegRun", dependencies: [
            "SegSyntax", "SegCheck", "SegCompile", "SegModels", "SegEngine", "SegStore", "SegMemory",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The synthetic demo bank (`seg demo`).
        .target(name: "SegDemo", dependencies: ["SegSyntax", "SegCheck", "SegCompile", "SegEngine", "SegStore"]),
        .executableTarget(name: "seg", dependencies: [
            "SegSyntax", "SegCheck", "SegCompile", "SegEngine", "SegStore", "SegRun", "SegDemo", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Rainbow", package: "Rainbow"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // libFuzzer entry point over lexer + parser + checker + compiler (see .ci/run).
        .executableTarget(name: "SegFuzz", dependencies: ["SegSyntax", "SegCheck", "SegCompile"]),
        .testTarget(name: "SegTests", dependencies: [
            "SegSyntax", "SegCheck", "SegCompile", "SegModels", "SegEngine", "SegStore", "SegMemory", "SegRun", "SegDemo", "seg",
            .product(name: "CSV", package: "CSV.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
