"""The EPC QR code as an invoice PDF carries it (belronde.lib.qr), read back as a banking app
would (belronde.funding.tests.qrread: pdftoppm and zbarimg)."""

from __future__ import annotations

import base64
import io
from decimal import Decimal as D

import segno
from PIL import Image
from weasyprint import HTML

from belronde.finance.epc import epc_payload, parse_epc_payload
from belronde.funding.tests.qrread import qr_codes_in_pdf, qr_codes_in_png
from belronde.lib.qr import qr_png, qr_svg

PAYLOAD = epc_payload(
    name="Unizo Mechelen € Ondernemersloket",
    iban="BE71096123456769",
    bic="GKCCBEBB",
    amount=D("200.00"),
    ogm="+++010/8068/17183+++",
    text="Factuur 2026-0007 € Café Dée",
)


def _pdf(body: str) -> bytes:
    return HTML(string=f"<!doctype html><html lang='nl'><body>{body}</body></html>").write_pdf()


def test_a_pdf_with_the_code_as_inline_svg_and_as_png_reads_back_twice() -> None:
    png = base64.b64encode(qr_png(PAYLOAD)).decode("ascii")
    pdf = _pdf(
        "<h1>Factuur 2026-0007</h1><p>Betaal met uw bankapp:</p>"
        f"<div>{qr_svg(PAYLOAD, label='QR-code om te betalen')}</div>"
        "<p>of met deze afbeelding:</p>"
        f"<img src='data:image/png;base64,{png}' alt='' style='width: 4cm'>"
    )
    assert qr_codes_in_pdf(pdf) == [PAYLOAD, PAYLOAD]
    for payload in qr_codes_in_pdf(pdf):
        fields = parse_epc_payload(payload)
        assert (fields["amount"], fields["ogm"]) == (D("200.00"), "010806817183")
        assert fields["name"] == "Unizo Mechelen € Ondernemersloket"


def test_codes_on_two_pages_come_back_page_after_page() -> None:
    other = epc_payload(
        name="Unizo", iban="BE71096123456769", bic="", amount=D("0.01"), ogm="026000000137"
    )
    pdf = _pdf(f"<div>{qr_svg(PAYLOAD)}</div><div style='break-before: page'>{qr_svg(other)}</div>")
    assert qr_codes_in_pdf(pdf) == [PAYLOAD, other]


def test_a_page_without_a_code_gives_nothing() -> None:
    assert qr_codes_in_pdf(_pdf("<p>Geen code.</p>")) == []


def test_a_png_reads_back_to_its_payload_with_its_accents() -> None:
    assert qr_codes_in_png(qr_png(PAYLOAD)) == [PAYLOAD]
    # zbar's own character-set guess would read this UTF-8 as Shift-JIS
    assert qr_codes_in_png(qr_png("hello\nwörld é")) == ["hello\nwörld é"]


def test_two_codes_side_by_side_in_one_png_come_back_left_to_right() -> None:
    left, right = (Image.open(io.BytesIO(qr_png(text))) for text in ("links é", PAYLOAD))
    both = Image.new("L", (left.width + right.width + 40, max(left.height, right.height)), 255)
    both.paste(left, (0, 0))
    both.paste(right, (left.width + 40, 0))
    out = io.BytesIO()
    both.save(out, "PNG")
    assert qr_codes_in_png(out.getvalue()) == ["links é", PAYLOAD]


def test_the_code_uses_error_correction_m_without_boost_in_utf_8() -> None:
    expected = segno.make_qr(PAYLOAD.encode("utf-8"), error="M", boost_error=False)
    assert expected.error == "M"
    assert isinstance(expected.version, int)
    assert expected.version <= 13  # the EPC guideline's largest version
    out = io.BytesIO()
    expected.save(out, kind="png", scale=6, border=4, dark="#000", light="#fff")
    assert qr_png(PAYLOAD) == out.getvalue()


def test_the_svg_is_an_accessible_inline_element() -> None:
    svg = qr_svg(PAYLOAD, label='Betaal "factuur" <7>')
    assert svg.startswith('<svg role="img" aria-label="Betaal &quot;factuur&quot; &lt;7&gt;"')
    assert "<?xml" not in svg
    assert "<title>Betaal" in svg
    assert 'viewBox="0 0 ' in svg
    assert "<script" not in svg and "style=" not in svg
