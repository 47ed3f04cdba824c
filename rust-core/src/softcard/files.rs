//! The chip's file system as data: directories (MF and the DFs), their elementary files by short
//! EF identifier, and each file's access rule (gen1-chip.md §2, gen2-chip.md §3).

use crate::chip::{gen1, gen2};

/// Who may read an EF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// MF files and the specified card's card type: anyone, plain or SM.
    Free,
    /// DF2/DF3 files: after a successful VERIFY, plain or SM.
    NumberAuth,
    /// DF1 files: after a successful VERIFY and only with SM (CLA `08`).
    NumberAuthSm,
}

/// One elementary file. `Debug` shows the size only: the content is personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Ef {
    pub sfi: u8,
    pub access: Access,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Ef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ef(sfi={:02X}, {:?}, {} bytes)", self.sfi, self.access, self.data.len())
    }
}

/// MF (no AID, index 0 of [`FileSystem::dirs`]) or a DF reached by its AID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dir {
    pub aid: Option<Vec<u8>>,
    pub efs: Vec<Ef>,
}

impl Dir {
    pub fn ef_by_sfi(&self, sfi: u8) -> Option<usize> {
        self.efs.iter().position(|ef| ef.sfi == sfi)
    }
    pub fn ef_mut(&mut self, sfi: u8) -> Option<&mut Ef> {
        self.efs.iter_mut().find(|ef| ef.sfi == sfi)
    }
}

/// All directories of a card; `dirs[0]` is the MF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSystem {
    pub dirs: Vec<Dir>,
}

/// Index of the MF in [`FileSystem::dirs`].
pub const MF: usize = 0;

impl FileSystem {
    pub fn dir_by_aid(&self, aid: &[u8]) -> Option<usize> {
        self.dirs.iter().position(|d| d.aid.as_deref() == Some(aid))
    }
    /// The directory with `aid`, if the card has it.
    pub fn dir_mut(&mut self, aid: &[u8]) -> Option<&mut Dir> {
        self.dirs.iter_mut().find(|d| d.aid.as_deref() == Some(aid))
    }
    pub fn mf_mut(&mut self) -> &mut Dir {
        // A file system is only built by `FileSystem::new`, which always creates the MF.
        &mut self.dirs[MF]
    }
    /// The EF `(sfi)` of the directory `aid` (`None` = MF), for profile edits.
    pub fn ef_mut(&mut self, aid: Option<&[u8]>, sfi: u8) -> Option<&mut Ef> {
        match aid {
            None => self.mf_mut().ef_mut(sfi),
            Some(aid) => self.dir_mut(aid)?.ef_mut(sfi),
        }
    }
    /// Removes an EF (the card answers `6A 82` for its SFI).
    pub fn remove_ef(&mut self, aid: Option<&[u8]>, sfi: u8) {
        let dir = match aid {
            None => Some(self.mf_mut()),
            Some(aid) => self.dir_mut(aid),
        };
        if let Some(dir) = dir {
            dir.efs.retain(|ef| ef.sfi != sfi);
        }
    }

    pub fn new() -> Self {
        FileSystem { dirs: vec![Dir { aid: None, efs: Vec::new() }] }
    }
}

impl Default for FileSystem {
    fn default() -> Self {
        Self::new()
    }
}

/// A fixed-length data object: tag, the length form the spec's capacities imply, and the value
/// `00`-filled to `len`. Values longer than `len` are cut (profiles are built from constants, and
/// a test notices a cut value).
pub fn fixed_tlv(tag: u8, len: usize, value: &[u8]) -> Vec<u8> {
    fixed_tlv_tag(u32::from(tag), len, value)
}

/// [`fixed_tlv`] for a tag of one to four bytes given as a number (`0xDFD1` → `DF D1`).
pub fn fixed_tlv_tag(tag: u32, len: usize, value: &[u8]) -> Vec<u8> {
    let bytes = tag.to_be_bytes();
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(3);
    let mut out = bytes[first..].to_vec();
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        _ => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
    }
    let take = value.len().min(len);
    out.extend_from_slice(&value[..take]);
    out.resize(out.len() + (len - take), 0);
    out
}

