"""HTML for statements and articles: highlighting, escaping, dates. No Streamlit here.

Every piece of text from the corpus goes through ``html.escape``; markup is only ever built
around escaped text. Offsets are code points into the article text, as stored.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

KINDS = ("direct", "partial", "mixed", "indirect", "reported")
QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
_WORD = re.compile(r"\w+")

CSS = """
.qt-card{padding:.55rem .8rem;margin:0 0 .55rem 0;border-left:4px solid #cbd5e1;
  background:rgba(148,163,184,.08);border-radius:4px}
.qt-card.qt-k-direct{border-left-color:#2563eb}.qt-card.qt-k-partial{border-left-color:#16a34a}
.qt-card.qt-k-mixed{border-left-color:#9333ea}.qt-card.qt-k-indirect{border-left-color:#d97706}
.qt-card.qt-k-reported{border-left-color:#6b7280}
.qt-quote{font-size:1.02rem;line-height:1.45}
.qt-meta{font-size:.84rem;opacity:.85;margin-top:.25rem}
.qt-meta a{text-decoration:none}.qt-meta a:hover{text-decoration:underline}
.qt-quote mark,.qt-text mark{background:#fde68a;color:inherit;padding:0 .1em;border-radius:2px}
.qt-badge{display:inline-block;font-size:.72rem;padding:0 .4em;border-radius:3px;
  background:rgba(148,163,184,.25);margin-right:.15rem}
[data-testid="stMainBlockContainer"]{padding-top:3.2rem}
.qt-text{white-space:pre-wrap;line-height:1.7;font-size:1rem;max-width:60rem}
.qt-s{border-radius:3px;padding:.1em 0;border-bottom:2px solid transparent}
.qt-s.qt-k-direct{background:rgba(37,99,235,.13);border-bottom-color:#2563eb}
.qt-s.qt-k-partial{background:rgba(22,163,74,.14);border-bottom-color:#16a34a}
.qt-s.qt-k-mixed{background:rgba(147,51,234,.13);border-bottom-color:#9333ea}
.qt-s.qt-k-indirect{background:rgba(217,119,6,.15);border-bottom-color:#d97706}
.qt-s.qt-k-reported{background:rgba(107,114,128,.15);border-bottom-color:#6b7280}
.qt-s.qt-focus{outline:2px solid #dc2626;outline-offset:1px}
.qt-mention{font-weight:650;text-decoration:underline;text-decoration-color:#b91c1c;
  text-decoration-thickness:2px;text-underline-offset:3px}
.qt-cue{font-style:italic;text-decoration:underline dotted #0f766e;text-decoration-thickness:2px;
  text-underline-offset:3px}
.qt-n{font-size:.65rem;font-weight:700;vertical-align:super;margin-right:.1rem;color:#475569}
.qt-legend span{display:inline-block;margin:0 .5rem .35rem 0}
.qt-facets{font-size:.86rem;line-height:1.55}
.qt-facets a{text-decoration:none}
.qt-facets .qt-count{opacity:.6;margin-left:.3rem}
.qt-cols{display:grid;gap:.8rem}
.qt-period{font-weight:650;margin:.6rem 0 .2rem 0;border-bottom:1px solid rgba(148,163,184,.4)}
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def format_date(value: date | datetime | None) -> str:
    """``5 Jun 2025`` (no time: statements are dated by day)."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b %Y}"


def quoted(language: str | None) -> tuple[str, str]:
    return QUOTES.get(language or "", QUOTES["en"])


def highlight_words(text: str, words: frozenset[str]) -> str:
    """``text`` escaped, with every word in ``words`` (lower case) wrapped in ``<mark>``."""
    if not words:
        return esc(text)
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        if m.group().lower() in words:
            out.append(esc(text[pos : m.start()]))
            out.append(f"<mark>{esc(m.group())}</mark>")
            pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def anchor(href: str, label: str, *, external: bool = False) -> str:
    target = ' target="_blank" rel="noopener noreferrer"' if external else ' target="_self"'
    return f'<a href="{esc(href)}"{target}>{esc(label)}</a>'


def kind_badge(kind: str | None) -> str:
    return f'<span class="qt-badge">{esc(kind or "?")}</span>'


def statement_card(row: Mapping[str, Any], words: frozenset[str], links: Sequence[str]) -> str:
    """One statement: the quote with matched words marked, then who, where, when and links."""
    opening, closing = quoted(row.get("language"))
    quote = highlight_words(str(row.get("quote") or ""), words)
    kind = row.get("kind") if row.get("kind") in KINDS else "direct"
    return (
        f'<div class="qt-card qt-k-{kind}"><div class="qt-quote">{opening}{quote}{closing}</div>'
        f"{statement_meta(row, links)}</div>"
    )


def statement_meta(row: Mapping[str, Any], links: Sequence[str]) -> str:
    """Who, role, kind, outlet, date, confidence, then the links, in one line."""
    meta = [m for m in _who_where_when(row) if m] + list(links)
    return f'<div class="qt-meta">{" · ".join(meta)}</div>'


def _who_where_when(row: Mapping[str, Any]) -> list[str]:
    speaker = row.get("speaker")
    who = f"<b>{esc(speaker)}</b>" if speaker else "<i>speaker unknown</i>"
    if speaker and row.get("speaker_id"):
        who = f"<b>{anchor('speaker?' + _q(id=row['speaker_id']), speaker)}</b>"
    estimated = "≈ " if row.get("said_on_estimated") else ""
    conf = row.get("confidence")
    return [
        who,
        esc(row.get("speaker_role") or ""),
        kind_badge(row["kind"]) if row.get("kind") else "",
        esc(row.get("outlet") or ""),
        estimated + esc(format_date(row.get("date") or row.get("published"))),
        f"confidence {conf:.2f}" if isinstance(conf, float) else "",
    ]


def _q(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def statement_links(row: Mapping[str, Any]) -> list[str]:
    """Source (external), the statement in its article, and its spread across outlets."""
    out = []
    if row.get("url"):
        out.append(anchor(str(row["url"]), "source ↗", external=True))
    sid, aid = row.get("statement_id"), row.get("article_id")
    if aid:
        out.append(anchor("article?" + _q(id=str(aid), s=str(sid or "")), "in article"))
    if sid:
        out.append(anchor("spread?" + _q(id=str(sid)), "spread"))
    return out


# -- the article view -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    role: str  # "statement" | "mention" | "cue"
    kind: str = ""  # statement kind
    title: str = ""
    number: int = 0  # statement number (1-based) at the statement's first span
    statement_id: str = ""


def marks_for(statements: Iterable[Mapping[str, Any]], text_length: int) -> list[Mark]:
    """Statement spans, speaker mentions and cues as marks (rows as in ``statements_v``)."""
    marks: list[Mark] = []
    for n, row in enumerate(statements, start=1):
        title = _title(row)
        spans = row.get("spans") or [[row.get("start"), row.get("end")]]
        for i, (start, end) in enumerate(sorted((s[0], s[1]) for s in spans if s[0] is not None)):
            marks.append(
                Mark(
                    start,
                    end,
                    "statement",
                    _kind(row),
                    title,
                    n if i == 0 else 0,
                    str(row.get("statement_id") or ""),
                )
            )
        for role, s, e in (
            ("mention", "speaker_start", "speaker_end"),
            ("cue", "cue_start", "cue_end"),
        ):
            if row.get(s) is not None and row.get(e) is not None:
                marks.append(Mark(int(row[s]), int(row[e]), role, title=title))
    return [m for m in marks if 0 <= m.start < m.end <= text_length]


def _kind(row: Mapping[str, Any]) -> str:
    kind = str(row.get("kind") or "")
    return kind if kind in KINDS else "direct"


def _title(row: Mapping[str, Any]) -> str:
    parts = [str(row.get("kind") or ""), str(row.get("speaker") or "speaker unknown")]
    if row.get("speaker_role"):
        parts.append(str(row["speaker_role"]))
    if isinstance(row.get("confidence"), float):
        parts.append(f"confidence {row['confidence']:.2f}")
    return " · ".join(parts)


def article_html(text: str, marks: Sequence[Mark], focus: str = "") -> str:
    """The whole text, escaped, with statements, mentions and cues wrapped in spans."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = ['<div class="qt-text">']
    for a, b in itertools.pairwise(cuts):
        active = [m for m in marks if m.start <= a < m.end]
        for m in marks:
            if m.role == "statement" and m.number and m.start == a:
                out.append(f'<sup class="qt-n" id="s-{esc(m.statement_id)}">{m.number}</sup>')
        out.append(_segment(text[a:b], active, focus))
    out.append("</div>")
    return "".join(out)


def _segment(piece: str, active: Sequence[Mark], focus: str) -> str:
    if not active:
        return esc(piece)
    classes: list[str] = []
    statement = next((m for m in active if m.role == "statement"), None)
    if statement is not None:
        classes += ["qt-s", f"qt-k-{statement.kind}"]
        if focus and statement.statement_id == focus:
            classes.append("qt-focus")
    classes += [f"qt-{role}" for role in ("mention", "cue") if any(m.role == role for m in active)]
    title = active[0].title
    return f'<span class="{" ".join(classes)}" title="{esc(title)}">{esc(piece)}</span>'


def legend() -> str:
    spans = [f'<span class="qt-s qt-k-{k}">{k}</span>' for k in KINDS]
    spans += ['<span class="qt-mention">speaker mention</span>', '<span class="qt-cue">cue</span>']
    return f'<div class="qt-legend">{"".join(spans)}</div>'


def facet_list(title: str, items: Sequence[tuple[str, int]], href: Mapping[str, str]) -> str:
    """A facet's values as links (``href``: value → link) with their counts."""
    if not items:
        return ""
    rows = [
        f"{anchor(href[value], value) if value in href else esc(value)}"
        f'<span class="qt-count">{n:,}</span>'
        for value, n in items
    ]
    return f'<div class="qt-facets"><b>{esc(title)}</b><br>{"<br>".join(rows)}</div>'
