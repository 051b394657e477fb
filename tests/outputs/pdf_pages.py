"""What a printed page looks like, read from a PDF with poppler's `pdftotext -bbox`.

Used by the LibreOffice tests: a word is a box on a page; two boxes that overlap are text
printed over text, and a box's height gives the size of the text on paper.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Times New Roman (and Liberation Serif, its metric twin): a word box is 1.16 × the font size
# (ascender + descender), measured on LibreOffice's PDFs
BOX_PER_POINT = 1.16
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def points(self) -> float:
        """The font size on paper, in points."""
        return (self.y1 - self.y0) / BOX_PER_POINT


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def read_pages(pdf: Path) -> list[Page]:
    text = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode("utf-8")
    pages = []
    for number, (width, height, body) in enumerate(_PAGE.findall(text), start=1):
        words = tuple(
            Word(number, html.unescape(t), float(a), float(b), float(c), float(d))
            for a, b, c, d, t in _WORD.findall(body)
        )
        pages.append(Page(number, float(width), float(height), words))
    return pages


def overlapping_words(page: Page, *, tolerance: float = 0.3) -> list[tuple[Word, Word]]:
    """Pairs of words printed over each other: their boxes share more than `tolerance` of the
    smaller box's height and more than a sliver of width (adjacent lines only touch)."""
    words = sorted(page.words, key=lambda w: w.y0)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.y0 >= a.y1:
                break
            shared_height = min(a.y1, b.y1) - max(a.y0, b.y0)
            shared_width = min(a.x1, b.x1) - max(a.x0, b.x0)
            height = min(a.y1 - a.y0, b.y1 - b.y0)
            if shared_height > tolerance * height and shared_width > 1.0:
                found.append((a, b))
    return found


def small_words(page: Page, *, minimum: float = 8.5) -> list[Word]:
    """Words printed below `minimum` points (a box's height, not the cell's nominal size)."""
    return [w for w in page.words if w.points < minimum and w.text.strip(".,:;-–—*") != ""]
