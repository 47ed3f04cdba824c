@preconcurrency import AVFoundation
import SwiftUI
import ZairyuCore
import ZairyuKit

/// The card-face camera screen's state: one `CameraScanner` for the My Number card face, the
/// fields the core found stable so far, and a failure for the presenting screen.
@MainActor
final class FaceCameraModel: ObservableObject {
    @Published private(set) var scan: CardFaceScan? = nil
    @Published private(set) var failure: ErrorInfo? = nil
    let scanner = CameraScanner(purpose: .myNumberFace)

    init() {
        scanner.setHandler { [weak self] event in
            Task { @MainActor [weak self] in self?.handle(event) }
        }
    }

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
        scan = nil
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
        case let .face(scan):
            self.scan = scan
        case .failed:
            failure = ErrorCatalogue.info(code: "camera_scan_failed")
        case .found:
            break
        }
    }
}

/// The camera for the in-person check: the card face in the guide frame, the core's instruction,
/// each field shown as soon as the core's scanner has it stable, and — complete or not — "use"
/// fills what was found into the entry screen, where the user compares it with the card and
/// types the rest. A card is in view: the privacy shield applies.
struct CardFaceScanView: View {
    let instruction: CoreText
    let onUse: (CardFaceScan) -> Void
    let onError: (ErrorInfo) -> Void
    let onClose: () -> Void

    @StateObject private var camera = FaceCameraModel()

    var body: some View {
        ZStack {
            Color.black.ignoresSafeArea()
            CameraPreview(session: camera.scanner.session)
                .ignoresSafeArea()
                .accessibilityHidden(true)
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
                    .accessibilityIdentifier("faceCamera.close")
                    .padding()
                }
                Spacer()
                VStack(spacing: 8) {
                    Text(core: instruction)
                        .multilineTextAlignment(.center)
                    if let scan = camera.scan {
                        found(scan)
                    }
                }
                .font(.body)
                .foregroundStyle(.white)
                .padding()
                .background(.black.opacity(0.6), in: RoundedRectangle(cornerRadius: 10))
                .padding()
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

    private func found(_ scan: CardFaceScan) -> some View {
        VStack(spacing: 6) {
            ForEach(Array([scan.birthDate, scan.expiryYear, scan.securityCode].compactMap { $0 }.enumerated()), id: \.offset) { _, value in
                Text(verbatim: value)
                    .font(.title3.monospacedDigit())
            }
            HStack {
                SwiftUI.Button("camera.rescan") { camera.rescan() }
                    .buttonStyle(.bordered)
                    .accessibilityIdentifier("faceCamera.rescan")
                SwiftUI.Button("camera.use") {
                    camera.stop()
                    onUse(scan)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityIdentifier("faceCamera.use")
            }
        }
        .privacySensitive()
    }

    private func close() {
        camera.stop()
        onClose()
    }
}
