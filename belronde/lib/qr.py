"""QR codes as an inline SVG or a PNG, drawn with segno. Plain Python, no Django.

Made for the EPC "SEPA credit transfer" code on a participant invoice
(:func:`belronde.finance.epc.epc_payload`), so it follows the EPC guideline (EPC069-12, section
3.2): error correction level **M**, never raised by segno's ``boost_error`` (a reader app may
expect exactly M), the text encoded as UTF-8 bytes in byte mode (the payload's character set 1)
without an ECI marker, and the quiet zone of four modules that QR codes need. Any payload works;
an EPC payload of at most 331 bytes fits a version 13 code or smaller, as the guideline asks.

- :func:`qr_svg` gives an ``<svg>`` element to put into a page or a WeasyPrint PDF as it is:
  no XML declaration, ``role="img"`` with an ``aria-label`` and a ``<title>`` (escaped here), a
  ``viewBox`` so a stylesheet may resize it, and presentation attributes only (no ``style``, no
  script: it passes the site's CSP).
- :func:`qr_png` gives the bytes of a black-and-white PNG, ``scale`` pixels per module.
"""

from __future__ import annotations

import io
from html import escape

import segno

__all__ = ["BORDER", "ERROR_LEVEL", "qr_png", "qr_svg"]

#: the EPC guideline's error correction level
ERROR_LEVEL = "M"
#: the quiet zone around the code, in modules (ISO/IEC 18004)
BORDER = 4


def _code(payload: str) -> segno.QRCode:
    if not isinstance(payload, str) or not payload:
        raise ValueError("A QR code needs a payload.")
    return segno.make_qr(payload.encode("utf-8"), error=ERROR_LEVEL, boost_error=False)


def qr_svg(payload: str, *, label: str = "QR code", scale: int = 4) -> str:
    """``payload`` as an inline ``<svg>`` element, ``scale`` CSS pixels per module, named
    ``label`` for screen readers (``aria-label`` and ``<title>``)."""
    if scale < 1:
        raise ValueError("The scale is at least one pixel per module.")
    code = _code(payload)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        border=BORDER,
        scale=scale,
        dark="#000",
        light="#fff",
        title=label,
        svgclass="qr-code",
        lineclass=None,
    )
    svg = out.getvalue().decode("utf-8")
    width, height = code.symbol_size(scale=scale, border=BORDER)
    attributes = (
        f'<svg role="img" aria-label="{escape(label, quote=True)}" '
        f'width="{width}" height="{height}"'
    )
    if not svg.startswith("<svg"):  # pragma: no cover - segno's documented output
        raise RuntimeError("segno wrote an unexpected SVG.")
    return attributes + svg[len("<svg") :]


def qr_png(payload: str, scale: int = 6) -> bytes:
    """``payload`` as the bytes of a PNG image, ``scale`` pixels per module."""
    if scale < 1:
        raise ValueError("The scale is at least one pixel per module.")
    out = io.BytesIO()
    _code(payload).save(out, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return out.getvalue()
