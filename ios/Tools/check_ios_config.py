#!/usr/bin/env python3
"""Checks the iOS app's configuration files on any machine (no Xcode needed).

- Info.plist, the entitlements and PrivacyInfo.xcprivacy are well-formed plist XML with the keys a
  store upload and CoreNFC need (usage descriptions, export setting, TAG format, privacy manifest).
- The AIDs CoreNFC may SELECT (Info.plist `...iso7816.select-identifiers`) are exactly the card's:
  DF1, DF2, DF3 from rust-core/src/chip/gen1.rs (shared by gen2.rs) and the specified card's
  residence application from rust-core/src/read/mod.rs, DFs first; then the My Number
  applications from rust-core/src/mynumber/chip.rs (JPKI, input helper, card face). CoreNFC tries
  them in list order, so every residence AID must come before every My Number AID (a residence
  card is found at its first SELECT, as before issue 17; see ios/README.md).
- Both languages' .strings tables have the same keys, and every key the Swift sources look up
  exists in them.
- The asset catalogue's JSON parses; the carousel's illustration ids match the core's; once
  scripts/gen-illustrations.py exists, the three imagesets it writes are present.
- project.yml points at files that exist; scripts/build-ios.sh is shellcheck-clean.
- Toolchain: Swift 6 language mode and Xcode 26 in project.yml, Package.swift and the release
  gate; every xcodebuild test destination in ios/README.md (and .github/workflows/ios.yml, once
  it exists) names a simulator that Xcode 26 ships.
- Release gate: project.yml's pre-build script fails a Release build without the official roots
  (its file list names exactly what scripts/fetch-trust-anchors.sh writes), and the script itself
  is run here against present, missing and Debug cases.
- ZairyuKit carries its own privacy manifest (a package resource) that passes the same checks.
- About: project.yml bundles ZairyuReader/Resources/About; once scripts/gen-about.py exists, the
  policies (en, ja, with the non-affiliation statement) and notices.json (schema 1, every licence
  of what the iPhone app ships has its text) are there.
- Swift sources: none of the patterns this app must not contain (`Task { @MainActor in self?…`,
  which Swift 6 rejects in a `[weak self]` closure; the deprecated `UIScreen.main`).

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
ABOUT = RES / "About"
KIT = IOS / "ZairyuCore/Sources/ZairyuKit"
AID_KEY = "com.apple.developer.nfc.readersession.iso7816.select-identifiers"
# Simulators Xcode 26 ships (iOS 26 runtime); a test destination must name one of them.
XCODE26_SIMULATORS = {"iPhone 17", "iPhone 17 Pro", "iPhone 17 Pro Max", "iPhone Air", "iPhone 16e"}
NOT_AFFILIATED_EN = ("Zairyu Reader is not made by, endorsed by or affiliated with the Immigration "
                     "Services Agency of Japan.")
NOT_AFFILIATED_JA = "本アプリは出入国在留管理庁が作成・提供するものではなく、同庁とは関係ありません。"


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
    # The specified cards' residence AP lives in the one table of unconfirmed parameters.
    specified = (root / "rust-core/src/chip/specified.rs").read_text()
    expect(re.search(r"pub const AID_RESIDENCE_AP: \[u8; 16\] = crate::chip::specified::PARAMS\.aid_residence_ap;", read),
           "read/mod.rs: AID_RESIDENCE_AP no longer comes from chip/specified.rs PARAMS")
    m = re.search(r"\n    aid_residence_ap: \[([^\]]*)\],", specified)
    expect(m, "chip/specified.rs: PARAMS.aid_residence_ap not found")
    values = [int(v.strip(), 0) for v in m.group(1).split(",") if v.strip()]
    expect(len(values) == 16, "AID_RESIDENCE_AP is not 16 bytes")
    return dfs + ["".join(f"{v:02X}" for v in values)]


MY_NUMBER_AID_NAMES = ("AID_JPKI", "AID_INPUT_HELPER", "AID_CARD_FACE")


def my_number_aids(root=ROOT):
    """The My Number applications' AIDs from rust-core/src/mynumber/chip.rs, in the order chosen
    for Info.plist: JPKI, input helper (券面事項入力補助AP), card face (券面事項確認AP)."""
    chip = (root / "rust-core/src/mynumber/chip.rs").read_text(encoding="utf-8")
    aids = []
    for name in MY_NUMBER_AID_NAMES:
        m = re.search(rf"pub const {name}: \[u8; (\d+)\] = \[([^\]]*)\];", chip)
        expect(m, f"mynumber/chip.rs: {name} not found")
        values = [int(v.strip(), 0) for v in m.group(2).split(",") if v.strip()]
        expect(len(values) == int(m.group(1)) and 5 <= len(values) <= 16, f"mynumber/chip.rs: {name} has a bad length")
        aids.append("".join(f"{v:02X}" for v in values))
    return aids


def check_aid_order(listed, residence, my_number):
    """CoreNFC SELECTs in list order and stops at the first 90 00: residence AIDs first."""
    positions = {aid: i for i, aid in enumerate(listed)}
    missing = [a for a in residence + my_number if a not in positions]
    expect(not missing, f"Info.plist: AIDs missing: {missing}")
    last_residence = max(positions[a] for a in residence)
    first_my_number = min(positions[a] for a in my_number)
    expect(last_residence < first_my_number,
           "Info.plist: a My Number AID comes before a residence-card AID; CoreNFC tries them in list "
           "order, and residence cards must be found at their first SELECT (ios/README.md)")


def check_aids(info, expected, my_number=()):
    listed = info.get(AID_KEY)
    expect(isinstance(listed, list) and listed, f"Info.plist: {AID_KEY} missing")
    expect(all(isinstance(a, str) and re.fullmatch(r"[0-9A-F]{10,32}", a) for a in listed),
           "Info.plist: AIDs must be upper-case hex, 5-16 bytes")
    expect(len(set(listed)) == len(listed), "Info.plist: an AID is listed twice")
    if my_number:
        check_aid_order(listed, list(expected), list(my_number))
    want = list(expected) + list(my_number)
    expect(listed == want, f"Info.plist AIDs {listed} != chip constants {want}")


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


# --- toolchain -------------------------------------------------------------------------------------


def check_toolchain(spec, package, readme, workflow=None):
    expect(re.search(r'^\s+SWIFT_VERSION: "6\.0"$', spec, re.M), "project.yml: SWIFT_VERSION must be \"6.0\"")
    expect(re.search(r'^\s+xcodeVersion: "26\.\d+"$', spec, re.M), "project.yml: options.xcodeVersion must be 26.x")
    expect('"${XCODE_VERSION_MAJOR:-0}" -lt 2600' in spec, "project.yml: the release gate must refuse Xcode older than 26")
    m = re.match(r"// swift-tools-version:(\d+)\.(\d+)", package)
    expect(m and (int(m.group(1)), int(m.group(2))) >= (6, 0), "Package.swift: swift-tools-version must be 6.0 or later")
    expect(re.search(r"\bXcode 26\b", readme), "ios/README.md must say Xcode 26")
    for text, name in ((readme, "ios/README.md"), (workflow, ".github/workflows/ios.yml")):
        if text is None:
            continue
        destinations = re.findall(r"platform=iOS Simulator,name=([^,'\"`)\n]+)", text)
        expect(destinations, f"{name}: no xcodebuild test destination")
        for simulator in destinations:
            expect(simulator.strip() in XCODE26_SIMULATORS,
                   f"{name}: simulator {simulator!r} is not one Xcode 26 ships ({sorted(XCODE26_SIMULATORS)})")


# --- release gate ---------------------------------------------------------------------------------


def gate_script(spec):
    """The release gate's shell script, as written in project.yml."""
    m = re.search(r"- name: Release gate[^\n]*\n(?:\s+\w+:[^\n]*\n|\s+- [^\n]*\n)*?\s+script: \|\n((?:\s{10}[^\n]*\n|\n)+)", spec)
    expect(m, "project.yml: the release gate pre-build script is missing")
    return "\n".join(line[10:] for line in m.group(1).splitlines()) + "\n"


