#!/usr/bin/env python3
"""Generate the TEST-ONLY second-generation (gen2, card types 05/06) fixtures for Zairyu Reader.

Everything written here is synthetic and TEST ONLY: a private EC P-384 test PKI whose names say
so (NOT the ISA "ZairyuCard CA2"), G4 name/address images of made-up text, the cartoon face of the
gen1 fixtures, and ECDSA check codes (DC) over them (spec gen2-chip.md §3, §5, §6, §7).

    pip install -r scripts/requirements-fixtures.txt
    python3 scripts/gen-fixtures-gen2.py            # (re)write fixtures/gen2/
    python3 scripts/gen-fixtures-gen2.py --check    # regenerate into a temp dir, compare, exit 1 on any difference
    python3 scripts/gen-fixtures-gen2.py --out DIR  # write somewhere else

Reproducibility: EC P-384 private scalars are SHA-512(label) mod n; every ECDSA signature
(check codes and certificates) is deterministic (RFC 6979, OpenSSL via cryptography's
`deterministic_signing=True` / `ecdsa_deterministic=True`; a known-answer test from RFC 6979 A.2.6
is run first); certificates use fixed serials and dates; images are drawn with the gen1 helpers
(Pillow's default font) and encoded by Pillow's bundled libtiff. The face is a byte copy of
fixtures/gen1/face.jp2 (its SHA-256 is pinned below). Only fixtures/gen2/ is written.
No private key is ever written to disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import cryptography
import PIL
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
from PIL import Image, ImageDraw, features

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "fixtures" / "gen2"
GEN1_FACE = REPO / "fixtures" / "gen1" / "face.jp2"

# gen1 helpers (fonts, text drawing, TIFF inspection, DN formatting): same style, same rendering
_spec = importlib.util.spec_from_file_location("gen_fixtures_gen1", Path(__file__).resolve().parent / "gen-fixtures.py")
g1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(g1)

# ---------------------------------------------------------------------------
# Fixed facts (spec gen2-chip.md §3, §5, §7)
# ---------------------------------------------------------------------------
D0_LEN = 2500  # name image value length (TIFF, 00-padded), DF1/EF03
D1_LEN = 3000  # face image value length (JPEG 2000, 00-padded), DF1/EF03
DFD1_LEN = 2500  # address image value length (TIFF, 00-padded), DF1/EF04
DC_LEN = 96  # check code, raw r || s
DD_LEN = 602  # certificate field (actual DER length in the TLV, then 00 fill)
PRINTED_SIGNED_LEN = 53  # printed-entry values in the signed data (06: 34 + 19 x 00)
SIGNED_LEN = PRINTED_SIGNED_LEN + D1_LEN + D0_LEN  # 5553

P384_N = int(
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973", 16
)

KEY_LABEL_PREFIX = "zairyu-reader-fixtures/gen2/v1/"
KEY_LABELS = {
    "test-ca2": "test-ca2",
    "rogue-ca2": "rogue-ca2",
    "expired-ca2": "expired-ca2",
    "future-ca2": "future-ca2",
    "nonca-issuer2": "nonca-issuer2",
    "card-signer": "card-signer",
    "card-signer-rogue": "card-signer-rogue",
}

ORG = "Zairyu Reader TEST ONLY"
CA2_CN = "ZAIRYU READER TEST CA2 - NOT FOR PRODUCTION"
CARD_CN = "ZAIRYU READER TEST CARD SIGNER 2"
NONCA_CN = "ZAIRYU READER TEST NON-CA ISSUER 2"

NAME_SIZE = (800, 120)
ADDRESS_SIZE = (800, 120)


def B(s: str) -> bytes:
    return s.encode("ascii")


# Printed entries DF1/EF02: (tag, field length, value before 00 right-padding), in file order.
PRINTED_05 = [
    (0xC5, 8, B("20300331")),  # card validity end
    (0xC6, 8, B("19950704")),  # birth date
    (0xC7, 1, B("2")),  # sex: female
    (0xC8, 3, B("VNM")),  # nationality/region
    (0xC9, 10, B("14")),  # status of residence code (+ 8 x 00)
    (0xCE, 4, B("0300")),  # period of stay: 3 years 0 months
    (0xCA, 2, B("01")),  # type of permission
    (0xCB, 8, B("20270401")),  # permission date
    (0xCC, 1, B("2")),  # work restriction: only work under the status
    (0xCD, 8, B("20300331")),  # end of period of stay
]
PRINTED_06 = [
    (0xC5, 8, B("20330915")),
    (0xC6, 8, B("19800220")),
    (0xC7, 1, B("1")),  # sex: male
    (0xC8, 3, B("KOR")),
    (0xC9, 10, B("90")),
    (0xCE, 4, B("0000")),  # indefinite
]
PRINTED_UNDER1 = [(t, n, B("20260101") if t == 0xC6 else v) for t, n, v in PRINTED_05]

CARDS = {
    # key: (card type, card number, printed entries, name text, address text or None, has face)
    "05": ("05", "EF98765432GH", PRINTED_05, "TEST HANAKO", "1-2-3 TEST-CHO, SHINJUKU-KU, TOKYO", True),
    "06": ("06", "JK24681357LM", PRINTED_06, "TEST JIRO", "4-5-6 SAMPLE-MACHI, NAKA-KU, OSAKA", True),
    "under1": ("05", "NP11335577QR", PRINTED_UNDER1, "TEST BABY", None, False),
}

NOTICE = (
    "TEST ONLY fixtures, generated by scripts/gen-fixtures-gen2.py; never production data. "
    "The CA is a private team test CA (C=JP, O=Zairyu Reader TEST ONLY, CN=ZAIRYU READER TEST CA2 - "
    "NOT FOR PRODUCTION), not ISA's ZairyuCard CA2 (production or official test); a pass against it "
    "must never be shown as a production pass."
)


def name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, ORG),
            x509.NameAttribute(x509.NameOID.COMMON_NAME, cn),
        ]
    )


def utc(y, m, d):
    return dt.datetime(y, m, d, 0, 0, 0, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------------------
# Printed entries
# ---------------------------------------------------------------------------
def printed_file(entries) -> bytes:
    out = b""
    for tag, length, value in entries:
        assert len(value) <= length and length < 0x80
        out += bytes([tag, length]) + g1.pad(value, length)
    return out


def printed_values(entries) -> bytes:
    return b"".join(g1.pad(v, n) for _, n, v in entries)


def printed_signed_part(entries) -> bytes:
    # spec §7: values in file order, tags/lengths removed; 06 (34 bytes) + 19 x 00 to make 53
    return g1.pad(printed_values(entries), PRINTED_SIGNED_LEN)


# ---------------------------------------------------------------------------
# Keys, signatures, certificates
# ---------------------------------------------------------------------------
def derive_key(label: str) -> ec.EllipticCurvePrivateKey:
    d = int.from_bytes(hashlib.sha512((KEY_LABEL_PREFIX + label).encode()).digest(), "big") % P384_N
    assert d != 0
    return ec.derive_private_key(d, ec.SECP384R1())


def rfc6979_kat() -> None:
    """RFC 6979 A.2.6 (P-384, SHA-256, message "sample"): proves signing is deterministic RFC 6979."""
    x = int("6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5", 16)
    k = ec.derive_private_key(x, ec.SECP384R1())
    r, s = utils.decode_dss_signature(k.sign(b"sample", ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    assert r == int(
        "21B13D1E013C7FA1392D03C5F99AF8B30C570C6F98D4EA8E354B63A21D3DAA33BDE1E888E63355D92FA2B3C36D8FB2CD", 16
    ), "RFC 6979 known-answer test failed (r)"
    assert s == int(
        "F3AA443FB107745BF4BD77CB3891674632068A10CA67E3D45DB2266FA7D1FEEBEFDC63ECCD1AC42EC0CB8668A4FA0AB0", 16
    ), "RFC 6979 known-answer test failed (s)"


def sign_prehashed(key, h: bytes) -> tuple[int, int]:
    sig = key.sign(h, ec.ECDSA(utils.Prehashed(hashes.SHA256()), deterministic_signing=True))
    return utils.decode_dss_signature(sig)


def raw_sig(r: int, s: int) -> bytes:
    return r.to_bytes(48, "big") + s.to_bytes(48, "big")


def raw_to_der(raw: bytes) -> bytes:
    assert len(raw) == DC_LEN
    return utils.encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big"))


def verifies(pub, sig: bytes, signed: bytes) -> bool:
    """Verify a raw (96) or DER signature over the signed data with SHA-256 (both by prehash and over S)."""
    der_sig = raw_to_der(sig) if len(sig) == DC_LEN and sig[0] != 0x30 else sig
    h = hashlib.sha256(signed).digest()
    results = []
    for fn in (
        lambda: pub.verify(der_sig, h, ec.ECDSA(utils.Prehashed(hashes.SHA256()))),
        lambda: pub.verify(der_sig, signed, ec.ECDSA(hashes.SHA256())),
    ):
        try:
            fn()
            results.append(True)
        except InvalidSignature:
            results.append(False)
    assert results[0] == results[1]
    return results[0]


def ku(**on) -> x509.KeyUsage:
    fields = [
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    ]
    return x509.KeyUsage(**{f: on.get(f, False) for f in fields})


def make_ca2(key, serial: int, not_before=None, not_after=None, ca: bool = True, cn: str = CA2_CN) -> x509.Certificate:
    """A self-signed CA2; `ca=False` makes the hostile non-CA issuer (CA:FALSE, digitalSignature)."""
    subj = name(cn)
    pub = key.public_key()
    b = (
        x509.CertificateBuilder()
        .subject_name(subj)
        .issuer_name(subj)
        .public_key(pub)
        .serial_number(serial)
        .not_valid_before(not_before or utc(2026, 1, 1))
        .not_valid_after(not_after or utc(2040, 1, 1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(ku(key_cert_sign=True, crl_sign=True) if ca else ku(digital_signature=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
    )
    return b.sign(key, hashes.SHA256(), ecdsa_deterministic=True)


def make_card_cert(
    card_key, issuer_cert: x509.Certificate, issuer_key, serial: int, not_before=None, not_after=None
) -> x509.Certificate:
    pub = card_key.public_key()
    issuer_ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    b = (
        x509.CertificateBuilder()
        .subject_name(name(CARD_CN))
        .issuer_name(issuer_cert.subject)
        .public_key(pub)
        .serial_number(serial)
        .not_valid_before(not_before or utc(2026, 6, 1))
        .not_valid_after(not_after or utc(2036, 6, 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(ku(digital_signature=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski), critical=False
        )
    )
    return b.sign(issuer_key, hashes.SHA256(), ecdsa_deterministic=True)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def cert_signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except (InvalidSignature, ValueError):
        return False


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------
def text_line_image(text: str, size: tuple[int, int], font_size: int) -> Image.Image:
    w, h = size
    img = Image.new("1", (w, h), 1)
    f = g1.font(font_size)
    x0, y0, x1, y1 = f.getbbox(text)
    assert x1 - x0 <= w - 40 and y1 - y0 <= h - 20, (text, (x0, y0, x1, y1))
    # left-aligned with a 20 px margin, vertically centred on the ink box
    ImageDraw.Draw(img).text((20 - x0, (h - (y1 - y0)) // 2 - y0), text, font=f, fill=0)
    return img


def save_g4(img: Image.Image, path: Path) -> None:
    # CCITT T.6 (Group 4, "MMR"), FillOrder 1, single strip (as gen1 save_front).
    img.save(path, format="TIFF", compression="group4", tiffinfo={266: 1, 278: img.size[1]})


def load_face() -> bytes:
    face = GEN1_FACE.read_bytes()
    man = json.loads((REPO / "fixtures" / "manifest.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(face).hexdigest() == man["files"]["gen1/face.jp2"]["sha256"], "gen1 face.jp2 changed"
    assert face.startswith(bytes.fromhex("0000000c6a5020200d0a870a")) and len(face) <= D1_LEN
    return face


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------
README = """\
# Zairyu Reader test fixtures, second-generation chip (types 05/06) — TEST ONLY

