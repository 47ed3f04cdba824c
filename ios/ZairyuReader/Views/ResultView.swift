import SwiftUI
import ZairyuCore
import ZairyuKit

/// The inquiry result (product.md §7), drawn in the order the core's `ResultScreen` gives:
/// title, TEST-root notice, headline, both indicators, the revocation-inquiry button, the card
/// images, the sections, and "return to top". Nothing here judges the card.
struct ResultView: View {
    @EnvironmentObject private var model: AppModel
    @Environment(\.openURL) private var openURL
    let shown: AppModel.Shown

    @State private var showsRevocation = false
    @State private var zoomed: ImageView? = nil

    private var screen: ResultScreen { shown.screen }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 20) {
                if let profile = model.demoProfile {
                    DemoBanner(profile: profile)
                }
                BilingualHeading(text: screen.title, level: .screen)
                if let notice = screen.testAnchorNotice {
                    NoticeBox(text: Text(core: notice), systemImage: "testtube.2")
                        .accessibilityIdentifier("result.testNotice")
                }
                HeadlineView(headline: screen.headline) { url in openURL(url) }
                HStack(alignment: .top, spacing: 12) {
                    ForEach(Array(screen.indicators.enumerated()), id: \.offset) { _, indicator in
                        IndicatorView(indicator: indicator)
                    }
                }
                SwiftUI.Button {
                    showsRevocation = true
                } label: {
                    Label { Text(core: screen.revocation.buttonLabel) } icon: { Image(systemName: "checkmark.shield") }
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.bordered)
                .accessibilityIdentifier("result.revocation")
                CardImagesView(read: shown.read, images: screen.images) { zoomed = $0 }
                ForEach(Array(screen.sections.enumerated()), id: \.offset) { _, section in
                    SectionView(section: section)
                }
                SwiftUI.Button {
                    model.returnToTop()
                } label: {
                    Text(core: screen.returnToTop)
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
                .accessibilityIdentifier("result.returnToTop")
                FooterView()
            }
            .padding()
        }
        .sheet(isPresented: $showsRevocation) {
            RevocationView(inquiry: screen.revocation, url: model.configuration.revocationURL(host: screen.revocation.urlHost)) {
                showsRevocation = false
            }
        }
        .fullScreenCover(item: Binding(get: { zoomed.map(ZoomTarget.init) }, set: { zoomed = $0?.image })) { target in
            ZoomViewer(read: shown.read, image: target.image) { zoomed = nil }
        }
    }
}

/// `ImageView` as an identifiable item for `fullScreenCover(item:)`.
struct ZoomTarget: Identifiable {
    let image: ImageView
    var id: String { "\(image.source)" }
}

struct HeadlineView: View {
    let headline: Headline
    let open: (URL) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            HStack(alignment: .firstTextBaseline, spacing: 10) {
                Image(systemName: symbol)
                    .foregroundStyle(color)
                    .font(.title2)
                    .accessibilityHidden(true)
                Text(core: headline.text)
                    .font(.title3.bold())
                    .accessibilityIdentifier("result.headline")
            }
            if let detail = headline.detail {
                Text(core: detail)
                    .font(.body)
            }
            if let action = headline.action, let url = URL(string: action.url), url.scheme == "https" {
                SwiftUI.Button {
                    open(url)
                } label: {
                    Label { Text(core: action.label) } icon: { Image(systemName: "arrow.up.right.square") }
                }
                .accessibilityIdentifier("result.consult")
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(color.opacity(0.12), in: RoundedRectangle(cornerRadius: 12))
    }

    private var symbol: String {
        switch headline.kind {
        case .normal: return "checkmark.seal.fill"
        case .abnormal: return "exclamationmark.octagon.fill"
        case .youngHolder: return "info.circle.fill"
        }
    }

    private var color: Color {
        switch headline.kind {
        case .normal: return .green
        case .abnormal: return .red
        case .youngHolder: return .blue
        }
    }
}

/// One check's outcome: its own icon and words, so the user sees which check failed; VoiceOver
/// reads the core's sentence for it (never colour alone).
struct IndicatorView: View {
    let indicator: Indicator
    /// Grows with Dynamic Type like the text around it.
    @ScaledMetric(relativeTo: .largeTitle) private var iconSize: CGFloat = 40

