"""Reading QR codes back from a PDF or a PNG in tests: what a banking app would scan.

``qr_codes_in_pdf`` renders every page at 200 dpi with poppler's ``pdftoppm -r 200 -png`` and
hands each page to ``zbarimg`` (the Debian package ``zbar-tools``; CI installs it with
poppler-utils); ``qr_codes_in_png`` reads one image. Both return the decoded payloads as text
(UTF-8, the EPC payload's character set 1), top to bottom and left to right, page after page.

Two quirks of zbar shape the code. Without ``-Sbinary`` zbar guesses the character set of a
code's bytes and often guesses Shift-JIS for UTF-8 ("é" comes out as a kanji), ``--raw`` or
not; so the bytes are read with ``-Sbinary --raw``. But in that mode zbar writes the payloads of
several codes one after the other without any separator. So an image is first asked how many
codes it holds (``--xml``); when it holds more than one, it is cut along blank bands of at least
``GAP`` pixels (never found inside a QR code, whose timing pattern alternates every module)
into pieces that are read one by one, until every piece holds at most one code.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from defusedxml import ElementTree
from PIL import Image, ImageOps

__all__ = ["GAP", "QrToolMissing", "qr_codes_in_pdf", "qr_codes_in_png"]

_ZBAR_NS = "{http://zbar.sourceforge.net/2008/barcode}"
_TIMEOUT = 60
#: the blank band, in pixels, that separates two codes (or a code from the text around it)
GAP = 12
#: the white margin put around a piece, so that its code keeps a quiet zone
_MARGIN = 24


class QrToolMissing(RuntimeError):
    """pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed."""


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise QrToolMissing(f"{name} is not installed (Debian package {package}).")
    return path


def _zbar(image: Path, *options: str) -> bytes:
    """zbarimg's output for ``image``, QR codes only; empty when it finds none (status 4)."""
    command = [_tool("zbarimg", "zbar-tools"), "--nodbus", "-q", "-Sdisable", "-Sqrcode.enable"]
    result = subprocess.run(
        [*command, *options, str(image)], capture_output=True, timeout=_TIMEOUT, check=False
    )
    if result.returncode == 4:
        return b""
    if result.returncode != 0:
        raise RuntimeError(
            f"zbarimg failed ({result.returncode}): {result.stderr.decode(errors='replace')}"
        )
    return result.stdout


def _count(image: Path) -> int:
    xml = _zbar(image, "--xml")
    if not xml.strip():
        return 0
    return sum(1 for _ in ElementTree.fromstring(xml).iter(f"{_ZBAR_NS}symbol"))


def _bands(dark: np.ndarray, axis: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of lines along ``axis`` that hold a dark pixel, split where at
    least ``GAP`` blank lines lie between them."""
    inked = dark.any(axis=1 - axis)
    bands: list[tuple[int, int]] = []
    start: int | None = None
    blank = 0
    for index, has_ink in enumerate(inked):
        if has_ink:
            if start is None:
                start = index
            elif blank >= GAP:
                bands.append((start, index - blank))
                start = index
            blank = 0
        elif start is not None:
            blank += 1
    if start is not None:
        bands.append((start, len(inked) - blank))
    return bands


def _read(image: Image.Image, folder: Path) -> list[str]:
    path = folder / f"piece-{len(list(folder.iterdir()))}.png"
    ImageOps.expand(image, border=_MARGIN, fill=255).save(path)
    found = _count(path)
    if found == 0:
        return []
    if found == 1:
        return [_zbar(path, "-Sbinary", "--raw").decode("utf-8")]
    dark = np.asarray(image) < 128
    for axis in (0, 1):
        bands = _bands(dark, axis)
        if len(bands) > 1:
            pieces = [
                image.crop((0, a, image.width, b) if axis == 0 else (a, 0, b, image.height))
                for a, b in bands
            ]
            payloads = [payload for piece in pieces for payload in _read(piece, folder)]
            if len(payloads) != found:
                raise RuntimeError(f"zbarimg saw {found} QR codes but read {len(payloads)}.")
            return payloads
    raise RuntimeError(f"{found} QR codes touch each other: they cannot be read one by one.")


def _read_image(image: Image.Image) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="qrread-") as folder:
        return _read(image.convert("L"), Path(folder))


def qr_codes_in_png(png: bytes) -> list[str]:
    """The payloads of the QR codes in a PNG image."""
    with Image.open(io.BytesIO(png)) as image:
        return _read_image(image)


def qr_codes_in_pdf(pdf: bytes) -> list[str]:
    """The payloads of the QR codes on every page of a PDF, page after page."""
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="qrread-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [pdftoppm, "-r", "200", "-png", str(source), str(Path(folder) / "page")],
            capture_output=True,
            timeout=_TIMEOUT,
            check=True,
        )
        pages = sorted(Path(folder).glob("page*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        payloads: list[str] = []
        for page in pages:
            with Image.open(page) as image:
                payloads += _read_image(image)
        return payloads