**Everything in this directory is synthetic and for tests only.** The certificates belong to a
private EC P-384 test PKI whose names say `TEST ONLY` / `NOT FOR PRODUCTION`; they are **not** ISA's
`CN=ZairyuCard CA2` (neither the production nor the official test CA2 of `gen2-chip.md` §7). A pass
against `test-ca2.der` must never be shown as a production pass. The face is the gen1 cartoon; names
and addresses are made up. No private key is stored anywhere: keys are re-derived from fixed labels
by `scripts/gen-fixtures-gen2.py`.

This file and `manifest.json` are generated too; do not edit by hand.

## Regenerate

    pip install -r scripts/requirements-fixtures.txt && python3 scripts/gen-fixtures-gen2.py

Regeneration must be **byte-identical**. `python3 scripts/gen-fixtures-gen2.py --check` regenerates
into a temporary directory, compares every file with `fixtures/gen2/` (also missing/extra files) and
exits non-zero on any difference. It writes only `fixtures/gen2/`; the gen1 generator
(`scripts/gen-fixtures.py`, which owns the rest of `fixtures/`) ignores this directory. Byte identity
needs the pinned Pillow (bundled FreeType + libtiff) and cryptography (bundled OpenSSL) versions;
`manifest.json` records them (`generated_with`). `face.jp2` is copied from `fixtures/gen1/face.jp2`
(its SHA-256 is checked against the gen1 manifest).

