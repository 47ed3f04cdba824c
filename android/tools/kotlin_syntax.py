#!/usr/bin/env python3
"""Parses Kotlin sources (.kt, .kts) with the tree-sitter Kotlin grammar and reports any ERROR or
MISSING node.

kotlinc cannot compile the app here (no Android SDK), so this is the check that every Kotlin
file of the Android project, Gradle scripts included, is at least syntactically valid.
Usage: kotlin_syntax.py FILE...      one line per file, then `kotlin-syntax: N passed, N failed`
       kotlin_syntax.py --self-test  the checker must fail broken Kotlin and pass valid Kotlin
"""

import sys

import tree_sitter
import tree_sitter_kotlin


def parser():
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_kotlin.language()))


def problems(tree, limit=5):
    """Positions of the first ERROR/MISSING nodes, depth first."""
    found = []
    stack = [tree.root_node]
    while stack and len(found) < limit:
        node = stack.pop()
        if node.is_error or node.is_missing:
            kind = "MISSING " + node.type if node.is_missing else "ERROR"
            found.append(f"{kind} at {node.start_point[0] + 1}:{node.start_point[1] + 1}")
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return found


def main(paths):
    p = parser()
    passed = failed = 0
    for path in paths:
        with open(path, "rb") as f:
            tree = p.parse(f.read())
        found = problems(tree) if tree.root_node.has_error else []
        if found:
            failed += 1
            print(f"FAIL {path}: " + "; ".join(found))
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"kotlin-syntax: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def self_test():
    p = parser()
    broken = [b"fun f( {\n    val x =\n", b"class A { fun g() = listOf(1, }\n", b'val s = "open\n']
    valid = b"package a\n\ndata object B\n\nfun f(x: Int?): Int = x?.let { it + 1 } ?: 0\n"
    for src in broken:
        assert p.parse(src).root_node.has_error, f"broken Kotlin passed: {src!r}"
    assert not p.parse(valid).root_node.has_error, "valid Kotlin failed"
    print("kotlin-syntax self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main(sys.argv[1:]))