def anchor_names():
    """The root file names scripts/fetch-trust-anchors.sh writes (GEN1_FILES and CA2_MEMBER)."""
    fetch = (ROOT / "scripts/fetch-trust-anchors.sh").read_text()
    gen1 = re.search(r"^GEN1_FILES=\(([^)]*)\)", fetch, re.M)
    ca2 = re.search(r"^CA2_MEMBER=(\S+)", fetch, re.M)
    expect(gen1 and ca2, "fetch-trust-anchors.sh: GEN1_FILES or CA2_MEMBER not found")
    return gen1.group(1).split() + [ca2.group(1)]


def file_list(path):
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.strip().startswith("#")]


def check_release_gate(spec, names):
    expect("preBuildScripts:" in spec, "project.yml: no pre-build scripts")
    expect(re.search(r"^\s+- \$\(ZR_TRUST_ANCHOR_LIST\)$", spec, re.M), "project.yml: the gate must read $(ZR_TRUST_ANCHOR_LIST)")
    release = re.search(r"^\s+Release:\n((?:\s{10,}\S[^\n]*\n)+)", spec, re.M)
    expect(release and "ZR_REQUIRE_TRUST_ANCHORS: YES" in release.group(1)
           and "Tools/trust-anchors-release.xcfilelist" in release.group(1),
           "project.yml: the Release config must require the roots from trust-anchors-release.xcfilelist")
    expect(re.search(r"^\s+ZR_REQUIRE_TRUST_ANCHORS: NO$", spec, re.M), "project.yml: Debug must not require the roots")
    listed = file_list(IOS / "Tools/trust-anchors-release.xcfilelist")
    expect(listed == [f"$(SRCROOT)/ZairyuReader/TrustAnchors/{n}" for n in names],
           f"trust-anchors-release.xcfilelist {listed} != the roots fetch-trust-anchors.sh writes {names}")
    expect(file_list(IOS / "Tools/trust-anchors-none.xcfilelist") == [], "trust-anchors-none.xcfilelist must list nothing")
    return gate_script(spec)