Keys: private scalar = SHA-512(label) mod n (n = P-384 order), label prefix `{prefix}`
(labels in `manifest.json`). Signatures: ECDSA P-384 with SHA-256, deterministic nonces (RFC 6979;
the generator first runs the RFC 6979 A.2.6 P-384/SHA-256 known-answer test). The generator
self-verifies before writing: every check code against its intended and every other card key
(prehashed and over S), DER = raw, certificate chains, size limits, TIFF compression/fill order.

## Test PKI

| File | Size | Subject (issuer) | Serial | Validity (UTC) | Purpose |
|---|---|---|---|---|---|
{pki_rows}

CA2 roots: ecdsa-with-SHA256, BasicConstraints CA:TRUE pathlen 0 (critical), KeyUsage
keyCertSign+cRLSign (critical), SubjectKeyIdentifier. Card certificates: EC P-384 key,
ecdsa-with-SHA256, BasicConstraints CA:FALSE (critical), KeyUsage digitalSignature (critical),
SubjectKeyIdentifier, AuthorityKeyIdentifier (keyIdentifier = issuer SKI).
`rogue-ca2.der` has the **same DN** as `test-ca2.der` but its own key; `card-signer-rogue.der` has the
same subject as `card-signer.der`, its own key, and is issued by the rogue CA2. Never trust either.

