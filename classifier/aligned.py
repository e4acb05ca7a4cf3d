"""Strings that remember where each character came from.

Every normalisation step rewrites a text and says, for each output character, which
span of its input it stands for. Composing the steps gives, for every character of the
normalised text, a span of what the user pasted, so evidence can be highlighted there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Aligned:
    """A text and, per character, the [start, end) span of the input it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> Aligned:
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def then(self, step: Aligned) -> Aligned:
        """Apply a step whose spans point into this text; spans end up in our input."""
        starts = tuple(map(self.starts.__getitem__, step.starts))
        ends = tuple(map(self.ends.__getitem__, [e - 1 for e in step.ends]))
        return Aligned(step.text, starts, ends)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of the input covered by text[start:end] (an empty span maps to a point)."""
        if not self.text:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        if end <= start:
            return (self.starts[start], self.starts[start])
        end = min(end, len(self.text))
        return (min(self.starts[start:end]), max(self.ends[start:end]))


class AlignedBuilder:
    """Accumulates output characters, each tied to a span of the step's input."""

    __slots__ = ("_chars", "_starts", "_ends")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, text: str, start: int, end: int | None = None) -> None:
        """Append `text` as standing for input[start:end] (one character when end is None).

        Same length: character k stands for input character start + k. Otherwise every
        character of `text` stands for the whole span (an expansion or a contraction).
        """
        end = start + 1 if end is None else end
        if len(text) == end - start:
            for k, ch in enumerate(text):
                self._chars.append(ch)
                self._starts.append(start + k)
                self._ends.append(start + k + 1)
            return
        for ch in text:
            self._chars.append(ch)
            self._starts.append(start)
            self._ends.append(end)

    def copy(self, source: str, start: int, end: int) -> None:
        """Append source[start:end] unchanged (a fast path for long untouched runs)."""
        if start >= end:
            return
        self._chars.append(source[start:end])
        self._starts.extend(range(start, end))
        self._ends.extend(range(start + 1, end + 1))

    def last_char(self) -> str:
        return self._chars[-1][-1:] if self._chars else ""

    def pop(self) -> None:
        """Drop the last character."""
        last = self._chars.pop()
        if len(last) > 1:
            self._chars.append(last[:-1])
        self._starts.pop()
        self._ends.pop()

    def build(self) -> Aligned:
        return Aligned("".join(self._chars), tuple(self._starts), tuple(self._ends))

