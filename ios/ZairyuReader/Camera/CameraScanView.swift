@preconcurrency import AVFoundation
import SwiftUI
import ZairyuCore
import ZairyuKit

/// The camera screen's state: one scanner for as long as the screen is open (so "scan again"
/// restarts the session the preview is attached to), the number found, and a failure for the
/// presenting screen to show once this one has closed.
@MainActor
final class CameraModel: ObservableObject {
    struct Found: Equatable {
        let number: String
        /// 1-based characters OCR repaired, from the core's scanner.
        let corrected: [UInt32]
    }

    @Published private(set) var found: Found? = nil
    @Published private(set) var failure: ErrorInfo? = nil
    let scanner = CameraScanner()

    init() {
        scanner.setHandler { [weak self] event in
            Task { @MainActor [weak self] in self?.handle(event) }
        }
    }

    /// Asks for the camera if the user has not decided yet, then starts scanning.
    func begin() async {
        switch CameraScanner.authorization {
        case .authorized:
            scanner.start()
        case .notDetermined:
            if await AVCaptureDevice.requestAccess(for: .video) {
                scanner.start()
            } else {
                failure = ErrorCatalogue.info(code: "camera_permission_denied")
            }
        default:
            failure = ErrorCatalogue.info(code: "camera_permission_denied")
        }
    }

    func rescan() {
        found = nil
        scanner.start()
    }

    func stop() {
        scanner.stop()
    }

    func setGuide(_ frame: CGRect, in size: CGSize) {
        scanner.setGuide(frame, in: size)
    }

    private func handle(_ event: CameraScanner.Event) {
        switch event {
        case let .found(number, corrected):
            found = Found(number: number, corrected: corrected)
        case .failed:
            failure = ErrorCatalogue.info(code: "camera_scan_failed")
        case .face:
            // Not asked for: this model's scanner reads card numbers.
            break
        }
    }
}

/// The camera screen: live preview, a card-shaped guide frame, the core's guidance text, and —
/// once the core's scanner reports a stable number — a confirmation step before the number is
/// used (OCR can misread; the user compares it with the card). The card in view is card data:
/// the privacy shield covers it in the app switcher and while the screen is recorded.
struct CameraScanView: View {
    let guidance: CoreText
    let confirmation: CoreText
    let onUse: (String, [UInt32]) -> Void
    /// A failure (permission denied, scan failed): the presenter closes this screen and shows
    /// the core's dialog once it has gone (an alert raised under a closing cover is dropped).
    let onError: (ErrorInfo) -> Void
    let onClose: () -> Void

    @StateObject private var camera = CameraModel()

    var body: some View {
        ZStack {
            Color.black.ignoresSafeArea()
            CameraPreview(session: camera.scanner.session)
                .ignoresSafeArea()
                .accessibilityHidden(true)
            // The same full-screen space as the preview, so the guide maps onto its frames.
            GeometryReader { geometry in
                let frame = CameraGeometry.guideFrame(in: geometry.size)
                RoundedRectangle(cornerRadius: 12)
                    .stroke(Color.accentColor, lineWidth: 3)
                    .frame(width: frame.width, height: frame.height)
                    .position(x: frame.midX, y: frame.midY)
                    .accessibilityHidden(true)
                    .onAppear { camera.setGuide(frame, in: geometry.size) }
                    .onChange(of: geometry.size) { size in
                        camera.setGuide(CameraGeometry.guideFrame(in: size), in: size)
                    }
            }
            .ignoresSafeArea()
            VStack {
                HStack {
                    Spacer()
                    SwiftUI.Button(action: close) {
                        Image(systemName: "xmark.circle.fill")
                            .font(.title)
                            .foregroundStyle(.white)
                    }
                    .accessibilityLabel(Text("common.close"))
                    .accessibilityIdentifier("camera.close")
                    .padding()
                }
                Spacer()
                Text(core: guidance)
                    .font(.body)
                    .foregroundStyle(.white)
                    .multilineTextAlignment(.center)
                    .padding()
                    .background(.black.opacity(0.6), in: RoundedRectangle(cornerRadius: 10))
                    .padding()
            }
            if let found = camera.found {
                confirmationPanel(found)
            }
        }
        .task { await camera.begin() }
        .onDisappear { camera.stop() }
        .onChange(of: camera.failure) { failure in
            if let failure {
                camera.stop()
                onError(failure)
            }
        }
        .privacyShield()
    }

    private func confirmationPanel(_ found: CameraModel.Found) -> some View {
        VStack(spacing: 16) {
            Text("camera.found.title")
                .font(.headline)
            NumberHighlight(number: found.number, marked: Set(found.corrected.map(Int.init)))
                .font(.system(.title2, design: .monospaced))
            Text(core: confirmation)
                .font(.callout)
                .multilineTextAlignment(.center)
            HStack {
                SwiftUI.Button("camera.rescan") { camera.rescan() }
                    .buttonStyle(.bordered)
                    .accessibilityIdentifier("camera.rescan")
                SwiftUI.Button("camera.use") {
                    camera.stop()
                    onUse(found.number, found.corrected)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityIdentifier("camera.use")
            }
        }
        .padding()
        .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 16))
        .padding()
    }

    private func close() {
        camera.stop()
        onClose()
    }
}

/// The preview layer, as SwiftUI cannot show an `AVCaptureSession` itself. `updateUIView`
/// re-attaches the layer whenever it is not showing the given session.
struct CameraPreview: UIViewRepresentable {
    let session: AVCaptureSession

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }
    }

    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.videoGravity = .resizeAspectFill
        view.previewLayer.session = session
        return view
    }

    func updateUIView(_ uiView: PreviewView, context: Context) {
        if uiView.previewLayer.session !== session {
            uiView.previewLayer.session = session
        }
    }
}