`DD` (DF3/EF01): `DD 82 LL LL` with LL = the **actual** DER length ({card_len} for `card-signer.der`,
{rogue_len} for `card-signer-rogue.der`), then the certificate, then `00` fill so that the file is
704 bytes (`DC 60` + 96 + 4 + 602): DF3/EF01 = `DC 60` ‖ DC ‖ `DD 82` ‖ len ‖ cert ‖ `00`×(602 − len).

## Cards

| Card | Type | Number | Printed entries (DF1/EF02) | Name (D0) | Address (DFD1) | Face (D1) |
|---|---|---|---|---|---|---|
{card_rows}

Printed entries are fixed-length fields, each value right-padded with `00` to its field length;
the `.bin` files are the exact DF1/EF02 file bytes (`tag len value` TLVs, one-byte tags and lengths):

{printed_tables}

## Images

| File | What | Size (bytes) | Limit |
|---|---|---|---|
{image_rows}

Name and address images: bi-level TIFF, Compression = 4 (CCITT T.6 / Group 4 = MMR), FillOrder = 1,
one strip, {nw}x{nh} (name) and {aw}x{ah} (address), ASCII text in Pillow's default font.
The under-1 card has no face (D1 value = 3000 × `00`) and no address image of its own (an emulator
may reuse `address-05.tif`). DF1/EF03 = `D0 82 09 C4` ‖ name TIFF + `00` to 2500 ‖ `D1 82 0B B8` ‖
face + `00` to 3000; DF1/EF04 = `DF D1 82 09 C4` ‖ address TIFF + `00` to 2500.

## Check codes (DC)

Signed data S (5553 bytes) = printed-entry values (53 bytes; type 06: 34 bytes + 19 × `00`) ‖
face D1 value (face.jp2 + `00` to 3000; under-1: 3000 × `00`) ‖ name D0 value (name TIFF + `00` to 2500).
DC = ECDSA P-384 over SHA-256(S); `-raw` = 96 bytes r ‖ s (48 + 48, big-endian), `-der` = DER
`SEQUENCE {{ INTEGER r, INTEGER s }}` ({der_len} bytes here, so it does **not** fit the 96-byte DC field;
for an emulator profile that serves DC in DER form).

| File | Card | Signing key | Serve with (DD) | Encoding | Tamper check | Issuer check (test-ca2 trusted) |
|---|---|---|---|---|---|---|
{check_rows}

- `check-05-der.bin` is the **same** signature as `check-05-raw.bin`, DER-encoded.
- `check-05-wrongkey-raw.bin` is signed with the card-signer-rogue key over the same S, so it is
  **byte-identical** to `check-05-rogue-raw.bin`; the difference is only the certificate it is served
  with (the genuine `card-signer.der`), which makes the tamper check fail while the issuer check passes.
- `check-under1-raw.bin`: whether under-1 cards carry DC/DD at all is unconfirmed (spec §7); the
  emulator offers the under-1 profile with and without it.