/// The first-generation file system; `df2_permissions` is false for the SPRC (DF2 holds EF01 only).
pub struct Gen1Content<'a> {
    pub common: &'a [u8],
    pub card_type: &'a [u8],
    pub front: &'a [u8],
    pub face: &'a [u8],
    pub address_date: &'a [u8],
    pub municipality: &'a [u8],
    pub address: &'a [u8],
    /// DF2/EF02..EF04 as whole files, or `None` for a card type 2.
    pub permissions: Option<[Vec<u8>; 3]>,
    pub check_code: &'a [u8],
    pub certificate: &'a [u8],
}

impl Gen1Content<'_> {
    pub fn build(&self) -> FileSystem {
        let mut fs = FileSystem::new();
        fs.dirs[MF].efs = vec![
            Ef { sfi: gen1::SFI_COMMON, access: Access::Free, data: fixed_tlv(gen1::tag::COMMON, 4, self.common) },
            Ef { sfi: gen1::SFI_CARD_TYPE, access: Access::Free, data: fixed_tlv(gen1::tag::CARD_TYPE, 1, self.card_type) },
        ];
        fs.dirs.push(Dir {
            aid: Some(gen1::AID_DF1.to_vec()),
            efs: vec![
                Ef {
                    sfi: gen1::SFI_FRONT_IMAGE,
                    access: Access::NumberAuthSm,
                    data: fixed_tlv(gen1::tag::FRONT_IMAGE, gen1::LEN_FRONT_IMAGE, self.front),
                },
                Ef {
                    sfi: gen1::SFI_FACE_IMAGE,
                    access: Access::NumberAuthSm,
                    data: fixed_tlv(gen1::tag::FACE_IMAGE, gen1::LEN_FACE_IMAGE, self.face),
                },
            ],
        });
        let mut address = fixed_tlv(gen1::tag::ADDRESS_DATE, 8, self.address_date);
        address.extend(fixed_tlv(gen1::tag::MUNICIPALITY, 6, self.municipality));
        address.extend(fixed_tlv(gen1::tag::ADDRESS, 320, self.address));
        let mut df2 = vec![Ef { sfi: gen1::SFI_ADDRESS, access: Access::NumberAuth, data: address }];
        if let Some([p2, p3, p4]) = &self.permissions {
            for (sfi, data) in [
                (gen1::SFI_COMPREHENSIVE_PERMISSION, p2),
                (gen1::SFI_INDIVIDUAL_PERMISSION, p3),
                (gen1::SFI_EXTENSION_APPLICATION, p4),
            ] {
                df2.push(Ef { sfi, access: Access::NumberAuth, data: data.clone() });
            }
        }
        fs.dirs.push(Dir { aid: Some(gen1::AID_DF2.to_vec()), efs: df2 });
        let mut signature = fixed_tlv(gen1::tag::CHECK_CODE, gen1::LEN_CHECK_CODE, self.check_code);
        signature.extend(fixed_tlv(gen1::tag::CERTIFICATE, gen1::LEN_CERTIFICATE, self.certificate));
        fs.dirs.push(Dir {
            aid: Some(gen1::AID_DF3.to_vec()),
            efs: vec![Ef { sfi: gen1::SFI_SIGNATURE, access: Access::NumberAuth, data: signature }],
        });
        fs
    }
}

/// DF2/EF02..EF04 of a residence card: D5, D6 (120 bytes each) and D7.
pub fn permission_files(d5: &[u8], d6: &[u8], d7: &[u8]) -> [Vec<u8>; 3] {
    [
        fixed_tlv(gen1::tag::COMPREHENSIVE_PERMISSION, 120, d5),
        fixed_tlv(gen1::tag::INDIVIDUAL_PERMISSION, 120, d6),
        fixed_tlv(gen1::tag::EXTENSION_APPLICATION, 1, d7),
    ]
}

