@preconcurrency import AVFoundation
import CoreGraphics
import Foundation
@preconcurrency import Vision
import ZairyuCore
import ZairyuKit

/// The camera half of number scanning: frames from the back camera go through Vision's text
/// recogniser (on device, English, accurate), and each frame's lines go to the core's
/// `NumberScanner`, which decides when the number is stable (several frames agreeing) and which
/// characters it had to repair. Nothing is stored: frames are dropped after recognition.
///
/// One scanner serves the whole camera screen: "scan again" restarts the same capture session,
/// so the preview, attached to that session, keeps showing the camera.
///
/// Why `@unchecked Sendable`: the capture session, the device and the core's scanner are touched
/// only on `frames` (also the sample-buffer delegate queue); the guide geometry and the delivery
/// flag, written from the main thread, are kept under `lock`.
final class CameraScanner: NSObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
    enum Event: Sendable {
        /// A stable number and its repaired (1-based) positions, for the user to confirm.
        case found(number: String, corrected: [UInt32])
        /// Recognition or the camera failed: the core's `camera_scan_failed`.
        case failed
    }

    let session = AVCaptureSession()
    private let frames = DispatchQueue(label: "jp.zairyu.reader.camera-frames", qos: .userInitiated)
    private let scanner: NumberScanner?

    // Under `lock`.
    private let lock = NSLock()
    private var delivered = false
    private var guide: CGRect = .zero
    private var viewSize: CGSize = .zero
    private var onEvent: (@Sendable (Event) -> Void)?

    // On `frames` only.
    private var configured = false
    private var device: AVCaptureDevice?

    override init() {
        scanner = try? NumberScanner()
        super.init()
    }

    /// Where events go (on a background queue): one per `start()`, the first that happens.
    func setHandler(_ handler: @escaping @Sendable (Event) -> Void) {
        lock.lock()
        onEvent = handler
        lock.unlock()
    }

    /// The permission state, for the screen to ask or to show the core's
    /// `camera_permission_denied` message with its link to Settings.
    static var authorization: AVAuthorizationStatus {
        AVCaptureDevice.authorizationStatus(for: .video)
    }

    /// The guide frame in the preview's points and the preview's size. Each frame's region of
    /// interest is worked out from them and the frame's own size (text outside the guide does not
    /// feed the scanner), and the zoom for close focus from the share of the frame it covers.
    func setGuide(_ frame: CGRect, in size: CGSize) {
        lock.lock()
        guide = frame
        viewSize = size
        lock.unlock()
        frames.async { [self] in
            applyCloseFocus()
        }
    }

    /// Configures the session once, then (re)starts it with a fresh scanner state. Off the main
    /// thread, as `startRunning` blocks.
    func start() {
        frames.async { [self] in
            guard scanner != nil, configure() else {
                deliver(.failed)
                return
            }
            lock.lock()
            delivered = false
            lock.unlock()
            try? scanner?.reset()
            if !session.isRunning {
                session.startRunning()
            }
        }
    }

    func stop() {
        frames.async { [self] in
            if session.isRunning {
                session.stopRunning()
            }
            try? scanner?.reset()
        }
    }

    private func configure() -> Bool {
        if configured {
            return true
        }
        guard let device = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: device)
        else { return false }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        if session.canSetSessionPreset(.hd1920x1080) {
            session.sessionPreset = .hd1920x1080
        }
        let output = AVCaptureVideoDataOutput()
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: frames)
        guard session.canAddInput(input), session.canAddOutput(output) else { return false }
        session.addInput(input)
        session.addOutput(output)
        if let connection = output.connection(with: .video) {
            // Portrait frames, so Vision reads them upright (`.up`) and the region of interest
            // matches the portrait preview.
            if #available(iOS 17.0, *) {
                if connection.isVideoRotationAngleSupported(90) {
                    connection.videoRotationAngle = 90
                }
            } else if connection.isVideoOrientationSupported {
                connection.videoOrientation = .portrait
            }
        }
        if (try? device.lockForConfiguration()) != nil {
            if device.isFocusModeSupported(.continuousAutoFocus) {
                device.focusMode = .continuousAutoFocus
            }
            if device.isAutoFocusRangeRestrictionSupported {
                device.autoFocusRangeRestriction = .near
            }
            device.unlockForConfiguration()
        }
        self.device = device
        configured = true
        applyCloseFocus()
        return true
    }

    /// Pro iPhones' main cameras cannot focus on a card held close enough to fill the guide:
    /// zoom in just enough that the user holds it where the lens focuses (`CameraGeometry`).
    private func applyCloseFocus() {
        guard let device else { return }
        lock.lock()
        let guide = self.guide
        let viewSize = self.viewSize
        lock.unlock()
        guard !guide.isEmpty else { return }
        let dimensions = CMVideoFormatDescriptionGetDimensions(device.activeFormat.formatDescription)
        let long = CGFloat(max(dimensions.width, dimensions.height))
        let short = CGFloat(min(dimensions.width, dimensions.height))
        guard short > 0 else { return }
        let region = CameraGeometry.visionRegion(guide: guide, viewSize: viewSize, imageSize: CGSize(width: short, height: long))
        let zoom = CameraGeometry.closeFocusZoom(
            fieldOfViewDegrees: CGFloat(device.activeFormat.videoFieldOfView),
            aspect: long / short,
            minimumFocusDistance: device.minimumFocusDistance,
            fillShare: region.width,
            maxZoom: device.maxAvailableVideoZoomFactor
        )
        guard zoom != device.videoZoomFactor, (try? device.lockForConfiguration()) != nil else { return }
        device.videoZoomFactor = max(device.minAvailableVideoZoomFactor, zoom)
        device.unlockForConfiguration()
    }

    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard !isDelivered, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer), let scanner else { return }
        let request = VNRecognizeTextRequest()
        request.recognitionLevel = .accurate
        request.recognitionLanguages = ["en-US"]
        // The number is not a word: language correction would only "fix" it into one.
        request.usesLanguageCorrection = false
        lock.lock()
        let guide = self.guide
        let viewSize = self.viewSize
        lock.unlock()
        if !guide.isEmpty {
            let size = CGSize(width: CVPixelBufferGetWidth(pixels), height: CVPixelBufferGetHeight(pixels))
            request.regionOfInterest = CameraGeometry.visionRegion(guide: guide, viewSize: viewSize, imageSize: size)
        }
        let handler = VNImageRequestHandler(cvPixelBuffer: pixels, orientation: .up, options: [:])
        do {
            try handler.perform([request])
        } catch {
            deliver(.failed)
            return
        }
        let lines = (request.results ?? []).compactMap { $0.topCandidates(1).first?.string }
        do {
            if let number = try scanner.feedFrame(lines: lines) {
                let corrected = (try? scanner.correctedPositions()) ?? []
                deliver(.found(number: number, corrected: corrected))
                session.stopRunning()
            }
        } catch {
            deliver(.failed)
        }
    }

    private var isDelivered: Bool {
        lock.lock()
        defer { lock.unlock() }
        return delivered
    }

    private func deliver(_ event: Event) {
        lock.lock()
        let first = !delivered
        delivered = true
        let handler = onEvent
        lock.unlock()
        if first {
            handler?(event)
        }
    }
}
