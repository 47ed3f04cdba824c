#!/usr/bin/env python3
"""Release gates for the Android app, run by Gradle (android/app/build.gradle.kts) and tested by
scripts/android-check.sh (--self-test):

  trust DIR        the production trust anchors the release carries (app/src/main/assets/trust):
                   every production root pinned in rust-core/src/verify/trust.rs must be there,
                   matched by the SHA-256 of its DER. Without them every genuine card reads
                   "abnormal", so a release build must not be packaged.
  align PATH...    16 KB page support of the final APKs / AABs (files, or directories searched
                   for *.apk / *.aab): every LOAD segment of every native library of the 64-bit
                   ABIs (arm64-v8a, x86_64 — what Google Play requires) is aligned to ≥ 16 KB,
                   and in an APK the library is stored uncompressed at a 16 KB-aligned offset so
                   it can be mapped in place. 32-bit libraries are listed, not required.

Exit status 0 when the gate passes, 1 when it fails (each reason printed), 2 on bad usage.
Environment for tests only: ZAIRYU_TRUST_PINS=FILE (one hex SHA-256 per line) replaces trust.rs.
"""

import hashlib
import os
import re
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRUST_RS = ROOT / "rust-core" / "src" / "verify" / "trust.rs"
PAGE = 16384
REQUIRED_ABIS = ("arm64-v8a", "x86_64")
CERT_SUFFIXES = (".der", ".cer", ".crt")


def production_pins():
    """SHA-256 → label of every production anchor in PINNED_ANCHORS (trust.rs)."""
    override = os.environ.get("ZAIRYU_TRUST_PINS")
    if override:
        return {line.strip().lower(): line.strip() for line in Path(override).read_text().splitlines() if line.strip()}
    text = TRUST_RS.read_text()
    pins = {}
    for block in re.findall(r"PinnedAnchor\s*\{(.*?)\}", text, re.S):
        digest = re.search(r'sha256_hex:\s*"([0-9a-f]{64})"', block)
        label = re.search(r'label:\s*"([^"]*)"', block)
        if digest and "AnchorKind::Production" in block:
            pins[digest.group(1)] = label.group(1) if label else digest.group(1)
    return pins


def check_trust(directory):
    pins = production_pins()
    if not pins:
        return [f"no production pins found in {TRUST_RS}"]
    d = Path(directory)
    present = set()
    if d.is_dir():
        for f in sorted(d.iterdir()):
            if f.is_file() and f.suffix.lower() in CERT_SUFFIXES:
                present.add(hashlib.sha256(f.read_bytes()).hexdigest())
    missing = [label for digest, label in pins.items() if digest not in present]
    if missing:
        return [f"{directory}: missing production root {m} (run scripts/fetch-trust-anchors.sh, then "
                "scripts/build-android.sh --require-trust)" for m in missing]
    return []


