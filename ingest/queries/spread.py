"""How one statement spread: every article and outlet that carried it, first seen first.

Uses the snapshot's quote clusters when it has them (a ``cluster_id`` column in
``statements_v``, or the ``statement_clusters_v`` view); otherwise candidates come from the
search index (BM25 on the quote's own words) and are kept when their text is similar enough
(rapidfuzz).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from rapidfuzz import fuzz, utils

from ingest.queries.corpus import STATEMENTS, Corpus
from ingest.queries.filters import Filters
from ingest.queries.search import Query, matching, parse_query

MIN_SIMILARITY = 80.0
POOL = 300
MAX_QUERY_WORDS = 40
MIN_FRAGMENT = 40  # characters: shorter common phrases are not repetitions

Method = Literal["cluster", "fuzzy", "cluster+fuzzy"]


@dataclass(frozen=True, slots=True)
class Spread:
    anchor: dict[str, Any]
    members: pl.DataFrame  # the anchor included; date ascending; with ``similarity``
    method: Method

    @property
    def first(self) -> dict[str, Any]:
        return self.members.row(0, named=True) if self.members.height else self.anchor

    @property
    def outlets(self) -> int:
        return self.members["outlet"].n_unique() if self.members.height else 0


def statement(corpus: Corpus, statement_id: str) -> dict[str, Any] | None:
    frame = corpus.frame(
        f"SELECT {corpus.caps.select_list()} FROM {STATEMENTS} WHERE statement_id = $id",
        {"id": statement_id},
    )
    return frame.row(0, named=True) if frame.height else None


def _cluster_members(corpus: Corpus, anchor: dict[str, Any]) -> pl.DataFrame | None:
    select = corpus.caps.select_list()
    if corpus.caps.has("cluster_id") and anchor.get("cluster_id") is not None:
        return corpus.frame(
            f"SELECT {select} FROM {STATEMENTS} WHERE cluster_id = $c",
            {"c": anchor["cluster_id"]},
        )
    if corpus.caps.has_column("statement_clusters_v", "statement_id"):
        clusters = corpus.view("statement_clusters_v")
        frame = corpus.frame(
            f"SELECT {select} FROM {STATEMENTS} JOIN {clusters} c USING (statement_id) "
            f"WHERE c.cluster_id = (SELECT cluster_id FROM {clusters} "
            "WHERE statement_id = $id LIMIT 1)",
            {"id": anchor["statement_id"]},
        )
        return frame if frame.height else None
    return None


def _fuzzy_members(corpus: Corpus, anchor: dict[str, Any], min_similarity: float) -> pl.DataFrame:
    query = parse_query(corpus, anchor["quote"])
    query = Query(query.text, query.words[:MAX_QUERY_WORDS])
    m = matching(corpus, Filters(), query)
    frame = corpus.frame(
        f"SELECT {corpus.caps.select_list()} {m.body} ORDER BY {m.order} LIMIT $pool",
        {**m.params, "pool": POOL},
        m.tables,
    )
    if not frame.height:
        return frame
    scores = similarity(anchor["quote"], frame["quote"].to_list())
    return frame.with_columns(pl.Series("similarity", scores)).filter(
        (pl.col("similarity") >= min_similarity)
        | (pl.col("statement_id") == anchor["statement_id"])
    )


def similarity(quote: str, others: list[str]) -> list[float]:
    """0–100 per other text: how nearly it repeats ``quote``.

    Whole-text similarity, or, for a fragment at least ``MIN_FRAGMENT`` characters long, how
    well it aligns inside the other text, discounted a little the less of it it covers (so a
    short common phrase is not a repetition).
    """
    return [round(_similar(quote, other), 1) for other in others]


def _similar(a: str, b: str) -> float:
    a, b = utils.default_process(a), utils.default_process(b)
    score = fuzz.ratio(a, b)
    short, long = sorted((len(a), len(b)))
    if short >= MIN_FRAGMENT and long:
        score = max(score, fuzz.partial_ratio(a, b) * (0.85 + 0.15 * short / long))
    return float(score)


def spread(
    corpus: Corpus,
    statement_id: str,
    min_similarity: float = MIN_SIMILARITY,
    similar_wording: bool = False,
) -> Spread | None:
    """The statement and everywhere it was repeated, or None when the id is unknown.

    Quote clusters decide when the snapshot has them; ``similar_wording`` adds statements
    whose wording is at least ``min_similarity`` % alike (always used without clusters).
    """
    anchor = statement(corpus, statement_id)
    if anchor is None:
        return None
    members = _cluster_members(corpus, anchor)
    method: Method = "cluster"
    if members is None:
        members, method = _fuzzy_members(corpus, anchor, min_similarity), "fuzzy"
    else:
        members = members.with_columns(
            pl.Series("similarity", similarity(anchor["quote"], members["quote"].to_list()))
        )
        if similar_wording:
            more = _fuzzy_members(corpus, anchor, min_similarity)
            more = more.filter(~pl.col("statement_id").is_in(members["statement_id"].to_list()))
            members = pl.concat([members, more.select(members.columns)], how="vertical_relaxed")
            method = "cluster+fuzzy"
    members = members.sort(["date", "published"], nulls_last=True)
    return Spread(anchor, members, method)
