import SwiftUI
import ZairyuCore
import ZairyuKit

/// The "?" help: three pages showing where the number is printed (product.md §5). Every gesture
/// goes to the core's `CarouselController`, which says whether the page moves (no wrap-around)
/// or the help closes; this view only draws the page it is told.
struct HelpCarouselView: View {
    let carousel: Carousel
    let onClose: () -> Void

    @State private var controller = try? CarouselController()
    @State private var page = 0
    @State private var drag: CGFloat = 0

    /// The shared schematic drawings (design/illustrations/*.svg, rendered into the asset
    /// catalogue by scripts/gen-illustrations.py), by the core's illustration id.
    nonisolated static let assetNames: [String: String] = [
        "card_gen1_front": "CardGen1",
        "card_gen2_front": "CardGen2",
        "card_specified_front": "CardSpecified",
    ]

    var body: some View {
        VStack(spacing: 16) {
            HStack {
                BilingualHeading(text: carousel.title, level: .section)
                Spacer()
                SwiftUI.Button {
                    handle(.closeIcon)
                } label: {
                    Image(systemName: "xmark")
                        .font(.title3)
                }
                .accessibilityLabel(carousel.closeIconAccessibility.localized)
                .accessibilityIdentifier("help.closeIcon")
            }
            if carousel.pages.indices.contains(page) {
                pageView(carousel.pages[page])
                    .offset(x: drag)
                    .gesture(
                        DragGesture(minimumDistance: 20)
                            .onChanged { drag = $0.translation.width / 3 }
                            .onEnded { value in
                                drag = 0
                                if value.translation.width < -50 {
                                    handle(.swipeLeft)
                                } else if value.translation.width > 50 {
                                    handle(.swipeRight)
                                }
                            }
                    )
                    .accessibilityElement(children: .combine)
                    .accessibilityAdjustableAction { direction in
                        switch direction {
                        case .increment: handle(.swipeLeft)
                        case .decrement: handle(.swipeRight)
                        @unknown default: break
                        }
                    }
                    .accessibilityIdentifier("help.page")
            }
            HStack(spacing: 8) {
                ForEach(carousel.pages.indices, id: \.self) { index in
                    Circle()
                        .fill(index == page ? Color.accentColor : Color.secondary.opacity(0.4))
                        .frame(width: 8, height: 8)
                }
            }
            .accessibilityHidden(true)
            SwiftUI.Button {
                handle(.closeButton)
            } label: {
                Text(core: carousel.closeButton)
                    .frame(maxWidth: .infinity)
            }
            .buttonStyle(.bordered)
            .accessibilityIdentifier("help.closeButton")
        }
        .padding()
    }

    private func pageView(_ item: CarouselPage) -> some View {
        ScrollView {
            VStack(spacing: 12) {
                Text(core: item.title)
                    .font(.title3.bold())
                    .multilineTextAlignment(.center)
                Image(Self.assetNames[item.illustrationId] ?? "")
                    .resizable()
                    .scaledToFit()
                    .frame(maxWidth: .infinity)
                    .accessibilityLabel(item.accessibility.localized)
                Text(core: item.caption)
                    .font(.body)
                    .multilineTextAlignment(.leading)
            }
        }
    }

    private func handle(_ gesture: CarouselGesture) {
        guard let controller, let event = try? controller.handle(gesture: gesture) else {
            onClose()
            return
        }
        switch event {
        case let .moved(newPage):
            withAnimation(.easeInOut(duration: 0.2)) { page = Int(newPage) }
        case .unchanged:
            break
        case .closed:
            onClose()
        }
    }
}
