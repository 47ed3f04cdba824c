//! BER-TLV parser: any bytes; every object found lies inside the input, and re-encoding each
//! object parses back to the same tag and value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::tlv;

fuzz_target!(|data: &[u8]| {
    let all = tlv::parse_all(data);
    let mut consumed = 0usize;
    let mut iter = tlv::TlvIter::new(data);
    for obj in iter.by_ref() {
        let Ok(obj) = obj else { break };
        assert!(obj.value.len() <= data.len());
        consumed += obj.value.len();
        let enc = tlv::encode(obj.tag, obj.value);
        let (back, used) = tlv::parse_one(&enc).expect("own encoding parses");
        assert_eq!((back.tag, back.value, used), (obj.tag, obj.value, enc.len()));
    }
    assert!(consumed <= data.len());
    assert!(iter.rest().len() <= data.len());
    if let Ok(objs) = all {
        if let Some(first) = objs.first() {
            assert_eq!(tlv::find(data, first.tag).ok().flatten(), Some(first.value));
        }
    }
});
