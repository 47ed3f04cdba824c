import Foundation

/// What the iOS transport sends before the core's first command.
///
/// CoreNFC hands a card over as an ISO 7816 tag only after it has SELECTed one of the AIDs listed
/// in Info.plist (`com.apple.developer.nfc.readersession.iso7816.select-identifiers`) and the card
/// answered `90 00`; `NFCISO7816Tag.initialSelectedAID` says which. The card is then no longer in
/// its power-on state (MF current, gen1-chip.md §1), but the core starts, as on every other
/// transport, with READ BINARY of MF/EF01 by short EF identifier, which resolves in the current DF.
/// SELECT MF (`00 A4 00 00 02 3F 00`, defined by both chip specs and harmless) restores the
/// power-on state; its answer is not checked, because a card that refuses it is then judged by the
/// core's own detection exactly as on Android. The core's wire statistics do not count it.
public enum NFCPrologue {
    public static let selectMasterFile = Data([0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00])

    /// The commands to send first, given the AID CoreNFC selected (hex, empty when none).
    public static func commands(initialSelectedAID: String) -> [Data] {
        initialSelectedAID.isEmpty ? [] : [selectMasterFile]
    }
}

/// The two honest answers to the core's `maxApduLength()` on iOS.
///
/// CoreNFC offers no capability query for ISO 7816 tags, but `NFCISO7816APDU` carries
/// extended-length Lc/Le (expected response length up to 65 536) and both chip generations
/// support extended length, so the first attempt says so. If CoreNFC then refuses a command as
/// too long (`NFCReaderError.readerTransceiveErrorPacketTooLong`), the read is repeated once in
/// short mode, where the core reads files in chunks that fit 258 bytes.
public enum APDULength {
    /// The core reads whole files at 65 546 or more.
    public static let extended: UInt32 = 65_546
    /// 256 response bytes plus the status word: chunked reads.
    public static let short: UInt32 = 258
}
