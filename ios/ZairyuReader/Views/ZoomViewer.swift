import SwiftUI
import ZairyuCore
import ZairyuKit

/// The enlarged card image (product.md §10). Pinch, double tap and drag go to the core's
/// `ZoomController` (1.0–5.0×, double tap to 2.0× or back to 1.0×, pan kept within the image);
/// the view draws the image at the scale and offset the controller reports.
struct ZoomViewer: View {
    /// The PNG of the image at most `side` pixels on each side, from the core (off the main
    /// thread); `nil` when the core has none.
    typealias Loader = @Sendable (_ side: UInt32) -> Data?

    let accessibility: String
    let load: Loader
    let onClose: () -> Void

    init(accessibility: String, load: @escaping Loader, onClose: @escaping () -> Void) {
        self.accessibility = accessibility
        self.load = load
        self.onClose = onClose
    }

    /// A residence card's image.
    init(read: ReadResult, image: ImageView, onClose: @escaping () -> Void) {
        let source = image.source
        self.init(
            accessibility: image.accessibility.localized,
            load: { side in try? cardImagePng(result: read, which: source, maxWidth: side, maxHeight: side) },
            onClose: onClose
        )
    }

    /// A My Number card's image (photo, name or address).
    init(myNumber result: MyNumberResult, image: MyNumberImage, accessibility: String, onClose: @escaping () -> Void) {
        self.init(
            accessibility: accessibility,
            load: { side in try? result.imagePng(which: image, maxWidth: side, maxHeight: side) },
            onClose: onClose
        )
    }

    @Environment(\.displayScale) private var displayScale
    @State private var picture: UIImage? = nil
    @State private var controller: ZoomController? = nil
    @State private var scale: CGFloat = 1
    @State private var offset: CGSize = .zero
    @State private var lastMagnification: CGFloat = 1
    @State private var lastTranslation: CGSize = .zero

    var body: some View {
        GeometryReader { geometry in
            ZStack {
                Color.black.ignoresSafeArea()
                if let picture {
                    let fitted = fittedSize(picture.size, in: geometry.size)
                    Image(uiImage: picture)
                        .resizable()
                        .frame(width: fitted.width, height: fitted.height)
                        .scaleEffect(scale)
                        .offset(offset)
                        .frame(width: geometry.size.width, height: geometry.size.height)
                        .contentShape(Rectangle())
                        .gesture(magnification.simultaneously(with: pan))
                        .onTapGesture(count: 2) { apply { try $0.doubleTap() } }
                        .accessibilityLabel(accessibility)
                        .accessibilityAddTraits(.isImage)
                        .accessibilityValue(Text(String(format: String(localized: "viewer.scale %@"), String(format: "%.1f", Double(scale)))))
                        .accessibilityAction(named: Text("viewer.doubleTapAction")) { apply { try $0.doubleTap() } }
                        .accessibilityIdentifier("viewer.image")
                        .onAppear { setUp(viewport: geometry.size, content: fitted) }
                        .onChange(of: geometry.size) { size in
                            let content = fittedSize(picture.size, in: size)
                            apply { try $0.resize(viewportWidth: size.width, viewportHeight: size.height, contentWidth: content.width, contentHeight: content.height) }
                        }
                } else {
                    ProgressView().tint(.white)
                }
            }
        }
        .overlay(alignment: .topTrailing) {
            SwiftUI.Button(action: onClose) {
                Image(systemName: "xmark.circle.fill")
                    .font(.largeTitle)
                    .symbolRenderingMode(.palette)
                    .foregroundStyle(.black, .white)
            }
            .padding()
            .accessibilityLabel(Text("common.close"))
            .accessibilityIdentifier("viewer.close")
        }
        .privacyShield()
        .task { await load() }
    }

    private var magnification: some Gesture {
        MagnificationGesture()
            .onChanged { value in
                let factor = value / lastMagnification
                lastMagnification = value
                apply { try $0.pinch(factor: Double(factor)) }
            }
            .onEnded { _ in lastMagnification = 1 }
    }

    private var pan: some Gesture {
        DragGesture()
            .onChanged { value in
                let dx = value.translation.width - lastTranslation.width
                let dy = value.translation.height - lastTranslation.height
                lastTranslation = value.translation
                apply { try $0.pan(dx: Double(dx), dy: Double(dy)) }
            }
            .onEnded { _ in lastTranslation = .zero }
    }

    private func setUp(viewport: CGSize, content: CGSize) {
        guard controller == nil else { return }
        controller = try? ZoomController(
            viewportWidth: viewport.width,
            viewportHeight: viewport.height,
            contentWidth: content.width,
            contentHeight: content.height
        )
        sync()
    }

    /// Feeds one gesture to the controller, then draws what it says.
    private func apply(_ change: (ZoomController) throws -> Void) {
        guard let controller else { return }
        try? change(controller)
        sync()
    }

    private func sync() {
        guard let controller, let newScale = try? controller.scale(), let newOffset = try? controller.offset() else { return }
        withAnimation(.interactiveSpring()) {
            scale = CGFloat(newScale)
            offset = CGSize(width: newOffset.x, height: newOffset.y)
        }
    }

    /// The image fitted into the viewport at 1.0× (aspect kept).
    private func fittedSize(_ size: CGSize, in viewport: CGSize) -> CGSize {
        guard size.width > 0, size.height > 0, viewport.width > 0, viewport.height > 0 else { return .zero }
        let ratio = min(viewport.width / size.width, viewport.height / size.height)
        return CGSize(width: size.width * ratio, height: size.height * ratio)
    }

    /// Sharp enough at twice the screen's pixel width; the chip's images are at most 1000 px wide,
    /// so a larger request would only make the core upscale.
    @MainActor
    private func load() async {
        let side = UInt32(min(3000, max(1, ScreenMetrics.width * displayScale * 2)))
        let load = self.load
        let png = await Task.detached(priority: .userInitiated) {
            load(side)
        }.value
        if let data = png {
            picture = UIImage(data: data)
        }
    }
}
