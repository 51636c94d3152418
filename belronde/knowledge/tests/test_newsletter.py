from belronde.knowledge.newsletter import Item, md_escape, to_html, to_markdown

ITEMS = [
    Item("Afhaal *met* vaste uren", "Drie ophaalmomenten.\n\nGeen wachtrij.", "Omzet", "Horeca"),
    Item("<script>alert(1)</script>", "[link](http://evil)", "", "Bakkerij Zoet"),
]


def test_markdown_escapes_what_members_wrote():
    md = to_markdown("Goede praktijken", "Gedeeld met toestemming.", ITEMS, "Bron")
    assert md.startswith("# Goede praktijken\n")
    assert "## Afhaal \\*met\\* vaste uren" in md
    assert "\\[link\\](http://evil)" in md
    assert "\\<script\\>" in md
    assert "*Omzet · Bron: Horeca*" in md
    assert "Drie ophaalmomenten.\n\nGeen wachtrij." in md
    assert md_escape("a_b") == "a\\_b"
    assert md_escape("# kop\n- lijst\n1. een") == "\\# kop\n\\- lijst\n\\1. een"


def test_html_escapes_and_is_a_complete_document():
    html = to_html("Goede praktijken", "Intro", ITEMS, "Bron", "nl")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<article>") == 2
    assert "<p>Geen wachtrij.</p>" in html
