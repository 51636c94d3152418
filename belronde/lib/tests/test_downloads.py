from django.http import StreamingHttpResponse

from belronde.lib.downloads import attachment, content_disposition


def test_it_gives_an_ascii_fallback_and_the_exact_name():
    assert content_disposition("leden-mechelen.xlsx") == (
        "attachment; filename=\"leden-mechelen.xlsx\"; filename*=UTF-8''leden-mechelen.xlsx"
    )
    assert content_disposition("financiële analyse.pdf") == (
        'attachment; filename="financi_le_analyse.pdf"; '
        "filename*=UTF-8''financi%C3%ABle%20analyse.pdf"
    )


def test_it_never_lets_a_name_break_out_of_the_header():
    header = content_disposition('a"; filename=../../x\r\n.csv')
    assert 'filename="a___filename_.._.._x__.csv";' in header
    assert "\r" not in header and "\n" not in header and "/" not in header


def test_it_is_a_download_never_sniffed_or_cached():
    response = attachment(b"x", "x.csv", "text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert isinstance(attachment(iter(["a\n"]), "x.csv", "text/csv"), StreamingHttpResponse)
