#!/usr/bin/env python3
"""Generate the TEST-ONLY first-generation (gen1) card fixtures for Zairyu Reader.

Everything written here is synthetic and TEST ONLY: a private test PKI whose
names say so, cartoon images, and check codes (DA) over them.

    pip install -r scripts/requirements-fixtures.txt
    python3 scripts/gen-fixtures.py            # (re)write fixtures/
    python3 scripts/gen-fixtures.py --check    # regenerate into a temp dir, compare, exit 1 on any difference
    python3 scripts/gen-fixtures.py --out DIR  # write somewhere else

Reproducibility: RSA keys are derived from fixed labels (seeded random.Random
stream + Miller-Rabin), certificates use fixed serials/dates, RSA PKCS#1 v1.5
signatures are deterministic, images are drawn with fixed content using
Pillow's default font (ImageFont.load_default). Output is byte-identical for the
pinned Pillow / cryptography versions (Pillow's bundled FreeType renders the text,
its bundled libtiff / OpenJPEG encode the images).
No private key is ever written to disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import cryptography
import PIL
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw, ImageFont, features

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "fixtures"

# ---------------------------------------------------------------------------
# Fixed facts (spec gen1-chip.md §2, §7, §8)
# ---------------------------------------------------------------------------
D0_LEN = 7000  # front image value length (TIFF, 00-padded)
D1_LEN = 3000  # face image value length (JPEG 2000, 00-padded)
DA_LEN = 256  # check code
DB_LEN = 1200  # certificate value length (DER, 00-padded)
E = 65537
KEY_BITS = 2048

FACE_SIZE = (200, 250)
FRONT_SIZE = (1000, 630)
FACE_RATE = 60  # OpenJPEG compression ratio (150000 raw bytes / 60 ~ 2500 bytes)

DIGESTINFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")

NUMBERS = {
    "residence": "AB12345678CD",
    "sprc": "XY98765432ZW",
    "under16": "CD11223344EF",
}

KEY_LABEL_PREFIX = "zairyu-reader-fixtures/v1/"

ORG = "Zairyu Reader TEST ONLY"
ROOT_CN = "ZAIRYU READER TEST ROOT - NOT FOR PRODUCTION"
OTHER_ROOT_CN = "UNRELATED TEST ROOT"
NONCA_CN = "ZAIRYU READER TEST NON-CA ISSUER"
CARD_CN = "ZAIRYU READER TEST CARD SIGNER"


def utc(y, m, d):
    return dt.datetime(y, m, d, 0, 0, 0, tzinfo=dt.timezone.utc)


def name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


# ---------------------------------------------------------------------------
# Deterministic RSA keys
# ---------------------------------------------------------------------------
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))]


def _is_probable_prime(n: int, rng: random.Random, rounds: int = 40) -> bool:
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 1)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _gen_prime(rng: random.Random, bits: int) -> int:
    while True:
        # top two bits set so that p*q has exactly 2*bits bits; odd
        c = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if c % E == 1:  # need gcd(e, p-1) == 1 (e is prime)
            continue
        if _is_probable_prime(c, rng):
            return c


_KEY_CACHE: dict[str, rsa.RSAPrivateKey] = {}


def derive_key(label: str) -> rsa.RSAPrivateKey:
    """RSA-2048 key derived only from `label` (random.Random(str) seeding is stable across CPython 3.x)."""
    full = KEY_LABEL_PREFIX + label
    if full in _KEY_CACHE:
        return _KEY_CACHE[full]
    rng = random.Random(full)
    p = _gen_prime(rng, KEY_BITS // 2)
    while True:
        q = _gen_prime(rng, KEY_BITS // 2)
        if q != p:
            break
    if p < q:
        p, q = q, p
    n = p * q
    assert n.bit_length() == KEY_BITS
    phi = (p - 1) * (q - 1)
    d = pow(E, -1, phi)
    priv = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(E, n),
    ).private_key()
    _KEY_CACHE[full] = priv
    return priv


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def make_root(key, cn: str, serial: int, not_before, not_after, ca: bool = True) -> x509.Certificate:
    """A self-signed root; `ca=False` makes the hostile non-CA issuer (BasicConstraints CA:FALSE,
    KeyUsage digitalSignature only)."""
    subj = name(cn)
    pub = key.public_key()
    b = (
        x509.CertificateBuilder()
        .subject_name(subj)
        .issuer_name(subj)
        .public_key(pub)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
    )
    return b.sign(key, hashes.SHA256())


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
        .not_valid_before(not_before or utc(2024, 1, 1))
        .not_valid_after(not_after or utc(2034, 1, 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski), critical=False
        )
    )
    return b.sign(issuer_key, hashes.SHA256())


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------
_FONTS: dict[int, ImageFont.FreeTypeFont] = {}


def font(size: int):
    # Pillow's default font (Aileron Regular, embedded in Pillow), rendered by Pillow's bundled FreeType.
    if size not in _FONTS:
        f = ImageFont.load_default(size=size)
        assert isinstance(f, ImageFont.FreeTypeFont), "Pillow built without FreeType"
        _FONTS[size] = f
    return _FONTS[size]


def draw_text(img: Image.Image, xy, text: str, size: int = 22) -> None:
    """Draw ASCII text in black on a mode-"1" image (no anti-aliasing in mode "1")."""
    ImageDraw.Draw(img).text(xy, text, font=font(size), fill=0)


def front_image(kind: str) -> Image.Image:
    """Card front without pre-printed background and without the face area (spec §7, D0)."""
    w, h = FRONT_SIZE
    img = Image.new("1", (w, h), 1)
    d = ImageDraw.Draw(img)
    number = NUMBERS[kind]
    if kind == "sprc":
        title = "SPECIAL PERMANENT RESIDENT CERTIFICATE"
        rows = [
            ("NAME", "TEST HANAKO"),
            ("DATE OF BIRTH", "1975.05.05   SEX F."),
            ("NATIONALITY/REGION", "TESTLAND"),
            ("ADDRESS", "1-1 TEST-CHO, CHIYODA-KU, TOKYO"),
            ("VALID UNTIL", "2030.05.05"),
        ]
    elif kind == "under16":
        title = "RESIDENCE CARD"
        rows = [
            ("NAME", "TEST JIRO"),
            ("DATE OF BIRTH", "2015.04.01   SEX M."),
            ("NATIONALITY/REGION", "TESTLAND"),
            ("ADDRESS", "1-1 TEST-CHO, CHIYODA-KU, TOKYO"),
            ("STATUS", "DEPENDENT"),
            ("PERIOD OF STAY", "3 YEARS (2028.04.01)"),
            ("WORK PERMISSION", "NOT PERMITTED"),
            ("VALID UNTIL", "2028.04.01 (16TH BIRTHDAY 2031.04.01)"),
        ]
    elif kind == "residence":
        title = "RESIDENCE CARD"
        rows = [
            ("NAME", "TEST TARO"),
            ("DATE OF BIRTH", "1990.01.01   SEX M."),
            ("NATIONALITY/REGION", "TESTLAND"),
            ("ADDRESS", "1-1 TEST-CHO, CHIYODA-KU, TOKYO"),
            ("STATUS", "ENGINEER/SPECIALIST IN HUMANITIES"),
            ("PERIOD OF STAY", "5 YEARS (2029.04.01)"),
            ("WORK PERMISSION", "PERMITTED"),
            ("VALID UNTIL", "2029.04.01"),
        ]
    else:
        raise ValueError(kind)

    draw_text(img, (30, 20), title, size=36 if len(title) < 20 else 28)
    draw_text(img, (700, 28), "NUMBER " + number, size=24)
    y = 100
    for label, value in rows:
        draw_text(img, (30, y), label, size=20)
        draw_text(img, (270, y), value, size=24)
        y += 46
    # face area (left blank on purpose: not part of D0), marked by a thin frame only
    d.rectangle((740, 110, 960, 390), outline=0, width=2)
    d.rectangle((20, 560, 980, 600), outline=0, width=3)
    draw_text(img, (250, 563), "TEST SAMPLE - NOT A REAL CARD", size=30)
    return img


def save_front(img: Image.Image, path: Path) -> None:
    # CCITT T.6 (Group 4, "MMR"), FillOrder 1, single strip.
    img.save(path, format="TIFF", compression="group4", tiffinfo={266: 1, 278: FRONT_SIZE[1]})


def face_image() -> Image.Image:
    """A cartoon face of simple shapes (never a real person)."""
    w, h = FACE_SIZE
    img = Image.new("RGB", (w, h), (170, 200, 235))  # plain light-blue background
    d = ImageDraw.Draw(img)
    # shoulders / shirt
    d.ellipse((10, 190, 190, 330), fill=(40, 70, 140))
    d.polygon([(85, 195), (100, 225), (115, 195)], fill=(240, 240, 240))
    # neck
    d.rectangle((85, 165, 115, 200), fill=(235, 190, 150))
    # hair back
    d.ellipse((40, 30, 160, 150), fill=(60, 40, 30))
    # face
    d.ellipse((50, 50, 150, 185), fill=(240, 200, 160))
    # hair fringe
    d.chord((45, 35, 155, 120), 180, 360, fill=(60, 40, 30))
    # ears
    d.ellipse((40, 105, 58, 135), fill=(235, 190, 150))
    d.ellipse((142, 105, 160, 135), fill=(235, 190, 150))
    # eyes
    d.ellipse((72, 105, 90, 118), fill=(255, 255, 255))
    d.ellipse((110, 105, 128, 118), fill=(255, 255, 255))
    d.ellipse((77, 107, 86, 116), fill=(30, 30, 30))
    d.ellipse((115, 107, 124, 116), fill=(30, 30, 30))
    # nose and mouth
    d.line((100, 120, 96, 140, 103, 140), fill=(190, 140, 110), width=2)
    d.arc((82, 140, 118, 165), 20, 160, fill=(170, 60, 60), width=3)
    # caption
    d.text((6, 2), "TEST", font=font(24), fill=(200, 0, 0))
    return img


def save_face(img: Image.Image, path: Path) -> None:
    img.save(
        path,
        format="JPEG2000",
        quality_mode="rates",
        quality_layers=[FACE_RATE],
        irreversible=True,
        no_jp2=False,
    )


def jp2_codestream(jp2: bytes) -> bytes:
    """Return the contents of the contiguous codestream box (jp2c) of a JP2 file."""
    pos = 0
    while pos < len(jp2):
        lbox = int.from_bytes(jp2[pos : pos + 4], "big")
        tbox = jp2[pos + 4 : pos + 8]
        hdr = 8
        if lbox == 1:
            lbox = int.from_bytes(jp2[pos + 8 : pos + 16], "big")
            hdr = 16
        elif lbox == 0:
            lbox = len(jp2) - pos
        if tbox == b"jp2c":
            cs = jp2[pos + hdr : pos + lbox]
            assert cs.startswith(bytes.fromhex("ff4fff51")) and cs.endswith(bytes.fromhex("ffd9"))
            return cs
        pos += lbox
    raise ValueError("no jp2c box")


# ---------------------------------------------------------------------------
# Check codes (spec §8.1)
# ---------------------------------------------------------------------------
def pad(data: bytes, length: int) -> bytes:
    assert len(data) <= length, (len(data), length)
    return data + b"\x00" * (length - len(data))


def em_for(h: bytes, layout: str) -> bytes:
    assert len(h) == 32
    if layout == "A":
        em = b"\x00\x01" + b"\xff" * 221 + b"\x00" + h
    elif layout == "B":
        em = b"\x00\x01" + b"\xff" * 202 + b"\x00" + DIGESTINFO_SHA256 + h
    else:
        raise ValueError(layout)
    assert len(em) == DA_LEN
    return em


def check_code(key, front: bytes, face: bytes, layout: str):
    data = pad(front, D0_LEN) + pad(face, D1_LEN)
    assert len(data) == 10000
    h = hashlib.sha256(data).digest()
    em = em_for(h, layout)
    pn = key.private_numbers()
    n = pn.public_numbers.n
    da = pow(int.from_bytes(em, "big"), pn.d, n).to_bytes(DA_LEN, "big")
    # self-checks
    assert pow(int.from_bytes(da, "big"), E, n).to_bytes(DA_LEN, "big") == em
    if layout == "B":
        assert key.sign(data, padding.PKCS1v15(), hashes.SHA256()) == da
        key.public_key().verify(da, data, padding.PKCS1v15(), hashes.SHA256())
    return da, h, data


# ---------------------------------------------------------------------------
# Verification helpers
# ---------------------------------------------------------------------------
def cert_signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        issuer.public_key().verify(
            cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm
        )
        return True
    except InvalidSignature:
        return False


def tamper_ok(da: bytes, data: bytes, cert: x509.Certificate) -> str | None:
    """Return the layout ('A'/'B') under which DA verifies with cert's key, or None."""
    pub = cert.public_key().public_numbers()
    em = pow(int.from_bytes(da, "big"), pub.e, pub.n).to_bytes(DA_LEN, "big")
    h = hashlib.sha256(data).digest()
    for layout in ("A", "B"):
        if em == em_for(h, layout):
            return layout
    return None


