"""One stored article with its statements, for the article view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from ingest.queries.corpus import STATEMENTS, Corpus

# Statement columns the article view uses; absent ones come back as nulls.
MARK_COLUMNS = (
    "statement_id",
    "kind",
    "start",
    "end",
    "spans",
    "quote",
    "speaker",
    "speaker_id",
    "speaker_role",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "confidence",
)


@dataclass(frozen=True, slots=True)
class ArticleView:
    meta: dict[str, Any]  # every column of articles_v
    text: str
    statements: pl.DataFrame  # MARK_COLUMNS, in text order


def article(corpus: Corpus, article_id: str) -> ArticleView | None:
    meta = corpus.frame(
        f"SELECT * FROM {corpus.view('articles_v')} WHERE article_id = $id", {"id": article_id}
    )
    if not meta.height:
        return None
    text = corpus.scalar(
        f"SELECT text FROM {corpus.view('articles')} WHERE article_id = $id", {"id": article_id}
    )
    return ArticleView(meta.row(0, named=True), text or "", _marks(corpus, article_id))


def _marks(corpus: Corpus, article_id: str) -> pl.DataFrame:
    """The article's statements (as corrected) with their spans from the stored rows."""
    have = [c for c in MARK_COLUMNS if c != "spans" and corpus.caps.has(c)]
    cols = ", ".join(
        f's."{c}"' if c in have else ("b.spans" if c == "spans" else f'NULL AS "{c}"')
        for c in MARK_COLUMNS
    )
    spans = (
        f"LEFT JOIN (SELECT statement_id, spans FROM {corpus.view('statements')} "
        "WHERE article_id = $id) b USING (statement_id)"
        if corpus.caps.has_column("statements", "spans")
        else "LEFT JOIN (SELECT NULL::VARCHAR AS statement_id, NULL::INTEGER[][] AS spans) b "
        "USING (statement_id)"
    )
    return corpus.frame(
        f"SELECT {cols} FROM {STATEMENTS} s {spans} WHERE s.article_id = $id "
        'ORDER BY s."start", s."end"',
        {"id": article_id},
    )


def find_articles(corpus: Corpus, words: str = "", limit: int = 50) -> pl.DataFrame:
    """Articles whose title or id contains ``words`` (all when empty), newest first."""
    return corpus.frame(
        "SELECT article_id, title, outlet, published, language, statements "
        f"FROM {corpus.view('articles_v')} "
        "WHERE $w = '' OR contains(lower(coalesce(title, '')), lower($w)) "
        "OR contains(lower(article_id), lower($w)) "
        "ORDER BY published DESC NULLS LAST, article_id LIMIT $limit",
        {"w": words.strip(), "limit": limit},
    )
