"""Claims for fact-checkers: repeated quotes as schema.org ``ClaimReview``-ready JSON.

One record per quote cluster (``statement_clusters_v``): the claim's text, its author, when it
was said, every appearance (article URL, outlet, date) and the first one. The review itself —
``reviewRating``, the reviewing organisation, the review's URL — is what a fact-checker adds in
their own tools; quotetrack fills everything about the claim. ``quotetrack export-claims``
writes these records; the filters are parameters, never formatted into SQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

import duckdb

SCHEMA = "https://schema.org"
AUTHOR_TYPES = {"organisation": "Organization", "group": "Organization"}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to export; every field is optional."""

    speaker: str | None = None  # speaker id, or part of the name
    topic: str | None = None  # a topic id any appearance carries
    since: date | None = None  # said (or first published) on or after
    until: date | None = None  # said (or first published) on or before
    search: str | None = None  # words the claim contains (case-insensitive)
    min_articles: int = 1
    language: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Appearance:
    statement_id: str
    article_id: str
    url: str | None
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class Claim:
    cluster_id: str
    text: str
    speaker: str | None
    speaker_id: str | None
    speaker_kind: str | None
    speaker_role: str | None
    said_on: date | None
    said_on_estimated: bool
    occasion: str | None
    language: str | None
    topics: tuple[str, ...]
    articles: int
    outlets: int
    appearances: tuple[Appearance, ...]  # earliest first

    @property
    def first(self) -> Appearance | None:
        return self.appearances[0] if self.appearances else None


_QUERY = """
SELECT c.cluster_id, c.text, c.speaker, c.speaker_id, s.speaker_kind, s.speaker_role,
       coalesce(c.first_said_on, s.said_on), coalesce(s.said_on_estimated, false), s.occasion,
       s.language, s.topics, c.articles, c.outlets, c.appearances
FROM statement_clusters_v c
JOIN statements_v s ON s.statement_id = c.canonical_statement_id
WHERE c.articles >= $min_articles
  AND ($speaker IS NULL OR c.speaker_id = $speaker OR c.speaker ILIKE '%' || $speaker || '%')
  AND ($language IS NULL OR s.language = $language)
  AND ($search IS NULL OR c.text ILIKE '%' || $search || '%')
  AND ($since IS NULL OR coalesce(c.first_said_on, CAST(c.first_seen AS DATE)) >= $since)
  AND ($until IS NULL OR coalesce(c.first_said_on, CAST(c.first_seen AS DATE)) <= $until)
  AND ($topic IS NULL OR EXISTS (
        SELECT 1 FROM statement_clusters m JOIN statement_topics t USING (statement_id)
        WHERE m.cluster_id = c.cluster_id AND t.topic = $topic))
ORDER BY c.articles DESC, c.first_seen NULLS LAST, c.cluster_id
"""


def find_claims(con: duckdb.DuckDBPyConnection, where: ClaimFilter) -> list[Claim]:
    """The claims ``where`` selects, the most widely reported first."""
    params: dict[str, Any] = {
        "speaker": where.speaker,
        "topic": where.topic,
        "since": where.since,
        "until": where.until,
        "search": where.search,
        "min_articles": where.min_articles,
        "language": where.language,
    }
    sql = _QUERY + (f" LIMIT {int(where.limit)}" if where.limit is not None else "")
    cur = con.cursor()
    try:
        rows = cur.execute(sql, params).fetchall()
    finally:
        cur.close()
    return [_claim(row) for row in rows]


def _claim(row: Sequence[Any]) -> Claim:
    (cluster_id, text, speaker, speaker_id, kind, role, said_on, estimated, occasion, language,
     topics, articles, outlets, appearances) = row  # fmt: skip
    return Claim(
        cluster_id=cluster_id,
        text=text,
        speaker=speaker,
        speaker_id=speaker_id,
        speaker_kind=kind,
        speaker_role=role,
        said_on=said_on,
        said_on_estimated=estimated,
        occasion=occasion,
        language=language,
        topics=tuple(topics or ()),
        articles=articles,
        outlets=outlets,
        appearances=tuple(
            Appearance(a["statement_id"], a["article_id"], a["url"], a["outlet"], a["published"])
            for a in appearances
        ),
    )


def _work(appearance: Appearance) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork"}
    if appearance.url:
        out["url"] = appearance.url
    if appearance.published:
        out["datePublished"] = appearance.published.date().isoformat()
    if appearance.outlet:
        out["publisher"] = {"@type": "Organization", "name": appearance.outlet}
    out["identifier"] = appearance.article_id
    return out


def claim_review(claim: Claim) -> dict[str, Any]:
    """``claim`` as a schema.org ``ClaimReview`` whose review part is left to the fact-checker."""
    author: dict[str, Any] | None = None
    if claim.speaker:
        author = {"@type": AUTHOR_TYPES.get(claim.speaker_kind or "", "Person")}
        author["name"] = claim.speaker
        if claim.speaker_role:
            author["jobTitle"] = claim.speaker_role
        if claim.speaker_id:
            author["identifier"] = claim.speaker_id
    item: dict[str, Any] = {"@type": "Claim", "identifier": claim.cluster_id}
    if author:
        item["author"] = author
    if claim.said_on:
        item["datePublished"] = claim.said_on.isoformat()
    if claim.language:
        item["inLanguage"] = claim.language
    if claim.first:
        item["firstAppearance"] = _work(claim.first)
    item["appearance"] = [_work(a) for a in claim.appearances]
    review: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "itemReviewed": item,
    }
    review["quotetrack"] = {
        "cluster_id": claim.cluster_id,
        "articles": claim.articles,
        "outlets": claim.outlets,
        "said_on_estimated": claim.said_on_estimated,
        "occasion": claim.occasion,
        "topics": list(claim.topics),
        "statement_ids": [a.statement_id for a in claim.appearances],
    }
    return review


def write_claims(claims: Sequence[Claim], out: TextIO, *, lines: bool = False) -> None:
    """Write ``claims`` as one JSON array, or as JSON lines when ``lines``."""
    reviews = [claim_review(c) for c in claims]
    if lines:
        for review in reviews:
            out.write(json.dumps(review, ensure_ascii=False) + "\n")
    else:
        json.dump(reviews, out, ensure_ascii=False, indent=2)
        out.write("\n")
