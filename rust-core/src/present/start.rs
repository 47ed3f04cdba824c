//! The phone apps' first screens for issue 17: which card to read, which My Number check to run,
//! what the in-person check asks for, and the optional match fields. Lock rules and the names of
//! the PINs are the seed manuals' (003/004) words, the same as on the PIN screen
//! ([`super::mynumber`]), so the menu promises exactly what the PIN screen then says.

use super::text::Text;

fn t(ja: &str, en: &str) -> Text {
    Text::new(ja, en)
}

/// The two ways in from the start screen. Specified cards (types 07/08) are not a third choice:
/// they are read through the residence-card flow with the card number printed on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StartChoice {
    ResidenceCard,
    MyNumberCard,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartOption {
    pub choice: StartChoice,
    pub label: Text,
    /// One line under the label.
    pub detail: Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartScreen {
    pub title: Text,
    pub options: Vec<StartOption>,
}

pub fn start_screen() -> StartScreen {
    StartScreen {
        title: t("読み取るカードを選んでください", "Choose the card to read"),
        options: vec![
            StartOption {
                choice: StartChoice::ResidenceCard,
                label: t("在留カード・特別永住者証明書", "Residence card / special permanent resident certificate"),
                detail: t(
                    "在留カード等番号で読み取ります（特定在留カード・特定特別永住者証明書もこちら）。",
                    "Read with the card number (specified residence cards and specified SPRCs too).",
                ),
            },
            StartOption {
                choice: StartChoice::MyNumberCard,
                label: t("マイナンバーカード", "My Number card"),
                detail: t(
                    "券面の確認、暗証番号による確認、電子証明書の確認を行います。",
                    "Check the card face, read it with a PIN, or check its electronic certificates.",
                ),
            },
        ],
    }
}

/// The four My Number checks, in the menu's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MyNumberCheck {
    /// 券面事項確認AP with 照合番号B: no PIN.
    InPerson,
    /// 券面事項入力補助AP with its 4-digit PIN.
    PinCheck,
    /// JPKI 利用者証明用電子証明書, 4-digit PIN.
    Auth,
    /// JPKI 署名用電子証明書, 6–16 character password.
    Signature,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyNumberMenuItem {
    pub check: MyNumberCheck,
    pub label: Text,
    /// What the check reads and proves.
    pub detail: Text,
    /// What the person must have ready, with the lock rule for a PIN.
    pub needs: Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyNumberMenu {
    pub title: Text,
    pub intro: Text,
    pub items: Vec<MyNumberMenuItem>,
    /// The operator setting that turns on reading the 個人番号 (off by default; mynumber-chip.md's
    /// legal note).
    pub individual_number_setting: Text,
}

pub fn my_number_menu() -> MyNumberMenu {
    MyNumberMenu {
        title: t("マイナンバーカードの確認", "My Number card checks"),
        intro: t(
            "確認の方法を選んでください。暗証番号を入力する前に、残りの回数を表示します。",
            "Choose a check. Before any PIN is entered, the tries left are shown.",
        ),
        items: vec![
            MyNumberMenuItem {
                check: MyNumberCheck::InPerson,
                label: t("対面確認", "In-person check"),
                detail: t(
                    "券面の記載事項でカードを読み取り、顔写真・氏名・住所・生年月日・性別・有効期限を表示します。",
                    "Reads the card with what is printed on it and shows the photo, name, address, birth date, sex and expiry.",
                ),
                needs: t(
                    "必要なもの：生年月日、有効期限の年、セキュリティコード（数字4桁）。暗証番号は不要です。",
                    "Needs: the birth date, the expiry year and the 4-digit security code. No PIN.",
                ),
            },
            MyNumberMenuItem {
                check: MyNumberCheck::PinCheck,
                label: t("暗証番号による確認", "PIN check"),
                detail: t(
                    "氏名・住所・生年月日・性別（基本4情報）を読み取り、真正性を確認します。",
                    "Reads the name, address, birth date and sex (the four basic attributes) and checks their integrity.",
                ),
                needs: t(
                    "必要なもの：数字4桁の券面事項入力補助用暗証番号（3回間違えるとロックがかかります）。",
                    "Needs: the 4-digit PIN for the card-face data (locks after 3 wrong entries).",
                ),
            },
            MyNumberMenuItem {
                check: MyNumberCheck::Auth,
                label: t("利用者証明用電子証明書", "Authentication certificate"),
                detail: t(
                    "利用者証明用電子証明書を検証し、カードの署名で本物のカードであることを確認します。",
                    "Verifies the user-authentication certificate and, with a signature by the card, that the card is genuine.",
                ),
                needs: t(
                    "必要なもの：数字4桁の利用者証明用電子証明書の暗証番号（3回間違えるとロックがかかります）。",
                    "Needs: the 4-digit user-authentication certificate PIN (locks after 3 wrong entries).",
                ),
            },
            MyNumberMenuItem {
                check: MyNumberCheck::Signature,
                label: t("署名用電子証明書", "Signature certificate"),
                detail: t(
                    "署名用電子証明書を検証し、記録された氏名・住所・生年月日・性別を表示します。",
                    "Verifies the signature certificate and shows the name, address, birth date and sex it records.",
                ),
                needs: t(
                    "必要なもの：英数字6～16桁の署名用電子証明書の暗証番号（5回間違えるとロックがかかります）。",
                    "Needs: the 6–16 character signature certificate password (locks after 5 wrong entries).",
                ),
            },
        ],
        individual_number_setting: t(
            "暗証番号による確認で個人番号を読み取る（法令で認められた目的に限ります。表示はタップするまで伏せます）",
            "Read the individual number in the PIN check (only for purposes the law allows; hidden until tapped)",
        ),
    }
}

/// The in-person check's entry screen: the three printed values, typed or scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
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

pub fn in_person_entry_screen() -> InPersonEntryScreen {
    InPersonEntryScreen {
        title: t("対面確認", "In-person check"),
        instruction: t(
            "カードの表面に記載の生年月日、有効期限の年、顔写真の下のセキュリティコードを入力するか、カメラで読み取ってください。",
            "Enter the birth date, the expiry year and the security code under the photo as printed on the front of the card, or scan them with the camera.",
        ),
        birth_date_label: t("生年月日", "Birth date"),
        birth_date_hint: t(
            "西暦で YYYY-MM-DD（例：昭和60年4月12日 → 1985-04-12）",
            "Gregorian, YYYY-MM-DD (e.g. 昭和60年4月12日 → 1985-04-12)",
        ),
        expiry_year_label: t("有効期限の年", "Expiry year"),
        expiry_year_hint: t(
            "「まで有効」の日付の年を西暦4桁で（例：2034）",
            "The year of the 「まで有効」 (valid until) date, 4 digits (e.g. 2034)",
        ),
        security_code_label: t("セキュリティコード", "Security code"),
        security_code_hint: t("顔写真の下の数字4桁", "The 4 digits under the photo"),
        scan_button: t("カメラで読み取る", "Scan with camera"),
        scan_instruction: t(
            "カードの表面を枠に合わせてください。文字に光が反射しないようにしてください。",
            "Fit the front of the card into the frame, keeping glare off the text.",
        ),
        read_button: t("カードを読み取る", "Read the card"),
    }
}

/// The optional match fields of the PIN and signature checks (seed 003 compares what the person
/// registered with the card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchFieldsScreen {
    pub title: Text,
    pub intro: Text,
    pub name_label: Text,
    pub birth_date_label: Text,
    pub address_label: Text,
}

pub fn match_fields_screen() -> MatchFieldsScreen {
    MatchFieldsScreen {
        title: t("入力した情報との照合（任意）", "Compare with entered details (optional)"),
        intro: t(
            "入力した項目だけをカードの情報と照合します。空欄の項目は照合しません。",
            "Only the fields you fill in are compared with the card; empty fields are skipped.",
        ),
        name_label: t("氏名", "Name"),
        birth_date_label: t("生年月日（YYYY-MM-DD）", "Birth date (YYYY-MM-DD)"),
        address_label: t("住所", "Address"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_screen_offers_both_cards() {
        let s = start_screen();
        assert_eq!(s.title, t("読み取るカードを選んでください", "Choose the card to read"));
        assert_eq!(
            s.options.iter().map(|o| o.choice).collect::<Vec<_>>(),
            [StartChoice::ResidenceCard, StartChoice::MyNumberCard]
        );
        assert_eq!(
            s.options[0].label,
            t("在留カード・特別永住者証明書", "Residence card / special permanent resident certificate")
        );
        assert_eq!(
            s.options[0].detail,
            t(
                "在留カード等番号で読み取ります（特定在留カード・特定特別永住者証明書もこちら）。",
                "Read with the card number (specified residence cards and specified SPRCs too)."
            )
        );
        assert_eq!(s.options[1].label, t("マイナンバーカード", "My Number card"));
        assert_eq!(
            s.options[1].detail,
            t(
                "券面の確認、暗証番号による確認、電子証明書の確認を行います。",
                "Check the card face, read it with a PIN, or check its electronic certificates."
            )
        );
    }

    #[test]
    fn my_number_menu_lists_four_checks_with_their_needs() {
        let m = my_number_menu();
        assert_eq!(m.title, t("マイナンバーカードの確認", "My Number card checks"));
        let rows: Vec<_> = m.items.iter().map(|i| (i.check, i.label.ja.as_str(), i.label.en.as_str())).collect();
        assert_eq!(
            rows,
            [
                (MyNumberCheck::InPerson, "対面確認", "In-person check"),
                (MyNumberCheck::PinCheck, "暗証番号による確認", "PIN check"),
                (MyNumberCheck::Auth, "利用者証明用電子証明書", "Authentication certificate"),
                (MyNumberCheck::Signature, "署名用電子証明書", "Signature certificate"),
            ]
        );
        let needs: Vec<_> = m.items.iter().map(|i| i.needs.clone()).collect();
        assert_eq!(
            needs,
            [
                t(
                    "必要なもの：生年月日、有効期限の年、セキュリティコード（数字4桁）。暗証番号は不要です。",
                    "Needs: the birth date, the expiry year and the 4-digit security code. No PIN."
                ),
                t(
                    "必要なもの：数字4桁の券面事項入力補助用暗証番号（3回間違えるとロックがかかります）。",
                    "Needs: the 4-digit PIN for the card-face data (locks after 3 wrong entries)."
                ),
                t(
                    "必要なもの：数字4桁の利用者証明用電子証明書の暗証番号（3回間違えるとロックがかかります）。",
                    "Needs: the 4-digit user-authentication certificate PIN (locks after 3 wrong entries)."
                ),
                t(
                    "必要なもの：英数字6～16桁の署名用電子証明書の暗証番号（5回間違えるとロックがかかります）。",
                    "Needs: the 6–16 character signature certificate password (locks after 5 wrong entries)."
                ),
            ]
        );
        assert_eq!(
            m.individual_number_setting,
            t(
                "暗証番号による確認で個人番号を読み取る（法令で認められた目的に限ります。表示はタップするまで伏せます）",
                "Read the individual number in the PIN check (only for purposes the law allows; hidden until tapped)"
            )
        );
        assert_eq!(
            m.intro,
            t(
                "確認の方法を選んでください。暗証番号を入力する前に、残りの回数を表示します。",
                "Choose a check. Before any PIN is entered, the tries left are shown."
            )
        );
        assert_eq!(
            m.items[0].detail.ja,
            "券面の記載事項でカードを読み取り、顔写真・氏名・住所・生年月日・性別・有効期限を表示します。"
        );
    }

    #[test]
    fn menu_lock_rules_agree_with_the_pin_screen() {
        use crate::mynumber::pin::PinKind;
        use crate::mynumber::PinPrompt;
        let m = my_number_menu();
        for (item, kind, tries) in [(1, PinKind::InputHelper, "3回"), (2, PinKind::Auth, "3回"), (3, PinKind::Signature, "5回")] {
            let screen = super::super::mynumber::pin_entry_screen(&PinPrompt { kind, tries_left: 3, last_try: false });
            assert!(screen.lock_warning.ja.contains(&format!("{tries}間違えるとロックがかかり")));
            assert!(m.items[item].needs.ja.contains(&format!("{tries}間違えるとロックがかかります")));
        }
    }

    #[test]
    fn in_person_entry_texts() {
        let s = in_person_entry_screen();
        assert_eq!(s.title, t("対面確認", "In-person check"));
        assert_eq!(
            s.instruction.ja,
            "カードの表面に記載の生年月日、有効期限の年、顔写真の下のセキュリティコードを入力するか、カメラで読み取ってください。"
        );
        assert_eq!(
            [&s.birth_date_label, &s.expiry_year_label, &s.security_code_label],
            [&t("生年月日", "Birth date"), &t("有効期限の年", "Expiry year"), &t("セキュリティコード", "Security code")]
        );
        assert_eq!(
            s.birth_date_hint,
            t("西暦で YYYY-MM-DD（例：昭和60年4月12日 → 1985-04-12）", "Gregorian, YYYY-MM-DD (e.g. 昭和60年4月12日 → 1985-04-12)")
        );
        assert_eq!(s.expiry_year_hint.ja, "「まで有効」の日付の年を西暦4桁で（例：2034）");
        assert_eq!(s.security_code_hint, t("顔写真の下の数字4桁", "The 4 digits under the photo"));
        assert_eq!(s.scan_button, t("カメラで読み取る", "Scan with camera"));
        assert_eq!(s.scan_instruction.ja, "カードの表面を枠に合わせてください。文字に光が反射しないようにしてください。");
        assert_eq!(s.read_button, t("カードを読み取る", "Read the card"));
    }

    #[test]
    fn match_fields_texts() {
        let s = match_fields_screen();
        assert_eq!(s.title, t("入力した情報との照合（任意）", "Compare with entered details (optional)"));
        assert_eq!(
            s.intro,
            t(
                "入力した項目だけをカードの情報と照合します。空欄の項目は照合しません。",
                "Only the fields you fill in are compared with the card; empty fields are skipped."
            )
        );
        assert_eq!(
            [s.name_label, s.birth_date_label, s.address_label],
            [t("氏名", "Name"), t("生年月日（YYYY-MM-DD）", "Birth date (YYYY-MM-DD)"), t("住所", "Address")]
        );
    }
}