/// DF2/EF01 and DF2/EF02 of a second-generation residence card (type 05 only).
pub struct Gen2Permission<'a> {
    /// `D5` (7-byte field, one byte used).
    pub comprehensive: &'a [u8],
    /// `D6` `YYYYMMDD`.
    pub comprehensive_expiry: &'a [u8],
    /// `D7`.
    pub individual: &'a [u8],
    /// `D8` (DF2/EF02).
    pub extension_application: &'a [u8],
}

/// The second-generation file system (gen2-chip.md §3): fixed-length TLVs, values `00`-filled,
/// except `DD`, which carries the certificate's actual length followed by `00` fill.
pub struct Gen2Content<'a> {
    pub common: &'a [u8],
    /// `"05"` or `"06"`.
    pub card_type: &'a [u8],
    /// The 12 number characters (`C2`).
    pub card_number: &'a [u8],
    /// DF1/EF02 as the whole file (the fixtures hold exact file bytes).
    pub printed: &'a [u8],
    /// `D0` value (TIFF), filled to 2500.
    pub name: &'a [u8],
    /// `D1` value (JPEG 2000), filled to 3000; empty = 3000 `00` bytes (holder under 1 year).
    pub face: &'a [u8],
    /// `DF D1` value (TIFF), filled to 2500.
    pub address: &'a [u8],
    /// DF2/EF01 and DF2/EF02, or `None` for a type 06 (the card answers `6A 82` to them).
    pub permission: Option<Gen2Permission<'a>>,
    /// SFI of DF2's "other" file: [`gen2::SFI_OTHER`] (P1 83) or [`gen2::SFI_OTHER_ALT`] (P1 81).
    pub other_sfi: u8,
    /// `D9`.
    pub commissioner_record: &'a [u8],
    /// `DE` (UTF-8), filled to 200.
    pub reserved_text: &'a [u8],
    /// DF3/EF01 as the whole file, see [`gen2_signature_file`].
    pub signature: Vec<u8>,
}

/// DF3/EF01 of a second-generation card: `DC L` + the check code as given (96 bytes raw `r‖s`
/// gives `DC 60`; a 104-byte DER signature gives `DC 68`), then `DD 82 LL LL` + the certificate
/// with its actual length, then `00` fill to 704 bytes. If the objects need more than 704 bytes
/// the file grows to fit them (no fill); with the 592-byte test certificate even the DER form
/// fits (2 + 104 + 4 + 592 = 702).
pub fn gen2_signature_file(check_code: &[u8], certificate: &[u8]) -> Vec<u8> {
    let mut out = fixed_tlv_tag(gen2::tag::CHECK_CODE, check_code.len(), check_code);
    // Always the two-byte length form, as the spec's `DD 82 02 56` (derived from the 704 capacity).
    let len = certificate.len().min(0xFFFF) as u16;
    out.push(gen2::tag::CERTIFICATE as u8);
    out.push(0x82);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&certificate[..usize::from(len)]);
    if out.len() < gen2::CAP_SIGNATURE {
        out.resize(gen2::CAP_SIGNATURE, 0);
    }
    out
}

