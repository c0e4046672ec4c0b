// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "MLoop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mloop", targets: ["mloop"]),
        .library(name: "MLoopCore", targets: ["MLoopCore"]),
        .library(name: "MLoopDSL", targets: ["MLoopDSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // Pure domain: model, validation, cron, canonical form. No I/O, no clock.
        .target(name: "MLoopCore", exclude: ["README.md"]),

        // Workflows declared in Swift: a result builder producing the same drafts the YAML loader produces.
        .target(name: "MLoopDSL", dependencies: ["MLoopCore"], exclude: ["README.md"]),

        // The one C seam: libpq through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // libpq driven non-blocking: connections, SQL with bound parameters, rows, pool, LISTEN/NOTIFY.
        .target(
            name: "MLoopPostgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        // A private PostgreSQL cluster: find binaries, initdb, start, reuse, stop (the embedded default and tests).
        .target(
            name: "MLoopLocalPostgres",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        // MLoop's schema and the queries each role needs, expressed as intents.
        .target(
            name: "MLoopStore",
            dependencies: [
                "MLoopCore", "MLoopPostgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        // Workflow files (YAML; Swift compiled against the embedded DSL) -> validated definitions, or every problem.
        .target(
            name: "MLoopLoader",
            dependencies: [
                "MLoopCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["README.md"],
            plugins: ["EmbedDSLSources"]
        ),
        // Generates MLoopLoader's copy of the MLoopCore and MLoopDSL sources at build time (nothing committed).
        .executableTarget(name: "EmbedDSLSourcesTool"),
        .plugin(name: "EmbedDSLSources", capability: .buildTool(), dependencies: ["EmbedDSLSourcesTool"]),
        // The scheduler role: DAG-folder sync, scheduled runs, planning.
        .target(
            name: "MLoopScheduler",
            dependencies: [
                "MLoopCore", "MLoopStore", "MLoopLoader", "MLoopPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),
        // Runs one task try as a supervised subprocess tree: environment, output protocol, logs, timeouts.
        .target(
            name: "MLoopExecutor",
            dependencies: [
                "MLoopCore", "MLoopStore", "MLoopPostgres",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"]
        ),
        // The HTTP API: seed 002's REST endpoints over the store, served by Hummingbird.
        .target(
            name: "MLoopAPI",
            dependencies: [
                "MLoopCore", "MLoopStore", "MLoopPostgres", "MLoopLoader",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "mloop",
            dependencies: [
                "MLoopCore", "MLoopPostgres", "MLoopLocalPostgres", "MLoopStore", "MLoopLoader", "MLoopScheduler",
                "MLoopExecutor", "MLoopAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),

        // Test kit: a throwaway PostgreSQL cluster per test process, a fresh database per test.
        .target(
            name: "MLoopTestSupport",
            dependencies: [
                "MLoopPostgres", "MLoopLocalPostgres", "MLoopStore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/MLoopTestSupport"
        ),
        .testTarget(name: "MLoopCoreTests", dependencies: ["MLoopCore"]),
        .testTarget(name: "MLoopDSLTests", dependencies: ["MLoopDSL", "MLoopCore", "MLoopLoader"]),
        .testTarget(name: "MLoopExecutorTests", dependencies: ["MLoopExecutor", "MLoopCore", "MLoopTestSupport"]),
        .testTarget(
            name: "MLoopLoaderTests",
            dependencies: [
                "MLoopLoader", "MLoopCore", "MLoopTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "MLoopPostgresTests", dependencies: ["MLoopPostgres", "MLoopTestSupport"]),
        .testTarget(name: "MLoopStoreTests", dependencies: ["MLoopStore", "MLoopCore", "MLoopTestSupport"]),
        .testTarget(
            name: "MLoopSchedulerTests",
            dependencies: ["MLoopScheduler", "MLoopStore", "MLoopLoader", "MLoopCore", "MLoopTestSupport"]
        ),
        // The engine end to end: scheduler and worker in-process and as real `mloop` processes, on real PostgreSQL.
        .testTarget(
            name: "MLoopEngineTests",
            dependencies: [
                "MLoopScheduler", "MLoopExecutor", "MLoopStore", "MLoopLoader", "MLoopCore", "MLoopPostgres",
                "MLoopLocalPostgres", "MLoopTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "MLoopAPITests",
            dependencies: [
                "MLoopAPI", "MLoopScheduler", "MLoopExecutor", "MLoopLoader", "MLoopStore", "MLoopCore",
                "MLoopPostgres", "MLoopTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "MLoopCLITests",
            dependencies: [
                "MLoopTestSupport", "MLoopPostgres",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)