def tiff_info(path: Path) -> dict:
    with Image.open(path) as im:
        im.load()
        tags = im.tag_v2
        return {
            "width": im.size[0],
            "height": im.size[1],
            "mode": im.mode,
            "compression_tag_259": int(tags.get(259)),
            "photometric_tag_262": int(tags.get(262)),
            "photometric": {0: "WhiteIsZero", 1: "BlackIsZero"}.get(int(tags.get(262)), "other"),
            "fill_order_tag_266": int(tags.get(266, 1)),
            "rows_per_strip": int(tags.get(278)),
            "strip_count": len(tags.get(273)),
        }


def j2k_info(path: Path) -> dict:
    raw = path.read_bytes()
    with Image.open(path) as im:
        im.load()
        return {
            "width": im.size[0],
            "height": im.size[1],
            "mode": im.mode,
            "container": "JP2" if raw.startswith(bytes.fromhex("0000000c6a5020200d0a870a")) else
            ("J2K codestream" if raw.startswith(bytes.fromhex("ff4fff51")) else "unknown"),
            "wavelet": "9/7 irreversible",
            "quality_mode": "rates",
            "rate": FACE_RATE,
        }


def sha256_file(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def dn_str(n: x509.Name) -> str:
    # C=JP, O=..., CN=... in RDN order
    short = {NameOID.COUNTRY_NAME: "C", NameOID.ORGANIZATION_NAME: "O", NameOID.COMMON_NAME: "CN"}
    return ", ".join(f"{short[a.oid]}={a.value}" for a in n)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------
README = """\
# Zairyu Reader test fixtures (first-generation chip) — TEST ONLY

**Everything in this directory is synthetic and for tests only.** The certificates belong to a
private test PKI whose names say `TEST ONLY` / `NOT FOR PRODUCTION`; they have nothing to do with
ISA's `CN=ZairyuCard CA`. The images show a cartoon, never a real person. A pass against the test
root must never be shown as a production pass (see `gen1-chip.md` §8.2). No private key is stored
anywhere: keys are re-derived deterministically from fixed labels by `scripts/gen-fixtures.py`.

This file and `manifest.json` are generated too; do not edit by hand.

## Regenerate

    pip install -r scripts/requirements-fixtures.txt && python3 scripts/gen-fixtures.py

Regeneration must be **byte-identical**. `python3 scripts/gen-fixtures.py --check` regenerates into
a temporary directory, compares every file with `fixtures/` (also missing/extra files) and exits
non-zero on any difference. Byte identity needs the pinned Pillow wheel (its bundled FreeType
renders the text, libtiff encodes the G4 TIFFs, OpenJPEG the JPEG 2000 files) and cryptography
versions; `manifest.json` records the versions used (`generated_with`).

The generator also self-verifies before writing: every DA against its intended certificate
(raw RSA public operation compared with the expected EM; layout B also with PKCS#1 v1.5 `verify`),
certificate signatures against the intended root and not against the others, size limits,
TIFF compression / fill order, and that Pillow reopens every image.

## Test PKI (`test-ca/`, `gen1/card-signer*.der`)

All keys RSA-2048, e = 65537, signatures sha256WithRSAEncryption (PKCS#1 v1.5).
Key labels (prefix `{prefix}`) are listed in `manifest.json`.

| File | Subject (issuer) | Serial | Validity (UTC) | Purpose |
|---|---|---|---|---|
{pki_rows}

Roots: BasicConstraints CA:TRUE pathlen 0 (critical), KeyUsage keyCertSign+cRLSign (critical),
SubjectKeyIdentifier. Card certificates: BasicConstraints CA:FALSE (critical), KeyUsage
digitalSignature (critical), SubjectKeyIdentifier, AuthorityKeyIdentifier (keyIdentifier = issuer
SKI). Card certificates are plain DER (not padded): pad with `00` to 1200 bytes for the `DB` value.

- `rogue-root.der` has the **same DN** as the test root but its own key: a forger's CA with a copied
  name. `card-signer-rogue.der` has the same subject as the genuine card signer, its own key, and
  is signed by the rogue root (its AKI is the rogue root's SKI). Never trust either.
- `other-root.der` has an unrelated DN; `card-signer-other.der` is issued by it and uses **its own
  key** (label `card-signer-other`), distinct from both the genuine and the rogue card keys.
- `expired-root.der`: same DN as the test root, own key, valid 2010-01-01 to 2015-01-01.
  `card-signer-expired.der` (2024–2034) was issued by it after it expired;
  `card-signer-expired-in-life.der` (2012–2022) while it was valid. `future-root.der`: same DN, own
  key, valid 2040–2050; `card-signer-future.der` (2024–2034) predates it. `nonca-issuer.der`:
  self-signed but CA:FALSE; `card-signer-nonca.der` is issued by it. These four card certificates
  carry the **genuine card key**, so the genuine check codes pass the tamper check with them and
  only the issuer check can fail (the hostile-card tests trust the hostile root on purpose).

## Images (`gen1/`)

| File | What | Size (bytes) | Limit |
|---|---|---|---|
{image_rows}

Fronts: bi-level TIFF, Compression = 4 (CCITT T.6 / Group 4 = MMR), FillOrder = 1,
PhotometricInterpretation = 1 (BlackIsZero), one strip, {fw}x{fh}. The face area of the card is
left empty (only a thin frame), as in D0 (spec §7). Text: Pillow's default font (`ImageFont.load_default`,
Aileron), ASCII only.
Face: {facew}x{faceh} RGB cartoon, JPEG 2000 irreversible 9/7, `quality_mode="rates"`, rate
{rate}; `face.jp2` is the JP2 box format, `face.j2k` the raw codestream of the same picture.
`front-under16.tif` has no check code: under-16 cards carry no face / DA / DB (spec §7.1).

## Check codes (`gen1/check-*.bin`, 256 bytes each)

D0 value = front TIFF + `00` up to 7000 bytes; D1 value = face file + `00` up to 3000 bytes;
H = SHA-256(D0 value ‖ D1 value) (10 000 bytes); DA = EM^d mod n with
layout A: EM = `00 01` ‖ FF×221 ‖ `00` ‖ H, or
layout B: EM = `00 01` ‖ FF×202 ‖ `00` ‖ `3031300d060960864801650304020105000420` ‖ H.

| File | Front | Face | Signing key | Serve with (DB) | Layout | Tamper | Issuer (test root trusted) |
|---|---|---|---|---|---|---|---|
{check_rows}

Note: `check-residence-wrongkey-raw.bin` is signed with the card-signer-rogue key, so it is
**byte-identical** to `check-residence-rogue-raw.bin`; the difference is only the certificate it is
served with (the genuine `card-signer.der`), which makes the tamper check fail.
H values, sizes and SHA-256 of every file: `manifest.json`.
"""


def generate(out: Path) -> None:
    out = Path(out)
    (out / "test-ca").mkdir(parents=True, exist_ok=True)
    (out / "gen1").mkdir(parents=True, exist_ok=True)

    # --- keys -----------------------------------------------------------
    key_labels = {
        "test-root": "test-root",
        "rogue-root": "rogue-root",
        "other-root": "other-root",
        "expired-root": "expired-root",
        "future-root": "future-root",
        "nonca-issuer": "nonca-issuer",
        "card-signer": "card-signer",
        "card-signer-rogue": "card-signer-rogue",
        "card-signer-other": "card-signer-other",
    }
    keys = {k: derive_key(v) for k, v in key_labels.items()}
    moduli = [k.public_key().public_numbers().n for k in keys.values()]
    assert len(set(moduli)) == len(moduli)

    # --- PKI ------------------------------------------------------------
    roots = {
        "test-root": make_root(keys["test-root"], ROOT_CN, 0x1001, utc(2020, 1, 1), utc(2045, 1, 1)),
        "rogue-root": make_root(keys["rogue-root"], ROOT_CN, 0x2001, utc(2020, 1, 1), utc(2045, 1, 1)),
        "other-root": make_root(keys["other-root"], OTHER_ROOT_CN, 0x3001, utc(2020, 1, 1), utc(2045, 1, 1)),
        "expired-root": make_root(keys["expired-root"], ROOT_CN, 0x4001, utc(2010, 1, 1), utc(2015, 1, 1)),
        "future-root": make_root(keys["future-root"], ROOT_CN, 0x5001, utc(2040, 1, 1), utc(2050, 1, 1)),
        "nonca-issuer": make_root(keys["nonca-issuer"], NONCA_CN, 0x6001, utc(2020, 1, 1), utc(2045, 1, 1), ca=False),
    }
    cards = {
        "card-signer": make_card_cert(keys["card-signer"], roots["test-root"], keys["test-root"], 0x1101),
        "card-signer-rogue": make_card_cert(
            keys["card-signer-rogue"], roots["rogue-root"], keys["rogue-root"], 0x2101
        ),
        "card-signer-other": make_card_cert(
            keys["card-signer-other"], roots["other-root"], keys["other-root"], 0x3101
        ),
    }
    # Hostile chains: the genuine card key (so the genuine check code still passes the tamper
    # check) under an expired root (issued after it expired, and issued within its life), a
    # not-yet-valid root, and a self-signed issuer that is not a CA.
    genuine_key = keys["card-signer"]
    cards["card-signer-expired"] = make_card_cert(genuine_key, roots["expired-root"], keys["expired-root"], 0x4101)
    cards["card-signer-expired-in-life"] = make_card_cert(
        genuine_key, roots["expired-root"], keys["expired-root"], 0x4102, utc(2012, 1, 1), utc(2022, 1, 1)
    )
    cards["card-signer-future"] = make_card_cert(genuine_key, roots["future-root"], keys["future-root"], 0x5101)
    cards["card-signer-nonca"] = make_card_cert(genuine_key, roots["nonca-issuer"], keys["nonca-issuer"], 0x6101)
    card_issuer = {
        "card-signer": "test-root",
        "card-signer-rogue": "rogue-root",
        "card-signer-other": "other-root",
        "card-signer-expired": "expired-root",
        "card-signer-expired-in-life": "expired-root",
        "card-signer-future": "future-root",
        "card-signer-nonca": "nonca-issuer",
    }
    card_key = {c: (c if c in keys else "card-signer") for c in cards}

    # certificate self-checks
    for rname, r in roots.items():
        assert cert_signed_by(r, r), rname
        for other, o in roots.items():
            if other != rname:
                assert not cert_signed_by(r, o)
    for cname, c in cards.items():
        for rname, r in roots.items():
            assert cert_signed_by(c, r) == (rname == card_issuer[cname]), (cname, rname)
        assert len(der(c)) <= DB_LEN
        assert c.public_key().key_size == KEY_BITS

    files: dict[str, bytes] = {}
    for rname, r in roots.items():
        files[f"test-ca/{rname}.der"] = der(r)
    for cname, c in cards.items():
        files[f"gen1/{cname}.der"] = der(c)

    # --- images ---------------------------------------------------------
    for kind in ("residence", "sprc", "under16"):
        p = out / "gen1" / f"front-{kind}.tif"
        save_front(front_image(kind), p)
        files[f"gen1/front-{kind}.tif"] = p.read_bytes()
        assert len(files[f"gen1/front-{kind}.tif"]) <= D0_LEN, (kind, len(files[f"gen1/front-{kind}.tif"]))
    p = out / "gen1" / "face.jp2"
    save_face(face_image(), p)
    files["gen1/face.jp2"] = p.read_bytes()
    # the raw codestream is the jp2c box of the JP2 file: exactly the same picture
    files["gen1/face.j2k"] = jp2_codestream(files["gen1/face.jp2"])
    for ext in ("jp2", "j2k"):
        assert len(files[f"gen1/face.{ext}"]) <= D1_LEN, (ext, len(files[f"gen1/face.{ext}"]))

    # --- check codes ----------------------------------------------------
    # (file, front, face, signing key, cert to serve with, layout, expected tamper, expected issuer)
    checks = [
        ("check-residence-raw.bin", "front-residence.tif", "face.jp2", "card-signer", "card-signer", "A", True, True),
        ("check-residence-digestinfo.bin", "front-residence.tif", "face.jp2", "card-signer", "card-signer", "B", True, True),
        ("check-sprc-raw.bin", "front-sprc.tif", "face.jp2", "card-signer", "card-signer", "A", True, True),
        ("check-residence-j2k-raw.bin", "front-residence.tif", "face.j2k", "card-signer", "card-signer", "A", True, True),
        ("check-residence-rogue-raw.bin", "front-residence.tif", "face.jp2", "card-signer-rogue", "card-signer-rogue", "A", True, False),
        ("check-residence-other-raw.bin", "front-residence.tif", "face.jp2", "card-signer-other", "card-signer-other", "A", True, False),
        ("check-residence-wrongkey-raw.bin", "front-residence.tif", "face.jp2", "card-signer-rogue", "card-signer", "A", False, True),
    ]
    check_meta = {}
    for fname, front, facef, keyname, certname, layout, exp_tamper, exp_issuer in checks:
        da, h, data = check_code(keys[keyname], files[f"gen1/{front}"], files[f"gen1/{facef}"], layout)
        files[f"gen1/{fname}"] = da
        cert = cards[certname]
        got = tamper_ok(da, data, cert)
        assert (got == layout) if exp_tamper else (got is None), (fname, got)
        if layout == "B":
            cert.public_key().verify(da, data, padding.PKCS1v15(), hashes.SHA256())
        issuer_ok = cert_signed_by(cert, roots["test-root"])
        assert issuer_ok == exp_issuer, fname
        # cross-check: the intended cert for every check is the one whose key signed it, except wrongkey
        for other_name, other_cert in cards.items():
            assert (tamper_ok(da, data, other_cert) is not None) == (card_key[other_name] == keyname), (fname, other_name)
        check_meta[f"gen1/{fname}"] = {
            "front": f"gen1/{front}",
            "face": f"gen1/{facef}",
            "signing_key_label": KEY_LABEL_PREFIX + key_labels[keyname],
            "signing_key_cert": f"gen1/{keyname}.der",
            "serve_with_cert": f"gen1/{certname}.der",
            "layout": layout,
            "h_sha256_hex": h.hex(),
            "expected_tamper_check": "pass" if exp_tamper else "fail",
            "expected_issuer_check_with_test_root_trusted": "pass" if exp_issuer else "fail",
        }
        if fname == "check-residence-wrongkey-raw.bin":
            assert da == files["gen1/check-residence-rogue-raw.bin"]
            check_meta[f"gen1/{fname}"]["note"] = (
                "byte-identical to check-residence-rogue-raw.bin (same data, same rogue card key); "
                "served next to the genuine card-signer.der so the tamper check must fail"
            )

    # --- write binary files (images already written) ----------------------
    for rel, content in files.items():
        p = out / rel
        if not p.exists() or p.read_bytes() != content:
            p.write_bytes(content)

    # --- image checks (reopen) ------------------------------------------
    image_meta = {}
    for kind in ("residence", "sprc", "under16"):
        rel = f"gen1/front-{kind}.tif"
        info = tiff_info(out / rel)
        assert info["compression_tag_259"] == 4 and info["fill_order_tag_266"] == 1 and info["mode"] == "1"
        assert (info["width"], info["height"]) == FRONT_SIZE
        info["card_number"] = NUMBERS[kind]
        info["card_type"] = "2" if kind == "sprc" else "1"
        image_meta[rel] = info
    for ext in ("jp2", "j2k"):
        rel = f"gen1/face.{ext}"
        info = j2k_info(out / rel)
        assert info["mode"] == "RGB" and (info["width"], info["height"]) == FACE_SIZE
        image_meta[rel] = info
    assert image_meta["gen1/face.jp2"]["container"] == "JP2"
    assert image_meta["gen1/face.j2k"]["container"] == "J2K codestream"
    with Image.open(out / "gen1/face.jp2") as a, Image.open(out / "gen1/face.j2k") as b:
        assert a.tobytes() == b.tobytes()

    # --- README ---------------------------------------------------------
    def validity(c):
        return f"{c.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ} – {c.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}"

    purposes = {
        "test-root": "the only root for the test-only trust store",
        "rogue-root": "forger's CA, copied DN; never trusted",
        "other-root": "unrelated root; never trusted",
        "expired-root": "same DN, expired; never trusted (hostile tests trust it on purpose)",
        "future-root": "same DN, not valid before 2040; never trusted (hostile tests)",
        "nonca-issuer": "self-signed, CA:FALSE; never trusted (hostile tests)",
        "card-signer": "genuine test card certificate (DB)",
        "card-signer-rogue": "forged card certificate (same subject, other key)",
        "card-signer-other": "card certificate from an unrelated root",
        "card-signer-expired": "genuine card key, issued by the expired root after it expired",
        "card-signer-expired-in-life": "genuine card key, issued by the expired root while it was valid",
        "card-signer-future": "genuine card key, issued by the not-yet-valid root",
        "card-signer-nonca": "genuine card key, issued by the non-CA issuer",
    }
    pki_rows = []
    for rname, r in roots.items():
        pki_rows.append(
            f"| `test-ca/{rname}.der` ({len(files[f'test-ca/{rname}.der'])} B) | `{dn_str(r.subject)}` (self) | "
            f"`0x{r.serial_number:X}` | {validity(r)} | {purposes[rname]} |"
        )
    for cname, c in cards.items():
        pki_rows.append(
            f"| `gen1/{cname}.der` ({len(files[f'gen1/{cname}.der'])} B) | `{dn_str(c.subject)}` "
            f"(`{card_issuer[cname]}`) | `0x{c.serial_number:X}` | {validity(c)} | {purposes[cname]} |"
        )
    what = {
        "gen1/front-residence.tif": f"residence card front (type 1), number `{NUMBERS['residence']}`",
        "gen1/front-sprc.tif": f"special permanent resident certificate front (type 2), number `{NUMBERS['sprc']}`",
        "gen1/front-under16.tif": f"residence card front of a child (type 1, under 16), number `{NUMBERS['under16']}`",
        "gen1/face.jp2": "face, JPEG 2000 JP2 box format",
        "gen1/face.j2k": "face, same picture as raw J2K codestream",
    }
    image_rows = [
        f"| `{rel}` | {what[rel]} | {len(files[rel])} | {D0_LEN if rel.endswith('.tif') else D1_LEN} |"
        for rel in what
    ]
    check_rows = []
    for rel, m in check_meta.items():
        check_rows.append(
            f"| `{rel}` | `{m['front'][5:]}` | `{m['face'][5:]}` | {m['signing_key_cert'][5:-4]} | "
            f"`{m['serve_with_cert'][5:]}` | {m['layout']} | {m['expected_tamper_check']} | "
            f"{m['expected_issuer_check_with_test_root_trusted']} |"
        )
    readme = README.format(
        prefix=KEY_LABEL_PREFIX,
        pki_rows="\n".join(pki_rows),
        image_rows="\n".join(image_rows),
        check_rows="\n".join(check_rows),
        fw=FRONT_SIZE[0],
        fh=FRONT_SIZE[1],
        facew=FACE_SIZE[0],
        faceh=FACE_SIZE[1],
        rate=FACE_RATE,
    )
    (out / "README.md").write_text(readme, encoding="utf-8", newline="\n")

    # --- manifest -------------------------------------------------------
    all_files = sorted(
        str(p.relative_to(out)).replace(os.sep, "/")
        for p in out.rglob("*")
        if p.is_file() and p.name != "manifest.json" and not _foreign(p, out)
    )
    expected = sorted(list(files) + ["README.md"])
    assert all_files == expected, (all_files, expected)

    certs_meta = {}
    for rname, r in roots.items():
        certs_meta[f"test-ca/{rname}.der"] = cert_meta(r, "self", KEY_LABEL_PREFIX + key_labels[rname])
    for cname, c in cards.items():
        certs_meta[f"gen1/{cname}.der"] = cert_meta(
            c, f"test-ca/{card_issuer[cname]}.der", KEY_LABEL_PREFIX + key_labels[card_key[cname]]
        )

    manifest = {
        "_note": "TEST ONLY fixtures, generated by scripts/gen-fixtures.py; never production data.",
        "generated_with": {
            "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "pillow": PIL.__version__,
            "cryptography": cryptography.__version__,
            "libtiff": features.version("libtiff"),
            "openjpeg": features.version("jpg_2000"),
            "freetype2": features.version("freetype2"),
        },
        "facts": {
            "card_numbers": dict(NUMBERS),
            "card_types": {"residence": "1", "sprc": "2", "under16": "1"},
            "dn": {
                "test_root": dn_str(roots["test-root"].subject),
                "rogue_root": dn_str(roots["rogue-root"].subject),
                "other_root": dn_str(roots["other-root"].subject),
                "expired_root": dn_str(roots["expired-root"].subject),
                "card_signer": dn_str(cards["card-signer"].subject),
            },
            "d0_value_length": D0_LEN,
            "d1_value_length": D1_LEN,
            "da_length": DA_LEN,
            "db_value_length": DB_LEN,
            "layout_a_em": "0001 || ff*221 || 00 || H",
            "layout_b_em": "0001 || ff*202 || 00 || " + DIGESTINFO_SHA256.hex() + " || H",
            "trusted_in_test_store": ["test-ca/test-root.der"],
            "never_trusted": [
                "test-ca/rogue-root.der",
                "test-ca/other-root.der",
                "test-ca/expired-root.der",
                "test-ca/future-root.der",
                "test-ca/nonca-issuer.der",
            ],
            "private_keys": "not stored; re-derived from signing_key_label by scripts/gen-fixtures.py",
            "under16": "front-under16.tif has no face image and no check code/certificate (spec 7.1)",
        },
        "files": {
            rel: {"size": (out / rel).stat().st_size, "sha256": sha256_file(out / rel)} for rel in all_files
        },
        "certificates": certs_meta,
        "images": image_meta,
        "check_codes": check_meta,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )


def cert_meta(c: x509.Certificate, issuer_file: str, key_label: str) -> dict:
    ski = c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest.hex()
    try:
        aki = c.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier.hex()
    except x509.ExtensionNotFound:
        aki = None
    pub = c.public_key().public_numbers()
    return {
        "subject": dn_str(c.subject),
        "issuer": dn_str(c.issuer),
        "issuer_file": issuer_file,
        "serial_hex": f"{c.serial_number:X}",
        "not_before": f"{c.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ}",
        "not_after": f"{c.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}",
        "ski_hex": ski,
        "aki_hex": aki,
        "key_label": key_label,
        "rsa_bits": c.public_key().key_size,
        "rsa_e": pub.e,
        "rsa_n_sha256": hashlib.sha256(pub.n.to_bytes(256, "big")).hexdigest(),
        "sha256_fingerprint": c.fingerprint(hashes.SHA256()).hex(),
        "der_size": len(der(c)),
    }


# Subdirectories of fixtures/ owned by other generators (gen2/: scripts/gen-fixtures-gen2.py;
# specified/: scripts/gen-fixtures-specified.py; mynumber/: scripts/gen-fixtures-mynumber.py; each
# with its own --check); this script neither
# lists, compares nor deletes them.
FOREIGN_SUBDIRS = ("gen2", "specified", "mynumber")


def _foreign(p: Path, root: Path) -> bool:
    return p.relative_to(root).parts[0] in FOREIGN_SUBDIRS


def compare_dirs(a: Path, b: Path) -> list[str]:
    def listing(d: Path):
        return sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and not _foreign(p, d))

    la, lb = listing(a), listing(b)
    diffs = [f"missing in {b}: {x}" for x in sorted(set(la) - set(lb))]
    diffs += [f"extra in {b}: {x}" for x in sorted(set(lb) - set(la))]
    for rel in sorted(set(la) & set(lb)):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            diffs.append(f"differs: {rel}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: fixtures/)")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with --out")
    args = ap.parse_args()

    if args.check:
        with tempfile.TemporaryDirectory(prefix="zairyu-fixtures-") as tmp:
            generate(Path(tmp))
            diffs = compare_dirs(Path(tmp), args.out)
        if diffs:
            print("fixtures differ from a fresh regeneration:", file=sys.stderr)
            for d in diffs:
                print("  " + d, file=sys.stderr)
            return 1
        print(f"OK: {args.out} is byte-identical to a fresh regeneration")
        return 0

    if args.out.exists():
        # start clean so that stale files never survive
        for sub in ("test-ca", "gen1"):
            shutil.rmtree(args.out / sub, ignore_errors=True)
        for f in ("README.md", "manifest.json"):
            (args.out / f).unlink(missing_ok=True)
    generate(args.out)
    print(f"wrote fixtures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
