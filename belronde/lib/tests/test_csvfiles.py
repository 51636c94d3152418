import codecs

import pytest

from belronde.lib.csvfiles import FileProblem, decode, detect_encoding, sniff_delimiter

KNOWN = {"code", "value", "year", "naam", "postcode"}


def fold(cell: str) -> str:
    return cell.strip().lower()


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("naam;postcode\nCafé;2800\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "naam\nCafé\n".encode(), "utf-8-sig"),
        ("naam\nCafé € 5\n".encode("cp1252"), "cp1252"),
        (b"naam\nCaf\xe9 \x81\n", "latin-1"),
        ("naam\nCafé\n".encode("utf-16"), "utf-16"),
    ],
)
def test_it_finds_the_encoding_of_bytes(data, codec):
    assert detect_encoding(data)[0] == codec
    assert decode(data)[1] == codec


def test_it_counts_lines_and_decodes_the_text():
    assert detect_encoding(b"a\nb\nc\n") == ("utf-8", 3)
    assert decode(codecs.BOM_UTF8 + "naam\nCafé\n".encode()) == ("naam\nCafé\n", "utf-8-sig")


def test_a_file_mixing_utf8_and_windows_1252_is_refused_with_its_line():
    with pytest.raises(FileProblem) as caught:
        detect_encoding("naam\nCafé\n".encode() + b"Brasserie\n" + b"Caf\xe9\n")
    assert (caught.value.code, caught.value.params) == ("encoding", {"line": 4})


def test_a_nul_byte_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"naam\nab\x00c\n")
    with pytest.raises(FileProblem) as caught:
        detect_encoding(path)
    assert (caught.value.code, caught.value.params) == ("nul", {"line": 2})


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("code;value;year\n20/58;1.234,56;2021\n", ";"),
        ('year,code,value\n2021,70,"1.000,50"\n', ","),
        ("20/58\t1234,56\t2021\n10/15\t5\t2021\n", "\t"),
        ("naam|postcode\nA|2800\n", "|"),
        ("20/58;500;2021\n", ";"),
    ],
)
def test_it_sniffs_the_delimiter_from_the_known_names_then_consistent_rows(sample, delimiter):
    assert sniff_delimiter(sample, KNOWN, fold) == delimiter


def test_it_refuses_a_sample_without_text_or_without_two_columns():
    with pytest.raises(FileProblem) as caught:
        sniff_delimiter(";;;\n", KNOWN, fold)
    assert caught.value.code == "empty"
    with pytest.raises(FileProblem) as caught:
        sniff_delimiter("onlyone\n", KNOWN, fold)
    assert caught.value.code == "delimiter"
