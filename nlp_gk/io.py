"""Reading report files, corpora and manifests; writing records atomically.

Offsets everywhere in nlp_gk refer to ``Document.text``: the decoded file for plain text,
the extracted text for HTML, PDF and DOCX.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import ConfigError, InputError, ManifestError

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
SKIP_NAMES = re.compile(r"^(readme|manifest|license|changelog)(\.|$)", re.I)
DEFAULT_MAX_MB = 20.0
BODY_MARKER = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
HEADER_KEYS = {
    "标题": "title",
    "发布时间": "published",
    "文号": "doc_number",
    "发布机构": "publisher",
    "栏目": "column",
    "原文链接": "url",
}


@dataclass
class Document:
    """A decoded report file. ``text`` is what every offset points into."""

    path: str
    text: str
    encoding: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)
    body_start: int = 0


@dataclass
class CorpusEntry:
    """One file to read, with metadata from the manifest (which overrides inferred values)."""

    path: Path
    doc_id: str
    meta: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode report bytes; return ``(text, encoding)`` or raise :class:`InputError`.

    >>> decode_bytes("政务公开".encode("gb18030"), "x")
    ('政务公开', 'gb18030')
    """
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", path), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise InputError(
                path, f"undecodable bytes: invalid UTF-8 at byte {exc.start}"
            ) from None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return _prefer_detected(data, text, enc)
    return _detect(data, path)


def _strict(data: bytes, enc: str, path: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"undecodable bytes: invalid {enc} at byte {exc.start}") from None


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") <= max(3, len(text) // 1000) and _looks_chinese(text)


