"""CSV files as Belgian spreadsheets write them: the encoding and the delimiter. No Django.

The member import and the annual-account figures both read CSV through this module. A problem
with the file as a whole raises :class:`FileProblem`, a code and parameters that the caller
turns into a sentence (``belronde.members.messages``, ``belronde.finance.imports``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: the delimiters a sniffed file may use, in order of preference on a tie
CANDIDATE_DELIMITERS = (";", ",", "\t", "|")
#: how much of a file the delimiter is sniffed from
SNIFF_BYTES = 64 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read: ``code`` names why, ``params`` fill the sentence."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


@contextmanager
def _binary(source: Path | bytes) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        yield io.BytesIO(source)
    else:
        with source.open("rb") as f:
            yield f


def detect_encoding(source: Path | bytes) -> tuple[str, int]:
    """(Python codec name, number of lines) of a file or its bytes, read as a stream.

    Strict UTF-8 (with or without BOM) first, then Windows-1252, then Latin-1; UTF-16 by its
    BOM. A file mixing UTF-8 and Windows-1252 is refused with the line of the first bad byte
    (``encoding``), never decoded into mojibake; a NUL byte is refused with its line (``nul``).
    """
    with _binary(source) as f:
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            f.seek(0)
            try:
                text = f.read().decode("utf-16")
            except UnicodeDecodeError:
                raise FileProblem("encoding_utf16") from None
            if "\x00" in text:
                raise FileProblem("nul", line=text[: text.index("\x00")].count("\n") + 1)
            return "utf-16", text.count("\n")
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        lines = 0
        utf8_ok = True
        bad_line = 0
        saw_multibyte = False
        cp1252_ok = True
        while chunk := f.read(1024 * 1024):
            if b"\x00" in chunk:
                raise FileProblem(
                    "nul", line=lines + chunk[: chunk.index(b"\x00")].count(b"\n") + 1
                )
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_ok = False
                    bad_line = lines + chunk[: max(exc.start, 0)].count(b"\n") + 1
            if not saw_multibyte and _UTF8_MULTIBYTE.search(chunk):
                saw_multibyte = True
            if cp1252_ok and any(b in chunk for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")):
                cp1252_ok = False
            lines += chunk.count(b"\n")
        if utf8_ok:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
                bad_line = lines + 1
    if utf8_ok:
        return ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"), lines
    if saw_multibyte and _mixed(source):
        raise FileProblem("encoding", line=bad_line)
    return ("cp1252" if cp1252_ok else "latin-1"), lines


def _mixed(source: Path | bytes) -> bool:
    """True when the file holds real UTF-8 sequences (é as C3 A9) next to the bad byte: a
    Windows-1252 file would have to contain 'Ã©' on purpose to look like that."""
    with _binary(source) as f:
        while chunk := f.read(1024 * 1024):
            if re.search(rb"\xc3[\x80-\xbf]", chunk):
                return True
    return False


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec name) of a whole file's bytes, by the rules of :func:`detect_encoding`."""
    codec, _lines = detect_encoding(data)
    return data.decode(codec), codec


def sniff_delimiter(sample: str, known: Collection[str], key: Callable[[str], str]) -> str:
    """The delimiter that splits the header into the most known column names (``key`` folds a
    cell into the form ``known`` holds), then gives the most consistent field counts over the
    whole sample (not just the first line). ``empty`` without a letter or digit, ``delimiter``
    when no candidate gives two columns."""
    best: tuple[int, int, int, str] | None = None
    if not any(c.isalnum() for c in sample):
        raise FileProblem("empty")
    for delimiter in CANDIDATE_DELIMITERS:
        try:
            rows = [
                r
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not rows:
            continue
        if len(rows) > 1 and not sample.endswith(("\n", "\r")):
            rows = rows[:-1]  # the sample may cut the last line
        width = len(rows[0])
        recognised = sum(1 for cell in rows[0] if key(cell) in known)
        consistent = sum(1 for r in rows if len(r) == width)
        score = (recognised, consistent if width > 1 else 0, width, delimiter)
        if best is None or score[:3] > best[:3]:
            best = score
    if best is None or best[2] < 2:
        raise FileProblem("delimiter")
    return best[3]
