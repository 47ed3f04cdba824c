import Foundation

/// Settings read from Info.plist, so a release can change them without a code change. Read once,
/// at start: nothing here touches the file system again while the app runs (the entry screen is
/// redrawn on every keystroke).
struct AppConfiguration: Sendable {
    /// Path on the core's revocation-inquiry host (`RevocationInquiry.urlHost`). The manuals show
    /// only the host of ISA's inquiry service (product.md §8), so the path is configuration, not a
    /// guess in code; `/` opens the service's top page.
    let revocationPath: String
    /// The bundled folder of official ISA roots (`scripts/fetch-trust-anchors.sh` fills it at
    /// build time); the core loads only files whose fingerprint it pins.
    let trustAnchorDirectory: URL?
    /// True when the build carries at least one root certificate file. Without them a real
    /// card's issuer check cannot pass, and the app says so instead of reading silently. (A
    /// Release build cannot lack them: the release gate in project.yml fails it.)
    let hasTrustAnchors: Bool

    static let main = AppConfiguration(bundle: .main)

    init(bundle: Bundle) {
        let path = bundle.object(forInfoDictionaryKey: "ZRRevocationInquiryPath") as? String
        revocationPath = (path?.hasPrefix("/") == true) ? path! : "/"
        let directory = bundle.url(forResource: "TrustAnchors", withExtension: nil)
        trustAnchorDirectory = directory
        hasTrustAnchors = Self.holdsCertificates(directory)
    }

    static func holdsCertificates(_ directory: URL?) -> Bool {
        guard let directory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return false }
        return files.contains { $0.hasSuffix(".crt") || $0.hasSuffix(".der") || $0.hasSuffix(".pem") || $0.hasSuffix(".cer") }
    }

    /// The inquiry page's address: `https://` + the host the core names + the configured path.
    /// `nil` for a host that is not a plain DNS name (never open something odd in Safari).
    func revocationURL(host: String) -> URL? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard !host.isEmpty, host.lowercased().unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        var components = URLComponents()
        components.scheme = "https"
        components.host = host.lowercased()
        components.path = revocationPath
        return components.url
    }
}
