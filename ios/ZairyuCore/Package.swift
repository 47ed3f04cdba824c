// swift-tools-version:5.9
// The Rust core for the iOS app: `ZairyuCoreFFI` is the static library with its C header and module
// map (an XCFramework made by scripts/build-ios.sh), `ZairyuCore` the UniFFI-generated Swift API
// (bindings/swift/ZairyuCore.swift, copied in by the same script), and `ZairyuKit` the thin wrapper
// the app and its tests use: the blocking bridge for CoreNFC, the reading thread, the demo card.

import PackageDescription

let package = Package(
    name: "ZairyuCore",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "ZairyuCore", targets: ["ZairyuCore"]),
        .library(name: "ZairyuKit", targets: ["ZairyuKit"]),
    ],
    targets: [
        .binaryTarget(name: "ZairyuCoreFFI", path: "ZairyuCoreFFI.xcframework"),
        .target(
            name: "ZairyuCore",
            dependencies: ["ZairyuCoreFFI"],
            path: "Sources/ZairyuCore"
        ),
        .target(
            name: "ZairyuKit",
            dependencies: ["ZairyuCore"],
            path: "Sources/ZairyuKit"
        ),
        .testTarget(
            name: "ZairyuKitTests",
            dependencies: ["ZairyuKit", "ZairyuCore"],
            path: "Tests/ZairyuKitTests"
        ),
    ]
)
