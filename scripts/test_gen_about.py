#!/usr/bin/env python3
"""Tests of scripts/gen-about.py: the policy text format the apps rely on, licence detection, the
Gradle table gate, the Cargo.lock gate, the check's failure report and deterministic output.
Prints "N passed, N failed" (scripts/test.sh counts it)."""

import contextlib
import importlib.util
import io
import json
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("gen_about", HERE / "gen-about.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

MIT_BODY = (gen.LICENSES / "MIT.txt").read_text(encoding="utf-8").replace(
    "Copyright (c) <year> <copyright holders>", "Copyright (c) 2020 Someone")


class PolicyText(unittest.TestCase):
    def test_markdown_subset(self):
        md = ("<!-- source note -->\n# Title\n\nOne **bold** line\nwrapped, [link](https://x.example/a) "
              "`code` <https://y.example>.\n\n- item one\n  continued\n- item two\n\n## Next\n\n"
              "これは\nテストです。\n- 一つ目\n  の続き\n")
        self.assertEqual(
            gen.markdown_to_text(md),
            "Title\n\nOne bold line wrapped, link (https://x.example/a) code https://y.example.\n\n"
            "• item one continued\n• item two\n\nNext\n\nこれはテストです。\n• 一つ目の続き\n")

    def test_committed_policies_carry_the_statements(self):
        en = (gen.ABOUT / "privacy-policy.en.md").read_text(encoding="utf-8")
        ja = (gen.ABOUT / "privacy-policy.ja.md").read_text(encoding="utf-8")
        self.assertIn("Zairyu Reader is not made by, endorsed by or affiliated with the Immigration "
                      "Services Agency of Japan.", " ".join(en.split()))
        self.assertIn("本アプリは出入国在留管理庁が作成・提供するものではなく、同庁とは関係ありません。", ja)
        self.assertIn("[PUBLISHER: contact", en)
        self.assertIn("[発行者記入: 連絡先", ja)


class Licences(unittest.TestCase):
    def test_classify(self):
        self.assertEqual(gen.classify(MIT_BODY), {"MIT"})
        self.assertEqual(gen.classify((gen.LICENSES / "BSD-3-Clause.txt").read_text()), {"BSD-3-Clause"})
        self.assertEqual(gen.classify((gen.LICENSES / "BSD-2-Clause.txt").read_text()), {"BSD-2-Clause"})
        self.assertEqual(gen.classify((gen.LICENSES / "0BSD.txt").read_text()), {"0BSD"})
        self.assertEqual(gen.classify((gen.LICENSES / "ISC.txt").read_text()), {"ISC"})
        self.assertEqual(gen.classify((gen.LICENSES / "Zlib.txt").read_text()), {"Zlib"})
        apache = (gen.LICENSES / "Apache-2.0.txt").read_text()
        llvm = (gen.LICENSES / "LLVM-exception.txt").read_text()
        self.assertEqual(gen.classify(apache + "\n" + llvm), {"Apache-2.0", "LLVM-exception"})
        self.assertEqual(gen.classify("This crate is MIT OR Apache-2.0."), set())

    def test_expressions(self):
        self.assertEqual(gen.normalise_expression("MIT/Apache-2.0", "x"), "MIT OR Apache-2.0")
        self.assertEqual(gen.expression_ids("(Apache-2.0 OR MIT) AND BSD-3-Clause"),
                         ["Apache-2.0", "MIT", "BSD-3-Clause"])
        self.assertEqual(gen.expression_ids("Apache-2.0 WITH LLVM-exception OR MIT"),
                         ["Apache-2.0", "LLVM-exception", "MIT"])
        with self.assertRaises(gen.AboutError):
            gen.normalise_expression(None, "nolicence")

    def test_texts_group_crates_and_fall_back_to_the_standard_text(self):
        components = [{"name": "a", "version": "1", "license": "MIT OR Apache-2.0", "origin": "rust", "url": "u"}]
        found = {"MIT": {
            "k1": {"text": MIT_BODY, "crates": ["b 2", "a 1"]},
            "": {"text": "", "crates": ["c 3"]},
        }}
        texts = gen.licence_texts(components, found)
        self.assertEqual(sorted(texts), ["Apache-2.0", "MIT"])
        self.assertEqual(texts["Apache-2.0"], gen.standard_text("Apache-2.0") + "\n")
        sections = texts["MIT"].split("\n\n" + "-" * 40 + "\n\n")
        self.assertEqual(len(sections), 2)
        self.assertTrue(sections[0].startswith("a 1, b 2:\n\nMIT License\n\nCopyright (c) 2020 Someone\n"))
        self.assertTrue(sections[1].startswith(
            "c 3 (no licence file in the published crate: the standard text):\n\nMIT License\n"))


class GradleGate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        (root / "gradle").mkdir()
        (root / "gradle/libs.versions.toml").write_text(
            '[versions]\nkotlin = "2.2.21"\njna = "5.18.1"\nbom = "2025.10.00"\n'
            '[libraries]\njna = { module = "net.java.dev.jna:jna", version.ref = "jna" }\n'
            'compose-bom = { module = "androidx.compose:compose-bom", version.ref = "bom" }\n'
            'androidx-compose-ui = { module = "androidx.compose.ui:ui" }\n'
            'left-pad = { module = "com.example:left-pad", version = "1.0" }\n'
            'junit = { module = "org.junit:junit", version = "4.13" }\n')
        for module in ("app", "core"):
            (root / module).mkdir()
        (root / "app/build.gradle.kts").write_text(
            'dependencies {\n    implementation(project(":core"))\n'
            '    implementation(platform(libs.compose.bom))\n    implementation(libs.androidx.compose.ui)\n'
            '    testImplementation(libs.junit)\n    debugImplementation(libs.left.pad)\n}\n')
        (root / "core/build.gradle.kts").write_text(
            'dependencies {\n    api(libs.jna) {\n        artifact { type = "aar" }\n    }\n}\n')
        self.saved = gen.ANDROID, gen.CATALOG
        gen.ANDROID, gen.CATALOG = root, root / "gradle/libs.versions.toml"
        self.root = root

    def tearDown(self):
        gen.ANDROID, gen.CATALOG = self.saved
        self.tmp.cleanup()

    def test_shipped_libraries_with_versions(self):
        components = gen.android_components()
        self.assertEqual([(c["name"], c["version"], c["license"]) for c in components], [
            ("androidx.compose.ui:ui", "compose-bom 2025.10.00", "Apache-2.0"),
            ("net.java.dev.jna:jna", "5.18.1", "Apache-2.0"),
            ("org.jetbrains.kotlin:kotlin-stdlib", "2.2.21", "Apache-2.0"),
        ])

    def test_a_shipped_library_without_a_table_entry_fails(self):
        script = self.root / "core/build.gradle.kts"
        script.write_text(script.read_text().replace("}\n}\n", "}\n    implementation(libs.left.pad)\n}\n"))
        with self.assertRaises(gen.AboutError) as e:
            gen.android_components()
        self.assertIn("com.example:left-pad (catalog entry left-pad) ships in :app but has no entry in GRADLE_LICENCES",
                      str(e.exception))

    def test_an_unknown_catalog_accessor_fails(self):
        script = self.root / "app/build.gradle.kts"
        script.write_text(script.read_text().replace("libs.androidx.compose.ui)", "libs.androidx.compose.uix)"))
        with self.assertRaises(gen.AboutError) as e:
            gen.android_components()
        self.assertIn("libs.androidx.compose.uix is used by a shipped module but is not in", str(e.exception))


class GradleRuntime(unittest.TestCase):
    REPORT = """releaseRuntimeClasspath - Runtime classpath of '/release'.
+--- project :core
|    +--- net.java.dev.jna:jna:5.18.1
|    \\--- androidx.annotation:annotation:1.9.1
|         \\--- org.jetbrains.kotlin:kotlin-stdlib:1.9.24 -> 2.2.21 (*)
+--- androidx.compose:compose-bom:2025.10.00
|    +--- androidx.compose.ui:ui:1.9.3 (c)
+--- com.google.mlkit:text-recognition:16.0.1
|    \\--- com.google.android.gms:play-services-basement:18.1.0
\\--- org.example:thing:1.0 (n)
"""
    NOTICES = json.dumps({"schema": 1, "components": [],
                          "license_texts": {"Apache-2.0": "a", "LicenseRef-MLKit-Terms": "m"}})

    def test_artifacts(self):
        self.assertEqual(gen.gradle_runtime_artifacts(self.REPORT), {
            ("net.java.dev.jna:jna", "5.18.1"), ("androidx.annotation:annotation", "1.9.1"),
            ("org.jetbrains.kotlin:kotlin-stdlib", "2.2.21"), ("androidx.compose:compose-bom", "2025.10.00"),
            ("com.google.mlkit:text-recognition", "16.0.1"),
            ("com.google.android.gms:play-services-basement", "18.1.0")})

    def test_covered_report_passes(self):
        self.assertEqual(gen.check_gradle_runtime(self.REPORT, self.NOTICES), [])

    def test_unknown_family_and_missing_text_fail(self):
        report = self.REPORT + "+--- com.example:left-pad:1.0\n"
        notices = json.dumps({"license_texts": {"Apache-2.0": "a"}})
        self.assertEqual(gen.check_gradle_runtime(report, notices), [
            "com.example:left-pad:1.0 ships in the release APK but matches no entry of GRADLE_LICENCES "
            "or GRADLE_FAMILIES in scripts/gen-about.py: read its licence and add it",
            "com.google.android.gms:play-services-basement:18.1.0 is under LicenseRef-MLKit-Terms, "
            "which notices.json has no text for",
            "com.google.mlkit:text-recognition:16.0.1 is under LicenseRef-MLKit-Terms, which notices.json has no text for",
        ])
        self.assertEqual(gen.check_gradle_runtime("nothing here", notices), ["no artifacts found in the dependency report"])


class Check(unittest.TestCase):
    def test_lockfile_versions(self):
        with tempfile.TemporaryDirectory() as d:
            lock = Path(d) / "Cargo.lock"
            lock.write_text('version = 4\n[[package]]\nname = "serde"\nversion = "1.0.2"\n')
            notices = Path(d) / "notices.json"
            notices.write_text(json.dumps({"schema": 1, "components": [
                {"name": "serde", "version": "1.0.1", "license": "MIT", "origin": "rust", "url": "u"},
                {"name": "jna", "version": "9", "license": "Apache-2.0", "origin": "android", "url": "u"}],
                "license_texts": {}}))
            self.assertEqual(gen.lockfile_mismatches(notices, lock),
                             ["  serde: notices.json 1.0.1, Cargo.lock 1.0.2"])

    def test_check_reports_what_is_out_of_step(self):
        new = {"schema": 1, "components": [
            {"name": "a", "version": "1.0.0", "license": "MIT", "origin": "rust", "url": "u"},
            {"name": "b", "version": "2.0.0", "license": "MIT", "origin": "rust", "url": "u"}],
            "license_texts": {"MIT": "text"}}
        old = {"schema": 1, "components": [
            {"name": "a", "version": "0.9.0", "license": "MIT", "origin": "rust", "url": "u"},
            {"name": "c", "version": "1.0.0", "license": "MIT", "origin": "rust", "url": "u"}],
            "license_texts": {"MIT": "old text"}}
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "notices.json"
            p.write_text(json.dumps(old))
            txt = Path(d) / "policy.txt"
            txt.write_text("same\n")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = gen.check({p: json.dumps(new), txt: "same\n"})
        self.assertEqual(rc, 1)
        report = out.getvalue()
        self.assertIn("  ~ rust a: listed 0.9.0, ships 1.0.0", report)
        self.assertIn("  + rust b 2.0.0 (ships, not listed)", report)
        self.assertIn("  - rust c 1.0.0 (listed, no longer ships)", report)
        self.assertIn("  ~ licence text MIT differs", report)
        self.assertIn("1 passed, 1 failed", report)

    def test_generation_is_deterministic_and_sorted(self):
        first, package = gen.generate(None, None)
        second, _ = gen.generate(None, None)
        self.assertEqual(first, second)
        self.assertIn(package, (gen.SHIPPING_PACKAGE, gen.FALLBACK_PACKAGE))
        for platform, cfg in gen.PLATFORMS.items():
            data = json.loads(first[cfg["out"] / "notices.json"])
            self.assertEqual(data["schema"], 1)
            order = {"rust": 0, "android": 1, "ios": 2}
            keys = [(order[c["origin"]], c["name"], c["version"]) for c in data["components"]]
            self.assertEqual(keys, sorted(keys))
            names = {c["name"] for c in data["components"]}
            self.assertNotIn("zairyu-core", names)
            self.assertNotIn("proptest", names)  # dev-dependency
            self.assertNotIn("syn", names)  # proc-macro side only
            self.assertIn("uniffi", names)
            self.assertEqual("android_logger" in names, platform == "android")
            self.assertEqual("oslog" in names, platform == "ios")
            self.assertEqual("net.java.dev.jna:jna" in names, platform == "android")
            ids = {i for c in data["components"] for i in gen.expression_ids(c["license"])}
            self.assertEqual(set(data["license_texts"]), ids)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
