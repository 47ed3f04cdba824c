import CoreGraphics
import Foundation

/// The camera screen's arithmetic, kept apart from AVFoundation so it can be tested: where the
/// guide frame is, which part of each video frame it covers, and how far to zoom so a card that
/// fills the frame is also in focus.
public enum CameraGeometry {
    /// ID-1 card size (ISO/IEC 7810), the residence card's: 85.60 × 53.98 mm.
    public static let cardWidthMillimetres: CGFloat = 85.6
    public static let cardHeightMillimetres: CGFloat = 53.98
    /// The guide frame's share of the screen width.
    public static let guideWidthShare: CGFloat = 0.85

    /// A card-shaped frame centred on a view of `size` (the core's guidance asks the user to fit
    /// the front of the card into it).
    public static func guideFrame(in size: CGSize) -> CGRect {
        let width = size.width * guideWidthShare
        let height = min(width * cardHeightMillimetres / cardWidthMillimetres, size.height * 0.8)
        return CGRect(x: (size.width - width) / 2, y: (size.height - height) / 2, width: width, height: height)
    }

    /// `guide` (in the view's points) as Vision's region of interest in a frame of `imageSize`
    /// pixels: normalised, origin bottom left, clamped to the frame. The preview fills the view
    /// (`resizeAspectFill`), so the frame is scaled to cover the view and cropped evenly on the
    /// overflowing sides; a point of the view maps through that scale and crop.
    public static func visionRegion(guide: CGRect, viewSize: CGSize, imageSize: CGSize) -> CGRect {
        guard viewSize.width > 0, viewSize.height > 0, imageSize.width > 0, imageSize.height > 0 else {
            return CGRect(x: 0, y: 0, width: 1, height: 1)
        }
        let scale = max(viewSize.width / imageSize.width, viewSize.height / imageSize.height)
        let shown = CGSize(width: imageSize.width * scale, height: imageSize.height * scale)
        let origin = CGPoint(x: (viewSize.width - shown.width) / 2, y: (viewSize.height - shown.height) / 2)
        func clamp(_ value: CGFloat) -> CGFloat { min(1, max(0, value)) }
        let left = clamp((guide.minX - origin.x) / shown.width)
        let right = clamp((guide.maxX - origin.x) / shown.width)
        let top = clamp((guide.minY - origin.y) / shown.height)
        let bottom = clamp((guide.maxY - origin.y) / shown.height)
        return CGRect(x: left, y: 1 - bottom, width: right - left, height: bottom - top)
    }

    /// The zoom factor that lets a card filling `fillShare` of the frame's width be held no closer
    /// than the lens can focus. Pro iPhones' main cameras focus no nearer than about 20 cm, where a
    /// card fills only a small part of the frame: without zoom the user holds it closer and it
    /// blurs. The card must fill the frame at distance d = (w / share / 2) / tan(fov / 2); if that is
    /// nearer than `minimumFocusDistance`, zooming by their ratio moves the user back to where the
    /// lens focuses.
    ///
    /// - Parameters:
    ///   - fieldOfViewDegrees: the active format's horizontal field of view (`videoFieldOfView`),
    ///     across the sensor's long side.
    ///   - aspect: the format's long side over its short side (16 / 9 for 1920 × 1080). In portrait
    ///     the frame's width is the sensor's short side.
    ///   - minimumFocusDistance: millimetres (`AVCaptureDevice.minimumFocusDistance`, −1 if unknown).
    ///   - fillShare: the share of the frame's width the card covers (the region of interest's).
    ///   - maxZoom: the device's `maxAvailableVideoZoomFactor`.
    /// - Returns: 1 when no zoom is needed or nothing is known; never more than `maxZoom`.
    public static func closeFocusZoom(
        fieldOfViewDegrees: CGFloat,
        aspect: CGFloat,
        minimumFocusDistance: Int,
        fillShare: CGFloat,
        maxZoom: CGFloat
    ) -> CGFloat {
        guard minimumFocusDistance > 0, fieldOfViewDegrees > 0, fieldOfViewDegrees < 180,
              aspect >= 1, fillShare > 0, fillShare <= 1, maxZoom >= 1
        else { return 1 }
        let halfLong = fieldOfViewDegrees * .pi / 360
        let halfShort = atan(tan(halfLong) / aspect)
        let distance = (cardWidthMillimetres / fillShare / 2) / tan(halfShort)
        let needed = CGFloat(minimumFocusDistance) / distance
        guard needed > 1 else { return 1 }
        // Rounded up to a tenth, so the card is always at or beyond the focus limit.
        return min(maxZoom, (needed * 10).rounded(.up) / 10)
    }
}
