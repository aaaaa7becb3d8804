"""Schematic drawings for the demo procedures, drawn by code (Pillow).

Deliberately simple, labelled only with numbers so that one drawing serves both
languages: the captions say what each number is. They are schematics, not
anatomy to scale. Made by the Oncolex project; CC BY 4.0.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1000
INK = (40, 44, 52)
SOFT = (250, 247, 242)
ORGAN = (236, 200, 170)
PANCREAS = (242, 214, 140)
BOWEL = (232, 178, 160)
BILE = (120, 170, 90)
REMOVED = (200, 60, 60)
LINE = 6


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _label(draw: ImageDraw.ImageDraw, xy: tuple[int, int], number: int) -> None:
    x, y = xy
    draw.ellipse((x - 30, y - 30, x + 30, y + 30), fill=(255, 255, 255), outline=INK,
                 width=4)  # fmt: skip
    draw.text((x, y), str(number), fill=INK, font=_font(36), anchor="mm")


def _dashed(
    draw: ImageDraw.ImageDraw, start: tuple[int, int], end: tuple[int, int]
) -> None:
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    steps = int(length // 24)
    for n in range(0, steps, 2):
        a, b = n / steps, min(1.0, (n + 1) / steps)
        draw.line(
            (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a, x1 + (x2 - x1) * b,
             y1 + (y2 - y1) * b),
            fill=REMOVED,
            width=8,
        )  # fmt: skip


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), SOFT)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _upper_abdomen(draw: ImageDraw.ImageDraw, *, removed: bool) -> None:
    """Stomach, duodenal loop, pancreas, bile duct and gallbladder."""
    # Liver edge and gallbladder.
    draw.pieslice((-300, -520, 760, 300), 0, 90, fill=ORGAN, outline=INK, width=LINE)
    gallbladder = REMOVED if removed else BILE
    draw.ellipse((470, 180, 560, 330), fill=gallbladder, outline=INK, width=LINE)
    # Common bile duct down to the duodenum; below the cut it goes too.
    draw.line((600, 120, 640, 520), fill=BILE, width=22)
    if removed:
        draw.line((602, 150, 640, 520), fill=REMOVED, width=22)
    draw.line((515, 300, 620, 330), fill=REMOVED if removed else BILE, width=14)
    # Stomach.
    draw.chord((700, 60, 1260, 520), 150, 390, fill=ORGAN, outline=INK, width=LINE)
    draw.rectangle((620, 380, 760, 450), fill=ORGAN, outline=INK, width=LINE)
    # Duodenal C-loop and the head of the pancreas inside it.
    loop = REMOVED if removed else BOWEL
    draw.arc((460, 380, 860, 880), 90, 270, fill=loop, width=70)
    draw.line((660, 880, 980, 880), fill=loop, width=70)
    draw.ellipse((560, 470, 800, 800), fill=PANCREAS, outline=INK, width=LINE)
    # Body and tail of the pancreas.
    draw.polygon(
        [(760, 560), (1400, 470), (1440, 540), (780, 720)],
        fill=PANCREAS,
        outline=INK,
        width=LINE,
    )
    # Jejunum leaving the loop.
    draw.arc((940, 800, 1160, 980), 180, 360, fill=BOWEL, width=60)


def whipple_resection() -> bytes:
    """What is removed (red): duodenum, head of the pancreas, gallbladder and
    lower bile duct, with the lines where the surgeon divides them."""
    image, draw = _canvas()
    _upper_abdomen(draw, removed=True)
    # Shade the head of the pancreas as removed.
    draw.ellipse((560, 470, 800, 800), fill=(226, 120, 110), outline=INK, width=LINE)
    _dashed(draw, (820, 440), (820, 780))  # neck of the pancreas
    _dashed(draw, (520, 140), (700, 140))  # common hepatic duct
    _dashed(draw, (700, 330), (800, 470))  # stomach or duodenum just after pylorus
    _dashed(draw, (1000, 820), (1000, 960))  # jejunum
    _label(draw, (900, 620), 1)
    _label(draw, (460, 110), 2)
    _label(draw, (850, 360), 3)
    _label(draw, (1070, 900), 4)
    _label(draw, (420, 640), 5)
    return _png(image)


def whipple_reconstruction() -> bytes:
    """The three joins, in the order food and juices meet them: the pancreas,
    the bile duct and the stomach, each to the same loop of jejunum."""
    image, draw = _canvas()
    draw.pieslice((-300, -520, 760, 300), 0, 90, fill=ORGAN, outline=INK, width=LINE)
    draw.line((600, 120, 600, 300), fill=BILE, width=22)
    draw.chord((700, 60, 1260, 520), 150, 390, fill=ORGAN, outline=INK, width=LINE)
    draw.line((900, 470, 880, 540), fill=ORGAN, width=70)
    draw.polygon(
        [(900, 780), (1400, 700), (1440, 770), (920, 920)],
        fill=PANCREAS,
        outline=INK,
        width=LINE,
    )
    # The jejunal loop: closed end at the pancreas, up to the bile duct, then
    # down past the stomach and on to the rest of the bowel.
    draw.line(
        [(880, 850), (620, 840), (520, 620), (540, 380), (600, 320), (720, 420),
         (870, 560), (960, 640), (1200, 640), (1560, 600)],
        fill=BOWEL,
        width=70,
        joint="curve",
    )  # fmt: skip
    for x, y in [(880, 850), (600, 320), (870, 560)]:
        draw.ellipse((x - 30, y - 30, x + 30, y + 30), outline=INK, width=8)
    _label(draw, (880, 960), 1)
    _label(draw, (460, 290), 2)
    _label(draw, (1000, 540), 3)
    return _png(image)


def sstr_pet_distribution() -> bytes:
    """A body outline as a PET image shows it (dark = much tracer): normal
    uptake in the pituitary, thyroid, liver, spleen, adrenals, kidneys and
    bladder; tumour deposits in the liver, the small bowel and a mesenteric
    lymph node."""
    image = Image.new("RGB", (1000, 1600), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    body = (225, 225, 225)
    draw.ellipse((400, 40, 600, 260), fill=body, outline=INK, width=4)
    draw.rectangle((460, 250, 540, 320), fill=body)
    draw.rounded_rectangle((250, 300, 750, 1050), radius=120, fill=body, outline=INK,
                           width=4)  # fmt: skip
    draw.rounded_rectangle((150, 330, 250, 980), radius=50, fill=body)
    draw.rounded_rectangle((750, 330, 850, 980), radius=50, fill=body)
    draw.rounded_rectangle((290, 1000, 480, 1580), radius=80, fill=body)
    draw.rounded_rectangle((520, 1000, 710, 1580), radius=80, fill=body)

    def uptake(box: tuple[int, int, int, int], grey: int) -> None:
        draw.ellipse(box, fill=(grey, grey, grey))

    uptake((485, 150, 515, 180), 120)  # pituitary
    uptake((460, 330, 540, 370), 150)  # thyroid
    draw.chord((280, 520, 560, 760), 180, 360, fill=(165, 165, 165))  # liver
    draw.rectangle((280, 640, 560, 700), fill=(165, 165, 165))
    uptake((600, 560, 720, 680), 60)  # spleen: the most tracer of any organ
    uptake((420, 700, 470, 740), 110)  # adrenals
    uptake((560, 700, 610, 740), 110)
    uptake((390, 740, 460, 860), 80)  # kidneys
    uptake((570, 740, 640, 860), 80)
    uptake((450, 980, 550, 1050), 40)  # bladder
    for box in [(330, 600, 380, 650), (430, 630, 470, 670)]:
        uptake(box, 10)  # liver metastases
    uptake((520, 900, 565, 945), 10)  # primary in the small bowel
    uptake((470, 840, 505, 875), 10)  # mesenteric lymph node
    # (number, where the label sits, what it points at)
    labels = [
        (1, (850, 165), (500, 165)),  # pituitary
        (2, (850, 350), (500, 350)),  # thyroid
        (3, (110, 560), (300, 580)),  # liver
        (4, (900, 620), (660, 620)),  # spleen
        (5, (900, 800), (605, 800)),  # kidney
        (6, (900, 960), (542, 922)),  # primary tumour in the small bowel
        (7, (110, 1015), (450, 1015)),  # bladder
        (8, (110, 700), (355, 625)),  # liver metastasis
        (9, (110, 860), (487, 857)),  # mesenteric lymph-node metastasis
    ]
    for number, label, target in labels:
        draw.line((*label, *target), fill=INK, width=3)
        _label(draw, label, number)
    return _png(image)


DRAWINGS: dict[str, Callable[[], bytes]] = {
    "whipple-resection": whipple_resection,
    "whipple-reconstruction": whipple_reconstruction,
    "sstr-pet-distribution": sstr_pet_distribution,
}
