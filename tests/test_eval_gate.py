"""The evaluation gate: extraction quality on the gold dev splits must not fall below the
pinned floors in ``eval_floors.json`` (skipped where ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import need_shared

from ingest.evaluate import evaluate, read_gold
from ingest.extract import extract

FLOORS: dict[str, Any] = json.loads((Path(__file__).parent / "eval_floors.json").read_text())
SETS = sorted(k for k in FLOORS if k != "about")


@pytest.mark.shared
@pytest.mark.parametrize("name", SETS)
def test_dev_scores_stay_above_the_floors(name: str) -> None:
    path = need_shared("data", "gold", f"{name}.jsonl")
    scores = evaluate(read_gold(path), extract)
    floor = FLOORS[name]
    message, speaker = scores["message"]["f1"], scores["speaker"]["f1"]
    assert message >= floor["message_f1"], f"{name}: message F1 {message} < {floor['message_f1']}"
    assert speaker >= floor["speaker_f1"], f"{name}: speaker F1 {speaker} < {floor['speaker_f1']}"
    precision = scores["speaker"]["p"]
    assert precision >= floor["speaker_precision"], (
        f"{name}: speaker precision {precision} < {floor['speaker_precision']}"
    )
