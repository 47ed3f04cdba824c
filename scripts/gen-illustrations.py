#!/usr/bin/env python3
"""Turns the help carousel's card drawings (design/illustrations/*.svg, the one shared source)
into what each app bundles:

  Android  android/app/src/main/res/drawable/card_gen1.xml …      (VectorDrawable)
  iOS      ios/ZairyuReader/Assets.xcassets/CardGen1.imageset/   (Contents.json + the SVG, kept
           as a vector: "preserves-vector-representation")

Only the small SVG subset the drawings use is understood — <rect> (with rx), <line>, <path>,
<circle>, fills and strokes in #RRGGBB — and anything else is refused, so a drawing can never
pick up something one of the platforms would render differently (or text, which would need
fonts and translation).

Usage: gen-illustrations.py          write the generated files
       gen-illustrations.py --check  exit 1 if any generated file differs from what would be written
"""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "design" / "illustrations"
DRAWABLE_DIR = ROOT / "android" / "app" / "src" / "main" / "res" / "drawable"
XCASSETS_DIR = ROOT / "ios" / "ZairyuReader" / "Assets.xcassets"

# Source file stem → (Android drawable name, iOS asset name); None: that app does not bundle it.
# The iOS shell and the Android :logic module (Illustrations.kt) refer to these exact names.
DRAWINGS = {
    "card-gen1": ("card_gen1", "CardGen1"),
    "card-gen2": ("card_gen2", "CardGen2"),
    "card-specified": ("card_specified", "CardSpecified"),
    # The Android reading screen's "where to hold the card" (iPhones read at the top edge).
    "hold-android": ("hold_android", None),
}

SVG_NS = "{http://www.w3.org/2000/svg}"
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9.,\s-]+$")
PAINT = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin"}
GEOMETRY = {
    "rect": {"x", "y", "width", "height", "rx", "ry"},
    "line": {"x1", "y1", "x2", "y2"},
    "circle": {"cx", "cy", "r"},
    "path": {"d"},
}


class DrawingError(Exception):
    pass


def num(text, what):
    if text is None or not NUMBER.match(text.strip()):
        raise DrawingError(f"{what}: not a plain number: {text!r}")
    return float(text)


def fmt(v):
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def rect_path(x, y, w, h, r):
    if w <= 0 or h <= 0:
        raise DrawingError("rect: width and height must be positive")
    r = min(r, w / 2, h / 2)
    if r <= 0:
        return f"M{fmt(x)},{fmt(y)} H{fmt(x + w)} V{fmt(y + h)} H{fmt(x)} Z"
    a = f"A{fmt(r)},{fmt(r)} 0 0 1"
    return (
        f"M{fmt(x + r)},{fmt(y)} H{fmt(x + w - r)} {a} {fmt(x + w)},{fmt(y + r)} "
        f"V{fmt(y + h - r)} {a} {fmt(x + w - r)},{fmt(y + h)} H{fmt(x + r)} {a} {fmt(x)},{fmt(y + h - r)} "
        f"V{fmt(y + r)} {a} {fmt(x + r)},{fmt(y)} Z"
    )


def element_path(tag, a):
    """Path data for one shape, in the viewport's coordinates."""
    if tag == "rect":
        rx = a.get("rx", a.get("ry", "0"))
        return rect_path(num(a.get("x", "0"), "x"), num(a.get("y", "0"), "y"),
                         num(a.get("width"), "width"), num(a.get("height"), "height"), num(rx, "rx"))
    if tag == "line":
        return f"M{fmt(num(a.get('x1'), 'x1'))},{fmt(num(a.get('y1'), 'y1'))} L{fmt(num(a.get('x2'), 'x2'))},{fmt(num(a.get('y2'), 'y2'))}"
    if tag == "circle":
        cx, cy, r = num(a.get("cx"), "cx"), num(a.get("cy"), "cy"), num(a.get("r"), "r")
        if r <= 0:
            raise DrawingError("circle: r must be positive")
        arc = f"A{fmt(r)},{fmt(r)} 0 1 0"
        return f"M{fmt(cx - r)},{fmt(cy)} {arc} {fmt(cx + r)},{fmt(cy)} {arc} {fmt(cx - r)},{fmt(cy)} Z"
    d = (a.get("d") or "").strip()
    if not d or not PATH_DATA.match(d):
        raise DrawingError(f"path: unsupported path data {d!r}")
    return " ".join(d.split())


