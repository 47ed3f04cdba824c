import CoreGraphics
import XCTest
@testable import ZairyuKit

/// The camera screen's arithmetic, against values worked out by hand for an iPhone-sized view
/// (390 × 844 points) and a portrait 1080 × 1920 frame.
final class CameraGeometryTests: XCTestCase {
    private let view = CGSize(width: 390, height: 844)
    private let frame = CGSize(width: 1080, height: 1920)

    func testGuideFrameIsCardShapedAndCentred() {
        let guide = CameraGeometry.guideFrame(in: view)
        XCTAssertEqual(guide.width, 331.5, accuracy: 1e-9)
        XCTAssertEqual(guide.height, 331.5 * 53.98 / 85.6, accuracy: 1e-9)
        XCTAssertEqual(guide.midX, 195, accuracy: 1e-9)
        XCTAssertEqual(guide.midY, 422, accuracy: 1e-9)
    }

    func testRegionOfInterestAccountsForTheAspectFillCrop() {
        let guide = CameraGeometry.guideFrame(in: view)
        let region = CameraGeometry.visionRegion(guide: guide, viewSize: view, imageSize: frame)
        // The frame is scaled by 844 / 1920 to cover the view and 42.375 points are cut off
        // each side, so the guide's 85 % of the view is 69.8 % of the frame.
        XCTAssertEqual(region.minX, 0.150869, accuracy: 1e-5)
        XCTAssertEqual(region.width, 0.698262, accuracy: 1e-5)
        XCTAssertEqual(region.minY, 0.376111, accuracy: 1e-5)
        XCTAssertEqual(region.height, 0.247777, accuracy: 1e-5)
    }

    func testRegionIsClampedAndDegenerateSizesGiveTheWholeFrame() {
        let region = CameraGeometry.visionRegion(guide: CGRect(x: -100, y: -100, width: 1000, height: 2000), viewSize: view, imageSize: frame)
        XCTAssertEqual(region, CGRect(x: 0, y: 0, width: 1, height: 1))
        XCTAssertEqual(CameraGeometry.visionRegion(guide: .zero, viewSize: .zero, imageSize: frame), CGRect(x: 0, y: 0, width: 1, height: 1))
    }

    func testCloseFocusZoomMovesTheCardBackToWhereTheLensFocuses() {
        // 73° across the long side of a 16:9 format is 45.2° across the short one; a card filling
        // 69.8 % of it is at 147.3 mm, a lens focusing from 200 mm needs 1.358× → 1.4×.
        XCTAssertEqual(CameraGeometry.closeFocusZoom(fieldOfViewDegrees: 73, aspect: 16.0 / 9.0, minimumFocusDistance: 200,
                                                     fillShare: 0.698262, maxZoom: 10), 1.4, accuracy: 1e-9)
        XCTAssertEqual(CameraGeometry.closeFocusZoom(fieldOfViewDegrees: 73, aspect: 16.0 / 9.0, minimumFocusDistance: 100,
                                                     fillShare: 0.698262, maxZoom: 10), 1, "a lens that focuses close needs no zoom")
        XCTAssertEqual(CameraGeometry.closeFocusZoom(fieldOfViewDegrees: 73, aspect: 16.0 / 9.0, minimumFocusDistance: 2000,
                                                     fillShare: 0.698262, maxZoom: 3), 3, "never beyond the device's zoom")
        XCTAssertEqual(CameraGeometry.closeFocusZoom(fieldOfViewDegrees: 73, aspect: 16.0 / 9.0, minimumFocusDistance: -1,
                                                     fillShare: 0.698262, maxZoom: 10), 1, "unknown focus distance")
    }
}
