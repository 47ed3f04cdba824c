#!/usr/bin/env python3
"""Generates the synthetic card images under rust-core/src/image/testdata/.

Everything here is drawn from shapes and placeholder text: no real card, person or face.
The output is deterministic for a given Pillow/libtiff/OpenJPEG; the Rust tests compare against the
reference pixels stored next to each image (computed here by Pillow), so regenerating with another
Pillow only needs the references to be regenerated too, which this script does.

Usage: python3 scripts/gen-image-testdata.py
"""

import hashlib
import io
import os
import struct
import sys

from PIL import Image, ImageDraw, ImageFont, TiffImagePlugin

TiffImagePlugin.WRITE_LIBTIFF = True

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rust-core", "src", "image", "testdata")

D0_MAX = 7000  # gen1-chip.md §7
D1_MAX = 3000


def rgba_sha256(im):
    return hashlib.sha256(im.convert("RGBA").tobytes()).hexdigest()


def card_front():
    """A 1000x630 bi-level layout resembling a card front: frames, rule lines, placeholder text."""
    w, h = 1000, 630
    im = Image.new("1", (w, h), 1)
    d = ImageDraw.Draw(im)
    font_big = ImageFont.load_default(34)
    font = ImageFont.load_default(22)
    d.rectangle([8, 8, w - 9, h - 9], outline=0, width=3)
    d.text((30, 22), "SAMPLE RESIDENCE CARD", font=font_big, fill=0)
    d.text((720, 28), "No. XX00000000XX", font=font, fill=0)
    labels = ["NAME", "DATE OF BIRTH", "SEX", "NATIONALITY", "ADDRESS", "STATUS", "PERIOD OF STAY"]
    y = 90
    for i, label in enumerate(labels):
        d.text((30, y), label, font=font, fill=0)
        d.text((260, y), "TEST " + "ABCDEFGHIJ"[: 4 + i], font=font, fill=0)
        d.line([(30, y + 34), (680, y + 34)], fill=0, width=1)
        y += 62
    # The face area is left blank on the real D0 image; draw only its frame.
    d.rectangle([730, 110, 960, 400], outline=0, width=2)
    # A solid block and a checker patch exercise long runs and short runs in G4.
    d.rectangle([730, 440, 960, 470], fill=0)
    for yy in range(490, 590, 10):
        for xx in range(730, 960, 10):
            if ((xx // 10) + (yy // 10)) % 2 == 0:
                d.rectangle([xx, yy, xx + 4, yy + 4], fill=0)
    d.text((30, 560), "SYNTHETIC TEST IMAGE - NOT A REAL CARD", font=font, fill=0)
    return im


def face():
    """A 240x320 cartoon face from ellipses, in colour; not a person."""
    w, h = 240, 320
    im = Image.new("RGB", (w, h), (170, 200, 230))
    d = ImageDraw.Draw(im)
    for y in range(h):  # soft vertical gradient background
        c = 150 + y * 80 // h
        d.line([(0, y), (w, y)], fill=(c - 40, c - 10, c + 20 if c + 20 < 256 else 255))
    d.rectangle([40, 250, 200, 320], fill=(40, 60, 120))  # shoulders
    d.ellipse([55, 60, 185, 230], fill=(240, 200, 160))  # head
    d.pieslice([50, 40, 190, 170], 180, 360, fill=(90, 50, 20))  # hair
    d.ellipse([85, 125, 105, 140], fill=(255, 255, 255))
    d.ellipse([135, 125, 155, 140], fill=(255, 255, 255))
    d.ellipse([91, 128, 101, 138], fill=(30, 30, 90))
    d.ellipse([141, 128, 151, 138], fill=(30, 30, 90))
    d.polygon([(120, 145), (112, 175), (128, 175)], fill=(220, 170, 130))
    d.arc([95, 170, 145, 205], 20, 160, fill=(160, 40, 40), width=4)
    return im


def small_rgb(w=48, h=64):
    """A small colour image with hard edges and gradients, for lossless (exact) comparisons."""
    im = Image.new("RGB", (w, h))
    px = im.load()
    for y in range(h):
        for x in range(w):
            px[x, y] = ((x * 255) // (w - 1), (y * 255) // (h - 1), ((x ^ y) * 37) & 0xFF)
    ImageDraw.Draw(im).ellipse([8, 10, 40, 50], outline=(255, 255, 0), width=3)
    return im


def save_tiff_g4(im, **extra):
    buf = io.BytesIO()
    im.save(buf, "TIFF", compression="group4", **extra)
    return buf.getvalue()


def patch_short_tag(data, tag, old, new):
    """Rewrites an inline SHORT tag value in a little-endian TIFF's first IFD."""
    data = bytearray(data)
    assert data[:4] == b"II*\0"
    off = struct.unpack_from("<I", data, 4)[0]
    for i in range(struct.unpack_from("<H", data, off)[0]):
        e = off + 2 + 12 * i
        t, typ, cnt = struct.unpack_from("<HHI", data, e)
        if t == tag:
            assert typ == 3 and cnt == 1 and struct.unpack_from("<H", data, e + 8)[0] == old
            struct.pack_into("<H", data, e + 8, new)
            return bytes(data)
    sys.exit("tag %d not found" % tag)


def tag_value(data, tag):
    return Image.open(io.BytesIO(data)).tag_v2.get(tag)


def save_j2k(im, kind, **kw):
    buf = io.BytesIO()
    im.save(buf, "JPEG2000", no_jp2=(kind == "j2k"), **kw)
    return buf.getvalue()


def lossy_under(im, kind, limit):
    """Lowest compression rate (best quality) whose output fits the chip value."""
    for rate in range(40, 400, 2):
        data = save_j2k(im, kind, quality_mode="rates", quality_layers=[rate], irreversible=True)
        if len(data) <= limit:
            return data
    sys.exit("could not fit the face into %d bytes" % limit)


def check_decodes_to(data, expected_sha, name):
    got = rgba_sha256(Image.open(io.BytesIO(data)))
    if got != expected_sha:
        sys.exit("%s: Pillow does not decode it back to the drawn pixels" % name)


def main():
    os.makedirs(OUT, exist_ok=True)
    refs = []  # (file, width, height, sha256 of Pillow's RGBA decode)

    def write(name, data, limit=None):
        if limit is not None and len(data) > limit:
            sys.exit("%s is %d bytes, over %d" % (name, len(data), limit))
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        im = Image.open(io.BytesIO(data))
        im.load()
        refs.append((name, im.size[0], im.size[1], rgba_sha256(im)))
        return im

    front = card_front()
    front_sha = rgba_sha256(front)

    g4 = save_tiff_g4(front)
    check_decodes_to(g4, front_sha, "front_g4.tif")
    write("front_g4.tif", g4, D0_MAX)

    # WhiteIsZero: encode the inverted picture, then relabel it WhiteIsZero (patching the tag, since
    # Pillow's writer does not round-trip PhotometricInterpretation=0 for mode "1"). A correct reader
    # shows the same picture as front_g4.tif.
    inv = front.convert("L").point(lambda v: 255 - v).convert("1", dither=Image.Dither.NONE)
    wiz = patch_short_tag(save_tiff_g4(inv), 262, 1, 0)
    check_decodes_to(wiz, front_sha, "front_g4_whiteiszero.tif")
    write("front_g4_whiteiszero.tif", wiz, D0_MAX)

    # FillOrder=2: libtiff writes the G4 bits LSB-first. Pillow reads it; the tiff crate does not.
    fo2 = save_tiff_g4(front, tiffinfo={266: 2})
    if tag_value(fo2, 266) != 2 or fo2 == g4:
        sys.exit("libtiff did not write a FillOrder=2 file")
    check_decodes_to(fo2, front_sha, "front_g4_fillorder2.tif")
    write("front_g4_fillorder2.tif", fo2, D0_MAX)

    # Several strips, so trimming must cover the furthest strip, not the first.
    strips = save_tiff_g4(front, tiffinfo={278: 64})  # RowsPerStrip
    if len(Image.open(io.BytesIO(strips)).tag_v2.get(273)) < 2:
        sys.exit("libtiff wrote a single strip")
    check_decodes_to(strips, front_sha, "front_g4_strips.tif")
    write("front_g4_strips.tif", strips, D0_MAX)

    # Second-generation name/address images: 2500-byte G4 values (gen2-chip.md §6).
    name_im = Image.new("1", (600, 60), 1)
    ImageDraw.Draw(name_im).text((10, 12), "TEST NAME PLACEHOLDER", font=ImageFont.load_default(30), fill=0)
    write("gen2_name_g4.tif", save_tiff_g4(name_im), 2500)

    f = face()
    write("face.jp2", lossy_under(f, "jp2", D1_MAX), D1_MAX)
    write("face.j2k", lossy_under(f, "j2k", D1_MAX), D1_MAX)

    small = small_rgb()
    small_sha = rgba_sha256(small)
    for name, data in [
        ("small_lossless.jp2", save_j2k(small, "jp2", irreversible=False)),
        ("small_lossless.j2k", save_j2k(small, "j2k", irreversible=False)),
        # 16x16 tiles: 12 tile-parts, so trimming must walk Psot across all of them.
        ("small_tiled.j2k", save_j2k(small, "j2k", irreversible=False, tile_size=(16, 16))),
    ]:
        check_decodes_to(data, small_sha, name)
        write(name, data)

    grey = small.convert("L")
    data = save_j2k(grey, "jp2", irreversible=False)
    check_decodes_to(data, rgba_sha256(grey), "small_grey.jp2")
    write("small_grey.jp2", data)

    rgba = small.convert("RGBA")
    alpha = Image.new("L", rgba.size)
    alpha.putdata([(x * 5) & 0xFF for x in range(rgba.size[0] * rgba.size[1])])
    rgba.putalpha(alpha)
    data = save_j2k(rgba, "jp2", irreversible=False)
    check_decodes_to(data, rgba_sha256(rgba), "small_rgba.jp2")
    write("small_rgba.jp2", data)

    # Pillow's decode of the lossy faces, for a +-1 comparison in Rust.
    for name in ["face.jp2", "face.j2k"]:
        with open(os.path.join(OUT, name), "rb") as fh:
            im = Image.open(fh)
            im.load()
            im.convert("RGBA").save(os.path.join(OUT, name + ".pillow.png"), optimize=True)

    with open(os.path.join(OUT, "expected.txt"), "w") as fh:
        fh.write("# file width height sha256(RGBA8 as decoded by Pillow %s)\n" % Image.__version__)
        for name, w, h, sha in refs:
            fh.write("%s %d %d %s\n" % (name, w, h, sha))
    for name, w, h, sha in refs:
        print("%-28s %5d bytes %4dx%-4d %s" % (name, os.path.getsize(os.path.join(OUT, name)), w, h, sha[:16]))


if __name__ == "__main__":
    main()