    var body: some View {
        VStack(spacing: 6) {
            BilingualHeading(text: indicator.label, level: .label)
            Image(systemName: symbol)
                .font(.system(size: iconSize))
                .foregroundStyle(color)
            Text(core: indicator.status)
                .font(.headline)
            Text(core: indicator.detail)
                .font(.caption)
                .foregroundStyle(.secondary)
                .multilineTextAlignment(.center)
        }
        .padding(10)
        .frame(maxWidth: .infinity)
        .background(Color.secondary.opacity(0.08), in: RoundedRectangle(cornerRadius: 10))
        .accessibilityElement(children: .ignore)
        .accessibilityLabel(indicator.accessibility.localized)
        .accessibilityIdentifier(indicator.check == .tamper ? "result.indicator.tamper" : "result.indicator.issuer")
    }

    private var symbol: String {
        switch indicator.state {
        case .passed: return "checkmark.circle.fill"
        case .failed: return "xmark.circle.fill"
        case .notChecked: return "minus.circle"
        }
    }

    private var color: Color {
        switch indicator.state {
        case .passed: return .green
        case .failed: return .red
        case .notChecked: return .gray
        }
    }
}

/// The card images as PNG from the core, sized for the screen. The main one opens the viewer.
/// The pixels live only in this view's state: no cache, no file.
struct CardImagesView: View {
    let read: ReadResult
    let images: [ImageView]
    let onZoom: (ImageView) -> Void

    var body: some View {
        VStack(spacing: 12) {
            ForEach(Array(images.enumerated()), id: \.offset) { _, image in
                CardImageTile(read: read, image: image, onZoom: onZoom)
            }
        }
    }
}

private struct CardImageTile: View {
    let read: ReadResult
    let image: ImageView
    let onZoom: (ImageView) -> Void

    @State private var picture: UIImage? = nil
    @Environment(\.displayScale) private var displayScale

    var body: some View {
        Group {
            if let picture {
                if image.main {
                    SwiftUI.Button {
                        onZoom(image)
                    } label: {
                        Image(uiImage: picture)
                            .resizable()
                            .scaledToFit()
                    }
                    .buttonStyle(.plain)
                    .accessibilityLabel(image.accessibility.localized)
                    .accessibilityAddTraits(.isImage)
                    .accessibilityIdentifier("result.mainImage")
                } else {
                    Image(uiImage: picture)
                        .resizable()
                        .scaledToFit()
                        .frame(maxWidth: image.source == .faceImage ? 200 : .infinity)
                        .accessibilityLabel(image.accessibility.localized)
                }
            } else if let placeholder = image.placeholder {
                Label { Text(core: placeholder) } icon: { Image(systemName: "photo") }
                    .foregroundStyle(.secondary)
                    .frame(maxWidth: .infinity, minHeight: 80)
                    .background(Color.secondary.opacity(0.1), in: RoundedRectangle(cornerRadius: 8))
            } else {
                ProgressView()
                    .frame(maxWidth: .infinity, minHeight: 80)
            }
        }
        .frame(maxWidth: .infinity)
        .privacySensitive()
        .task { await load() }
    }

    @MainActor
    private func load() async {
        guard image.decoded, picture == nil else { return }
        // The screen's width in pixels, from the window scene (UIScreen.main is deprecated).
        let side = UInt32(max(1, ScreenMetrics.width * displayScale))
        let read = self.read
        let source = image.source
        let png = await Task.detached(priority: .userInitiated) {
            try? cardImagePng(result: read, which: source, maxWidth: side, maxHeight: side)
        }.value
        if let data = png {
            picture = UIImage(data: data)
        }
    }
}

/// One section: title, the core's notice, then its rows; rows of a multi-entry section (the
/// address history) are grouped under their entry number.
struct SectionView: View {
    let section: CoreSection

    var body: some View {
        VStack(alignment: .leading, spacing: 10) {
            BilingualHeading(text: section.title, level: .section)
            if let notice = section.notice {
                Text(core: notice)
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
            ForEach(Array(section.rows.enumerated()), id: \.offset) { index, row in
                if let entry = row.entry, index == 0 || section.rows[index - 1].entry != entry {
                    Text(String(format: String(localized: "result.entry %lld"), Int64(entry)))
                        .font(.subheadline.bold())
                        .padding(.top, 4)
                }
                RowView(row: row)
            }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(Color.secondary.opacity(0.06), in: RoundedRectangle(cornerRadius: 12))
    }
}

struct RowView: View {
    let row: Row

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(core: row.label)
                .font(.caption)
                .foregroundStyle(.secondary)
            Text(core: row.value)
                .font(.body)
        }
        .accessibilityElement(children: .combine)
        .modifier(PersonalData(personal: row.personal))
    }
}

/// Marks card contents as privacy-sensitive, so the system redacts them wherever it redacts.
private struct PersonalData: ViewModifier {
    let personal: Bool

    func body(content: Content) -> some View {
        if personal {
            content.privacySensitive()
        } else {
            content
        }
    }
}