SHA-256(S) of every check code, sizes and SHA-256 of every file: `manifest.json`.
"""


def generate(out: Path) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rfc6979_kat()

    # --- keys and PKI ---------------------------------------------------------
    keys = {k: derive_key(v) for k, v in KEY_LABELS.items()}
    pubs = [k.public_key().public_numbers() for k in keys.values()]
    assert len({(p.x, p.y) for p in pubs}) == len(pubs)

    cas = {
        "test-ca2": make_ca2(keys["test-ca2"], 0x5001),
        "rogue-ca2": make_ca2(keys["rogue-ca2"], 0x6001),
        "expired-ca2": make_ca2(keys["expired-ca2"], 0x7001, utc(2010, 1, 1), utc(2015, 1, 1)),
        "future-ca2": make_ca2(keys["future-ca2"], 0x8001, utc(2040, 1, 1), utc(2050, 1, 1)),
        "nonca-issuer2": make_ca2(keys["nonca-issuer2"], 0x9001, ca=False, cn=NONCA_CN),
    }
    cards = {
        "card-signer": make_card_cert(keys["card-signer"], cas["test-ca2"], keys["test-ca2"], 0x5101),
        "card-signer-rogue": make_card_cert(keys["card-signer-rogue"], cas["rogue-ca2"], keys["rogue-ca2"], 0x6101),
    }
    # Hostile chains, all with the genuine card key (so the genuine check codes pass the tamper
    # check and only the issuer check can fail): issued by an expired CA2 after it expired and
    # while it was valid, by a not-yet-valid CA2, and by a self-signed issuer that is not a CA.
    gk = keys["card-signer"]
    cards["card-signer-expired"] = make_card_cert(gk, cas["expired-ca2"], keys["expired-ca2"], 0x7101)
    cards["card-signer-expired-in-life"] = make_card_cert(
        gk, cas["expired-ca2"], keys["expired-ca2"], 0x7102, utc(2012, 1, 1), utc(2022, 1, 1)
    )
    cards["card-signer-future"] = make_card_cert(gk, cas["future-ca2"], keys["future-ca2"], 0x8101)
    cards["card-signer-nonca"] = make_card_cert(gk, cas["nonca-issuer2"], keys["nonca-issuer2"], 0x9101)
    card_issuer = {
        "card-signer": "test-ca2",
        "card-signer-rogue": "rogue-ca2",
        "card-signer-expired": "expired-ca2",
        "card-signer-expired-in-life": "expired-ca2",
        "card-signer-future": "future-ca2",
        "card-signer-nonca": "nonca-issuer2",
    }
    card_key = {c: (c if c in keys else "card-signer") for c in cards}
    for cname, c in cas.items():
        assert cert_signed_by(c, c)
        for oname, o in cas.items():
            assert cert_signed_by(c, o) == (cname == oname), (cname, oname)
        assert c.signature_algorithm_oid == x509.SignatureAlgorithmOID.ECDSA_WITH_SHA256
    for cname, c in cards.items():
        for rname, r in cas.items():
            assert cert_signed_by(c, r) == (rname == card_issuer[cname]), (cname, rname)
        assert c.signature_algorithm_oid == x509.SignatureAlgorithmOID.ECDSA_WITH_SHA256
        assert isinstance(c.public_key().curve, ec.SECP384R1)
        assert len(der(c)) <= DD_LEN, (cname, len(der(c)))

    files: dict[str, bytes] = {}
    for n_, c in {**cas, **cards}.items():
        files[f"{n_}.der"] = der(c)

    # --- printed entries --------------------------------------------------------
    for card, (_, _, entries, _, _, _) in CARDS.items():
        files[f"printed-{card}.bin"] = printed_file(entries)
    assert len(files["printed-05.bin"]) == 73 and len(printed_values(PRINTED_05)) == 53
    assert len(files["printed-under1.bin"]) == 73
    assert len(files["printed-06.bin"]) == 46 and len(printed_values(PRINTED_06)) == 34

    # --- images -----------------------------------------------------------------
    for card, (_, _, _, name_text, addr_text, _) in CARDS.items():
        p = out / f"name-{card}.tif"
        save_g4(text_line_image(name_text, NAME_SIZE, 60), p)
        files[p.name] = p.read_bytes()
        assert len(files[p.name]) <= D0_LEN, (p.name, len(files[p.name]))
        if addr_text:
            p = out / f"address-{card}.tif"
            save_g4(text_line_image(addr_text, ADDRESS_SIZE, 36), p)
            files[p.name] = p.read_bytes()
            assert len(files[p.name]) <= DFD1_LEN, (p.name, len(files[p.name]))
    files["face.jp2"] = load_face()

    # --- check codes ------------------------------------------------------------
    def signed_data(card: str) -> bytes:
        _, _, entries, _, _, has_face = CARDS[card]
        face_value = g1.pad(files["face.jp2"] if has_face else b"", D1_LEN)
        s = printed_signed_part(entries) + face_value + g1.pad(files[f"name-{card}.tif"], D0_LEN)
        assert len(s) == SIGNED_LEN
        return s

    # (file, card, signing key, cert to serve with, encoding, expected tamper, expected issuer)
    checks = [
        ("check-05-raw.bin", "05", "card-signer", "card-signer", "raw", True, True),
        ("check-05-der.bin", "05", "card-signer", "card-signer", "der", True, True),
        ("check-06-raw.bin", "06", "card-signer", "card-signer", "raw", True, True),
        ("check-05-rogue-raw.bin", "05", "card-signer-rogue", "card-signer-rogue", "raw", True, False),
        ("check-05-wrongkey-raw.bin", "05", "card-signer-rogue", "card-signer", "raw", False, True),
        ("check-under1-raw.bin", "under1", "card-signer", "card-signer", "raw", True, True),
    ]
    check_meta = {}
    for fname, card, keyname, certname, enc, exp_tamper, exp_issuer in checks:
        s = signed_data(card)
        h = hashlib.sha256(s).digest()
        r, s_ = sign_prehashed(keys[keyname], h)
        raw = raw_sig(r, s_)
        # determinism: signing again (prehashed and over S) gives the same signature
        assert raw_sig(*sign_prehashed(keys[keyname], h)) == raw
        assert keys[keyname].sign(s, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)) == raw_to_der(raw)
        sig = raw if enc == "raw" else raw_to_der(raw)
        files[fname] = sig
        cert = cards[certname]
        assert verifies(cert.public_key(), sig, s) == exp_tamper, fname
        for oname, oc in cards.items():
            assert verifies(oc.public_key(), sig, s) == (card_key[oname] == keyname), (fname, oname)
        assert cert_signed_by(cert, cas["test-ca2"]) == exp_issuer, fname
        _, number, entries, _, _, has_face = CARDS[card]
        meta = {
            "card": card,
            "card_type": CARDS[card][0],
            "card_number": number,
            "printed": f"printed-{card}.bin",
            "printed_values_hex": printed_values(entries).hex(),
            "printed_signed_part_hex": printed_signed_part(entries).hex(),
            "face": "face.jp2" if has_face else None,
            "face_value": "face.jp2 + 00 to 3000" if has_face else "3000 x 00 (no face)",
            "name": f"name-{card}.tif",
            "signing_key_label": KEY_LABEL_PREFIX + KEY_LABELS[keyname],
            "signing_key_cert": f"{keyname}.der",
            "serve_with_cert": f"{certname}.der",
            "encoding": "raw r||s (96 bytes)" if enc == "raw" else f"DER SEQUENCE{{r,s}} ({len(sig)} bytes)",
            "r_hex": f"{r:096x}",
            "s_hex": f"{s_:096x}",
            "signed_data_length": len(s),
            "signed_data_length_hex": f"{len(s):04x}",
            "signed_data_sha256_hex": h.hex(),
            "expected_tamper_check": "pass" if exp_tamper else "fail",
            "expected_issuer_check_with_test_ca2_trusted": "pass" if exp_issuer else "fail",
        }
        check_meta[fname] = meta
    assert files["check-05-der.bin"] == raw_to_der(files["check-05-raw.bin"])
    assert files["check-05-wrongkey-raw.bin"] == files["check-05-rogue-raw.bin"]
    check_meta["check-05-der.bin"]["note"] = "the same signature as check-05-raw.bin, DER-encoded"
    check_meta["check-05-wrongkey-raw.bin"]["note"] = (
        "byte-identical to check-05-rogue-raw.bin (same S, same rogue card key); served next to the "
        "genuine card-signer.der so the tamper check must fail"
    )
    check_meta["check-under1-raw.bin"]["note"] = (
        "whether under-1 cards carry DC/DD is unconfirmed; the emulator offers the under-1 profile with and without it"
    )

    # --- write binary files (images already written) ------------------------------
    for rel, content in files.items():
        p = out / rel
        if not p.exists() or p.read_bytes() != content:
            p.write_bytes(content)

    # --- image checks (reopen) ----------------------------------------------------
    image_meta = {}
    for rel in sorted(files):
        if rel.endswith(".tif"):
            info = g1.tiff_info(out / rel)
            assert info["compression_tag_259"] == 4 and info["fill_order_tag_266"] == 1 and info["mode"] == "1"
            assert info["strip_count"] == 1
            assert (info["width"], info["height"]) == (NAME_SIZE if rel.startswith("name-") else ADDRESS_SIZE)
            image_meta[rel] = info
    with Image.open(out / "face.jp2") as im:
        im.load()
        image_meta["face.jp2"] = {"width": im.size[0], "height": im.size[1], "mode": im.mode, "container": "JP2",
                                  "source": "byte copy of fixtures/gen1/face.jp2"}

    # --- README -------------------------------------------------------------------
    def validity(c):
        return f"{c.not_valid_before_utc:%Y-%m-%d} – {c.not_valid_after_utc:%Y-%m-%d}"

    purposes = {
        "test-ca2": "the only CA2 for the gen2 test-only trust store",
        "rogue-ca2": "forger's CA2, copied DN; never trusted",
        "expired-ca2": "same DN, valid 2010–2015; never trusted (hostile tests trust it on purpose)",
        "future-ca2": "same DN, not valid before 2040; never trusted (hostile tests)",
        "nonca-issuer2": "self-signed, CA:FALSE; never trusted (hostile tests)",
        "card-signer-expired": "genuine card key, issued by expired-ca2 after it expired",
        "card-signer-expired-in-life": "genuine card key, issued by expired-ca2 while it was valid",
        "card-signer-future": "genuine card key, issued by the not-yet-valid future-ca2",
        "card-signer-nonca": "genuine card key, issued by the non-CA issuer",
        "card-signer": "genuine test card certificate (DD)",
        "card-signer-rogue": "forged card certificate (same subject, own key)",
    }
    pki_rows = []
    for n_, c in {**cas, **cards}.items():
        iss = "self" if n_ in cas else card_issuer[n_]
        pki_rows.append(
            f"| `{n_}.der` | {len(files[n_ + '.der'])} | `{g1.dn_str(c.subject)}` ({iss}) | `0x{c.serial_number:X}` | "
            f"{validity(c)} | {purposes[n_]} |"
        )
    card_rows = []
    for card, (ctype, number, _, name_text, addr_text, has_face) in CARDS.items():
        card_rows.append(
            f"| {card} | `{ctype}` | `{number}` | `printed-{card}.bin` | `name-{card}.tif` (\"{name_text}\") | "
            + (f"`address-{card}.tif` (\"{addr_text}\")" if addr_text else "— (none generated)")
            + " | "
            + ("`face.jp2`" if has_face else "absent (under 1 year)")
            + " |"
        )
    printed_tables = []
    for card, (_, _, entries, _, _, _) in CARDS.items():
        rows = " ".join(
            f"`{t:02X}` {n}=\"{v.decode()}\"" + (f"+{n - len(v)}×`00`" if n > len(v) else "") for t, n, v in entries
        )
        printed_tables.append(
            f"- `printed-{card}.bin` ({len(files[f'printed-{card}.bin'])} bytes, "
            f"{len(printed_values(entries))} value bytes): {rows}"
        )
    what = {
        "name-05.tif": "name image, type 05 card",
        "name-06.tif": "name image, type 06 card",
        "name-under1.tif": "name image, under-1 type 05 card",
        "address-05.tif": "address image, type 05 card",
        "address-06.tif": "address image, type 06 card",
        "face.jp2": "face, JPEG 2000 JP2 (copy of gen1/face.jp2)",
    }
    image_rows = [
        f"| `{rel}` | {w} | {len(files[rel])} | {D1_LEN if rel.endswith('.jp2') else D0_LEN} |" for rel, w in what.items()
    ]
    check_rows = [
        f"| `{f}` | {m['card']} | {m['signing_key_cert'][:-4]} | `{m['serve_with_cert']}` | {m['encoding'].replace('||', '‖')} | "
        f"{m['expected_tamper_check']} | {m['expected_issuer_check_with_test_ca2_trusted']} |"
        for f, m in check_meta.items()
    ]
    readme = README.format(
        prefix=KEY_LABEL_PREFIX,
        pki_rows="\n".join(pki_rows),
        card_len=len(files["card-signer.der"]),
        rogue_len=len(files["card-signer-rogue.der"]),
        card_rows="\n".join(card_rows),
        printed_tables="\n".join(printed_tables),
        image_rows="\n".join(image_rows),
        nw=NAME_SIZE[0],
        nh=NAME_SIZE[1],
        aw=ADDRESS_SIZE[0],
        ah=ADDRESS_SIZE[1],
        der_len=len(files["check-05-der.bin"]),
        check_rows="\n".join(check_rows),
    )
    (out / "README.md").write_text(readme, encoding="utf-8", newline="\n")

    # --- manifest -------------------------------------------------------------------
    all_files = sorted(
        str(p.relative_to(out)).replace(os.sep, "/") for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    )
    assert all_files == sorted(list(files) + ["README.md"]), all_files

    def cert_meta(c, issuer_file, key_label):
        ski = c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest.hex()
        try:
            aki = c.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier.hex()
        except x509.ExtensionNotFound:
            aki = None
        pt = c.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {
            "subject": g1.dn_str(c.subject),
            "issuer": g1.dn_str(c.issuer),
            "issuer_file": issuer_file,
            "serial_hex": f"{c.serial_number:X}",
            "not_before": f"{c.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ}",
            "not_after": f"{c.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}",
            "signature_algorithm": "ecdsa-with-SHA256",
            "key": "EC P-384 (secp384r1)",
            "public_key_uncompressed_hex": pt.hex(),
            "ski_hex": ski,
            "aki_hex": aki,
            "key_label": key_label,
            "sha256_fingerprint": c.fingerprint(hashes.SHA256()).hex(),
            "der_size": len(der(c)),
        }

    certs_meta = {}
    for n_, c in cas.items():
        certs_meta[f"{n_}.der"] = cert_meta(c, "self", KEY_LABEL_PREFIX + KEY_LABELS[n_])
    for n_, c in cards.items():
        certs_meta[f"{n_}.der"] = cert_meta(c, f"{card_issuer[n_]}.der", KEY_LABEL_PREFIX + KEY_LABELS[card_key[n_]])

    facts_cards = {}
    for card, (ctype, number, entries, name_text, addr_text, has_face) in CARDS.items():
        facts_cards[card] = {
            "card_type": ctype,
            "card_number": number,
            "printed_file": f"printed-{card}.bin",
            "printed_entries": [
                {"tag": f"{t:02X}", "field_length": n, "value_ascii": v.decode(), "value_hex": g1.pad(v, n).hex()}
                for t, n, v in entries
            ],
            "printed_value_bytes": len(printed_values(entries)),
            "printed_file_bytes": len(printed_file(entries)),
            "name_image": f"name-{card}.tif",
            "name_text": name_text,
            "address_image": f"address-{card}.tif" if addr_text else None,
            "address_text": addr_text,
            "face_image": "face.jp2" if has_face else None,
        }

    manifest = {
        "_note": NOTICE,
        "generated_with": {
            "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "pillow": PIL.__version__,
            "cryptography": cryptography.__version__,
            "libtiff": features.version("libtiff"),
            "freetype2": features.version("freetype2"),
        },
        "facts": {
            "cards": facts_cards,
            "dn": {
                "test_ca2": g1.dn_str(cas["test-ca2"].subject),
                "rogue_ca2": g1.dn_str(cas["rogue-ca2"].subject),
                "card_signer": g1.dn_str(cards["card-signer"].subject),
                "card_signer_rogue": g1.dn_str(cards["card-signer-rogue"].subject),
            },
            "d0_value_length": D0_LEN,
            "d1_value_length": D1_LEN,
            "dfd1_value_length": DFD1_LEN,
            "dc_length": DC_LEN,
            "dd_field_length": DD_LEN,
            "signed_data_length": SIGNED_LEN,
            "signed_data_length_hex": f"{SIGNED_LEN:04x}",
            "signed_data": "printed values (53; type 06: 34 + 19 x 00) || D1 value (3000) || D0 value (2500)",
            "signature": "ECDSA P-384, SHA-256, RFC 6979 deterministic nonces",
            "key_derivation": "d = SHA-512(label) mod n (P-384 order); private keys are not stored",
            "trusted_in_test_store": ["test-ca2.der"],
            "never_trusted": ["rogue-ca2.der", "expired-ca2.der", "future-ca2.der", "nonca-issuer2.der"],
            "under1": "no face (D1 value = 3000 x 00); signature presence unconfirmed, check-under1-raw.bin provided",
        },
        "files": {rel: {"size": (out / rel).stat().st_size, "sha256": g1.sha256_file(out / rel)} for rel in all_files},
        "certificates": certs_meta,
        "images": image_meta,
        "check_codes": check_meta,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )


def compare_dirs(a: Path, b: Path) -> list[str]:
    def listing(d: Path):
        return sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file()) if d.is_dir() else []

    la, lb = listing(a), listing(b)
    diffs = [f"missing in {b}: {x}" for x in sorted(set(la) - set(lb))]
    diffs += [f"extra in {b}: {x}" for x in sorted(set(lb) - set(la))]
    for rel in sorted(set(la) & set(lb)):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            diffs.append(f"differs: {rel}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: fixtures/gen2/)")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with --out")
    args = ap.parse_args()

    if args.check:
        with tempfile.TemporaryDirectory(prefix="zairyu-fixtures-gen2-") as tmp:
            generate(Path(tmp))
            diffs = compare_dirs(Path(tmp), args.out)
        if diffs:
            print("gen2 fixtures differ from a fresh regeneration:", file=sys.stderr)
            for d in diffs:
                print("  " + d, file=sys.stderr)
            return 1
        print(f"OK: {args.out} is byte-identical to a fresh regeneration")
        return 0

    # start clean so that stale files never survive; gen2 is flat, so refuse a directory with
    # subdirectories (e.g. --out fixtures by mistake) instead of deleting anything there
    if args.out.exists():
        if any(p.is_dir() for p in args.out.iterdir()):
            print(f"refusing to clean {args.out}: it has subdirectories (not a gen2 output dir)", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    generate(args.out)
    print(f"wrote gen2 fixtures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
