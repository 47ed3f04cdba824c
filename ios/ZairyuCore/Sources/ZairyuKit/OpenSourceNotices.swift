import Foundation

/// The open-source notices the About screen shows, read from `About/notices.json`, which
/// scripts/gen-about.py writes from what ships (the Rust crates `cargo` links into the core, the
/// iOS app's own dependencies) and checks against the lockfiles.
///
/// Format (schema 1): `{"schema": 1, "components": [{"name", "version", "license" (an SPDX
/// expression), "origin" ("rust" | "android" | "ios"), "url"}], "license_texts": {"<SPDX id>":
/// "<text>"}}`. The file is shared with Android; the iOS app lists only what it ships.
public struct OpenSourceNotices: Decodable, Equatable, Sendable {
    public struct Component: Decodable, Equatable, Sendable, Identifiable {
        public let name: String
        public let version: String
        /// An SPDX licence expression, e.g. `MIT OR Apache-2.0`.
        public let license: String
        public let origin: String
        public let url: String

        public var id: String { "\(origin)/\(name)/\(version)" }

        public init(name: String, version: String, license: String, origin: String, url: String) {
            self.name = name
            self.version = version
            self.license = license
            self.origin = origin
            self.url = url
        }
    }

    /// One licence's text, by its SPDX id.
    public struct LicenceText: Equatable, Sendable, Identifiable {
        public let id: String
        public let text: String
    }

    public enum Failure: Error, Equatable {
        case unsupportedSchema(Int)
        case malformed
    }

    /// The origins whose components are part of the iOS app: the core's crates and the app's own.
    public static let iosOrigins: Set<String> = ["rust", "ios"]
    public static let supportedSchema = 1

    public let schema: Int
    public let components: [Component]
    public let licenseTexts: [String: String]

    private enum CodingKeys: String, CodingKey {
        case schema
        case components
        case licenseTexts = "license_texts"
    }

    /// Parses `notices.json`; a file of another schema is refused rather than half understood.
    public static func parse(_ data: Data) throws -> OpenSourceNotices {
        let notices: OpenSourceNotices
        do {
            notices = try JSONDecoder().decode(OpenSourceNotices.self, from: data)
        } catch {
            throw Failure.malformed
        }
        guard notices.schema == supportedSchema else {
            throw Failure.unsupportedSchema(notices.schema)
        }
        return notices
    }

    /// What the iOS app ships, sorted by name (case-insensitive) then version.
    public var shippedOnIOS: [Component] {
        components
            .filter { Self.iosOrigins.contains($0.origin) }
            .sorted {
                let order = $0.name.localizedCaseInsensitiveCompare($1.name)
                return order == .orderedSame ? $0.version < $1.version : order == .orderedAscending
            }
    }

    /// The licence and exception ids an SPDX expression names, in order of first appearance:
    /// `(Apache-2.0 OR MIT) AND BSD-3-Clause` → Apache-2.0, MIT, BSD-3-Clause;
    /// `Apache-2.0 WITH LLVM-exception` → Apache-2.0, LLVM-exception.
    public static func licenseIds(in expression: String) -> [String] {
        let tokens = expression
            .replacingOccurrences(of: "(", with: " ")
            .replacingOccurrences(of: ")", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            .map(String.init)
        var ids: [String] = []
        for token in tokens where !["AND", "OR", "WITH"].contains(token) && !ids.contains(token) {
            ids.append(token)
        }
        return ids
    }

    /// The licence texts a component's expression needs, in its order; ids without a text are
    /// left out (`missingTexts` names them).
    public func texts(for component: Component) -> [LicenceText] {
        Self.licenseIds(in: component.license).compactMap { id in
            licenseTexts[id].map { LicenceText(id: id, text: $0) }
        }
    }

    /// Ids named by a shipped component that have no text: the generator must never leave one.
    public var missingTexts: [String] {
        var missing: [String] = []
        for component in shippedOnIOS {
            for id in Self.licenseIds(in: component.license) where licenseTexts[id] == nil && !missing.contains(id) {
                missing.append(id)
            }
        }
        return missing
    }
}
