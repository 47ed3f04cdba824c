import AVFoundation
import Foundation
import Vision
import ZairyuCore
import ZairyuKit

/// The camera half of number scanning: frames from the back camera go through Vision's text
/// recogniser (on device, English, accurate), and each frame's lines go to the core's
/// `NumberScanner`, which decides when the number is stable (several frames agreeing) and which
/// characters it had to repair. Nothing is stored: frames are dropped after recognition.
final class CameraScanner: NSObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
    enum Event {
        /// A stable number and its repaired (1-based) positions, for the user to confirm.
        case found(number: String, corrected: [UInt32])
        /// Recognition or the camera failed: the core's `camera_scan_failed`.
        case failed
    }

    let session = AVCaptureSession()
    private let frames = DispatchQueue(label: "jp.zairyu.reader.camera-frames")
    private let scanner: NumberScanner?
    private let lock = NSLock()
    private var delivered = false
    private var regionOfInterest = CGRect(x: 0, y: 0, width: 1, height: 1)
    private let onEvent: @Sendable (Event) -> Void

    /// `onEvent` is called once, on a background queue.
    init(onEvent: @escaping @Sendable (Event) -> Void) {
        scanner = try? NumberScanner()
        self.onEvent = onEvent
        super.init()
    }

    /// The permission state, for the screen to ask or to show the core's
    /// `camera_permission_denied` message with its link to Settings.
    static var authorization: AVAuthorizationStatus {
        AVCaptureDevice.authorizationStatus(for: .video)
    }

    /// The guide frame in Vision's normalised coordinates (origin bottom left), so text outside
    /// the frame does not feed the scanner.
    func setRegionOfInterest(_ rect: CGRect) {
        lock.lock()
        regionOfInterest = rect
        lock.unlock()
    }

    /// Configures and starts the capture session off the main thread.
    func start() {
        frames.async { [self] in
            guard scanner != nil, configure() else {
                deliver(.failed)
                return
            }
            session.startRunning()
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
        guard session.inputs.isEmpty else { return true }
        guard let device = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: device)
        else { return false }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        session.sessionPreset = .hd1920x1080
        let output = AVCaptureVideoDataOutput()
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: frames)
        guard session.canAddInput(input), session.canAddOutput(output) else { return false }
        session.addInput(input)
        session.addOutput(output)
        if let connection = output.connection(with: .video), connection.isVideoOrientationSupported {
            connection.videoOrientation = .portrait
        }
        if (try? device.lockForConfiguration()) != nil {
            if device.isFocusModeSupported(.continuousAutoFocus) {
                device.focusMode = .continuousAutoFocus
            }
            device.unlockForConfiguration()
        }
        return true
    }

    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard !isDelivered, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer), let scanner else { return }
        let request = VNRecognizeTextRequest()
        request.recognitionLevel = .accurate
        request.recognitionLanguages = ["en-US"]
        // The number is not a word: language correction would only "fix" it into one.
        request.usesLanguageCorrection = false
        lock.lock()
        request.regionOfInterest = regionOfInterest
        lock.unlock()
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
        lock.unlock()
        if first {
            onEvent(event)
        }
    }
}
