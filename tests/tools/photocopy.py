"""Makes a page render look like a photocopy: grey, washed-out contrast,
slightly blurred and turned by a degree (Pillow).

usage: photocopy.py IN.png OUT.png
"""
import sys

from PIL import Image, ImageFilter

page = Image.open(sys.argv[1]).convert("L")
page = page.point(lambda v: 70 + v * 130 // 255)
page = page.rotate(1.0, resample=Image.BICUBIC, expand=True, fillcolor=200)
page = page.filter(ImageFilter.GaussianBlur(1.0))
page.save(sys.argv[2])