def run_gate(script, env_extra, files_present, names):
    """Runs the gate as Xcode would (resolved file list in SCRIPT_INPUT_FILE_LIST_0); exit status."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        anchors = Path(tmp) / "TrustAnchors"
        anchors.mkdir()
        for name in names[:files_present]:
            (anchors / name).write_bytes(b"\x30\x82")
        resolved = Path(tmp) / "resolved.xcfilelist"
        resolved.write_text("".join(f"{anchors / n}\n" for n in names))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SCRIPT_INPUT_FILE_LIST_0": str(resolved)}
        env.update(env_extra)
        return subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)


def check_gate_behaviour(script, names):
    ok = run_gate(script, {"XCODE_VERSION_MAJOR": "2600", "ZR_REQUIRE_TRUST_ANCHORS": "YES"}, len(names), names)
    expect(ok.returncode == 0, f"gate fails a Release build that has every root: {ok.stdout}")
    missing = run_gate(script, {"XCODE_VERSION_MAJOR": "2600", "ZR_REQUIRE_TRUST_ANCHORS": "YES"}, len(names) - 1, names)
    expect(missing.returncode != 0 and f"error: release build without the official root {names[-1]}" in missing.stdout,
           "gate passes a Release build missing a root")
    debug = run_gate(script, {"XCODE_VERSION_MAJOR": "2600", "ZR_REQUIRE_TRUST_ANCHORS": "NO"}, 0, names)
    expect(debug.returncode == 0, "gate fails a Debug build without roots")
    old = run_gate(script, {"XCODE_VERSION_MAJOR": "1640", "ZR_REQUIRE_TRUST_ANCHORS": "NO"}, 0, names)
    expect(old.returncode != 0 and "Xcode 26" in old.stdout, "gate accepts Xcode 16")


# --- privacy manifest of the framework, About, Swift patterns -------------------------------------


def check_kit_privacy(package):
    expect((KIT / "PrivacyInfo.xcprivacy").is_file(), "ZairyuKit/PrivacyInfo.xcprivacy missing")
    check_privacy(load_plist(KIT / "PrivacyInfo.xcprivacy"))
    target = re.search(r'\.target\(\s*name: "ZairyuKit",(.*?)\n\s*\)', package, re.S)
    expect(target and 'resources: [.copy("PrivacyInfo.xcprivacy")]' in target.group(1),
           "Package.swift: ZairyuKit must carry PrivacyInfo.xcprivacy as a resource")


SPDX_OPERATORS = {"AND", "OR", "WITH"}


def check_notices(notices):
    expect(notices.get("schema") == 1, "notices.json: schema must be 1")
    components = notices.get("components")
    texts = notices.get("license_texts")
    expect(isinstance(components, list) and isinstance(texts, dict), "notices.json: components / license_texts missing")
    shipped = [c for c in components if c.get("origin") in ("rust", "ios")]
    expect(shipped, "notices.json: nothing the iPhone app ships is listed")
    for c in components:
        expect(all(isinstance(c.get(k), str) and c[k] for k in ("name", "version", "license", "origin", "url")),
               f"notices.json: incomplete component {c}")
        expect(c["origin"] in ("rust", "android", "ios"), f"notices.json: bad origin {c['origin']!r}")
    for c in shipped:
        for token in c["license"].replace("(", " ").replace(")", " ").split():
            if token not in SPDX_OPERATORS:
                expect(token in texts and texts[token].strip(), f"notices.json: no text for {token} ({c['name']})")


def check_about(spec):
    expect(re.search(r"- path: ZairyuReader/Resources/About\n\s+type: folder\n\s+buildPhase: resources", spec),
           "project.yml: ZairyuReader/Resources/About must be bundled as a folder resource")
    if not (ROOT / "scripts/gen-about.py").exists():
        return " (resources not checked: scripts/gen-about.py not in this tree)"
    for name in ("privacy-policy.en.txt", "privacy-policy.ja.txt", "notices.json"):
        expect((ABOUT / name).is_file(), f"{ABOUT.relative_to(ROOT)}/{name} missing: run scripts/gen-about.py")
    expect(NOT_AFFILIATED_EN in (ABOUT / "privacy-policy.en.txt").read_text(encoding="utf-8"),
           "privacy-policy.en.txt lacks the non-affiliation statement")
    expect(NOT_AFFILIATED_JA in (ABOUT / "privacy-policy.ja.txt").read_text(encoding="utf-8"),
           "privacy-policy.ja.txt lacks the non-affiliation statement")
    try:
        notices = json.loads((ABOUT / "notices.json").read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise CheckFailed(f"notices.json: {e}") from e
    check_notices(notices)
    return ""


FORBIDDEN_SWIFT = [
    (re.compile(r"Task\s*\{\s*@MainActor\s+in\s+self\?"),
     "`Task { @MainActor in self?… }` (capture [weak self] on the task itself)"),
    (re.compile(r"\bUIScreen\.main\b"), "`UIScreen.main` (deprecated since iOS 16; use the window scene's screen)"),
]


def check_swift_patterns(sources):
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            for pattern, what in FORBIDDEN_SWIFT:
                expect(not pattern.search(code), f"{path.relative_to(ROOT)}:{number}: {what}")


# --- driver --------------------------------------------------------------------------------------


def spec():
    return (IOS / "project.yml").read_text()


def workflow():
    path = ROOT / ".github/workflows/ios.yml"
    return path.read_text() if path.exists() else None


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
        ("Info.plist AIDs match the chip constants (residence first, then My Number)",
         lambda: check_aids(info or load_plist(RES / "Info.plist"), chip_aids(), my_number_aids())),
        ("entitlements: NFC TAG format", lambda: check_entitlements(load_plist(RES / "ZairyuReader.entitlements"))),
        ("PrivacyInfo.xcprivacy: no tracking, no collected data, reasons given", lambda: check_privacy(load_plist(RES / "PrivacyInfo.xcprivacy"))),
        ("strings: en/ja tables agree and cover every key the app looks up", tables),
        ("asset catalogue JSON and app icon", check_assets),
        ("carousel illustrations", check_carousel_assets),
        ("project.yml points at existing files", check_project),
        ("scripts/build-ios.sh is shellcheck-clean", check_shellcheck),
        ("toolchain: Swift 6, Xcode 26, simulators Xcode 26 ships", lambda: check_toolchain(
            spec(), (IOS / "ZairyuCore/Package.swift").read_text(), (IOS / "README.md").read_text(encoding="utf-8"),
            workflow())),
        ("release gate: Release fails without the official roots (script run here)", lambda: check_gate_behaviour(
            check_release_gate(spec(), anchor_names()), anchor_names())),
        ("ZairyuKit carries its privacy manifest", lambda: check_kit_privacy((IOS / "ZairyuCore/Package.swift").read_text())),
        ("About: policy and notices bundled", lambda: check_about(spec())),
        ("Swift sources avoid the forbidden patterns", lambda: check_swift_patterns(sorted(IOS.rglob("*.swift")))),
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
    mn = my_number_aids()
    check_aids(good, aids, mn)
    expect(mn == ["D392F000260100000001", "D3921000310001010408", "D3921000310001010402"],
           f"self-test: My Number AIDs read from chip.rs are {mn}")
    full = aids + mn
    for broken in (aids[:3], list(reversed(aids)), [a.lower() for a in aids], aids[:3] + ["D392F0004F05" + "00" * 10],
                   aids,                                  # My Number AIDs missing
                   mn + aids,                             # My Number first
                   aids[:3] + [mn[0]] + [aids[3]] + mn[1:],  # one My Number AID before the residence AP
                   full + [mn[0]],                        # listed twice
                   aids + list(reversed(mn)),             # My Number order changed
                   full[:-1]):                            # card face AP missing
        try:
            check_aids({AID_KEY: broken}, aids, mn)
        except CheckFailed:
            continue
        raise AssertionError(f"wrong AID list accepted: {broken}")
    try:
        check_aid_order(mn + aids, aids, mn)
        raise AssertionError("My Number before residence accepted by the order check")
    except CheckFailed:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        fake = Path(tmp)
        (fake / "rust-core/src/mynumber").mkdir(parents=True)
        (fake / "rust-core/src/mynumber/chip.rs").write_text(
            "pub const AID_JPKI: [u8; 10] = [0xD3, 0x92];\n", encoding="utf-8")
        try:
            my_number_aids(fake)
            raise AssertionError("a chip.rs without the input helper AID (and a short JPKI AID) accepted")
        except CheckFailed:
            pass
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
    for broken_readme in ("Xcode 26\n-destination 'platform=iOS Simulator,name=iPhone 15'", "Xcode 15\n-destination 'platform=iOS Simulator,name=iPhone 17'", "Xcode 26\n"):
        try:
            check_toolchain(spec(), (IOS / "ZairyuCore/Package.swift").read_text(), broken_readme)
            raise AssertionError(f"README accepted: {broken_readme!r}")
        except CheckFailed:
            pass
    try:
        check_toolchain(spec().replace('SWIFT_VERSION: "6.0"', 'SWIFT_VERSION: "5.0"'),
                        (IOS / "ZairyuCore/Package.swift").read_text(), (IOS / "README.md").read_text(encoding="utf-8"))
        raise AssertionError("Swift 5 mode accepted")
    except CheckFailed:
        pass
    names = anchor_names()
    script = check_release_gate(spec(), names)
    check_gate_behaviour(script, names)
    for broken_spec in (spec().replace("ZR_REQUIRE_TRUST_ANCHORS: YES", "ZR_REQUIRE_TRUST_ANCHORS: NO"),
                        spec().replace("- name: Release gate", "- name: Something else")):
        try:
            check_release_gate(broken_spec, names)
            raise AssertionError("release gate without its Release setting or script accepted")
        except CheckFailed:
            pass
    try:
        check_release_gate(spec(), names[:-1])
        raise AssertionError("file list out of step with fetch-trust-anchors.sh accepted")
    except CheckFailed:
        pass
    try:
        check_gate_behaviour(script.replace("exit \"$missing\"", "exit 0"), names)
        raise AssertionError("a gate that never fails accepted")
    except CheckFailed:
        pass
    try:
        check_kit_privacy('.library(name: "ZairyuKit", resources: [.copy("PrivacyInfo.xcprivacy")]),\n'
                          '.target(\n    name: "ZairyuKit",\n    path: "Sources/ZairyuKit"\n),')
        raise AssertionError("ZairyuKit without its manifest resource accepted")
    except CheckFailed:
        pass
    good_notices = {"schema": 1, "license_texts": {"MIT": "m", "Apache-2.0": "a"}, "components": [
        {"name": "x", "version": "1", "license": "(MIT OR Apache-2.0)", "origin": "rust", "url": "https://x"},
        {"name": "jna", "version": "5", "license": "LGPL-2.1-or-later", "origin": "android", "url": "https://j"}]}
    check_notices(good_notices)
    for mutate in (lambda n: n.__setitem__("schema", 2),
                   lambda n: n["components"][0].__setitem__("license", "MIT AND BSD-3-Clause"),
                   lambda n: n["components"][0].__setitem__("origin", "web"),
                   lambda n: n["components"].pop(0)):
        broken = json.loads(json.dumps(good_notices))
        mutate(broken)
        try:
            check_notices(broken)
            raise AssertionError(f"broken notices accepted: {broken}")
        except CheckFailed:
            pass
    with tempfile.TemporaryDirectory(dir=IOS / "Tools") as tmp:
        bad_swift = Path(tmp) / "Bad.swift"
        for line in ("x { [weak self] in Task { @MainActor in self?.go() } }", "let w = UIScreen.main.bounds.width"):
            bad_swift.write_text(line + "\n", encoding="utf-8")
            try:
                check_swift_patterns([bad_swift])
                raise AssertionError(f"forbidden Swift accepted: {line}")
            except CheckFailed:
                pass
        bad_swift.write_text("// UIScreen.main is deprecated\nTask { @MainActor [weak self] in self?.go() }\n", encoding="utf-8")
        check_swift_patterns([bad_swift])
    print("ios-config self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main())