impl Gen2Content<'_> {
    pub fn build(&self) -> FileSystem {
        let mut fs = FileSystem::new();
        fs.dirs[MF].efs = vec![
            Ef { sfi: gen2::SFI_COMMON, access: Access::Free, data: fixed_tlv(gen1::tag::COMMON, 4, self.common) },
            Ef { sfi: gen2::SFI_CARD_TYPE, access: Access::Free, data: fixed_tlv(gen1::tag::CARD_TYPE, 2, self.card_type) },
        ];
        let mut name_face = fixed_tlv_tag(gen2::tag::NAME_IMAGE, gen2::LEN_NAME_IMAGE, self.name);
        name_face.extend(fixed_tlv_tag(gen2::tag::FACE_IMAGE, gen2::LEN_FACE_IMAGE, self.face));
        let sm = |sfi: u8, data: Vec<u8>| Ef { sfi, access: Access::NumberAuthSm, data };
        fs.dirs.push(Dir {
            aid: Some(gen2::AID_DF1.to_vec()),
            efs: vec![
                sm(gen2::SFI_CARD_NUMBER, fixed_tlv_tag(gen2::tag::CARD_NUMBER, 12, self.card_number)),
                sm(gen2::SFI_PRINTED, self.printed.to_vec()),
                sm(gen2::SFI_NAME_FACE, name_face),
                sm(gen2::SFI_ADDRESS_IMAGE, fixed_tlv_tag(gen2::tag::ADDRESS_IMAGE, gen2::LEN_ADDRESS_IMAGE, self.address)),
            ],
        });
        let auth = |sfi: u8, data: Vec<u8>| Ef { sfi, access: Access::NumberAuth, data };
        let mut df2 = Vec::new();
        if let Some(p) = &self.permission {
            let mut ef01 = fixed_tlv_tag(gen2::tag::COMPREHENSIVE_PERMISSION, 7, p.comprehensive);
            ef01.extend(fixed_tlv_tag(gen2::tag::COMPREHENSIVE_PERMISSION_EXPIRY, 8, p.comprehensive_expiry));
            ef01.extend(fixed_tlv_tag(gen2::tag::INDIVIDUAL_PERMISSION, 1, p.individual));
            df2.push(auth(gen2::SFI_PERMISSION, ef01));
            df2.push(auth(
                gen2::SFI_EXTENSION_APPLICATION,
                fixed_tlv_tag(gen2::tag::EXTENSION_APPLICATION, 1, p.extension_application),
            ));
        }
        let mut other = fixed_tlv_tag(gen2::tag::COMMISSIONER_RECORD, 1, self.commissioner_record);
        // `DE 82 00 C8`: the three-byte length form the 207-byte capacity implies (gen2-chip.md §3).
        other.extend_from_slice(&[gen2::tag::RESERVED_TEXT as u8, 0x82, 0x00, 0xC8]);
        let take = self.reserved_text.len().min(200);
        other.extend_from_slice(&self.reserved_text[..take]);
        other.resize(gen2::CAP_OTHER, 0);
        // A type 06 whose "other" file sits at P1 81 has no permission file there.
        df2.retain(|ef| ef.sfi != self.other_sfi);
        df2.push(auth(self.other_sfi, other));
        fs.dirs.push(Dir { aid: Some(gen2::AID_DF2.to_vec()), efs: df2 });
        fs.dirs.push(Dir {
            aid: Some(gen2::AID_DF3.to_vec()),
            efs: vec![auth(gen2::SFI_SIGNATURE, self.signature.clone())],
        });
        fs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_tlv_uses_the_capacity_length_forms() {
        assert_eq!(fixed_tlv(0xC0, 4, b"0001"), vec![0xC0, 4, b'0', b'0', b'0', b'1']);
        assert_eq!(&fixed_tlv(0xD4, 320, b"x")[..5], &[0xD4, 0x82, 0x01, 0x40, b'x']);
        assert_eq!(fixed_tlv(0xD4, 320, b"x").len(), 324);
        assert_eq!(&fixed_tlv(0xD0, 7000, b"")[..4], &[0xD0, 0x82, 0x1B, 0x58]);
        assert_eq!(&fixed_tlv(0xD5, 120, b"")[..2], &[0xD5, 0x78]);
        assert_eq!(&fixed_tlv_tag(0xDFD1, 2500, b"")[..5], &[0xDF, 0xD1, 0x82, 0x09, 0xC4]);
        assert_eq!(fixed_tlv_tag(0xD5, 7, b"1"), vec![0xD5, 7, b'1', 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn gen2_signature_file_fills_to_704_or_grows() {
        let f = gen2_signature_file(&[0xAA; 96], &[0x30; 598]);
        assert_eq!(f.len(), 704);
        assert_eq!(&f[..2], &[0xDC, 0x60]);
        assert_eq!(&f[98..102], &[0xDD, 0x82, 0x02, 0x56]);
        assert!(f[700..].iter().all(|b| *b == 0));
        let f = gen2_signature_file(&[0xAA; 104], &[0x30; 598]);
        assert_eq!(f.len(), 2 + 104 + 4 + 598);
        assert_eq!(&f[..2], &[0xDC, 0x68]);
    }
}
