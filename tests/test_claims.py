"""Claims for fact-checkers: ClaimReview-ready JSON from a real ingest."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.claims import ClaimFilter, claim_review, find_claims
from ingest.cli import main
from ingest.db import connect_reader
from tests.test_clusters import QUOTE, cluster_db  # noqa: F401  (fixture)


def test_a_repeated_quote_is_one_claim_with_every_appearance(cluster_db: Path) -> None:  # noqa: F811
    con, _ = connect_reader(cluster_db)
    try:
        (claim,) = find_claims(con, ClaimFilter(speaker="Merkel"))
    finally:
        con.close()
    review = claim_review(claim)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == QUOTE
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Angela Merkel",
        "identifier": claim.speaker_id,
    }
    assert item["datePublished"] == "2025-03-03"
    assert item["firstAppearance"]["datePublished"] == "2025-03-03"
    assert item["firstAppearance"]["publisher"]["name"] == "Tagesblatt"
    assert [a["identifier"] for a in item["appearance"]] == ["a1", "a2", "a3"]
    assert "reviewRating" not in review  # the verdict is the fact-checker's


# filter, how many claims
FILTERS = [
    (ClaimFilter(), 2),
    (ClaimFilter(min_articles=2), 1),
    (ClaimFilter(speaker="scholz"), 1),
    (ClaimFilter(search="steuern"), 2),
    (ClaimFilter(search="renten"), 0),
    (ClaimFilter(since=date(2025, 3, 3)), 1),
    (ClaimFilter(until=date(2025, 3, 2)), 1),
    (ClaimFilter(language="en"), 0),
    (ClaimFilter(limit=1), 1),
]


@pytest.mark.parametrize(("where", "n"), FILTERS)
def test_filters(cluster_db: Path, where: ClaimFilter, n: int) -> None:  # noqa: F811
    con, _ = connect_reader(cluster_db)
    try:
        assert len(find_claims(con, where)) == n
    finally:
        con.close()


def test_export_claims_writes_json_and_json_lines(cluster_db: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "claims.json"
    assert main(["export-claims", "--db", str(cluster_db), "-o", str(out)]) == 0
    reviews = json.loads(out.read_text("utf-8"))
    assert [r["quotetrack"]["articles"] for r in reviews] == [3, 1]
    lines = tmp_path / "claims.jsonl"
    assert (
        main(["export-claims", "--db", str(cluster_db), "--speaker", "Merkel", "-o", str(lines)])
        == 0
    )
    assert len(lines.read_text("utf-8").splitlines()) == 1
