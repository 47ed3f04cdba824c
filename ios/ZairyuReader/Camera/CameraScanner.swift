@preconcurrency import AVFoundation
import CoreGraphics
import Foundation
@preconcurrency import Vision
import ZairyuCore
import ZairyuKit

/// The camera half of number scanning: frames from the back camera go through Vision's text
/// recogniser (on device, accurate), and each frame's lines go to the core's `NumberScanner`
/// (residence card number: which characters it repaired, once several frames agree) or
/// `CardFaceScanner` (My Number card face: birth date, expiry year, security code, each once
/// stable). Nothing is stored: frames are dropped after recognition.
///
/// One scanner serves the whole camera screen: "scan again" restarts the same capture session,
/// so the preview, attached to that session, keeps showing the camera.
///
/// Why `@unchecked Sendable`: the capture session, the device and the core's scanner are touched
/// only on `frames` (also the sample-buffer delegate queue); the guide geometry and the delivery
/// flag, written from the main thread, are kept under `lock`.
final class CameraScanner: NSObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
    /// What the frames are read for.
    enum Purpose: Sendable {
        /// The residence card's number (the core's `NumberScanner`).
        case cardNumber
        /// The My Number card face: birth date, expiry year, security code (the core's
        /// `CardFaceScanner`); Japanese recognition, since the birth date is printed in era form.
        case myNumberFace
    }

    enum Event: Sendable {
        /// A stable number and its repaired (1-based) positions, for the user to confirm.
        case found(number: String, corrected: [UInt32])
        /// The card face's fields the core found stable so far; delivered on every change, and
        /// last when `complete` (then the session stops).
        case face(CardFaceScan)
        /// Recognition or the camera failed: the core's `camera_scan_failed`.
        case failed
    }

    let session = AVCaptureSession()
    private let frames = DispatchQueue(label: "jp.zairyu.reader.camera-frames", qos: .userInitiated)
    private let purpose: Purpose
    private let scanner: NumberScanner?
    private let faceScanner: CardFaceScanner?
    /// The last face state delivered, so only changes are sent (on `frames` only).
    private var lastFace: CardFaceScan?
    /// Vision's languages for this purpose, worked out once (on `frames` only).
    private var languages: [String]?

    // Under `lock`.
    private let lock = NSLock()
    private var delivered = false
    private var guide: CGRect = .zero
    private var viewSize: CGSize = .zero
    private var onEvent: (@Sendable (Event) -> Void)?

    // On `frames` only.
    private var configured = false
    private var device: AVCaptureDevice?

    init(purpose: Purpose = .cardNumber) {
        self.purpose = purpose
        switch purpose {
        case .cardNumber:
            scanner = try? NumberScanner()
            faceScanner = nil
        case .myNumberFace:
            scanner = nil
            faceScanner = try? CardFaceScanner()
        }
        super.init()
    }

    private var hasScanner: Bool {
        scanner != nil || faceScanner != nil
    }

    /// English for the number; for the card face Japanese first, where this iOS's recogniser has
    /// it (revision 3, iOS 16, asked at run time with `supportedRecognitionLanguages()` rather
    /// than assumed), and English for the digits either way.
    private func recognitionLanguages(for request: VNRecognizeTextRequest) -> [String] {
        if let languages {
            return languages
        }
        var chosen = ["en-US"]
        if purpose == .myNumberFace {
            let supported = (try? request.supportedRecognitionLanguages()) ?? []
            if supported.contains("ja-JP") {
                chosen = ["ja-JP", "en-US"]
            }
        }
        languages = chosen
        return chosen
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
            guard hasScanner, configure() else {
                deliver(.failed)
                return
            }
            lock.lock()
            delivered = false
            lock.unlock()
            try? scanner?.reset()
            try? faceScanner?.reset()
            lastFace = nil
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
            try? faceScanner?.reset()
            lastFace = nil
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
        guard !isDelivered, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer), hasScanner else { return }
        let request = VNRecognizeTextRequest()
        request.recognitionLevel = .accurate
        request.recognitionLanguages = recognitionLanguages(for: request)
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
        if let faceScanner {
            feedFace(faceScanner, lines: lines)
            return
        }
        guard let scanner else { return }
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

    /// The card face: every change goes out at once (the screen fills fields as they become
    /// stable); the complete state ends the scan.
    private func feedFace(_ faceScanner: CardFaceScanner, lines: [String]) {
        do {
            let scan = try faceScanner.feedFrame(lines: lines)
            guard scan != lastFace else { return }
            lastFace = scan
            if scan.complete {
                deliver(.face(scan))
                session.stopRunning()
            } else {
                deliverProgress(.face(scan))
            }
        } catch {
            deliver(.failed)
        }
    }

    /// An event that does not end the scan.
    private func deliverProgress(_ event: Event) {
        lock.lock()
        let handler = delivered ? nil : onEvent
        lock.unlock()
        handler?(event)
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
