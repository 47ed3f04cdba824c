#!/usr/bin/env python3
"""Generates the phone apps' About content from what actually ships, or checks it is in step.

Writes, for Android (android/app/src/main/assets/about/) and iOS (ios/ZairyuReader/Resources/About/):
  privacy-policy.en.txt, privacy-policy.ja.txt  plain text from about/privacy-policy.{en,ja}.md
  notices.json  {"schema": 1,
                 "components": [{"name", "version", "license", "origin", "url"}, ...],
                 "license_texts": {"<SPDX id>": "<full text>", ...}}

Components:
  rust     the crates linked into the phone library: `cargo tree` of the shipping crate for the
           platform's device target, normal dependencies only (no dev, no build, no proc-macro: they
           run on the build machine and are not linked), with the features the phone build uses.
  android  the Gradle libraries of android/gradle/libs.versions.toml that ship in :app (the
           implementation/api/runtimeOnly dependencies of :app and the modules it links), with the
           licence from the reviewed table GRADLE_LICENCES below; plus the Kotlin standard library.
  ios      none today: the Swift package links only Apple's system frameworks.

Licence texts: for licences that carry the licensor's own copyright line (MIT, BSD, Zlib, 0BSD,
ISC), every distinct licence file found in the crates' published sources (~/.cargo/registry/src)
is included, headed by the crates that carry it; a crate without such a file gets the standard text
from about/licenses/. Licences whose text is the same for every work (Apache-2.0, MPL-2.0,
Unlicense, LLVM-exception) appear once, as the standard text in about/licenses/. Non-SPDX terms
(ML Kit) are LicenseRef-* ids with a short text in about/licenses/.

Plain-text format of the policy (what the apps render): UTF-8, "\n" line ends; one paragraph per
line, blocks separated by one blank line; a heading is a block of one line (Markdown "#" removed);
list items start with "• " and stay one block; **bold**, *italic* and `code` markup removed;
[text](url) becomes "text (url)" and <url> becomes "url".

Usage: scripts/gen-about.py [--check] [--package NAME] [--features LIST]
       scripts/gen-about.py --check-gradle-runtime REPORT   (the Android workflow, with Gradle)
  --check     regenerate in memory and compare with the committed files (exit 1 with a summary)
  --package   the crate built into the phone library (default: zairyu-ffi, or zairyu-core while
              the workspace has no zairyu-ffi)
  --features  features the phone build enables (default: the crate's default features)
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ABOUT = ROOT / "about"
LICENSES = ABOUT / "licenses"

# The crate the phone library is built from. The UniFFI exports are moving from zairyu-core into
# zairyu-ffi (rust-core/ffi); until that crate exists in the workspace, zairyu-core is used.
SHIPPING_PACKAGE = "zairyu-ffi"
FALLBACK_PACKAGE = "zairyu-core"

# Device targets per platform (the simulator/emulator ABIs link the same crates).
PLATFORMS = {
    "android": {
        "target": "aarch64-linux-android",
        "out": ROOT / "android/app/src/main/assets/about",
    },
    "ios": {
        "target": "aarch64-apple-ios",
        "out": ROOT / "ios/ZairyuReader/Resources/About",
    },
}

ANDROID = ROOT / "android"
CATALOG = ANDROID / "gradle/libs.versions.toml"
APP_MODULE = ":app"

# Reviewed table: every Gradle library (Maven group:artifact) that ships in :app, with its licence
# and where its terms/source are. A shipped library missing here fails the check; add it only
# after reading its licence.
GRADLE_LICENCES: dict[str, tuple[str, str]] = {
    "androidx.activity:activity-compose": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/activity"),
    "androidx.annotation:annotation": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/annotation"),
    "androidx.activity:activity-ktx": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/activity"),
    "androidx.camera:camera-core": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/camera"),
    "androidx.camera:camera-camera2": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/camera"),
    "androidx.camera:camera-lifecycle": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/camera"),
    "androidx.camera:camera-view": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/camera"),
    "androidx.compose.material3:material3": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-material3"),
    "androidx.compose.material:material-icons-core": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-material"),
    "androidx.compose.foundation:foundation": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-foundation"),
    "androidx.compose.material:material-icons-extended": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-material"),
    "androidx.compose.ui:ui": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-ui"),
    "androidx.compose.ui:ui-graphics": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-ui"),
    "androidx.compose.ui:ui-tooling-preview": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/compose-ui"),
    "androidx.core:core-ktx": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/core"),
    "androidx.core:core-splashscreen": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/core"),
    "androidx.lifecycle:lifecycle-process": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/lifecycle"),
    "androidx.lifecycle:lifecycle-runtime-compose": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/lifecycle"),
    "androidx.lifecycle:lifecycle-viewmodel-compose": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/lifecycle"),
    "androidx.webkit:webkit": ("Apache-2.0", "https://developer.android.com/jetpack/androidx/releases/webkit"),
    # ML Kit is under Google's terms, not an open-source licence.
    "com.google.mlkit:text-recognition": ("LicenseRef-MLKit-Terms", "https://developers.google.com/ml-kit/terms"),
    # issue 17: the Japanese model for the My Number card face, under the same terms.
    "com.google.mlkit:text-recognition-japanese": ("LicenseRef-MLKit-Terms", "https://developers.google.com/ml-kit/terms"),
    # JNA is offered under LGPL-2.1-or-later or Apache-2.0, at the user's choice; the app takes it
    # under Apache-2.0 (no LGPL relinking obligations on the shipped AAR).
    "net.java.dev.jna:jna": ("Apache-2.0", "https://github.com/java-native-access/jna"),
    "org.jetbrains.kotlinx:kotlinx-coroutines-android": ("Apache-2.0", "https://github.com/Kotlin/kotlinx.coroutines"),
    "org.jetbrains.kotlinx:kotlinx-coroutines-core": ("Apache-2.0", "https://github.com/Kotlin/kotlinx.coroutines"),
}
# Shipped without a catalog entry: the Kotlin Android plugin adds the standard library, at the
# catalog's Kotlin version.
KOTLIN_STDLIB = ("org.jetbrains.kotlin:kotlin-stdlib", "kotlin", "Apache-2.0", "https://github.com/JetBrains/kotlin")

# The libraries above pull in others (AndroidX, Kotlin, Play services under ML Kit). They are not
# listed one by one (resolving them needs Gradle and the Android repositories); the Android workflow
# checks, with --check-gradle-runtime, that each artifact of :app's resolved release runtime
# classpath is under one of these reviewed licence families, all of whose texts notices.json has.
GRADLE_FAMILIES: list[tuple[str, str]] = [
    ("androidx.", "Apache-2.0"),
    ("org.jetbrains.kotlin:", "Apache-2.0"),
    ("org.jetbrains.kotlinx:", "Apache-2.0"),
    ("org.jetbrains:annotations", "Apache-2.0"),
    ("org.jspecify:", "Apache-2.0"),
    ("com.google.guava:", "Apache-2.0"),
    ("com.google.errorprone:", "Apache-2.0"),
    ("javax.inject:", "Apache-2.0"),
    ("net.java.dev.jna:", "Apache-2.0"),
    # Open source in firebase-android-sdk (Apache-2.0); ML Kit uses them for its components.
    ("com.google.firebase:firebase-components", "Apache-2.0"),
    ("com.google.firebase:firebase-encoders", "Apache-2.0"),
    ("com.google.android.datatransport:", "Apache-2.0"),
    # ML Kit and the Play services libraries it brings in: Google's terms.
    ("com.google.mlkit:", "LicenseRef-MLKit-Terms"),
    ("com.google.android.gms:", "LicenseRef-MLKit-Terms"),
    ("com.google.android.odml:", "LicenseRef-MLKit-Terms"),
]

# Gradle configurations whose dependencies end up in the release APK/AAB.
SHIPPING_CONFIGURATIONS = {"implementation", "api", "runtimeOnly", "releaseImplementation", "releaseApi", "releaseRuntimeOnly",
                           "coreLibraryDesugaring"}

# Licences whose text names no licensor: one standard copy serves every component.
FIXED_TEXT = {"Apache-2.0", "MPL-2.0", "Unlicense", "LLVM-exception"}

OUTPUT_NAMES = ("privacy-policy.en.txt", "privacy-policy.ja.txt", "notices.json")


class AboutError(Exception):
    pass


# --- privacy policy --------------------------------------------------------------------------

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def markdown_to_text(md: str) -> str:
    """The small Markdown subset the policy uses, as plain text (format in the module doc)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            joined = paragraph[0]
            for part in paragraph[1:]:
                # Japanese text joins a wrapped line without a space.
                cjk = CJK.match(joined[-1]) and CJK.match(part[0])
                joined += ("" if cjk else " ") + part
            current.append(joined)
            paragraph.clear()

    def flush_block() -> None:
        flush_paragraph()
        if current:
            blocks.append(current.copy())
            current.clear()

    for raw in md.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.startswith("<!--") and line.endswith("-->"):
            continue  # source-only comments
        if not line.strip():
            flush_block()
        elif line.startswith("#"):
            flush_block()
            blocks.append([line.lstrip("#").strip()])
        elif re.match(r"^\s*[-*] ", line):
            flush_paragraph()
            paragraph.append("• " + re.sub(r"^\s*[-*] ", "", line).strip())
        elif paragraph and raw.startswith("  "):
            paragraph.append(line.strip())  # continuation of a list item
        else:
            if paragraph and paragraph[0].startswith("• "):
                flush_paragraph()
            paragraph.append(line.strip())
    flush_block()

    def inline(text: str) -> str:
        text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)
        text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
        text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
        text = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"\1", text)
        text = re.sub(r"`([^`]+)`", r"\1", text)
        return text

    return "\n\n".join("\n".join(inline(l) for l in block) for block in blocks) + "\n"


