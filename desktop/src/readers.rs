//! `zairyu readers`: the first thing to run when a read fails, so it tells apart the two Windows
//! conditions the official app does (product.md §9 rows 3–4): service down vs no reader.

use serde_json::json;

use crate::pcsc_transport::{self, ReaderInfo};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub fn to_json(readers: &[ReaderInfo]) -> serde_json::Value {
    let list: Vec<_> = readers
        .iter()
        .map(|r| json!({"name": r.name, "card_present": r.card_present, "in_use": r.exclusive, "atr": hex(&r.atr)}))
        .collect();
    json!({"status": "ok", "readers": list})
}

pub fn to_text(readers: &[ReaderInfo]) -> String {
    let mut o = format!("カードリーダー / Card readers ({}):\n", readers.len());
    for r in readers {
        let state = match (r.card_present, r.exclusive) {
            (true, true) => format!("カードあり・使用中 / card present, in use by another program (ATR {})", hex(&r.atr)),
            (true, false) => format!("カードあり / card present (ATR {})", hex(&r.atr)),
            (false, _) => "カードなし / no card".to_owned(),
        };
        o.push_str(&format!("  {}  — {state}\n", r.name));
    }
    o
}

pub fn run(json_out: bool) -> u8 {
    let result = pcsc_transport::establish().and_then(|ctx| pcsc_transport::list_readers(&ctx));
    match result {
        Ok(readers) => {
            if json_out {
                println!("{}", to_json(&readers));
            } else {
                print!("{}", to_text(&readers));
            }
            crate::exit::OK
        }
        Err(e) => {
            crate::report_error(&e, json_out);
            e.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_listing_shapes() {
        let rs = [
            ReaderInfo { name: "Virtual PCD 00 00".into(), card_present: true, exclusive: false, atr: vec![0x3B, 0x88] },
            ReaderInfo { name: "Virtual PCD 00 01".into(), card_present: false, exclusive: false, atr: vec![] },
        ];
        assert_eq!(
            to_json(&rs),
            json!({"status":"ok","readers":[
                {"name":"Virtual PCD 00 00","card_present":true,"in_use":false,"atr":"3B88"},
                {"name":"Virtual PCD 00 01","card_present":false,"in_use":false,"atr":""}
            ]})
        );
        assert_eq!(
            to_text(&rs),
            "カードリーダー / Card readers (2):\n  Virtual PCD 00 00  — カードあり / card present (ATR 3B88)\n  Virtual PCD 00 01  — カードなし / no card\n"
        );
    }
}
