"""Interview turns: in an article laid out as an interview, each paragraph that opens with a
speaker's label is that speaker's words.

    Elsässer: Hättet ihr gedacht, dass eure Bustour so ein Erfolg wird?
    Schiffmann: Nein. Es war ja nie so geplant.

A label line counts only inside a run of at least ``MIN_RUN`` adjacent labelled paragraphs
with at least two different labels (questions and answers take turns); a headline such as
*Laschet: Entscheidung über Maßnahmen* stands alone and is no turn. Whether a label names a
person is decided later, against the article's people (``statements.build``): *ZEIT ONLINE*,
*Frage* or *Zutaten* name nobody, and their turns are dropped.
"""

from __future__ import annotations

import re
from typing import Final

from ingest.extract.candidates import Candidate
from ingest.extract.grammar import Grammar
from ingest.extract.mentions import NAME, Mention
from ingest.extract.sentences import soft_break

__all__ = ["TURN", "find_turns"]

TURN: Final = "turn"  # the frame name of an interview turn
MIN_RUN: Final = 3  # labelled paragraphs in a row that make an interview

# A label of one to three capitalised words opening a line, then a colon.
_LABEL: Final = re.compile(r"[ \t]*((?:[^\W\d_][\w.'’-]*[ \t]+){0,2}[^\W\d_][\w'’-]*)[ \t]*:[ \t]*")
_LABEL_REACH: Final = 48  # a colon further into the line ends no label
_new: Final = tuple.__new__


def _paragraph_end(text: str, start: int, g: Grammar) -> int:
    """Where the paragraph holding ``start`` ends: at a line break that is no soft one."""
    nl = text.find("\n", start)
    while nl >= 0 and soft_break(text, nl, g.nouns_capitalised):
        nl = text.find("\n", nl + 1)
    end = len(text) if nl < 0 else nl
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _turns(text: str, g: Grammar) -> list[tuple[int, int, int, int]]:
    """Label start and end, answer start and end of every labelled paragraph, in order."""
    out = []
    # from colon to colon (few), each line tried at its first one: neither a regex nor a
    # split of the article into lines walks (and copies) every character
    colon = text.find(":")
    while colon >= 0:
        pos = text.rfind("\n", 0, colon) + 1
        nl = text.find("\n", colon)
        stop = len(text) if nl < 0 else nl
        if 0 < colon - pos < _LABEL_REACH:
            m = _LABEL.match(text, pos, stop)
            if m is not None and all(w[0].isupper() for w in m.group(1).split()):
                end = _paragraph_end(text, m.end(), g)
                if end > m.end():
                    out.append((m.start(1), m.end(1), m.end(), end))
        colon = text.find(":", stop)
    return out


def _runs(
    turns: list[tuple[int, int, int, int]], text: str
) -> list[list[tuple[int, int, int, int]]]:
    """Groups of turns whose paragraphs follow one another with nothing but space between."""
    runs: list[list[tuple[int, int, int, int]]] = []
    for turn in turns:
        if runs and not text[runs[-1][-1][3] : turn[0]].strip():
            runs[-1].append(turn)
        else:
            runs.append([turn])
    return runs


def find_turns(text: str, g: Grammar) -> list[Candidate]:
    """A direct-speech candidate for every turn of an interview, its label as the mention."""
    if ":" not in text:
        return []
    out: list[Candidate] = []
    for run in _runs(_turns(text, g), text):
        labels = {text[a:b] for a, b, _, _ in run}
        if len(run) < MIN_RUN or len(labels) < 2:
            continue
        for a, b, start, end in run:
            mention = Mention(a, b, text[a:b], NAME)
            out.append(_new(Candidate, ("direct", ((start, end),), None, mention, 0.85, TURN)))
    return out
