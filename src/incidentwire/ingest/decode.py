"""Bytes to text, honestly: UTF-8 (BOM-aware), else cp1252 if it fits, else UTF-8 with U+FFFD.

Hand-written rather than charset detection because the rule must be predictable and every
fallback reported: guessing an encoding silently turns names in the text into mojibake.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from incidentwire.ingest.problems import Report

SAMPLE_BYTES = 8192
CP1252 = "not valid UTF-8; decoded as cp1252"
REPLACED = "not valid UTF-8; undecodable bytes replaced with U+FFFD"
UTF16_REPLACED = "not valid {encoding}; undecodable bytes replaced with U+FFFD"
_LINE_WARNINGS = 5  # per file; the rest are summed up at the end rather than flooding the report

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\b\x1b")


def wide_encoding(sample: bytes) -> str | None:
    """UTF-16/32 announced by a BOM (Windows "Unicode" text and Excel exports)."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    return None


def looks_binary(sample: bytes) -> bool:
    """NUL bytes, many control bytes, or mostly undecodable bytes: not a text file."""
    if not sample:
        return False
    encoding = wide_encoding(sample)
    if encoding:  # judge the characters, not the bytes (UTF-16 text is full of NULs)
        unit = 4 if encoding == "utf-32" else 2
        chars = sample[:len(sample) - len(sample) % unit].decode(encoding, "replace")
        return _mostly_controls([ord(c) for c in chars]) or chars.count("\ufffd") > len(chars) * 0.1
    if b"\x00" in sample or _mostly_controls(sample):
        return True
    text = sample.decode("utf-8", "replace")
    if text.count("\ufffd") <= len(text) * 0.1:
        return False
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return True
    return False


def _mostly_controls(codes: bytes | list[int]) -> bool:
    controls = sum(1 for c in codes if (c < 0x20 and c not in _TEXT_CONTROLS) or c == 0x7F)
    return controls > len(codes) * 0.1


def decode(data: bytes, *, first: bool = True) -> tuple[str, str | None]:
    """Text and, when the bytes were not clean UTF-8, what was done about it."""
    encoding = wide_encoding(data) if first else None
    if encoding:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            return data.decode(encoding, "replace"), UTF16_REPLACED.format(encoding=encoding.upper())
    try:
        return data.decode("utf-8-sig" if first else "utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), CP1252
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace"), REPLACED


@dataclass
class TooLong:
    """A line longer than the reader accepts; only its size is kept, never its bytes."""

    size: int


def replay(sample: bytes, stream: BinaryIO) -> BinaryIO:
    """A stream that yields `sample` and then the rest of `stream` (for peeking at stdin)."""
    return io.BufferedReader(_Prefixed(sample, stream), buffer_size=1 << 16)  # type: ignore[return-value]


class _Prefixed(io.RawIOBase):
    def __init__(self, prefix: bytes, rest: BinaryIO):
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        read1 = getattr(self._rest, "read1", self._rest.read)
        data = read1(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def text_lines(stream: BinaryIO, sample: bytes, path: str, report: Report,
               limit: int | None = None) -> Iterator[tuple[int, str | TooLong]]:
    """Numbered, decoded lines (terminators kept), streamed; lines over `limit` bytes are skipped.

    `sample` is the file's first bytes, already read, only used to spot a UTF-16/32 BOM.
    """
    encoding = wide_encoding(sample)
    if encoding:
        yield from _wide_lines(stream, encoding, path, report, limit)
        return
    bad: list[int] = []
    for lineno, raw in _raw_lines(stream, limit):
        if isinstance(raw, TooLong):
            yield lineno, raw
            continue
        text, note = decode(raw, first=lineno == 1)
        if note:
            bad.append(lineno)
            if len(bad) <= _LINE_WARNINGS:
                report.warning(path, lineno, note)
        yield lineno, text
    if len(bad) > _LINE_WARNINGS:
        report.warning(path, None, f"{len(bad) - _LINE_WARNINGS} more lines were not valid UTF-8 "
                                   f"(lines {bad[_LINE_WARNINGS]}..{bad[-1]}); decoded the same way")


def _raw_lines(stream: BinaryIO, limit: int | None) -> Iterator[tuple[int, bytes | TooLong]]:
    lineno = 0
    size_limit = -1 if limit is None else limit
    while raw := stream.readline(size_limit):
        lineno += 1
        if limit is None or len(raw) < limit or raw.endswith(b"\n"):
            yield lineno, raw
            continue
        size = len(raw)
        while more := stream.readline(limit):  # skip the rest of the line without keeping it
            size += len(more)
            if more.endswith(b"\n"):
                break
        yield lineno, (raw if size == len(raw) else TooLong(size))


def _wide_lines(stream: BinaryIO, encoding: str, path: str, report: Report,
                limit: int | None) -> Iterator[tuple[int, str | TooLong]]:
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")  # type: ignore[arg-type]
    try:
        yield from _wide_numbered(wrapper, encoding, path, report, limit)
    finally:
        wrapper.detach()  # leave the caller's stream open (it may be stdin)


def _wide_numbered(wrapper: io.TextIOWrapper, encoding: str, path: str, report: Report,
                   limit: int | None) -> Iterator[tuple[int, str | TooLong]]:
    warned = False
    chars = -1 if limit is None else limit
    lineno = 0
    while line := wrapper.readline(chars):
        lineno += 1
        if limit is not None and len(line) >= limit and not line.endswith("\n"):
            size = len(line)
            while more := wrapper.readline(limit):
                size += len(more)
                if more.endswith("\n"):
                    break
            if size > len(line):
                yield lineno, TooLong(size)
                continue
        if "\ufffd" in line and not warned:
            warned = True
            report.warning(path, lineno, UTF16_REPLACED.format(encoding=encoding.upper()))
        yield lineno, line.lstrip("\ufeff") if lineno == 1 else line