def paint(tag, a):
    """VectorDrawable paint attributes. SVG fills a shape black unless told otherwise; a line has
    no fill."""
    out = []
    fill = a.get("fill", "none" if tag == "line" else "#000000")
    if fill != "none":
        if not COLOR.match(fill):
            raise DrawingError(f"{tag}: fill must be #RRGGBB or none, not {fill!r}")
        out.append(("android:fillColor", fill.upper()))
    stroke = a.get("stroke", "none")
    if stroke != "none":
        if not COLOR.match(stroke):
            raise DrawingError(f"{tag}: stroke must be #RRGGBB or none, not {stroke!r}")
        out.append(("android:strokeColor", stroke.upper()))
        out.append(("android:strokeWidth", fmt(num(a.get("stroke-width", "1"), "stroke-width"))))
        cap = a.get("stroke-linecap")
        if cap is not None:
            if cap not in ("butt", "round", "square"):
                raise DrawingError(f"{tag}: stroke-linecap {cap!r}")
            out.append(("android:strokeLineCap", cap))
        join = a.get("stroke-linejoin")
        if join is not None:
            if join not in ("miter", "round", "bevel"):
                raise DrawingError(f"{tag}: stroke-linejoin {join!r}")
            out.append(("android:strokeLineJoin", join))
    elif "stroke-width" in a:
        raise DrawingError(f"{tag}: stroke-width without stroke")
    return out


def vector_drawable(svg_path):
    try:
        root = ET.parse(svg_path).getroot()
    except ET.ParseError as e:
        raise DrawingError(f"not well-formed XML: {e}") from None
    if root.tag != SVG_NS + "svg":
        raise DrawingError("root element must be <svg> in the SVG namespace")
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(view_box) != 4 or [num(v, "viewBox") for v in view_box[:2]] != [0.0, 0.0]:
        raise DrawingError("viewBox must be '0 0 W H'")
    vw, vh = num(view_box[2], "viewBox width"), num(view_box[3], "viewBox height")
    width, height = num(root.get("width"), "width"), num(root.get("height"), "height")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<!-- Generated by scripts/gen-illustrations.py from design/illustrations/{svg_path.name}: do not edit. -->",
        '<vector xmlns:android="http://schemas.android.com/apk/res/android"',
        f'    android:width="{fmt(width)}dp"',
        f'    android:height="{fmt(height)}dp"',
        f'    android:viewportWidth="{fmt(vw)}"',
        f'    android:viewportHeight="{fmt(vh)}">',
    ]
    for el in root:
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        tag = el.tag.removeprefix(SVG_NS)
        if tag not in GEOMETRY:
            raise DrawingError(f"<{tag}> is outside the supported subset (rect, line, path, circle)")
        if len(el) or (el.text or "").strip():
            raise DrawingError(f"<{tag}> must be empty")
        unknown = set(el.attrib) - GEOMETRY[tag] - PAINT
        if unknown:
            raise DrawingError(f"<{tag}>: unsupported attributes {sorted(unknown)}")
        attrs = [("android:pathData", element_path(tag, el.attrib))] + paint(tag, el.attrib)
        lines.append("    <path")
        lines.extend(f'        {k}="{v}"' for k, v in attrs[:-1])
        lines.append(f'        {attrs[-1][0]}="{attrs[-1][1]}" />')
    lines.append("</vector>")
    return "\n".join(lines) + "\n"


def imageset_contents(svg_name):
    contents = {
        "images": [{"filename": svg_name, "idiom": "universal"}],
        "info": {"author": "xcode", "version": 1},
        "properties": {"preserves-vector-representation": True},
    }
    return json.dumps(contents, indent=2) + "\n"


def outputs():
    """Every generated file and its exact content (bytes)."""
    files = {}
    for stem, (drawable, asset) in DRAWINGS.items():
        svg = SOURCE_DIR / f"{stem}.svg"
        if not svg.is_file():
            raise DrawingError(f"missing source {svg.relative_to(ROOT)}")
        try:
            files[DRAWABLE_DIR / f"{drawable}.xml"] = vector_drawable(svg).encode()
        except DrawingError as e:
            raise DrawingError(f"{svg.relative_to(ROOT)}: {e}") from None
        if asset is None:
            continue
        imageset = XCASSETS_DIR / f"{asset}.imageset"
        files[imageset / "Contents.json"] = imageset_contents(svg.name).encode()
        files[imageset / svg.name] = svg.read_bytes()
    return files


def main(argv):
    check = argv == ["--check"]
    if argv and not check:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    try:
        files = outputs()
    except DrawingError as e:
        print(f"gen-illustrations: {e}", file=sys.stderr)
        return 1
    stale = []
    for path, content in files.items():
        current = path.read_bytes() if path.is_file() else None
        if current == content:
            continue
        if check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"wrote {path.relative_to(ROOT)}")
    if check:
        for s in stale:
            print(f"out of date: {s} (run scripts/gen-illustrations.py)")
        print(f"illustrations: {len(files) - len(stale)} of {len(files)} generated files up to date")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
