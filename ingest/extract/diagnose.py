"""Development aid: where the extractor errs on a gold file, and what each frame buys.

    python -m ingest.extract.diagnose GOLD.jsonl [--dump FILE] [--ablate]

Prints the evaluation scores (the metric of ``ingest.evaluate``, unchanged), precision per
frame type, speaker errors by cause, and with ``--dump`` writes missed gold messages, unpaired
predictions and wrong speakers to a text file for reading. ``--ablate`` re-scores with each
frame type left out. Reads gold from ../shared; nothing here ships gold text.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ingest.evaluate import (
    GoldQuote,
    Tally,
    Tokens,
    _pair,
    _right_speaker,
    doc_article,
    gold_quotes,
    read_gold,
    score_document,
)
from ingest.extract import analyse
from ingest.model import Statement

FRAMES = (
    "lead",
    "tail",
    "colon",
    "standalone",
    "running",
    "leading",
    "trailing",
    "source",
    "anaphoric",
    "reported",
    "partial",
    "follow",
    "mood",
    "participle",
    "turn",
)


def _line(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _speaker_cause(pred: Statement, how: str) -> str:
    if not (pred.speaker or pred.speaker_mention):
        return "no speaker predicted"
    if how in ("follow", "running", "anaphoric", "participle"):
        return "carried over from the previous statement"
    if pred.speaker_mention and pred.speaker_mention.lower() in ("er", "sie", "he", "she", "they"):
        return "pronoun"
    return "wrong mention in frame"


class Report:
    def __init__(self, dump: TextIO | None) -> None:
        self.dump = dump
        self.by_how: Counter[str] = Counter()
        self.hit_by_how: Counter[str] = Counter()
        self.speaker_errors: Counter[str] = Counter()
        self.speaker_missing_by_type: Counter[str] = Counter()

    def document(self, doc: dict[str, Any], rows: list[tuple[Statement, str]]) -> None:
        text = doc["text"]
        tokens = Tokens(text)
        golds = gold_quotes(doc, tokens)
        raw = [q for q in doc.get("quotes", []) if not q.get("is_nested")]
        preds = [s for s, _ in rows]
        pred_tokens = [tokens.inside(p.spans) for p in preds]
        pairs = _pair(pred_tokens, golds)
        paired_p = {pi for pi, _, _ in pairs}
        hit_g: set[int] = set()
        for pi, gi, n in pairs:
            gold: GoldQuote = golds[gi]
            hit = 2 * n >= len(gold.tokens) and 2 * n >= len(pred_tokens[pi])
            how = rows[pi][1]
            if hit:
                hit_g.add(gi)
                self.hit_by_how[how] += 1
            if (gold.speaker_spans or gold.speaker_words) and not _right_speaker(preds[pi], gold):
                cause = _speaker_cause(preds[pi], how)
                self.speaker_errors[cause] += 1
                if cause == "no speaker predicted":
                    self.speaker_missing_by_type[gold.type] += 1
                self._write(
                    f"SPEAKER [{cause}] gold={raw[gi].get('speaker_text')!r} "
                    f"pred={preds[pi].speaker_mention!r}->{preds[pi].speaker!r} "
                    f"({how}) :: {_line(preds[pi].text, 120)}"
                )
        for _, how in rows:
            self.by_how[how] += 1
        for gi, g in enumerate(golds):
            if gi not in hit_g:
                q = raw[gi]
                pieces = " | ".join(
                    text[a:b] for a, b in q.get("spans") or [[q["start"], q["end"]]]
                )
                self._write(
                    f"MISSED {g.type} spk={q.get('speaker_text')!r} cue={q.get('cue')!r} :: "
                    f"{_line(pieces)}"
                )
        for pi, (s, how) in enumerate(rows):
            if pi not in paired_p:
                self._write(f"SPURIOUS {s.kind}/{how} spk={s.speaker_mention!r} :: {_line(s.text)}")

    def _write(self, line: str) -> None:
        if self.dump is not None:
            self.dump.write(line + "\n")

    def summary(self) -> str:
        lines = ["precision by frame (hits / predictions):"]
        for how, n in self.by_how.most_common():
            lines.append(
                f"  {how:<11} {self.hit_by_how[how]:>5} / {n:<5} {100 * self.hit_by_how[how] / n:5.1f}"
            )
        lines.append("speaker errors by cause (paired predictions):")
        for cause, n in self.speaker_errors.most_common():
            lines.append(f"  {cause:<42} {n}")
        lines.append(
            "no speaker predicted, by gold type: "
            + ", ".join(f"{t} {n}" for t, n in self.speaker_missing_by_type.most_common())
        )
        return "\n".join(lines)


def _docs(path: Path) -> Iterator[dict[str, Any]]:
    return read_gold(path)


def score(
    path: Path, skip: frozenset[str] = frozenset(), report: Report | None = None
) -> dict[str, Any]:
    tally = Tally()
    for doc in _docs(path):
        rows = [(r.statement, r.how) for r in analyse(doc_article(doc), skip)]
        score_document(doc, [s for s, _ in rows], tally)
        if report is not None:
            report.document(doc, rows)
    return tally.scores()


def _brief(s: dict[str, Any]) -> str:
    m, d, sp = s["message"], s["detection"], s["speaker"]
    return (
        f"message {m['p']:5.1f}/{m['r']:5.1f}/{m['f1']:5.1f}  detect {d['f1']:5.1f}  "
        f"speaker {sp['p']:5.1f}/{sp['r']:5.1f}/{sp['f1']:5.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--dump", type=Path, help="write error listings here")
    parser.add_argument("--ablate", action="store_true", help="score with each frame left out")
    args = parser.parse_args(argv)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    try:
        for path in args.gold:
            report = Report(dump)
            if dump:
                dump.write(f"===== {path.name}\n")
            s = score(path, report=report)
            print(f"{path.name}: {_brief(s)}")
            print(
                "  recall by type: "
                + json.dumps({t: v["recall"] for t, v in s["detection_recall_by_type"].items()})
            )
            print(report.summary())
            if args.ablate:
                for how in FRAMES:
                    a = score(path, frozenset({how}))
                    print(f"  without {how:<11} {_brief(a)}")
    finally:
        if dump:
            dump.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
