#!/usr/bin/env python3
"""Checks the iOS app's configuration files on any machine (no Xcode needed).

- Info.plist, the entitlements and PrivacyInfo.xcprivacy are well-formed plist XML with the keys a
  store upload and CoreNFC need (usage descriptions, export setting, TAG format, privacy manifest).
- The AIDs CoreNFC may SELECT (Info.plist `...iso7816.select-identifiers`) are exactly the card's:
  DF1, DF2, DF3 from rust-core/src/chip/gen1.rs (shared by gen2.rs) and the specified card's
  residence application from rust-core/src/read/mod.rs, DFs first.
- Both languages' .strings tables have the same keys, and every key the Swift sources look up
  exists in them.
- The asset catalogue's JSON parses; the carousel's illustration ids match the core's; once
  scripts/gen-illustrations.py exists, the three imagesets it writes are present.
- project.yml points at files that exist; scripts/build-ios.sh is shellcheck-clean.

Usage: check_ios_config.py [--self-test]
Prints one line per check and `ios-config: N passed, N failed`.
"""

import json
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.parsers.expat import ExpatError

ROOT = Path(__file__).resolve().parents[2]
IOS = ROOT / "ios"
APP = IOS / "ZairyuReader"
RES = APP / "Resources"
AID_KEY = "com.apple.developer.nfc.readersession.iso7816.select-identifiers"


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def load_plist(path):
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            f.seek(0)
            expect(head.lstrip().startswith(b"<?xml"), f"{path.name} is not XML")
            return plistlib.load(f, fmt=plistlib.FMT_XML)
    except (plistlib.InvalidFileException, ValueError, ExpatError) as e:
        raise CheckFailed(f"{path.name} is not a well-formed plist: {e}") from e


# --- AIDs ----------------------------------------------------------------------------------------


def chip_aids(root=ROOT):
    """The AIDs the core selects, read from its source: [DF1, DF2, DF3, residence AP] as hex."""
    gen1 = (root / "rust-core/src/chip/gen1.rs").read_text()
    gen2 = (root / "rust-core/src/chip/gen2.rs").read_text()
    read = (root / "rust-core/src/read/mod.rs").read_text()
    body = re.search(r"const fn aid\(n: u8\) -> \[u8; 16\] \{(.*?)\n\}", gen1, re.S)
    expect(body, "gen1.rs: `const fn aid` not found")
    prefix = {}
    for index, value in re.findall(r"a\[(\d+)\] = (0x[0-9A-Fa-f]{2}|n);", body.group(1)):
        prefix[int(index)] = value
    expect(prefix.get(5) == "n" and sorted(prefix) == [0, 1, 2, 3, 4, 5], "gen1.rs: aid() layout changed")
    head = "".join(prefix[i][2:].upper() for i in range(5))
    dfs = []
    for name in ("AID_DF1", "AID_DF2", "AID_DF3"):
        m = re.search(rf"pub const {name}: \[u8; 16\] = aid\((0x[0-9A-Fa-f]{{2}})\);", gen1)
        expect(m, f"gen1.rs: {name} not found")
        dfs.append(head + m.group(1)[2:].upper() + "00" * 10)
    expect(re.search(r"pub use super::gen1::\{AID_DF1, AID_DF2, AID_DF3", gen2),
           "gen2.rs no longer shares the first generation's DF AIDs: list its own")
    m = re.search(r"pub const AID_RESIDENCE_AP: \[u8; 16\] = \[([^\]]*)\];", read)
    expect(m, "read/mod.rs: AID_RESIDENCE_AP not found")
    values = [int(v.strip(), 0) for v in m.group(1).split(",") if v.strip()]
    expect(len(values) == 16, "AID_RESIDENCE_AP is not 16 bytes")
    return dfs + ["".join(f"{v:02X}" for v in values)]


def check_aids(info, expected):
    listed = info.get(AID_KEY)
    expect(isinstance(listed, list) and listed, f"Info.plist: {AID_KEY} missing")
    expect(all(isinstance(a, str) and re.fullmatch(r"[0-9A-F]{10,32}", a) for a in listed),
           "Info.plist: AIDs must be upper-case hex, 5-16 bytes")
    expect(listed == expected, f"Info.plist AIDs {listed} != chip constants {expected}")


# --- plists --------------------------------------------------------------------------------------


def check_info(info):
    for key in ("NFCReaderUsageDescription", "NSCameraUsageDescription", "CFBundleIdentifier",
                "CFBundleShortVersionString", "CFBundleVersion", "ZRRevocationInquiryPath"):
        expect(isinstance(info.get(key), str) and info[key].strip(), f"Info.plist: {key} missing or empty")
    expect(info.get("ITSAppUsesNonExemptEncryption") is False,
           "Info.plist: ITSAppUsesNonExemptEncryption must be the decided false (see ios/README.md)")
    expect("nfc" in info.get("UIRequiredDeviceCapabilities", []), "Info.plist: nfc capability missing")
    expect(info.get("CFBundleLocalizations") == ["en", "ja"], "Info.plist: CFBundleLocalizations != [en, ja]")
    expect(info["ZRRevocationInquiryPath"].startswith("/"), "Info.plist: ZRRevocationInquiryPath must start with /")


