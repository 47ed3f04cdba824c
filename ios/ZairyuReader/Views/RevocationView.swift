import SwiftUI
import UIKit
import UniformTypeIdentifiers
import ZairyuCore
import ZairyuKit

/// The revocation inquiry (product.md §8, iOS): the official page opens in Safari, and what it
/// asks for — the card number and the card's expiry — is shown here with copy buttons, with the
/// core's instructions and caveats. The page is ISA's; nothing is filled in or sent by the app.
struct RevocationView: View {
    let inquiry: RevocationInquiry
    let url: URL?
    let onClose: () -> Void

    @Environment(\.openURL) private var openURL
    @State private var copied: String? = nil

    var body: some View {
        NavigationStack {
            ScrollView {
                VStack(alignment: .leading, spacing: 16) {
                    ForEach(Array(inquiry.instructions.enumerated()), id: \.offset) { index, line in
                        HStack(alignment: .firstTextBaseline) {
                            Text("\(index + 1).")
                            Text(core: line)
                        }
                        .accessibilityElement(children: .combine)
                    }
                    CopyRow(title: Text("revocation.number"), value: inquiry.cardNumber, id: "number", copied: $copied)
                    if let expiry = inquiry.cardExpiry {
                        expiryRows(expiry)
                    } else if let hint = inquiry.expiryHint {
                        VStack(alignment: .leading, spacing: 4) {
                            Text("revocation.expiry")
                                .font(.caption)
                                .foregroundStyle(.secondary)
                            Text(core: hint)
                        }
                        .accessibilityElement(children: .combine)
                        .accessibilityIdentifier("revocation.expiryHint")
                    }
                    SwiftUI.Button {
                        if let url {
                            openURL(url)
                        }
                    } label: {
                        Label("revocation.open", systemImage: "safari")
                            .frame(maxWidth: .infinity)
                    }
                    .buttonStyle(.borderedProminent)
                    .disabled(url == nil)
                    .accessibilityIdentifier("revocation.open")
                    ForEach(Array(inquiry.caveats.enumerated()), id: \.offset) { _, caveat in
                        Label { Text(core: caveat) } icon: { Image(systemName: "info.circle") }
                            .font(.footnote)
                            .foregroundStyle(.secondary)
                    }
                }
                .padding()
            }
            .navigationTitle(Text(core: inquiry.buttonLabel))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .confirmationAction) {
                    SwiftUI.Button("common.close", action: onClose)
                        .accessibilityIdentifier("revocation.close")
                }
            }
        }
        .privacyShield()
    }

    /// The page takes year, month and day in separate fields; the core gives `YYYY-MM-DD`.
    @ViewBuilder
    private func expiryRows(_ expiry: String) -> some View {
        let parts = expiry.split(separator: "-").map(String.init)
        CopyRow(title: Text("revocation.expiry"), value: expiry, id: "expiry", copied: $copied)
        if parts.count == 3 {
            HStack {
                CopyRow(title: Text("revocation.year"), value: parts[0], id: "year", copied: $copied)
                CopyRow(title: Text("revocation.month"), value: parts[1], id: "month", copied: $copied)
                CopyRow(title: Text("revocation.day"), value: parts[2], id: "day", copied: $copied)
            }
        }
    }
}

/// A value with a copy button. The copy stays on this device (no Universal Clipboard) and
/// expires after two minutes, since it is card data.
private struct CopyRow: View {
    let title: Text
    let value: String
    let id: String
    @Binding var copied: String?

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            title
                .font(.caption)
                .foregroundStyle(.secondary)
            HStack {
                Text(verbatim: value)
                    .font(.system(.title3, design: .monospaced))
                    .privacySensitive()
                Spacer(minLength: 4)
                SwiftUI.Button {
                    UIPasteboard.general.setItems(
                        [[UTType.plainText.identifier: value]],
                        options: [.localOnly: true, .expirationDate: Date().addingTimeInterval(120)]
                    )
                    copied = id
                } label: {
                    Image(systemName: copied == id ? "checkmark" : "doc.on.doc")
                }
                .accessibilityLabel(Text("revocation.copy"))
                .accessibilityValue(copied == id ? Text("revocation.copied") : Text(verbatim: ""))
                .accessibilityIdentifier("revocation.copy.\(id)")
            }
        }
        .padding(10)
        .background(Color.secondary.opacity(0.08), in: RoundedRectangle(cornerRadius: 8))
    }
}
