#!/usr/bin/env python3
"""Draws the app icon (ios/ZairyuReader/Assets.xcassets/AppIcon.appiconset/AppIcon-1024.png):
a schematic card with an IC chip and a check mark, no photo or real card design. Reproducible:
the same Pillow version writes the same bytes. Usage: make_app_icon.py [OUT]"""

import sys

from PIL import Image, ImageDraw

SIZE = 1024
BLUE = (30, 91, 154)
CARD = (244, 247, 251)
CHIP = (214, 175, 76)
GREEN = (46, 160, 67)


def draw():
    img = Image.new("RGB", (SIZE, SIZE), BLUE)  # no alpha: the App Store rejects transparent icons
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((132, 262, 892, 742), radius=48, fill=CARD)
    d.rounded_rectangle((200, 400, 360, 520), radius=18, fill=CHIP)
    for y in (440, 480):
        d.line((200, y, 360, y), fill=(170, 134, 50), width=8)
    d.line((280, 400, 280, 520), fill=(170, 134, 50), width=8)
    for i, y in enumerate((330, 590, 650)):
        d.rounded_rectangle((200 if i else 560, y, 820 if i else 820, y + 28), radius=14, fill=(190, 200, 214))
    d.ellipse((600, 380, 800, 580), fill=GREEN)
    d.line((640, 485, 690, 535, 765, 430), fill=(255, 255, 255), width=28, joint="curve")
    return img


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "ZairyuReader/Assets.xcassets/AppIcon.appiconset/AppIcon-1024.png"
    draw().save(out, optimize=True)
    print(f"wrote {out}")
