//! Mutual authentication (gen1-chip.md §5.3; the second generation has the same shape with AES).
//! Both sides prove knowledge of the card-number key and contribute half of the session key.

use zeroize::Zeroize;

use super::{ct_eq, session_key, CipherSuite, Key16};

/// What the terminal keeps between sending MUTUAL AUTHENTICATE and checking the answer.
pub struct AuthRequest {
    /// `E.IFD ‖ M.IFD`, the 40-byte command data.
    pub command_data: Vec<u8>,
    rnd_icc: [u8; 8],
    rnd_ifd: [u8; 8],
    k_ifd: Key16,
}

impl Drop for AuthRequest {
    fn drop(&mut self) {
        self.rnd_ifd.zeroize();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The answer is not `E.ICC(32) ‖ M.ICC(8)`.
    #[error("mutual authentication answer has the wrong length")]
    Length,
    /// M.ICC does not match: the card does not hold our key.
    #[error("card MAC mismatch")]
    Mac,
    /// The decrypted challenges are not ours: a replayed or forged answer.
    #[error("challenge mismatch")]
    Challenge,
}

/// Builds `E.IFD ‖ M.IFD` from the card's challenge and the terminal's randoms.
pub fn start_mutual_authentication<C: CipherSuite>(
    kenc: &Key16,
    rnd_icc: [u8; 8],
    rnd_ifd: [u8; 8],
    k_ifd: Key16,
) -> AuthRequest {
    let mut plain = Vec::with_capacity(32);
    plain.extend_from_slice(&rnd_ifd);
    plain.extend_from_slice(&rnd_icc);
    plain.extend_from_slice(k_ifd.as_bytes());
    let e_ifd = C::encrypt(kenc, &plain).expect("32 bytes is a whole number of blocks");
    plain.zeroize();
    let m_ifd = C::mac(kenc, &e_ifd);
    let mut command_data = e_ifd;
    command_data.extend_from_slice(&m_ifd);
    AuthRequest { command_data, rnd_icc, rnd_ifd, k_ifd }
}

/// Checks the card's answer and derives the session key KSenc.
pub fn finish_mutual_authentication<C: CipherSuite>(
    kenc: &Key16,
    request: &AuthRequest,
    answer: &[u8],
) -> Result<Key16, AuthError> {
    if answer.len() != 40 {
        return Err(AuthError::Length);
    }
    let (e_icc, m_icc) = answer.split_at(32);
    if !ct_eq(&C::mac(kenc, e_icc), m_icc) {
        return Err(AuthError::Mac);
    }
    let mut plain = C::decrypt(kenc, e_icc).map_err(|_| AuthError::Length)?;
    let challenges_ok = ct_eq(&plain[..8], &request.rnd_icc) & ct_eq(&plain[8..16], &request.rnd_ifd);
    let mut k = [0u8; 16];
    k.copy_from_slice(&plain[16..32]);
    plain.zeroize();
    let k_icc = Key16::new(k);
    k.zeroize();
    if !challenges_ok {
        return Err(AuthError::Challenge);
    }
    Ok(session_key(&request.k_ifd, &k_icc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Tdes;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }
    fn kenc() -> Key16 {
        Key16::new(h("6522B4E171195BB218223A976C040111").try_into().unwrap())
    }
    fn request() -> AuthRequest {
        start_mutual_authentication::<Tdes>(
            &kenc(),
            h("5A6E7E385162B7A3").try_into().unwrap(),
            h("1122334455667788").try_into().unwrap(),
            Key16::new(h("404142434445464748494A4B4C4D4E4F").try_into().unwrap()),
        )
    }

    #[test]
    fn appendix2_round_trip() {
        let req = request();
        assert_eq!(
            req.command_data,
            h("937745C20883A1BAD1E04193722A1592378F81A8F1DC589157AEB0F7544FA1BA 1AD7FB6A3389E017")
        );
        let answer = h("5860775B4D032CC564BA204B8EA868F694A74E7475A8FEF240588BDA1AF496CE 59388FD6CD45248B");
        let ks = finish_mutual_authentication::<Tdes>(&kenc(), &req, &answer).unwrap();
        assert_eq!(ks.as_bytes().to_vec(), h("CE94938E19E3B97DF96EABCEDC1715CC"));
    }

    #[test]
    fn rejects_bad_mac_length_and_challenge() {
        let req = request();
        let mut answer = h("5860775B4D032CC564BA204B8EA868F694A74E7475A8FEF240588BDA1AF496CE 59388FD6CD45248B");
        assert_eq!(finish_mutual_authentication::<Tdes>(&kenc(), &req, &answer[..39]).err(), Some(AuthError::Length));
        answer[39] ^= 1;
        assert_eq!(finish_mutual_authentication::<Tdes>(&kenc(), &req, &answer).err(), Some(AuthError::Mac));
        // A valid answer to a different challenge (replay) must fail on the challenge check.
        let other = start_mutual_authentication::<Tdes>(
            &kenc(),
            [0; 8],
            h("1122334455667788").try_into().unwrap(),
            Key16::new([0x40; 16]),
        );
        answer[39] ^= 1;
        assert_eq!(finish_mutual_authentication::<Tdes>(&kenc(), &other, &answer).err(), Some(AuthError::Challenge));
    }
}