def check_entitlements(ent):
    expect(ent.get("com.apple.developer.nfc.readersession.formats") == ["TAG"],
           "entitlements: readersession.formats must be [TAG]")


def check_privacy(manifest):
    expect(manifest.get("NSPrivacyTracking") is False, "xcprivacy: NSPrivacyTracking must be false")
    expect(manifest.get("NSPrivacyTrackingDomains") == [], "xcprivacy: tracking domains must be empty")
    expect(manifest.get("NSPrivacyCollectedDataTypes") == [], "xcprivacy: collected data must be empty")
    apis = manifest.get("NSPrivacyAccessedAPITypes")
    expect(isinstance(apis, list) and apis, "xcprivacy: NSPrivacyAccessedAPITypes missing")
    for api in apis:
        expect(str(api.get("NSPrivacyAccessedAPIType", "")).startswith("NSPrivacyAccessedAPICategory"),
               "xcprivacy: bad API type")
        reasons = api.get("NSPrivacyAccessedAPITypeReasons")
        expect(isinstance(reasons, list) and reasons and all(re.fullmatch(r"[0-9A-F]{4}\.\d", r) for r in reasons),
               f"xcprivacy: {api.get('NSPrivacyAccessedAPIType')} needs reason codes like C617.1")


# --- strings -------------------------------------------------------------------------------------

STRINGS_LINE = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)";\s*$')


def load_strings(path):
    """Keys of an old-style .strings table; any line that is not a comment, blank or entry fails."""
    keys = {}
    in_comment = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        if in_comment:
            in_comment = "*/" not in s
            continue
        if not s or s.startswith("//"):
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        m = STRINGS_LINE.match(s)
        expect(m, f"{path.relative_to(ROOT)}:{number}: not a \"key\" = \"value\"; line")
        expect(m.group(1) not in keys, f"{path.relative_to(ROOT)}:{number}: duplicate key {m.group(1)}")
        keys[m.group(1)] = m.group(2)
    return keys


LOOKUPS = [
    re.compile(r'String\(localized: "([^"\\]+)"'),
    re.compile(r'\bText\("([^"\\]+)"\)'),
    re.compile(r'SwiftUI\.Button\("([^"\\]+)"'),
    re.compile(r'\bLabel\("([^"\\]+)", systemImage'),
]


def used_keys(sources):
    keys = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in LOOKUPS:
            keys.update(k for k in pattern.findall(text) if "\\(" not in k)
    return keys


def check_strings(tables, used):
    for name in ("Localizable", "InfoPlist"):
        en, ja = tables[("en", name)], tables[("ja", name)]
        expect(set(en) == set(ja), f"{name}.strings: keys differ between en and ja: {sorted(set(en) ^ set(ja))}")
    missing = sorted(used - set(tables[("en", "Localizable")]))
    expect(not missing, f"keys used in Swift but missing from Localizable.strings: {missing}")


# --- assets and project ----------------------------------------------------------------------------


def check_assets():
    catalogue = APP / "Assets.xcassets"
    for contents in sorted(catalogue.rglob("Contents.json")):
        try:
            json.loads(contents.read_text())
        except json.JSONDecodeError as e:
            raise CheckFailed(f"{contents.relative_to(ROOT)}: {e}") from e
    icon = json.loads((catalogue / "AppIcon.appiconset/Contents.json").read_text())
    for image in icon["images"]:
        expect((catalogue / "AppIcon.appiconset" / image["filename"]).is_file(), f"app icon {image['filename']} missing")


def check_carousel_assets():
    carousel = (ROOT / "rust-core/src/present/carousel.rs").read_text()
    core_ids = re.findall(r'page\(\s*"([a-z0-9_]+)"', carousel)
    view = (APP / "Views/HelpCarouselView.swift").read_text()
    mapping = dict(re.findall(r'"([a-z0-9_]+)": "([A-Za-z0-9]+)"', view))
    expect(core_ids and sorted(core_ids) == sorted(mapping), f"carousel ids {core_ids} != app mapping {sorted(mapping)}")
    expect(sorted(mapping.values()) == ["CardGen1", "CardGen2", "CardSpecified"], "carousel asset names changed")
    if (ROOT / "scripts/gen-illustrations.py").exists():
        for name in mapping.values():
            folder = APP / "Assets.xcassets" / f"{name}.imageset"
            expect((folder / "Contents.json").is_file(), f"{folder.relative_to(ROOT)} missing: run scripts/gen-illustrations.py")
    return "" if (ROOT / "scripts/gen-illustrations.py").exists() else " (imagesets not checked: scripts/gen-illustrations.py not in this tree)"