def _looks_chinese(text: str) -> bool:
    sample = text[:20000]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return han >= max(1, len(sample.strip()) // 10)


def _prefer_detected(data: bytes, text: str, enc: str) -> tuple[str, str]:
    """GB18030 decodes most Big5 bytes too; let charset-normalizer arbitrate."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200000], cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding == "big5" and enc != "big5":
        try:
            return data.decode("big5"), "big5"
        except UnicodeDecodeError:
            pass
    return text, enc


def _detect(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise InputError(path, "undecodable bytes: no text encoding fits")
    text = data.decode(best.encoding, errors="strict")
    if not _looks_chinese(text):
        raise InputError(path, f"undecodable bytes: decodes only as {best.encoding}, no Chinese text")
    return text, best.encoding


# --------------------------------------------------------------------------- formats


def read_document(path: str | os.PathLike[str], max_mb: float = DEFAULT_MAX_MB) -> Document:
    """Read one report file of any supported format; raise :class:`InputError` on bad input."""
    p = Path(path)
    name = str(p)
    if not p.is_file():
        raise InputError(name, "no such file")
    size = p.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise InputError(name, f"file too large ({size / 1048576:.1f} MB > {max_mb:g} MB limit)")
    suffix = p.suffix.lower()
    data = p.read_bytes()
    if suffix == ".pdf":
        text, enc, fmt = _pdf_text(data, name), "pdf", "pdf"
    elif suffix == ".docx":
        text, enc, fmt = _docx_text(data, name), "docx", "docx"
    else:
        text, enc = decode_bytes(data, name)
        fmt = "html" if suffix in {".html", ".htm"} or _is_html(text) else "txt"
        if fmt == "html":
            text = html_text(text, name)
    if not text.strip():
        raise InputError(name, "no text found")
    meta, body_start = parse_header(text)
    return Document(name, text, enc, fmt, meta, body_start)


def _is_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def html_text(markup: str, path: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    body = soup.body
    if body is None:
        raise InputError(path, "HTML with no <body>")
    for tag in body(["script", "style", "noscript", "template"]):
        tag.decompose()
    text = body.get_text("\n")
    text = re.sub(r"[ \t\u3000]*\n[\s]*\n+", "\n", text)
    if not text.strip():
        raise InputError(path, "HTML <body> holds no text")
    return text.strip() + "\n"


def _pdf_text(data: bytes, path: str) -> str:
    import io as _io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(_io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(path, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(path, f"truncated or damaged PDF ({type(exc).__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(path, "PDF has no text layer (scanned image?)")
    return text


def _docx_text(data: bytes, path: str) -> str:
    import io as _io
    import zipfile

    try:
        from docx import Document as Docx

        doc = Docx(_io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"damaged DOCX ({type(exc).__name__})") from None
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text.strip() for c in row.cells))
    return "\n".join(lines)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Parse a ``key: value`` header that ends with the ``==== 正文 ====`` line.

    >>> text = "标题: 甲局2020年报告\\n栏目: 年报\\n==== 正文 ====\\n正文"
    >>> meta, body = parse_header(text)
    >>> meta, text[body:]
    ({'title': '甲局2020年报告', 'column': '年报'}, '正文')
    """
    m = BODY_MARKER.search(text[:20000])
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for line in text[: m.start()].splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition("：")
        if sep and key.strip() and value.strip():
            meta[HEADER_KEYS.get(key.strip(), key.strip())] = value.strip()
    end = m.end()
    if text[end : end + 1] == "\n":
        end += 1
    return meta, end


# --------------------------------------------------------------------------- corpora


def read_manifest(path: str | os.PathLike[str]) -> list[CorpusEntry]:
    """Rows of a TSV/CSV manifest with at least a ``path`` column; paths resolve from its folder."""
    p = Path(path)
    if not p.is_file():
        raise ManifestError(f"{p}: manifest not found")
    raw = p.read_text(encoding="utf-8-sig")
    delim = "\t" if p.suffix.lower() in {".tsv", ".tab"} or "\t" in raw.split("\n", 1)[0] else ","
    reader = csv.DictReader(raw.splitlines(), delimiter=delim)
    if not reader.fieldnames or "path" not in reader.fieldnames:
        raise ManifestError(f"{p}: manifest needs a 'path' column (has {reader.fieldnames})")
    entries = []
    for n, row in enumerate(reader, start=2):
        rel = (row.get("path") or "").strip()
        if not rel:
            raise ManifestError(f"{p}: line {n} has an empty path")
        fp = Path(rel) if Path(rel).is_absolute() else p.parent / rel
        meta = {k: (v or "").strip() for k, v in row.items() if k and k != "path" and v}
        entries.append(CorpusEntry(fp, meta.pop("doc_id", "") or fp.stem, meta))
    return entries


def iter_files(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named directly, and supported files found recursively in folders."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not any(
                    part.startswith(".") for part in rel
                ) and not SKIP_NAMES.match(f.name):
                    yield f
        else:
            yield p


def collect_corpus(
    inputs: Sequence[str | os.PathLike[str]] = (), manifest: str | os.PathLike[str] | None = None
) -> list[CorpusEntry]:
    """Union of manifest rows and input files, one entry per file; manifest metadata wins."""
    entries = read_manifest(manifest) if manifest else []
    seen = {e.path.resolve(): e for e in entries}
    ids = {e.doc_id for e in entries}
    for f in iter_files(inputs):
        key = f.resolve()
        if key in seen:
            continue
        doc_id = f.stem if f.stem not in ids else "-".join(f.with_suffix("").parts[-2:])
        entry = CorpusEntry(f, doc_id, {})
        seen[key] = entry
        ids.add(doc_id)
        entries.append(entry)
    return entries


# --------------------------------------------------------------------------- writing


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give outputs the usual mode
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


RECORD_FORMATS = (".jsonl", ".json", ".csv", ".parquet")


def check_output_format(path: str | os.PathLike[str]) -> str:
    """The extension of a records file, or :class:`ConfigError` if it is not one we write."""
    suffix = Path(path).suffix.lower()
    if suffix not in RECORD_FORMATS:
        raise ConfigError(f"{path}: unknown output format {suffix!r} (use .jsonl, .csv or .parquet)")
    return suffix


def write_records(records: Sequence[dict[str, Any]], path: str | os.PathLike[str]) -> None:
    """Write records as JSONL, CSV or Parquet, chosen by the extension; atomically."""
    suffix = check_output_format(path)
    if suffix not in {".jsonl", ".json"}:
        import pandas as pd

        write_frame(pd.DataFrame.from_records(list(records)), path)
        return
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.writelines(map(jsonl_line, records))


def jsonl_line(rec: Any) -> bytes:
    """One UTF-8 JSONL line of ``rec`` (with its newline).

    orjson encodes about ten times faster than ``json.dumps``; records it cannot encode (for
    example non-string keys) fall back to ``json.dumps``. Unlike ``json.dumps``, orjson writes
    NaN as ``null``, which keeps every line valid JSON.

    >>> jsonl_line({"id": "a", "labels": ["x"], "p": 0.5})
    b'{"id":"a","labels":["x"],"p":0.5}\\n'
    """
    try:
        return orjson.dumps(rec, option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:
        return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")


def write_frame(frame: Any, path: str | os.PathLike[str]) -> None:
    """Write a data frame as CSV (lists and dicts as JSON strings) or Parquet; atomically."""
    suffix = Path(path).suffix.lower()
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            _json_cells(frame).to_csv(tmp, index=False, encoding="utf-8")


def _json_cells(frame: Any) -> Any:
    """A copy of ``frame`` with list and dict cells as JSON strings (itself if it has none)."""
    nested = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, (list, dict))).any()]
    if not nested:
        return frame
    flat = frame.copy()
    for col in nested:
        flat[col] = flat[col].map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    return flat


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, raw_line)`` for the non-blank lines of a JSONL file.

    Lines are bytes (``json.loads`` and ``orjson.loads`` take them), so a line that is not
    UTF-8 fails on its own when parsed instead of stopping the whole file. A UTF-8 byte-order
    mark before the first line is dropped.
    """
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, start=1):
            if n == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if line.strip():
                yield n, line
