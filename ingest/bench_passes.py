"""Bench sections for what runs after extraction: the per-statement columns (``when``), topic
tagging (``topics``) and repeated-quote clustering (``clusters``); see ``ingest.bench``.

The corpus is extracted once per process (not timed here: the ``extraction`` section times
it); each section then times only its own stage over every statement. Clustering groups by the
speaker name found in the article, as the speakers pass does before cross-article resolution.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path

from ingest.bench import Result
from ingest.build import slug
from ingest.clusters import Row, clusters_of
from ingest.extract import extract
from ingest.model import Article
from ingest.pipeline import statement_columns
from ingest.readers import read_paths
from ingest.store import quote_text
from ingest.topics import BUNDLED, Tagger, load_taxonomy


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: int
    megabytes: float
    columns_seconds: float  # statement_columns over every statement
    rows: tuple[Row, ...]
    texts: tuple[tuple[str | None, str, str], ...]  # (language, quote, context) per row


def articles(path: Path, limit: int | None) -> Iterator[Article]:
    items = (a for a in read_paths([str(path)]) if isinstance(a, Article))
    return islice(items, limit)


@cache
def corpus(path: Path, limit: int | None) -> Corpus:
    """The corpus extracted, with the per-statement columns timed."""
    rows: list[Row] = []
    texts: list[tuple[str | None, str, str]] = []
    n, size, columns_seconds = 0, 0, 0.0
    for article in articles(path, limit):
        n += 1
        size += len(article.text.encode("utf-8"))
        statements = extract(article)
        began = time.perf_counter()
        columns = [statement_columns(article, s) for s in statements]
        columns_seconds += time.perf_counter() - began
        published = article.published.replace(tzinfo=None) if article.published else None
        for i, (s, c) in enumerate(zip(statements, columns, strict=True)):
            quote = quote_text(article.text, s.spans)
            speaker = slug(s.speaker) if s.speaker else None
            rows.append(
                Row(f"{article.id}#{i}", speaker, quote, c["quote_key"], article.id, published)
            )
            context = article.text[c["context_start"] : c["context_end"]]
            texts.append((s.language or article.language, quote, context))
    return Corpus(n, size / 1e6, columns_seconds, tuple(rows), tuple(texts))


def bench_when(path: Path, limit: int | None) -> Result:
    c = corpus(path, limit)
    per = c.columns_seconds / max(1, len(c.rows)) * 1e6
    note = f"per-statement columns alone; {len(c.rows):,} statements, {per:.0f} µs each"
    return Result("when", c.articles, c.columns_seconds, c.megabytes, note)


def bench_topics(path: Path, limit: int | None) -> Result:
    c = corpus(path, limit)
    began = time.perf_counter()
    tagger = Tagger(load_taxonomy(BUNDLED.parent))
    tagged = sum(1 for language, quote, context in c.texts if tagger.tag(quote, context, language))
    seconds = time.perf_counter() - began
    share = tagged / max(1, len(c.texts))
    note = f"tagging {len(c.texts):,} statements; {share:.0%} get a topic"
    return Result("topics", c.articles, seconds, c.megabytes, note)


def bench_clusters(path: Path, limit: int | None) -> Result:
    c = corpus(path, limit)
    began = time.perf_counter()
    found = clusters_of(c.rows)
    seconds = time.perf_counter() - began
    sizes = Counter(cluster for cluster, _ in found.values())
    repeated = sum(1 for n in sizes.values() if n > 1)
    note = (
        f"clustering {len(c.rows):,} statements: {len(sizes):,} clusters, "
        f"{repeated:,} repeated, largest {max(sizes.values(), default=0)}"
    )
    return Result("clusters", c.articles, seconds, c.megabytes, note)