def check_project():
    spec = (IOS / "project.yml").read_text()
    for key in ("INFOPLIST_FILE", "CODE_SIGN_ENTITLEMENTS"):
        m = re.search(rf"{key}: (\S+)", spec)
        expect(m and (IOS / m.group(1)).is_file(), f"project.yml: {key} does not name an existing file")
    expect((IOS / "ZairyuCore/Package.swift").is_file(), "ios/ZairyuCore/Package.swift missing")
    expect(RES.joinpath("PrivacyInfo.xcprivacy").is_file(), "PrivacyInfo.xcprivacy missing")


def check_shellcheck():
    shellcheck = shutil.which("shellcheck")
    expect(shellcheck, "shellcheck not installed (apt-get install shellcheck)")
    run = subprocess.run([shellcheck, "-x", "scripts/build-ios.sh"], cwd=ROOT, capture_output=True, text=True)
    expect(run.returncode == 0, "scripts/build-ios.sh is not shellcheck-clean:\n" + run.stdout)


# --- driver --------------------------------------------------------------------------------------


def checks():
    info = {}

    def info_plist():
        info.update(load_plist(RES / "Info.plist"))
        check_info(info)

    def tables():
        loaded = {}
        for language in ("en", "ja"):
            for name in ("Localizable", "InfoPlist"):
                loaded[(language, name)] = load_strings(RES / f"{language}.lproj/{name}.strings")
        swift = [p for p in APP.rglob("*.swift")]
        check_strings(loaded, used_keys(swift))

    return [
        ("Info.plist is a well-formed plist with the store and NFC keys", info_plist),
        ("Info.plist AIDs match the chip constants", lambda: check_aids(info or load_plist(RES / "Info.plist"), chip_aids())),
        ("entitlements: NFC TAG format", lambda: check_entitlements(load_plist(RES / "ZairyuReader.entitlements"))),
        ("PrivacyInfo.xcprivacy: no tracking, no collected data, reasons given", lambda: check_privacy(load_plist(RES / "PrivacyInfo.xcprivacy"))),
        ("strings: en/ja tables agree and cover every key the app looks up", tables),
        ("asset catalogue JSON and app icon", check_assets),
        ("carousel illustrations", check_carousel_assets),
        ("project.yml points at existing files", check_project),
        ("scripts/build-ios.sh is shellcheck-clean", check_shellcheck),
    ]


def main():
    passed = failed = 0
    for name, check in checks():
        try:
            note = check()
            passed += 1
            print(f"ok   {name}{note or ''}")
        except (CheckFailed, OSError) as e:
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"ios-config: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def self_test():
    """Every check must be able to fail: feed each one a broken input."""
    import tempfile

    good = load_plist(RES / "Info.plist")
    aids = chip_aids()
    check_aids(good, aids)
    for broken in (aids[:3], list(reversed(aids)), [a.lower() for a in aids], aids[:3] + ["D392F0004F05" + "00" * 10]):
        try:
            check_aids({AID_KEY: broken}, aids)
        except CheckFailed:
            continue
        raise AssertionError(f"wrong AID list accepted: {broken}")
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "Bad.plist"
        bad.write_bytes(b'<?xml version="1.0"?><plist version="1.0"><dict><key>a</key></plist>')
        try:
            load_plist(bad)
            raise AssertionError("malformed plist accepted")
        except CheckFailed:
            pass
        strings = Path(ROOT / "ios") / "Tools"  # any path under ROOT for relative_to
        bad_strings = strings / ".selftest.strings"
        try:
            bad_strings.write_text('"a" = "b"\n', encoding="utf-8")
            try:
                load_strings(bad_strings)
                raise AssertionError("strings line without ; accepted")
            except CheckFailed:
                pass
        finally:
            bad_strings.unlink(missing_ok=True)
    for mutate in (
        lambda d: d.pop("NSCameraUsageDescription"),
        lambda d: d.__setitem__("ITSAppUsesNonExemptEncryption", True),
    ):
        copy = dict(good)
        mutate(copy)
        try:
            check_info(copy)
            raise AssertionError("incomplete Info.plist accepted")
        except CheckFailed:
            pass
    try:
        check_privacy({"NSPrivacyTracking": True})
        raise AssertionError("tracking manifest accepted")
    except CheckFailed:
        pass
    try:
        check_strings({("en", "Localizable"): {"a": "x"}, ("ja", "Localizable"): {"a": "y"},
                       ("en", "InfoPlist"): {}, ("ja", "InfoPlist"): {}}, {"a", "b"})
        raise AssertionError("missing key accepted")
    except CheckFailed:
        pass
    print("ios-config self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main())
