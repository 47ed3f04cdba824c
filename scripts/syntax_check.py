"""Shared part of the tree-sitter syntax checks (swift_syntax.py, kotlin_syntax.py).

Neither the Swift nor the Android toolchain runs on this CI, so these checks are what proves that
every shell source at least parses. Each language module supplies its grammar and any rewrite its
grammar needs; the walking and reporting are the same for both.
"""

import tree_sitter


def parser(language_capsule):
    return tree_sitter.Parser(tree_sitter.Language(language_capsule))


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


def check_files(p, paths, label, rewrite=lambda source: source):
    """Parses every file, prints one line each and `<label>: N passed, N failed`; 0 when all pass."""
    passed = failed = 0
    for path in paths:
        with open(path, "rb") as f:
            tree = p.parse(rewrite(f.read()))
        found = problems(tree) if tree.root_node.has_error else []
        if found:
            failed += 1
            print(f"FAIL {path}: " + "; ".join(found))
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"{label}: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1
