#!/usr/bin/env python3
"""Parses Kotlin sources (.kt, .kts) with the tree-sitter Kotlin grammar and reports any ERROR or
MISSING node.

kotlinc cannot compile the app here (no Android SDK), so this is the check that every Kotlin
file of the Android project, Gradle scripts included, is at least syntactically valid.
Usage: kotlin_syntax.py FILE...      one line per file, then `kotlin-syntax: N passed, N failed`
       kotlin_syntax.py --self-test  the checker must fail broken Kotlin and pass valid Kotlin
"""

import sys

import tree_sitter_kotlin

from syntax_check import check_files, parser


def main(paths):
    return check_files(parser(tree_sitter_kotlin.language()), paths, "kotlin-syntax")


def self_test():
    p = parser(tree_sitter_kotlin.language())
    broken = [b"fun f( {\n    val x =\n", b"class A { fun g() = listOf(1, }\n", b'val s = "open\n']
    valid = b"package a\n\ndata object B\n\nfun f(x: Int?): Int = x?.let { it + 1 } ?: 0\n"
    for src in broken:
        assert p.parse(src).root_node.has_error, f"broken Kotlin passed: {src!r}"
    assert not p.parse(valid).root_node.has_error, "valid Kotlin failed"
    print("kotlin-syntax self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main(sys.argv[1:]))
