"""Edits found by one repair stage, and how stages compose while keeping original positions."""

from __future__ import annotations

from typing import NamedTuple

from core.article import Repair


class Edit(NamedTuple):
    """Replace `text[start:end]` with `after` (positions in the stage's input). A named tuple: the
    stages make one per repair, and a tuple is made several times faster than a frozen dataclass."""

    start: int
    end: int
    after: str
    kind: str
    confidence: float
    applied: bool = True  # False: a guess, recorded with its confidence but not made


class Tracker:
    """Applies the edits of successive stages and maps every position back to the original input."""

    def __init__(self, original: str, field: str) -> None:
        self.original = original
        self.field = field
        self.text = original
        self._origin: list[int] | None = None  # origin[i]: original index of current char i (+ sentinel)
        self.repairs: list[Repair] = []

    def origin(self, index: int) -> int:
        if self._origin is None:
            return index
        return self._origin[index]

    def _origins(self, start: int, end: int) -> list[int] | range:
        return range(start, end) if self._origin is None else self._origin[start:end]

    def apply(self, edits: list[Edit]) -> None:
        if not edits:
            return
        text = self.text
        pieces: list[str] = []
        origin: list[int] = []
        cursor = 0
        guesses = [edit for edit in edits if not edit.applied]
        edits = [edit for edit in edits if edit.applied]
        self.note(guesses)
        if not edits:
            return
        for edit in sorted(edits, key=lambda e: e.start):
            if edit.start < cursor:
                continue
            pieces.append(text[cursor : edit.start])
            origin.extend(self._origins(cursor, edit.start))
            start_o, end_o = self.origin(edit.start), self.origin(edit.end)
            self.repairs.append(
                Repair(edit.kind, self.field, start_o, end_o, self.original[start_o:end_o], edit.after,
                       round(edit.confidence, 3))
            )
            pieces.append(edit.after)
            origin.extend([start_o] * len(edit.after))
            cursor = edit.end
        pieces.append(text[cursor:])
        origin.extend(self._origins(cursor, len(text) + 1))
        self.text = "".join(pieces)
        self._origin = origin

    def note(self, edits: list[Edit]) -> None:
        """Record findings that change nothing (unrecoverable text)."""
        for edit in edits:
            start_o, end_o = self.origin(edit.start), self.origin(edit.end)
            self.repairs.append(
                Repair(edit.kind, self.field, start_o, end_o, self.original[start_o:end_o], edit.after,
                       round(edit.confidence, 3))
            )
