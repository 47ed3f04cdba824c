//! My Number chip constants (mynumber-chip.md §1–§6): application IDs, file and key references.
//! Data only; the flows decide what to send.

/// 公的個人認証AP (JPKI).
pub const AID_JPKI: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// 券面事項入力補助AP (input helper).
pub const AID_INPUT_HELPER: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// 券面事項確認AP (card face).
pub const AID_CARD_FACE: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];

/// Input-helper AP files (§4.1).
pub mod helper {
    pub const EF_MY_NUMBER: u16 = 0x0001;
    pub const EF_BASIC_FOUR: u16 = 0x0002;
    pub const EF_INTEGRITY: u16 = 0x0003;
    pub const EF_CVC: u16 = 0x0004;
    pub const KEY_PIN: u16 = 0x0011;
    /// Physical size of EF `0001`: the 15-byte object and two filler bytes; DF31 covers all 17.
    pub const MY_NUMBER_FILE_LEN: usize = 17;
}

/// Card-face AP files (§5).
pub mod face {
    pub const EF_CARD_FACE: u16 = 0x0002;
    pub const EF_CVC: u16 = 0x0004;
    pub const KEY_COLLATION_B: u16 = 0x0012;
}

/// JPKI AP files (§6.1).
pub mod jpki {
    pub const EF_SIGN_CERT: u16 = 0x0001;
    pub const EF_AUTH_CERT: u16 = 0x000A;
    pub const EF_AUTH_KEY: u16 = 0x0017;
    pub const KEY_AUTH_PIN: u16 = 0x0018;
    pub const EF_SIGN_KEY: u16 = 0x001A;
    pub const KEY_SIGN_PIN: u16 = 0x001B;
    pub const EF_CERT_PRESENCE: u16 = 0x0008;
    pub const CERT_PRESENCE_LEN: usize = 3;
}

/// Status words with a My Number meaning (§3).
pub mod sw {
    /// ISO "authentication method blocked"; never observed on these cards, treated as blocked.
    pub const AUTH_METHOD_BLOCKED: u16 = 0x6983;
    /// Referenced data blocked: every VERIFY after the counter reached zero.
    pub const REFERENCE_DATA_BLOCKED: u16 = 0x6984;
    /// End of file reached before Le bytes (the data that exists is returned).
    pub const END_OF_FILE: u16 = 0x6282;
}