def load_alignments(elf):
    """p_align of every PT_LOAD segment, or raises ValueError for something that is not ELF."""
    if len(elf) < 52 or elf[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    cls, data = elf[4], elf[5]
    if data != 1:
        raise ValueError("not little-endian")
    if cls == 2:
        phoff, = struct.unpack_from("<Q", elf, 32)
        phentsize, phnum = struct.unpack_from("<HH", elf, 54)
        align_at, align_fmt = 48, "<Q"
    elif cls == 1:
        phoff, = struct.unpack_from("<I", elf, 28)
        phentsize, phnum = struct.unpack_from("<HH", elf, 42)
        align_at, align_fmt = 28, "<I"
    else:
        raise ValueError("unknown ELF class")
    aligns = []
    for i in range(phnum):
        off = phoff + i * phentsize
        if off + phentsize > len(elf) or phentsize < align_at + struct.calcsize(align_fmt):
            raise ValueError("program header out of bounds")
        p_type, = struct.unpack_from("<I", elf, off)
        if p_type == 1:
            aligns.append(struct.unpack_from(align_fmt, elf, off + align_at)[0])
    return aligns


def data_offset(archive_path, info):
    """Where an entry's data starts: after its local header, name and extra field."""
    with open(archive_path, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
    if header[:4] != b"PK\x03\x04":
        raise ValueError("bad local header")
    name_len, extra_len = struct.unpack_from("<HH", header, 26)
    return info.header_offset + 30 + name_len + extra_len


def check_archive(path):
    problems, checked = [], 0
    is_apk = path.suffix == ".apk"
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            m = re.match(r"^(?:[^/]+/)?lib/([^/]+)/[^/]+\.so$", info.filename)
            if not m or (is_apk and not info.filename.startswith("lib/")):
                continue
            abi = m.group(1)
            where = f"{path.name}:{info.filename}"
            try:
                aligns = load_alignments(z.read(info))
            except ValueError as e:
                problems.append(f"{where}: {e}")
                continue
            bad = [a for a in aligns if a < PAGE]
            if abi not in REQUIRED_ABIS:
                print(f"info: {where} (32-bit, not required) LOAD alignment {min(aligns, default=0)}")
                continue
            checked += 1
            if bad or not aligns:
                problems.append(f"{where}: LOAD segments aligned below 16 KB: {bad or 'none found'}")
            if is_apk:
                if info.compress_type != zipfile.ZIP_STORED:
                    problems.append(f"{where}: compressed (must be stored: packaging.jniLibs.useLegacyPackaging = false)")
                elif data_offset(path, info) % PAGE:
                    problems.append(f"{where}: not at a 16 KB-aligned offset in the APK (zipalign -P 16)")
    return problems, checked


def check_align(paths):
    archives = []
    for p in map(Path, paths):
        if p.is_dir():
            archives += sorted(p.rglob("*.apk")) + sorted(p.rglob("*.aab"))
        elif p.is_file():
            archives.append(p)
    if not archives:
        return ["no .apk or .aab found in " + ", ".join(paths)]
    problems = []
    for a in archives:
        found, checked = check_archive(a)
        problems += found
        if checked == 0:
            problems.append(f"{a}: no native library for {' / '.join(REQUIRED_ABIS)}")
        else:
            print(f"{a.name}: {checked} 64-bit native libraries checked")
    return problems


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) == 2 and argv[0] == "trust":
        problems = check_trust(argv[1])
        ok = "release trust anchors: every pinned production root present"
    elif len(argv) >= 2 and argv[0] == "align":
        problems = check_align(argv[1:])
        ok = "16 KB alignment: ok"
    else:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: check_android_release.py trust DIR | align PATH... | --self-test", file=sys.stderr)
        return 2
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if not problems:
        print(ok)
    return 1 if problems else 0


# ---- self-test: synthetic certificates, ELF files and archives -----------------------------------

def elf64(aligns):
    """A minimal little-endian ELF64 with one PT_LOAD per alignment (headers only)."""
    phoff, phentsize = 64, 56
    head = bytearray(64)
    head[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", head, 32, phoff)
    struct.pack_into("<HH", head, 54, phentsize, len(aligns))
    body = b"".join(struct.pack("<IIQQQQQQ", 1, 5, 0, 0, 0, 0, 0, a) for a in aligns)
    return bytes(head) + body


def elf32(aligns):
    phoff, phentsize = 52, 32
    head = bytearray(52)
    head[:6] = b"\x7fELF\x01\x01"
    struct.pack_into("<I", head, 28, phoff)
    struct.pack_into("<HH", head, 42, phentsize, len(aligns))
    body = b"".join(struct.pack("<IIIIIIII", 1, 0, 0, 0, 0, 0, 5, a) for a in aligns)
    return bytes(head) + body


def write_zip(path, entries, align=True):
    """entries: (name, bytes, stored). Stored .so entries are padded to a 16 KB offset when `align`."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            if stored and align:
                start = z.fp.tell() + 30 + len(name.encode())
                pad = (-(start + 4)) % PAGE
                info.extra = struct.pack("<HH", 0xD935, pad) + b"\0" * pad
            z.writestr(info, data)


def self_test():
    results = []

    def expect(name, cond):
        results.append(cond)
        print(("ok   " if cond else "FAIL ") + name)

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        # trust.rs itself: the four first-generation roots and CA2 are production, the CA2 test root not.
        expect("trust.rs: 5 production pins", len(production_pins()) == 5)
        roots = [b"root-one", b"root-two"]
        pins = t / "pins"
        pins.write_text("".join(hashlib.sha256(r).hexdigest() + "\n" for r in roots))
        os.environ["ZAIRYU_TRUST_PINS"] = str(pins)
        try:
            trust = t / "trust"
            expect("trust: missing directory fails", len(check_trust(trust)) == 2)
            trust.mkdir()
            expect("trust: empty directory fails", len(check_trust(trust)) == 2)
            (trust / "a.der").write_bytes(roots[0])
            (trust / "other.crt").write_bytes(b"not pinned")
            expect("trust: one of two roots fails", len(check_trust(trust)) == 1)
            (trust / "b.txt").write_bytes(roots[1])
            expect("trust: a root under another suffix does not count", len(check_trust(trust)) == 1)
            (trust / "b.cer").write_bytes(roots[1])
            expect("trust: every pinned root passes", check_trust(trust) == [])
        finally:
            del os.environ["ZAIRYU_TRUST_PINS"]

        expect("ELF64 alignments read", load_alignments(elf64([0x4000, 0x10000])) == [0x4000, 0x10000])
        expect("ELF32 alignments read", load_alignments(elf32([0x1000])) == [0x1000])
        try:
            load_alignments(b"\x7fELF\x02\x01" + b"\0" * 10)
            expect("short ELF refused", False)
        except ValueError:
            expect("short ELF refused", True)

        good = elf64([0x4000, 0x4000])
        old = elf64([0x4000, 0x1000])
        v7 = elf32([0x1000])
        apk = t / "good.apk"
        write_zip(apk, [("AndroidManifest.xml", b"x" * 100, False), ("lib/arm64-v8a/libzairyu_ffi.so", good, True),
                        ("lib/x86_64/libzairyu_ffi.so", good, True), ("lib/armeabi-v7a/libzairyu_ffi.so", v7, True)])
        expect("APK: aligned, stored, 16 KB ELF passes", check_align([str(apk)]) == [])
        bad_elf = t / "old.apk"
        write_zip(bad_elf, [("lib/arm64-v8a/libjnidispatch.so", old, True)])
        expect("APK: a 4 KB LOAD segment fails", len(check_align([str(bad_elf)])) == 1)
        packed = t / "packed.apk"
        write_zip(packed, [("lib/arm64-v8a/libzairyu_ffi.so", good, False)])
        expect("APK: a compressed library fails", any("compressed" in p for p in check_align([str(packed)])))
        shifted = t / "shifted.apk"
        write_zip(shifted, [("lib/x86_64/libzairyu_ffi.so", good, True)], align=False)
        expect("APK: a library at an unaligned offset fails", any("offset" in p for p in check_align([str(shifted)])))
        aab = t / "out" / "app-release.aab"
        aab.parent.mkdir()
        write_zip(aab, [("base/lib/arm64-v8a/libzairyu_ffi.so", good, False), ("base/lib/x86_64/libzairyu_ffi.so", good, False)])
        expect("AAB in a directory: ELF alignment only, passes", check_align([str(aab.parent)]) == [])
        write_zip(aab, [("base/lib/arm64-v8a/libzairyu_ffi.so", old, False)])
        expect("AAB: a 4 KB LOAD segment fails", len(check_align([str(aab)])) == 1)
        expect("nothing to check fails", len(check_align([str(t / "none")])) == 1)
        no_libs = t / "nolibs.apk"
        write_zip(no_libs, [("classes.dex", b"dex", False)])
        expect("an APK without 64-bit libraries fails", len(check_align([str(no_libs)])) == 1)

    passed = sum(results)
    print(f"check_android_release: {passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
