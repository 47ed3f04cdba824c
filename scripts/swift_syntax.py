#!/usr/bin/env python3
"""Parses Swift files with the tree-sitter Swift grammar and reports any ERROR or MISSING node.

No Swift toolchain runs on Linux CI here, so this is the check that the generated bindings (and
the iOS shell's sources) are at least syntactically valid Swift.

One rewrite happens before parsing: the grammar treats `#if` lines as free-floating extras and
cannot parse a conditional block that holds only attributes (SE-0367, e.g. UniFFI's
`#if swift(>=5.8) / @_documentation(visibility: private) / #endif` before a declaration). For
such blocks only, the `#if`/`#endif` lines are blanked and the attributes kept, so the attributes
and the declaration are still parsed and line numbers stay true. Likewise the closure `{ () }`
(returns the empty tuple; UniFFI's `writeReturn` for Void callbacks) is read as `{ Void() }`,
the same value in a spelling the grammar parses.
Usage: swift_syntax.py FILE...   Prints one line per file and `swift-syntax: N passed, N failed`.
"""

import sys

import tree_sitter_swift

from syntax_check import check_files, parser


def work_around_grammar(source):
    """The two rewrites described above; nothing else is touched."""
    lines = source.split(b"\n")
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith(b"#if "):
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith(b"@"):
                j += 1
            if j > i + 1 and j < len(lines) and lines[j].strip() == b"#endif":
                lines[i] = lines[j] = b""
                i = j
        i += 1
    return b"\n".join(lines).replace(b"{ () }", b"{ Void() }")


def main(paths):
    return check_files(parser(tree_sitter_swift.language()), paths, "swift-syntax", work_around_grammar)


def self_test():
    """The checker must fail broken Swift and pass the patterns it works around."""
    p = parser(tree_sitter_swift.language())
    broken = b"func f( {\n    let x =\n"
    valid = b"#if swift(>=5.8)\n@_documentation(visibility: private)\n#endif\nstruct A {\n    let w = { () }\n}\n"
    assert p.parse(work_around_grammar(broken)).root_node.has_error, "broken Swift passed"
    assert not p.parse(work_around_grammar(valid)).root_node.has_error, "valid Swift failed"
    print("swift-syntax self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else main(sys.argv[1:]))
