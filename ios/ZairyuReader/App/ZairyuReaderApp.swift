import SwiftUI
import ZairyuCore
import ZairyuKit

@main
struct ZairyuReaderApp: App {
    @StateObject private var model = AppModel()

    init() {
        // The core logs steps, sizes, status words and timings only (never card data) to the
        // unified log; release builds keep it to warnings.
        #if DEBUG
        try? initLogging(level: .debug)
        #else
        try? initLogging(level: .warn)
        #endif
    }

    var body: some Scene {
        WindowGroup {
            RootView()
                .environmentObject(model)
        }
    }
}
