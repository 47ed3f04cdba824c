#!/usr/bin/env python3
"""Generate the TEST-ONLY My Number card fixtures (fixtures/mynumber/) for Zairyu Reader.

Everything written here is synthetic and TEST ONLY: our own test JPKI roots (authentication and
signature CA, RSA-2048, names saying TEST / NOT FOR PRODUCTION), our own card-verifiable-certificate
(CVC) CA keys under key IDs that neither J-LIS production ("5...") nor the J-LIS test hierarchy
("6...") uses ("9..."), cartoon images, and every signed record the software card's My Number
applications serve (mynumber-chip.md §4-§6).

    pip install -r scripts/requirements-fixtures.txt
    python3 scripts/gen-fixtures-mynumber.py            # (re)write fixtures/mynumber/
    python3 scripts/gen-fixtures-mynumber.py --check    # regenerate into a temp dir, compare, exit 1 on any difference
    python3 scripts/gen-fixtures-mynumber.py --out DIR  # write somewhere else

Reproducibility: RSA keys come from fixed labels through gen-fixtures.py's derive_key (seeded
random.Random stream + Miller-Rabin); certificates use fixed serials and dates; RSA PKCS#1 v1.5
signatures are deterministic; images are drawn with fixed content (Pillow's default font, its
bundled OpenJPEG for the JPEG 2000 photo). Byte-identical for the pinned Pillow / cryptography.

Private keys: CA keys (JPKI roots, CVC CAs) are never written. The keys that live *inside* the
software card (the JPKI user keys and the card-face application's signing key) are written as
PKCS#1 DER files named `*.testkey.der`, because the software card must sign with them at run time;
they are TEST keys that certify nothing outside this repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import hashlib
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

import cryptography
import PIL
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import NameOID, ObjectIdentifier
from PIL import Image, ImageDraw, features

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "fixtures" / "mynumber"

_spec = importlib.util.spec_from_file_location("gen_fixtures_gen1", Path(__file__).resolve().parent / "gen-fixtures.py")
g1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(g1)

E = 65537
ORG = "Zairyu Reader TEST ONLY"
AUTH_ROOT_CN = "ZAIRYU READER TEST JPKI AUTH ROOT - NOT FOR PRODUCTION"
SIGN_ROOT_CN = "ZAIRYU READER TEST JPKI SIGN ROOT - NOT FOR PRODUCTION"
AUTH_OU = "JPKI TEST for user authentication"
SIGN_OU = "JPKI TEST for digital signature"

# SubjectAltName otherName arc of the signature certificate (mynumber-chip.md §6.3).
JPKI_ATTR = "1.2.392.200149.8.5.5"

SHA256_OID_PREFIX = bytes.fromhex("300d060960864801650304020105000420")  # AlgorithmIdentifier ‖ 04 20


def utc(y, m, d):
    return dt.datetime(y, m, d, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------------------
# Holders (synthetic). Credentials are TEST values; the Rust profiles repeat them as constants.
# ---------------------------------------------------------------------------
def check_digit(eleven: str) -> str:
    """個人番号 check digit (the ministerial ordinance's formula)."""
    total = 0
    for n in range(1, 12):
        p = int(eleven[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    return "0" if r <= 1 else str(11 - r)


HOLDERS = {
    # key: all the holder's data; `era_birth` is the era-year YYMMDD of the birth date.
    "adult": {
        "name": "試験　花子",
        "address": "東京都千代田区霞が関２丁目１番２号　テスト住宅１０１号",
        "birth": "19850412",
        "era_birth": "600412",  # 昭和60
        "era_digit": "3",  # 昭和 in the certificate's birth-date form
        "sex": "2",
        "expiry": "20340412",
        "security_code": "4826",
        "number11": "12345678901",
        "municipality": "13101",
        "serial": "999000000000001",
        "name_ascii": "TEST HANAKO",
        "address_ascii": "2-1-2 KASUMIGASEKI CHIYODA-KU TOKYO",
    },
    "child": {
        "name": "試験　次郎",
        "address": "大阪府大阪市中央区大手前２丁目１番２２号",
        "birth": "20160801",
        "era_birth": "280801",  # 平成28
        "era_digit": "4",
        "sex": "1",
        "expiry": "20310801",
        "security_code": "1357",
        "number11": "98765432109",
        "municipality": "27128",
        "serial": "999000000000002",
        "name_ascii": "TEST JIRO",
        "address_ascii": "2-1-22 OTEMAE CHUO-KU OSAKA",
    },
}
for h in HOLDERS.values():
    h["number"] = h["number11"] + check_digit(h["number11"])
    h["collation_b"] = h["era_birth"] + h["expiry"][:4] + h["security_code"]

# Test credentials of the complete card (the same for both holders).
PINS = {"input_helper": "1234", "auth": "5678", "signature": "TEST1234AB"}


# ---------------------------------------------------------------------------
# TLV and CVC helpers
# ---------------------------------------------------------------------------
def tlv(tag: int, value: bytes) -> bytes:
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82]) + n.to_bytes(2, "big")
    return t + ln + value


def tlv82(tag: int, value: bytes) -> bytes:
    """Three-byte length form whatever the length (the card's records use it for 256-byte values)."""
    return tag.to_bytes((tag.bit_length() + 7) // 8, "big") + b"\x82" + len(value).to_bytes(2, "big") + value


def key_id(number: str, group: str = "001") -> bytes:
    assert len(number) == 7 and number.isdigit() and len(group) == 3
    return number.encode() + b"\x08\x05" + group.encode() + b"\x00" * 4


def rsa_pub_tlvs(key) -> bytes:
    n = key.public_key().public_numbers().n
    return tlv(0x90, E.to_bytes(3, "big")) + tlv82(0x91, n.to_bytes(256, "big"))


def sign_sha256(key, data: bytes) -> bytes:
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def sign_digest_info(key, digest_info: bytes) -> bytes:
    """PKCS#1 v1.5 type-1 padding around a given DigestInfo, then the raw private operation."""
    em = b"\x00\x01" + b"\xff" * (256 - 3 - len(digest_info)) + b"\x00" + digest_info
    pn = key.private_numbers()
    sig = pow(int.from_bytes(em, "big"), pn.d, pn.public_numbers.n).to_bytes(256, "big")
    assert pow(int.from_bytes(sig, "big"), E, pn.public_numbers.n).to_bytes(256, "big") == em
    return sig


def cvc(issuer_kid: bytes, subject_kid: bytes, subject_key, ca_key) -> bytes:
    body = issuer_kid + subject_kid + rsa_pub_tlvs(subject_key)
    assert len(body) == 297
    out = tlv(0x7F21, tlv(0x5F4E, body) + tlv(0x5F37, sign_sha256(ca_key, body)))
    assert out[:5] == bytes.fromhex("7f21820233")
    return out


def with_offsets(outer: int, table_tag: int, fields: list[bytes]) -> bytes:
    """`outer { table(offsets of each field from the start of the file), fields... }`."""
    table_len = len(tlv(table_tag, b"\x00" * (2 * len(fields))))
    body_len = table_len + sum(map(len, fields))
    header = len(tlv(outer, b"\x00" * body_len)) - body_len
    pos = header + table_len
    offsets = b""
    for f in fields:
        offsets += pos.to_bytes(2, "big")
        pos += len(f)
    return tlv(outer, tlv(table_tag, offsets) + b"".join(fields))


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def root_name(ou: str, cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def ku(**on) -> x509.KeyUsage:
    names = [
        "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
        "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only",
    ]
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def make_root(key, subject: x509.Name, serial: int) -> x509.Certificate:
    pub = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(pub)
        .serial_number(serial)
        .not_valid_before(utc(2020, 1, 1))
        .not_valid_after(utc(2045, 1, 1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(ku(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .sign(key, hashes.SHA256())
    )


def utf8(s: str) -> bytes:
    b = s.encode("utf-8")
    assert len(b) < 0x80 or len(b) < 0x100
    return bytes([0x0C]) + (bytes([len(b)]) if len(b) < 0x80 else bytes([0x81, len(b)])) + b


def make_user(key, issuer: x509.Certificate, issuer_key, serial: int, subject: x509.Name, kind: str,
              not_before, not_after, holder=None) -> x509.Certificate:
    pub = key.public_key()
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject)
        .public_key(pub)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            ku(digital_signature=True) if kind == "auth" else ku(digital_signature=True, content_commitment=True),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    )
    if holder is not None:
        attrs = [
            ("1", utf8(holder["name"])),
            ("3", utf8(holder["sex"])),
            ("4", utf8(holder["era_digit"] + holder["birth"])),
            ("5", utf8(holder["address"])),
        ]
        b = b.add_extension(
            x509.SubjectAlternativeName([x509.OtherName(ObjectIdentifier(f"{JPKI_ATTR}.{n}"), v) for n, v in attrs]),
            critical=False,
        )
    return b.sign(issuer_key, hashes.SHA256())


def der(c: x509.Certificate) -> bytes:
    return c.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------
def text_png(text: str, size: tuple[int, int], font_size: int) -> bytes:
    img = Image.new("1", size, 1)
    ImageDraw.Draw(img).text((4, 2), text, font=g1.font(font_size), fill=0)
    return png_bytes(img)


def png_bytes(img: Image.Image) -> bytes:
    import io

    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()


def photo_jp2(tmp: Path, variant: int) -> bytes:
    img = g1.face_image().convert("L")
    if variant:
        ImageDraw.Draw(img).rectangle((150, 200, 190, 240), fill=0)
    path = tmp / "photo.jp2"
    img.save(path, format="JPEG2000", quality_mode="rates", quality_layers=[60], irreversible=True, no_jp2=False)
    data = path.read_bytes()
    path.unlink()
    assert data.startswith(bytes.fromhex("0000000c6a5020200d0a870a"))
    return data


# ---------------------------------------------------------------------------
# Records (mynumber-chip.md §4, §5)
# ---------------------------------------------------------------------------
def kenhojo_0001(h) -> bytes:
    return tlv(0xFF10, h["number"].encode()) + b"\xff\xff"


def kenhojo_0002(h, address=None) -> bytes:
    fields = [
        tlv(0xDF22, h["name"].encode()),
        tlv(0xDF23, (address or h["address"]).encode()),
        tlv(0xDF24, h["birth"].encode()),
        tlv(0xDF25, h["sex"].encode()),
    ]
    return with_offsets(0xFF20, 0xDF21, fields) + b"\xff" * 8


def attributes_digest_source(f0002: bytes) -> bytes:
    """The FF20 value from DF22 on (DF21 skipped), filler excluded (§4.3 step 2)."""
    assert f0002[:2] == b"\xff\x20"
    if f0002[2] < 0x80:
        hl, vl = 3, f0002[2]
    elif f0002[2] == 0x81:
        hl, vl = 4, f0002[3]
    else:
        hl, vl = 5, int.from_bytes(f0002[3:5], "big")
    value = f0002[hl : hl + vl]
    assert value[:2] == b"\xdf\x21"
    return value[3 + value[2] :]


def kenhojo_0003(f0001: bytes, f0002: bytes, ap_key) -> bytes:
    part = tlv(0xDF31, hashlib.sha256(f0001).digest()) + tlv(0xDF32, hashlib.sha256(attributes_digest_source(f0002)).digest())
    out = tlv(0xFF30, part + tlv82(0xDF33, sign_sha256(ap_key, part)))
    assert out[:5] == bytes.fromhex("ff3082014b")
    return out


def signed_record(outer: int, fields: list[bytes], sig_tag: int, key) -> bytes:
    part = b"".join(fields)
    return tlv(outer, part + tlv82(sig_tag, sign_sha256(key, part)))


def face_digest_info(face_fields: dict[int, bytes]) -> bytes:
    d = (
        hashlib.sha256(face_fields[0xDF22] + face_fields[0xDF23] + face_fields[0xDF24]).digest()
        + hashlib.sha256(face_fields[0xDF25] + face_fields[0xDF26]).digest()
        + hashlib.sha256(face_fields[0xDF27]).digest()
    )
    return bytes([0x30, 0x71]) + SHA256_OID_PREFIX[:-2] + bytes([0x04, 0x60]) + d


def kenkaku_0002(h, images, ap_key, sign_key, photo_override=None) -> bytes:
    f = {
        0xDF22: tlv(0xDF22, h["birth"].encode()),
        0xDF23: tlv(0xDF23, h["sex"].encode()),
        0xDF24: tlv(0xDF24, rsa_pub_tlvs(sign_key)),
        0xDF25: tlv(0xDF25, images["name"]),
        0xDF26: tlv(0xDF26, images["address"]),
        0xDF27: tlv(0xDF27, images["photo"]),
    }
    sig = sign_digest_info(ap_key, face_digest_info(f))
    if photo_override is not None:
        f[0xDF27] = tlv(0xDF27, photo_override)
    fields = [f[t] for t in (0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27)]
    fields += [tlv82(0xDF28, sig), tlv(0xDF29, h["expiry"].encode()), tlv(0xDF2A, images["code"])]
    return with_offsets(0xFF20, 0xDF21, fields)


def filler(label: str, n: int) -> bytes:
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}/{i}".encode()).digest()
        i += 1
    return out[:n]


def token_info() -> bytes:
    def pad(s: str, n: int) -> bytes:
        return s.encode().ljust(n, b" ")

    flags = 0x0001 | 0x0004 | 0x0008 | 0x0400  # RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED
    words = [flags, 0, 0, 0, 0, 16, 4, 0, 0, 0, 0]
    out = pad("JPKIAPICCTOKEN2", 32) + pad("ZAIRYU READER TEST ONLY", 32) + pad("SOFTCARD TEST", 16)
    out += pad("TEST000000000001", 16) + b"".join(w.to_bytes(4, "big") for w in words)
    out += b"03" + b"01" + pad("", 16)
    assert len(out) == 160
    return out


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------
KEYS = {
    # file-name stem -> derive_key label (prefixed by gen-fixtures.py's KEY_LABEL_PREFIX)
    "auth-root": "mynumber/jpki-auth-root",
    "sign-root": "mynumber/jpki-sign-root",
    "auth-rogue-root": "mynumber/jpki-auth-rogue-root",
    "sign-rogue-root": "mynumber/jpki-sign-rogue-root",
    "auth-user": "mynumber/jpki-auth-user",
    "sign-user": "mynumber/jpki-sign-user",
    "cvca-9000020": "mynumber/cvca-9000020",
    "cvca-9000023": "mynumber/cvca-9000023",
    "cvca-9000033": "mynumber/cvca-9000033",
    "mf-card": "mynumber/mf-card",
    "kenhojo-ap": "mynumber/kenhojo-ap",
    "kenhojo-sign": "mynumber/kenhojo-sign",
    "kenhojo-session": "mynumber/kenhojo-session",
    "kenkaku-ap": "mynumber/kenkaku-ap",
    "kenkaku-sign": "mynumber/kenkaku-sign",
}

CVC_CA_IDS = {"cvca-9000020": "9000020", "cvca-9000023": "9000023", "cvca-9000033": "9000033"}
# Keys the software card holds and signs with at run time (written as *.testkey.der).
CARD_KEYS = ["auth-user", "sign-user", "kenkaku-sign", "kenhojo-sign"]

NOTICE = (
    "TEST ONLY fixtures, generated by scripts/gen-fixtures-mynumber.py; never production data. The JPKI "
    "roots are a private team test PKI (O=Zairyu Reader TEST ONLY, CN=... NOT FOR PRODUCTION), not J-LIS; "
    "the CVC CA key IDs 9000020/9000023/9000033 are ours, not J-LIS's (5...) nor the J-LIS test hierarchy's "
    "(6...). A pass against any of them must never be shown as a production pass."
)


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    keys = {stem: g1.derive_key(label) for stem, label in KEYS.items()}
    files: dict[str, bytes] = {}

    # --- JPKI --------------------------------------------------------------------------------
    auth_name = root_name(AUTH_OU, AUTH_ROOT_CN)
    sign_name = root_name(SIGN_OU, SIGN_ROOT_CN)
    roots = {
        "auth-root": make_root(keys["auth-root"], auth_name, 0x7A01),
        "sign-root": make_root(keys["sign-root"], sign_name, 0x7B01),
        "auth-rogue-root": make_root(keys["auth-rogue-root"], auth_name, 0x7A02),
        "sign-rogue-root": make_root(keys["sign-rogue-root"], sign_name, 0x7B02),
    }
    for stem, c in roots.items():
        files[f"{stem}.der"] = der(c)

    def auth_subject(serial: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG),
                          x509.NameAttribute(NameOID.COMMON_NAME, f"TESTAUTH{serial}")])

    def sign_subject(serial: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG),
                          x509.NameAttribute(NameOID.COMMON_NAME, f"TESTSIGN{serial}")])

    valid = (utc(2026, 1, 5), utc(2031, 4, 12))
    expired = (utc(2020, 1, 6), utc(2025, 4, 12))
    adult = HOLDERS["adult"]
    users = {
        "auth-user": ("auth", "auth-root", 0x7A0101, auth_subject("0000000001"), valid, None),
        "sign-user": ("sign", "sign-root", 0x7B0101, sign_subject("0000000001"), valid, adult),
        "auth-user-expired": ("auth", "auth-root", 0x7A0102, auth_subject("0000000002"), expired, None),
        "sign-user-expired": ("sign", "sign-root", 0x7B0102, sign_subject("0000000002"), expired, adult),
        "auth-user-rogue": ("auth", "auth-rogue-root", 0x7A0201, auth_subject("0000000001"), valid, None),
        "sign-user-rogue": ("sign", "sign-rogue-root", 0x7B0201, sign_subject("0000000001"), valid, adult),
        "auth-user-child": ("auth", "auth-root", 0x7A0103, auth_subject("0000000003"), (utc(2026, 1, 5), utc(2031, 8, 1)), None),
    }
    certs = {}
    for stem, (kind, issuer, serial, subject, (nb, na), holder) in users.items():
        ukey = keys["auth-user" if kind == "auth" else "sign-user"]
        c = make_user(ukey, roots[issuer], keys[issuer], serial, subject, kind, nb, na, holder)
        assert g1.cert_signed_by(c, roots[issuer])
        other = issuer.replace("rogue-", "") if "rogue" in issuer else issuer.replace("-root", "-rogue-root")
        assert not g1.cert_signed_by(c, roots[other])
        certs[stem] = c
        files[f"{stem}.der"] = der(c)
    for stem in CARD_KEYS:
        files[f"{stem}.testkey.der"] = keys[stem].private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    files["jpki-token-info.bin"] = token_info()

    # --- CVC CA keys ---------------------------------------------------------------------------
    for stem, number in CVC_CA_IDS.items():
        n = keys[stem].public_key().public_numbers().n
        doc = {"key_id_hex": key_id(number).hex(), "modulus_hex": f"{n:0512x}", "exponent": E, "test": True,
               "note": "TEST ONLY card-verifiable-certificate CA key of the Zairyu Reader test hierarchy"}
        files[f"{stem}.json"] = (json.dumps(doc, indent=2) + "\n").encode()

    # --- MF level and common AP ------------------------------------------------------------------
    mf = cvc(key_id("9000020"), key_id("9100020"), keys["mf-card"], keys["cvca-9000020"])
    files["mf-cvc.bin"] = mf
    for hk, h in HOLDERS.items():
        p = "" if hk == "adult" else "child-"
        rec = (h["serial"] + h["municipality"] + h["expiry"]).encode()
        assert len(rec) == 28
        files[f"{p}common-0001.bin"] = tlv(0x01, rec)

    # --- Input-helper AP (kenhojo) -------------------------------------------------------------
    kenhojo_cvc = cvc(key_id("9000033"), key_id("9100033"), keys["kenhojo-ap"], keys["cvca-9000033"])
    files["kenhojo-0004.bin"] = kenhojo_cvc
    files["kenhojo-0005.bin"] = tlv(0xFF40, tlv(0xDF41, bytes.fromhex("01030e01")) + tlv(0xDF42, key_id("9000034"))
                                    + tlv(0xDF43, filler("kenhojo-df43", 32) + b"\xff" * 96))
    files["kenhojo-0006.bin"] = tlv(0xA1, rsa_pub_tlvs(keys["kenhojo-session"]))
    files["kenhojo-0007.bin"] = signed_record(0xFF50, [tlv(0xDF51, rsa_pub_tlvs(keys["kenhojo-sign"]))], 0xDF52, keys["kenhojo-ap"])
    files["kenhojo-0008.bin"] = b"\xff" * 16
    for hk, h in HOLDERS.items():
        p = "" if hk == "adult" else "child-"
        f1, f2 = kenhojo_0001(h), kenhojo_0002(h)
        assert len(f1) == 17
        files[f"{p}kenhojo-0001.bin"] = f1
        files[f"{p}kenhojo-0002.bin"] = f2
        files[f"{p}kenhojo-0003.bin"] = kenhojo_0003(f1, f2, keys["kenhojo-ap"])
    # Basic-four file changed after signing: another address, same integrity record.
    changed = kenhojo_0002(adult, address="東京都千代田区霞が関２丁目１番３号　テスト住宅１０１号")
    assert len(changed) == len(files["kenhojo-0002.bin"])
    files["kenhojo-0002-changed.bin"] = changed

    # --- Card-face AP (kenkaku) ----------------------------------------------------------------
    files["kenkaku-0004.bin"] = cvc(key_id("9000023"), key_id("9100023"), keys["kenkaku-ap"], keys["cvca-9000023"])
    with tempfile.TemporaryDirectory(prefix="zairyu-mynumber-img-") as t:
        photo = photo_jp2(Path(t), 0)
        photo_changed = photo_jp2(Path(t), 1)
    assert photo != photo_changed
    files["photo.jp2"] = photo
    files["photo-changed.jp2"] = photo_changed
    for hk, h in HOLDERS.items():
        p = "" if hk == "adult" else "child-"
        images = {
            "name": text_png(h["name_ascii"], (400, 40), 24),
            "address": text_png(h["address_ascii"], (600, 40), 20),
            "code": text_png(h["security_code"], (60, 24), 16),
            "number": text_png(h["number"], (200, 24), 16),
            "photo": photo,
        }
        files[f"{p}name.png"] = images["name"]
        files[f"{p}address.png"] = images["address"]
        files[f"{p}security-code.png"] = images["code"]
        files[f"{p}number.png"] = images["number"]
        files[f"{p}kenkaku-0001.bin"] = signed_record(
            0xFF10, [tlv(0xDF11, h["birth"].encode()), tlv(0xDF12, rsa_pub_tlvs(keys["kenkaku-sign"]))], 0xDF13, keys["kenkaku-ap"])
        files[f"{p}kenkaku-0002.bin"] = kenkaku_0002(h, images, keys["kenkaku-ap"], keys["kenkaku-sign"])
        files[f"{p}kenkaku-0003.bin"] = tlv(0xFF30, tlv(0xDF31, bytes.fromhex("01030e01")) + tlv(0xDF32, key_id("9000024"))
                                           + tlv(0xDF33, b"01") + tlv(0xDF34, h["municipality"].encode())
                                           + tlv82(0xDF35, key_id("9000035") + filler(f"{hk}-df35", 256)))
        files[f"{p}kenkaku-0005.bin"] = signed_record(
            0xFF40, [tlv(0xDF41, images["number"]), tlv(0xDF42, rsa_pub_tlvs(keys["kenkaku-sign"]))], 0xDF43, keys["kenkaku-ap"])
        if hk == "adult":
            files["kenkaku-0002-photo-changed.bin"] = kenkaku_0002(
                h, images, keys["kenkaku-ap"], keys["kenkaku-sign"], photo_override=photo_changed)

    for rel, data in files.items():
        (out / rel).write_bytes(data)

    # --- manifest ----------------------------------------------------------------------------------
    def cert_meta(c):
        return {
            "subject": c.subject.rfc4514_string(),
            "issuer": c.issuer.rfc4514_string(),
            "serial_hex": f"{c.serial_number:X}",
            "not_before": f"{c.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ}",
            "not_after": f"{c.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}",
            "sha256_fingerprint": c.fingerprint(hashes.SHA256()).hex(),
        }

    manifest = {
        "_note": NOTICE,
        "generated_with": {
            "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "pillow": PIL.__version__,
            "cryptography": cryptography.__version__,
            "openjpeg": features.version("jpg_2000"),
        },
        "holders": {k: {kk: v for kk, v in h.items() if kk != "number11"} for k, h in HOLDERS.items()},
        "pins": PINS,
        "key_labels": {stem: g1.KEY_LABEL_PREFIX + label for stem, label in KEYS.items()},
        "certificates": {f"{k}.der": cert_meta(c) for k, c in {**roots, **certs}.items()},
        "cvc_ca_key_ids": {f"{k}.json": key_id(v).hex() for k, v in CVC_CA_IDS.items()},
        "files": {rel: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for rel, data in sorted(files.items())},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def compare_dirs(a: Path, b: Path) -> list[str]:
    def listing(d: Path):
        return sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and p.name != "README.md") if d.is_dir() else []

    la, lb = listing(a), listing(b)
    diffs = [f"missing in {b}: {x}" for x in sorted(set(la) - set(lb))]
    diffs += [f"extra in {b}: {x}" for x in sorted(set(lb) - set(la))]
    for rel in sorted(set(la) & set(lb)):
        if not filecmp.cmp(a / rel, b / rel, shallow=False):
            diffs.append(f"differs: {rel}")
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: fixtures/mynumber/)")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with --out")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory(prefix="zairyu-fixtures-mynumber-") as tmp:
            generate(Path(tmp))
            diffs = compare_dirs(Path(tmp), args.out)
        if diffs:
            print("mynumber fixtures differ from a fresh regeneration:", file=sys.stderr)
            for d in diffs:
                print("  " + d, file=sys.stderr)
            return 1
        print(f"OK: {args.out} is byte-identical to a fresh regeneration")
        return 0
    # Keep the hand-written README; every other file is regenerated from scratch.
    if args.out.exists():
        if any(p.is_dir() for p in args.out.iterdir()):
            print(f"refusing to clean {args.out}: it has subdirectories", file=sys.stderr)
            return 2
        for p in args.out.iterdir():
            if p.name != "README.md":
                p.unlink()
    generate(args.out)
    print(f"wrote My Number fixtures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
