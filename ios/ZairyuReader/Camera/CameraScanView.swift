import AVFoundation
import SwiftUI
import ZairyuCore
import ZairyuKit

/// The camera screen: live preview, a guide frame for the card's number, the core's guidance
/// text, and — once the core's scanner reports a stable number — a confirmation step before the
/// number is used (OCR can misread; the user compares it with the card).
struct CameraScanView: View {
    let guidance: CoreText
    let confirmation: CoreText
    let onUse: (String, [UInt32]) -> Void
    let onError: (ErrorInfo) -> Void
    let onClose: () -> Void

    @State private var scanner: CameraScanner? = nil
    @State private var found: (number: String, corrected: [UInt32])? = nil

    var body: some View {
        ZStack {
            Color.black.ignoresSafeArea()
            if let scanner {
                CameraPreview(session: scanner.session)
                    .ignoresSafeArea()
                    .accessibilityHidden(true)
            }
            GeometryReader { geometry in
                let frame = guideFrame(in: geometry.size)
                RoundedRectangle(cornerRadius: 12)
                    .stroke(Color.accentColor, lineWidth: 3)
                    .frame(width: frame.width, height: frame.height)
                    .position(x: frame.midX, y: frame.midY)
                    .accessibilityHidden(true)
                    .onAppear { scanner?.setRegionOfInterest(visionRect(frame, in: geometry.size)) }
                    .onChange(of: geometry.size) { size in
                        scanner?.setRegionOfInterest(visionRect(guideFrame(in: size), in: size))
                    }
            }
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
            if let found {
                confirmationPanel(number: found.number, corrected: found.corrected)
            }
        }
        .onAppear(perform: begin)
        .onDisappear { scanner?.stop() }
    }

    private func confirmationPanel(number: String, corrected: [UInt32]) -> some View {
        VStack(spacing: 16) {
            Text("camera.found.title")
                .font(.headline)
            NumberHighlight(number: number, marked: Set(corrected.map(Int.init)))
                .font(.system(.title2, design: .monospaced))
            Text(core: confirmation)
                .font(.callout)
                .multilineTextAlignment(.center)
            HStack {
                SwiftUI.Button("camera.rescan") { rescan() }
                    .buttonStyle(.bordered)
                    .accessibilityIdentifier("camera.rescan")
                SwiftUI.Button("camera.use") {
                    scanner?.stop()
                    onUse(number, corrected)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityIdentifier("camera.use")
            }
        }
        .padding()
        .background(.regularMaterial, in: RoundedRectangle(cornerRadius: 16))
        .padding()
    }

    private func begin() {
        switch CameraScanner.authorization {
        case .authorized:
            run()
        case .notDetermined:
            AVCaptureDevice.requestAccess(for: .video) { granted in
                DispatchQueue.main.async {
                    granted ? run() : onError(ErrorCatalogue.info(code: "camera_permission_denied"))
                }
            }
        default:
            onError(ErrorCatalogue.info(code: "camera_permission_denied"))
        }
    }

    private func run() {
        let scanner = CameraScanner { event in
            DispatchQueue.main.async {
                switch event {
                case let .found(number, corrected):
                    found = (number, corrected)
                case .failed:
                    onError(ErrorCatalogue.info(code: "camera_scan_failed"))
                }
            }
        }
        self.scanner = scanner
        scanner.start()
    }

    private func rescan() {
        found = nil
        scanner?.stop()
        run()
    }

    private func close() {
        scanner?.stop()
        onClose()
    }

    /// A card-number-shaped band across the middle of the screen.
    private func guideFrame(in size: CGSize) -> CGRect {
        let width = size.width * 0.85
        let height = min(size.height * 0.2, width * 0.3)
        return CGRect(x: (size.width - width) / 2, y: (size.height - height) / 2, width: width, height: height)
    }

    /// The guide frame in Vision's normalised, bottom-left-origin coordinates (the preview fills
    /// the screen in portrait, so screen fractions are frame fractions to a close approximation).
    private func visionRect(_ frame: CGRect, in size: CGSize) -> CGRect {
        guard size.width > 0, size.height > 0 else { return CGRect(x: 0, y: 0, width: 1, height: 1) }
        return CGRect(
            x: frame.minX / size.width,
            y: 1 - frame.maxY / size.height,
            width: frame.width / size.width,
            height: frame.height / size.height
        )
    }
}

/// The preview layer, as SwiftUI cannot show an `AVCaptureSession` itself.
private struct CameraPreview: UIViewRepresentable {
    let session: AVCaptureSession

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }
    }

    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.session = session
        view.previewLayer.videoGravity = .resizeAspectFill
        return view
    }

    func updateUIView(_ uiView: PreviewView, context: Context) {}
}
