//! The start screen, the My Number menu, the in-person entry screen and the match fields, from
//! [`zairyu_core::present::start`]. Plain texts: every wording decision is the core's.

use crate::errors::ZairyuError;
use crate::guard;
use crate::records::Text;
use zairyu_core::present::start as s;

/// The two ways in from the start screen; a specified card (07/08) goes through `ResidenceCard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StartChoice {
    ResidenceCard,
    MyNumberCard,
}

impl From<s::StartChoice> for StartChoice {
    fn from(c: s::StartChoice) -> Self {
        match c {
            s::StartChoice::ResidenceCard => StartChoice::ResidenceCard,
            s::StartChoice::MyNumberCard => StartChoice::MyNumberCard,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StartOption {
    pub choice: StartChoice,
    pub label: Text,
    pub detail: Text,
}

impl From<s::StartOption> for StartOption {
    fn from(o: s::StartOption) -> Self {
        let s::StartOption { choice, label, detail } = o;
        StartOption { choice: choice.into(), label: label.into(), detail: detail.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct StartScreen {
    pub title: Text,
    pub options: Vec<StartOption>,
}

impl From<s::StartScreen> for StartScreen {
    fn from(v: s::StartScreen) -> Self {
        let s::StartScreen { title, options } = v;
        StartScreen { title: title.into(), options: options.into_iter().map(Into::into).collect() }
    }
}

/// The four My Number checks. Defined here once; the result object (`MyNumberResult::check`)
/// uses the same enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum MyNumberCheck {
    InPerson,
    PinCheck,
    Auth,
    Signature,
}

impl From<s::MyNumberCheck> for MyNumberCheck {
    fn from(c: s::MyNumberCheck) -> Self {
        match c {
            s::MyNumberCheck::InPerson => MyNumberCheck::InPerson,
            s::MyNumberCheck::PinCheck => MyNumberCheck::PinCheck,
            s::MyNumberCheck::Auth => MyNumberCheck::Auth,
            s::MyNumberCheck::Signature => MyNumberCheck::Signature,
        }
    }
}

impl From<MyNumberCheck> for s::MyNumberCheck {
    fn from(c: MyNumberCheck) -> Self {
        match c {
            MyNumberCheck::InPerson => s::MyNumberCheck::InPerson,
            MyNumberCheck::PinCheck => s::MyNumberCheck::PinCheck,
            MyNumberCheck::Auth => s::MyNumberCheck::Auth,
            MyNumberCheck::Signature => s::MyNumberCheck::Signature,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyNumberMenuItem {
    pub check: MyNumberCheck,
    pub label: Text,
    pub detail: Text,
    /// What the person must have ready, with the lock rule for a PIN.
    pub needs: Text,
}

impl From<s::MyNumberMenuItem> for MyNumberMenuItem {
    fn from(i: s::MyNumberMenuItem) -> Self {
        let s::MyNumberMenuItem { check, label, detail, needs } = i;
        MyNumberMenuItem { check: check.into(), label: label.into(), detail: detail.into(), needs: needs.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MyNumberMenu {
    pub title: Text,
    pub intro: Text,
    pub items: Vec<MyNumberMenuItem>,
    /// The operator setting's label: read the 個人番号 in the PIN check (off by default).
    pub individual_number_setting: Text,
}

impl From<s::MyNumberMenu> for MyNumberMenu {
    fn from(m: s::MyNumberMenu) -> Self {
        let s::MyNumberMenu { title, intro, items, individual_number_setting } = m;
        MyNumberMenu {
            title: title.into(),
            intro: intro.into(),
            items: items.into_iter().map(Into::into).collect(),
            individual_number_setting: individual_number_setting.into(),
        }
    }
}

/// Labels, hints and the camera button of the in-person entry screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InPersonEntryScreen {
    pub title: Text,
    pub instruction: Text,
    pub birth_date_label: Text,
    pub birth_date_hint: Text,
    pub expiry_year_label: Text,
    pub expiry_year_hint: Text,
    pub security_code_label: Text,
    pub security_code_hint: Text,
    pub scan_button: Text,
    /// Shown on the camera screen while scanning.
    pub scan_instruction: Text,
    pub read_button: Text,
}

impl From<s::InPersonEntryScreen> for InPersonEntryScreen {
    fn from(v: s::InPersonEntryScreen) -> Self {
        let s::InPersonEntryScreen {
            title,
            instruction,
            birth_date_label,
            birth_date_hint,
            expiry_year_label,
            expiry_year_hint,
            security_code_label,
            security_code_hint,
            scan_button,
            scan_instruction,
            read_button,
        } = v;
        InPersonEntryScreen {
            title: title.into(),
            instruction: instruction.into(),
            birth_date_label: birth_date_label.into(),
            birth_date_hint: birth_date_hint.into(),
            expiry_year_label: expiry_year_label.into(),
            expiry_year_hint: expiry_year_hint.into(),
            security_code_label: security_code_label.into(),
            security_code_hint: security_code_hint.into(),
            scan_button: scan_button.into(),
            scan_instruction: scan_instruction.into(),
            read_button: read_button.into(),
        }
    }
}

/// The optional match fields of the PIN and signature checks.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MatchFieldsScreen {
    pub title: Text,
    pub intro: Text,
    pub name_label: Text,
    pub birth_date_label: Text,
    pub address_label: Text,
}

impl From<s::MatchFieldsScreen> for MatchFieldsScreen {
    fn from(v: s::MatchFieldsScreen) -> Self {
        let s::MatchFieldsScreen { title, intro, name_label, birth_date_label, address_label } = v;
        MatchFieldsScreen {
            title: title.into(),
            intro: intro.into(),
            name_label: name_label.into(),
            birth_date_label: birth_date_label.into(),
            address_label: address_label.into(),
        }
    }
}

/// The start screen: residence card or My Number card.
#[uniffi::export]
pub fn start_screen() -> Result<StartScreen, ZairyuError> {
    guard(|| Ok(s::start_screen().into()))
}

/// The My Number menu: the four checks, what each needs, and the 個人番号 setting's label.
#[uniffi::export]
pub fn my_number_menu() -> Result<MyNumberMenu, ZairyuError> {
    guard(|| Ok(s::my_number_menu().into()))
}

/// The in-person check's entry screen.
#[uniffi::export]
pub fn in_person_entry_screen() -> Result<InPersonEntryScreen, ZairyuError> {
    guard(|| Ok(s::in_person_entry_screen().into()))
}

/// The optional match fields (name, birth date, address).
#[uniffi::export]
pub fn match_fields_screen() -> Result<MatchFieldsScreen, ZairyuError> {
    guard(|| Ok(s::match_fields_screen().into()))
}
