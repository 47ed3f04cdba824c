// swift-tools-version:6.0
// The Rust core for the iOS app: `ZairyuCoreFFI` is the static library with its C header and module
// map (an XCFramework made by scripts/build-ios.sh), `ZairyuCore` the UniFFI-generated Swift API
// (bindings/swift/ZairyuCore.swift, copied in by the same script), and `ZairyuKit` the thin wrapper
// the app and its tests use: the blocking bridge for CoreNFC, the reading thread, the demo card.
//
// One dynamic product carries both Swift modules, so the app and its hosted test bundles share a
// single copy of the core at run time (a static product linked into both would give each its own
// copy of every type).
//
// Tools version 6.0: every target builds in the Swift 6 language mode (strict concurrency as
// errors), as the app does; Xcode 26 is the supported toolchain.
//
// ZairyuKit carries the framework's privacy manifest (PrivacyInfo.xcprivacy): the core linked into
// it lists the bundled trust-anchor folder (file metadata, C617.1) and times its steps for the log
// with the monotonic clock (system boot time, 35F9.1); it collects and tracks nothing.

import PackageDescription

let package = Package(
    name: "ZairyuCore",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "ZairyuKit", type: .dynamic, targets: ["ZairyuCore", "ZairyuKit"]),
    ],
    targets: [
        .binaryTarget(name: "ZairyuCoreFFI", path: "ZairyuCoreFFI.xcframework"),
        .target(
            name: "ZairyuCore",
            dependencies: ["ZairyuCoreFFI"],
            path: "Sources/ZairyuCore",
            // The core draws its randoms through getrandom, which calls SecRandomCopyBytes on iOS.
            linkerSettings: [.linkedFramework("Security")]
        ),
        .target(
            name: "ZairyuKit",
            dependencies: ["ZairyuCore"],
            path: "Sources/ZairyuKit",
            resources: [.copy("PrivacyInfo.xcprivacy")]
        ),
        .testTarget(
            name: "ZairyuKitTests",
            dependencies: ["ZairyuKit", "ZairyuCore"],
            path: "Tests/ZairyuKitTests"
        ),
    ]
)