# --- Rust crates -----------------------------------------------------------------------------

def cargo(*args: str) -> str:
    env = dict(os.environ)
    try:
        proc = subprocess.run(["cargo", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise AboutError("cargo not found")
    if proc.returncode != 0:
        raise AboutError(f"cargo {' '.join(args)} failed:\n{proc.stderr.strip()}")
    return proc.stdout


def cargo_metadata() -> dict:
    return json.loads(cargo("metadata", "--format-version", "1", "--locked"))


def shipping_package(metadata: dict, requested: str | None) -> str:
    members = {p["name"] for p in metadata["packages"] if p["id"] in metadata["workspace_members"]}
    if requested:
        if requested not in members:
            raise AboutError(f"--package {requested}: not a workspace member ({', '.join(sorted(members))})")
        return requested
    if SHIPPING_PACKAGE in members:
        return SHIPPING_PACKAGE
    if FALLBACK_PACKAGE in members:
        return FALLBACK_PACKAGE
    raise AboutError(f"neither {SHIPPING_PACKAGE} nor {FALLBACK_PACKAGE} is a workspace member")


def linked_crates(package: str, target: str, features: str | None) -> set[tuple[str, str]]:
    """(name, version) of every registry crate the package links on the target."""
    args = ["tree", "--locked", "-p", package, "--target", target, "-e", "normal,no-proc-macro",
            "--prefix", "none", "--format", "{p}"]
    if features is not None:
        args += ["--no-default-features"] + (["--features", features] if features else [])
    crates = set()
    for line in cargo(*args).splitlines():
        m = re.match(r"^(\S+) v(\S+)(.*)$", line.strip())
        if not m:
            continue
        if "(/" in m.group(3) or "(proc-macro)" in m.group(3):
            continue  # workspace/path crates (our own) and, defensively, proc macros
        crates.add((m.group(1), m.group(2)))
    return crates


def normalise_expression(expr: str | None, name: str) -> str:
    if not expr:
        raise AboutError(f"crate {name} declares no SPDX licence expression (license field)")
    # Old crates write "MIT/Apache-2.0" for "MIT OR Apache-2.0".
    return re.sub(r"\s*/\s*", " OR ", expr.strip())


def expression_ids(expr: str) -> list[str]:
    tokens = re.findall(r"[A-Za-z0-9.+-]+", expr)
    return [t for t in tokens if t not in ("AND", "OR", "WITH")]


def classify(text: str) -> set[str]:
    """Which licences a licence file's text is, by its wording."""
    t = " ".join(text.lower().split())
    ids = set()
    if "apache license" in t and "version 2.0" in t and "terms and conditions for use" in t:
        ids.add("Apache-2.0")
    if "llvm exceptions to the apache 2.0 license" in t:
        ids.add("LLVM-exception")
    if "permission is hereby granted, free of charge" in t:
        ids.add("MIT")
    if "mozilla public license version 2.0" in t:
        ids.add("MPL-2.0")
    if "this is free and unencumbered software released into the public domain" in t:
        ids.add("Unlicense")
    if "redistribution and use in source and binary forms" in t:
        ids.add("BSD-3-Clause" if "neither the name" in t or "may be used to endorse" in t else "BSD-2-Clause")
    if "unicode license v3" in t or ("unicode, inc." in t and "copyright and permission notice" in t):
        ids.add("Unicode-3.0")
    if "altered source versions must be plainly marked" in t:
        ids.add("Zlib")
    if "permission to use, copy, modify, and/or distribute this software for any purpose" in t:
        ids.add("ISC" if "provided that the above copyright notice" in t else "0BSD")
    return ids


LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|unlicense|notice)", re.IGNORECASE)


def crate_licence_files(manifest: Path, licence_file: str | None) -> list[Path]:
    root = manifest.parent
    files = [p for p in root.iterdir() if p.is_file() and LICENCE_FILE.match(p.name)]
    if licence_file:
        p = (root / licence_file).resolve()
        if p.is_file() and p not in files:
            files.append(p)
    return sorted(files, key=lambda p: p.name)


def clean_text(text: str) -> str:
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def standard_text(spdx_id: str) -> str:
    path = LICENSES / f"{spdx_id}.txt"
    if not path.is_file():
        raise AboutError(f"no licence text for {spdx_id}: add the standard text as {shown(path)}")
    return clean_text(path.read_text(encoding="utf-8"))


def rust_components(metadata: dict, package: str, target: str, features: str | None):
    by_key = {(p["name"], p["version"]): p for p in metadata["packages"] if p.get("source")}
    components = []
    # id -> {normalised text: {"text", "crates"}} for licences with a licensor's own copyright line
    found: dict[str, dict[str, dict]] = {}
    for name, version in sorted(linked_crates(package, target, features)):
        pkg = by_key.get((name, version))
        if pkg is None:
            raise AboutError(f"{name} {version} is in cargo tree but not in cargo metadata")
        expr = normalise_expression(pkg.get("license"), name)
        url = pkg.get("repository") or pkg.get("homepage") or f"https://crates.io/crates/{name}"
        components.append({"name": name, "version": version, "license": expr, "origin": "rust", "url": url})
        label = f"{name} {version}"
        wanted = set(expression_ids(expr))
        texts: dict[str, list[str]] = {}
        for f in crate_licence_files(Path(pkg["manifest_path"]), pkg.get("license_file")):
            try:
                text = clean_text(f.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            for spdx_id in classify(text) & wanted:
                texts.setdefault(spdx_id, []).append(text)
        for spdx_id in wanted - FIXED_TEXT:
            seen = set()
            for text in texts.get(spdx_id) or [""]:  # "" = the standard text
                key = " ".join(text.split())  # copies that differ only in layout are one text
                if key in seen:
                    continue
                seen.add(key)
                group = found.setdefault(spdx_id, {}).setdefault(key, {"text": text, "crates": []})
                group["text"] = min(group["text"], text)
                group["crates"].append(label)
    return components, found


# --- Gradle libraries ------------------------------------------------------------------------

def gradle_module_dir(module: str) -> Path:
    return ANDROID / module.lstrip(":").replace(":", "/")


def gradle_dependencies(module: str) -> tuple[list[str], list[str], list[str]]:
    """(catalog accessors, project modules, platform accessors) a module ships."""
    script = gradle_module_dir(module) / "build.gradle.kts"
    if not script.is_file():
        raise AboutError(f"{shown(script)} not found (Gradle module {module})")
    text = script.read_text(encoding="utf-8")
    libs, projects, platforms = [], [], []
    for m in re.finditer(r"^\s*(\w+)\s*\(\s*(.+)$", text, re.MULTILINE):
        configuration, arg = m.group(1), m.group(2)
        if configuration not in SHIPPING_CONFIGURATIONS:
            continue
        if p := re.match(r'project\(\s*"([^"]+)"\s*\)', arg):
            projects.append(p.group(1))
        elif p := re.match(r"platform\(\s*libs\.([\w.]+)\s*\)", arg):
            platforms.append(p.group(1))
        elif p := re.match(r"libs\.([\w.]+)", arg):
            libs.append(p.group(1))
        else:
            raise AboutError(f"{shown(script)}: cannot read the dependency {configuration}({arg.strip()}): use the version catalog")
    return libs, projects, platforms


def catalog_version(catalog: dict, entry: dict) -> str | None:
    version = entry.get("version")
    if isinstance(version, str):
        return version
    if isinstance(version, dict):
        if "ref" in version:
            return catalog.get("versions", {}).get(version["ref"])
        return version.get("strictly") or version.get("require") or version.get("prefer")
    return None


def catalog_module(entry) -> tuple[str, str | None]:
    if isinstance(entry, str):  # "group:artifact:version"
        parts = entry.split(":")
        return ":".join(parts[:2]), (parts[2] if len(parts) > 2 else None)
    if "module" in entry:
        return entry["module"], None
    return f"{entry['group']}:{entry['name']}", None


def android_components():
    catalog = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    libraries = catalog.get("libraries", {})
    accessors = {alias.replace("-", ".").replace("_", "."): alias for alias in libraries}

    shipped_libs: set[str] = set()
    boms: list[str] = []
    seen, queue = set(), [APP_MODULE]
    while queue:
        module = queue.pop()
        if module in seen:
            continue
        seen.add(module)
        libs, projects, platforms = gradle_dependencies(module)
        shipped_libs.update(libs)
        boms.extend(platforms)
        queue.extend(projects)

    def resolve(accessor: str) -> tuple[str, str, str | None]:
        alias = accessors.get(accessor)
        if alias is None:
            raise AboutError(f"libs.{accessor} is used by a shipped module but is not in {shown(CATALOG)}")
        entry = libraries[alias]
        module, inline_version = catalog_module(entry)
        version = inline_version or (catalog_version(catalog, entry) if isinstance(entry, dict) else None)
        return alias, module, version

    bom_versions = []
    for accessor in sorted(set(boms)):
        _, module, version = resolve(accessor)
        bom_versions.append(f"{module.split(':')[1]} {version}")

    components, problems = [], []
    for accessor in sorted(shipped_libs):
        alias, module, version = resolve(accessor)
        if module not in GRADLE_LICENCES:
            problems.append(f"{module} (catalog entry {alias}) ships in {APP_MODULE} but has no entry in "
                            "GRADLE_LICENCES in scripts/gen-about.py: read its licence and add it")
            continue
        if version is None:
            if not bom_versions:
                problems.append(f"{module} (catalog entry {alias}) has no version and no BOM")
                continue
            version = ", ".join(bom_versions)  # the version comes from the BOM
        licence, url = GRADLE_LICENCES[module]
        components.append({"name": module, "version": version, "license": licence, "origin": "android", "url": url})
    if problems:
        raise AboutError("\n".join(problems))
    name, version_key, licence, url = KOTLIN_STDLIB
    kotlin = catalog.get("versions", {}).get(version_key)
    if kotlin is None:
        raise AboutError(f"{shown(CATALOG)} has no [versions] {version_key}")
    components.append({"name": name, "version": kotlin, "license": licence, "origin": "android", "url": url})
    return components


# --- notices.json ----------------------------------------------------------------------------

def licence_texts(components: list[dict], found: dict[str, dict[str, dict]]) -> dict[str, str]:
    ids = sorted({i for c in components for i in expression_ids(c["license"])})
    texts = {}
    for spdx_id in ids:
        if spdx_id in FIXED_TEXT or spdx_id.startswith("LicenseRef-") or spdx_id not in found:
            texts[spdx_id] = standard_text(spdx_id) + "\n"
            continue
        groups = found[spdx_id]
        sections = []
        for key, group in sorted(groups.items(), key=lambda kv: (sorted(kv[1]["crates"])[0], kv[0])):
            text, crates = group["text"], group["crates"]
            body = text or standard_text(spdx_id)
            note = "" if text else " (no licence file in the published crate: the standard text)"
            sections.append(f"{', '.join(sorted(crates))}{note}:\n\n{body}")
        texts[spdx_id] = ("\n\n" + "-" * 40 + "\n\n").join(sections) + "\n"
    return texts


def notices(components: list[dict], found) -> str:
    order = {"rust": 0, "android": 1, "ios": 2}
    components = sorted(components, key=lambda c: (order[c["origin"]], c["name"], c["version"]))
    data = {"schema": 1, "components": components, "license_texts": licence_texts(components, found)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def generate(package: str | None, features: str | None) -> tuple[dict[Path, str], str]:
    metadata = cargo_metadata()
    package = shipping_package(metadata, package)
    policy = {}
    for lang in ("en", "ja"):
        src = ABOUT / f"privacy-policy.{lang}.md"
        policy[lang] = markdown_to_text(src.read_text(encoding="utf-8"))
    outputs = {}
    for platform, cfg in PLATFORMS.items():
        components, found = rust_components(metadata, package, cfg["target"], features)
        if platform == "android":
            components += android_components()
        out = cfg["out"]
        outputs[out / "privacy-policy.en.txt"] = policy["en"]
        outputs[out / "privacy-policy.ja.txt"] = policy["ja"]
        outputs[out / "notices.json"] = notices(components, found)
    return outputs, package


# --- Gradle runtime classpath (Android workflow) ----------------------------------------------

GRADLE_LINE = re.compile(r"^[|+\\ -]*([\w.\-]+):([\w.\-]+):([\w.\-]+)(?: -> ([\w.\-]+))?(.*)$")


def gradle_runtime_artifacts(report: str) -> set[tuple[str, str]]:
    """(group:artifact, version) from `gradle :app:dependencies --configuration releaseRuntimeClasspath`."""
    artifacts = set()
    for line in report.splitlines():
        m = GRADLE_LINE.match(line)
        if not m or "(c)" in m.group(5) or "(n)" in m.group(5):
            continue  # constraints and unresolved entries are not on the classpath
        artifacts.add((f"{m.group(1)}:{m.group(2)}", m.group(4) or m.group(3)))
    return artifacts


def gradle_runtime_licence(module: str) -> str | None:
    if module in GRADLE_LICENCES:
        return GRADLE_LICENCES[module][0]
    for prefix, licence in GRADLE_FAMILIES:
        if module.startswith(prefix):
            return licence
    return None


def check_gradle_runtime(report: str, notices_text: str) -> list[str]:
    """Problems: resolved artifacts of no reviewed family, or whose licence text notices.json lacks."""
    artifacts = gradle_runtime_artifacts(report)
    if not artifacts:
        return ["no artifacts found in the dependency report"]
    texts = json.loads(notices_text).get("license_texts", {})
    problems = []
    for module, version in sorted(artifacts):
        licence = gradle_runtime_licence(module)
        if licence is None:
            problems.append(f"{module}:{version} ships in the release APK but matches no entry of GRADLE_LICENCES "
                            "or GRADLE_FAMILIES in scripts/gen-about.py: read its licence and add it")
        elif licence not in texts:
            problems.append(f"{module}:{version} is under {licence}, which notices.json has no text for")
    return problems


# --- check -----------------------------------------------------------------------------------

def component_key(c: dict) -> tuple[str, str]:
    return (c.get("origin", "?"), c.get("name", "?"))


def notices_diff(old_text: str, new_text: str) -> list[str]:
    try:
        old = json.loads(old_text)
    except json.JSONDecodeError as e:
        return [f"  not valid JSON ({e})"]
    new = json.loads(new_text)
    lines = []
    old_c = {}
    for c in old.get("components", []):
        old_c.setdefault(component_key(c), []).append(c)
    new_c = {}
    for c in new["components"]:
        new_c.setdefault(component_key(c), []).append(c)
    for key in sorted(set(old_c) | set(new_c)):
        a = sorted(c.get("version", "?") for c in old_c.get(key, []))
        b = sorted(c["version"] for c in new_c.get(key, []))
        origin, name = key
        if not a:
            lines.append(f"  + {origin} {name} {', '.join(b)} (ships, not listed)")
        elif not b:
            lines.append(f"  - {origin} {name} {', '.join(a)} (listed, no longer ships)")
        elif a != b:
            lines.append(f"  ~ {origin} {name}: listed {', '.join(a)}, ships {', '.join(b)}")
        else:
            for x, y in zip(sorted(old_c[key], key=str), sorted(new_c[key], key=str)):
                if x != y:
                    fields = [k for k in ("license", "url") if x.get(k) != y.get(k)]
                    lines.append(f"  ~ {origin} {name}: {', '.join(fields) or 'entry'} differs")
    ot, nt = old.get("license_texts", {}), new["license_texts"]
    for k in sorted(set(ot) | set(nt)):
        if k not in ot:
            lines.append(f"  + licence text {k}")
        elif k not in nt:
            lines.append(f"  - licence text {k}")
        elif ot[k] != nt[k]:
            lines.append(f"  ~ licence text {k} differs")
    if old.get("schema") != new["schema"]:
        lines.append(f"  schema {old.get('schema')} != {new['schema']}")
    if not lines:
        lines.append("  same content, different layout")
    return lines


def lockfile_mismatches(notices_path: Path, lockfile: Path | None = None) -> list[str]:
    """Rust components of a committed notices.json whose version Cargo.lock does not have."""
    lock = tomllib.loads((lockfile or ROOT / "Cargo.lock").read_text(encoding="utf-8"))
    versions: dict[str, set[str]] = {}
    for p in lock.get("package", []):
        versions.setdefault(p["name"], set()).add(p["version"])
    try:
        data = json.loads(notices_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    out = []
    for c in data.get("components", []):
        if c.get("origin") == "rust" and c.get("version") not in versions.get(c.get("name"), set()):
            have = ", ".join(sorted(versions.get(c.get("name"), set()))) or "none"
            out.append(f"  {c.get('name')}: notices.json {c.get('version')}, Cargo.lock {have}")
    return out


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check(outputs: dict[Path, str]) -> int:
    failures = 0
    for path, expected in sorted(outputs.items()):
        rel = shown(path)
        if not path.is_file():
            print(f"FAIL {rel}: missing")
            failures += 1
            continue
        actual = path.read_text(encoding="utf-8")
        problems = []
        if path.name == "notices.json":
            stale = lockfile_mismatches(path)
            if stale:
                problems.append("  versions not in Cargo.lock:")
                problems += ["  " + s for s in stale]
        if actual != expected:
            if path.name == "notices.json":
                problems += notices_diff(actual, expected)
            else:
                diff = list(difflib.unified_diff(actual.splitlines(), expected.splitlines(),
                                                 "committed", "generated", lineterm="", n=0))
                problems += ["  " + l for l in diff[2:22]]
                if len(diff) > 22:
                    problems.append(f"  … {len(diff) - 22} more diff lines")
        if problems:
            print(f"FAIL {rel}: out of step")
            print("\n".join(problems))
            failures += 1
        else:
            print(f"ok   {rel}")
    passed = len(outputs) - failures
    print(f"{passed} passed, {failures} failed")
    if failures:
        print("run scripts/gen-about.py and commit the result")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--package")
    parser.add_argument("--features")
    parser.add_argument("--check-gradle-runtime", metavar="REPORT",
                        help="check a `gradle :app:dependencies --configuration releaseRuntimeClasspath` "
                             "report against the licence families and the committed Android notices.json")
    args = parser.parse_args()
    if args.check_gradle_runtime:
        report = Path(args.check_gradle_runtime).read_text(encoding="utf-8")
        notices_path = PLATFORMS["android"]["out"] / "notices.json"
        problems = check_gradle_runtime(report, notices_path.read_text(encoding="utf-8"))
        count = len(gradle_runtime_artifacts(report))
        for p in problems:
            print(f"FAIL {p}")
        print(f"{count - len(problems)} passed, {len(problems)} failed ({count} runtime artifacts)")
        return 1 if problems else 0
    try:
        outputs, package = generate(args.package, args.features)
    except AboutError as e:
        print(f"gen-about: {e}", file=sys.stderr)
        if args.check:
            print("0 passed, 1 failed")
        return 1
    print(f"shipping crate: {package}")
    if args.check:
        return check(outputs)
    for path, text in sorted(outputs.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {shown(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
