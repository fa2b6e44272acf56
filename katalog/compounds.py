"""German compound words for the search index.

Pagefind matches the beginning of a word ("Fußball" finds "Fußballturnier") but not a later part
("Turnier" does not; Pagefind issue #738). So at render time we split the long words of a record
into the known German words they are made of and put those parts into the page as hidden,
searchable text (see templates/partials/pagefind_*.html).

The splitter is deliberately plain: a word is cut into the fewest parts that are all common German
words (from wordfreq's German word list, or an explicit lexicon in tests), allowing the usual
linking elements ("Sicherheit-s-behörde"); among equally short splits the most frequent parts win,
and a split counts only if its parts are on average more common than the whole word.
Parts are split again, so "Schulsporthalle" also yields "Sport" and "Halle".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

MIN_PART = 4  # shorter parts ("Ei", "Tor", "Amt") split too many words wrongly
MIN_WORD = 2 * MIN_PART
MIN_ZIPF = 3.0  # about 40,000 German words: common enough to be a real part
LINKS = ("", "s", "es", "n", "en", "e", "er", "ns")  # Fugenelemente, "" = none
# endings that look like words but are suffixes: Polizist-innen, Teilnehm-ende
NOT_HEADS = frozenset({"innen", "ende", "enden"})
WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Splitter:
    """Split German compounds into common words; `lexicon` maps casefolded words to Zipf values.

    A split is kept only when its parts are, on average, more common than the whole word (the
    geometric-mean rule of Koehn & Knight, 2003): "Fußballturnier" (Zipf 2.9) becomes "Fußball"
    (5.0) + "Turnier" (4.4), while "Sicherheit" is not cut into "sich" + "heit".
    """

    lexicon: Mapping[str, float]
    _seen: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of `word` in its own spelling, parts of parts included; () if none."""
        if len(word) < MIN_WORD:
            return ()
        if word not in self._seen:
            self._seen[word] = self._split(word)
        return self._seen[word]

    def _part(self, text: str) -> float | None:
        if len(text) < MIN_PART:
            return None
        zipf = self.lexicon.get(text.casefold())
        return zipf if zipf is not None and zipf >= MIN_ZIPF else None

    def _split(self, word: str) -> tuple[str, ...]:
        lower = word.lower()  # keeps ß and the length, so cut positions map back onto `word`
        n = len(lower)
        # best[end][k]: (sum of Zipf values, cuts) of the best split of lower[:end] into k parts
        best: list[dict[int, tuple[float, tuple[tuple[int, int], ...]]]] = [
            {} for _ in range(n + 1)
        ]
        best[0][0] = (0.0, ())
        for end in range(MIN_PART, n + 1):
            for start in range(end - MIN_PART + 1):
                if not best[start] or (start == 0 and end == n):  # not the word itself
                    continue
                for link in LINKS if end < n else ("",):
                    if not lower.endswith(link, 0, end):
                        continue
                    zipf = self._part(lower[start : end - len(link)])
                    if zipf is None or (end == n and lower[start:] in NOT_HEADS):
                        continue
                    for k, (total, cuts) in best[start].items():
                        candidate = (total + zipf, (*cuts, (start, end - len(link))))
                        if k + 1 not in best[end] or candidate[0] > best[end][k + 1][0]:
                            best[end][k + 1] = candidate
        whole = self.lexicon.get(lower.casefold(), 0.0)
        # the fewest parts that are, on average, more common than the whole word
        accepted = [cuts for k, (total, cuts) in sorted(best[n].items()) if total / k > whole]
        if not accepted:
            return ()
        cuts = accepted[0]
        parts: list[str] = []
        for start, stop in cuts:
            part = word[start:stop]
            parts.append(part)
            parts.extend(self.split(part))
        return tuple(dict.fromkeys(parts))

    def parts_of(self, texts: Iterable[str | None]) -> list[str]:
        """Parts of the capitalised compounds (nouns, mostly) in `texts` that do not occur
        there as words of their own."""
        words = [w for text in texts if text for w in WORD.findall(strip_tags(text))]
        present = {w.casefold() for w in words}
        found: dict[str, str] = {}
        for word in dict.fromkeys(w for w in words if w[0].isupper()):
            for part in self.split(word):
                key = part.casefold()
                if key not in present and key not in found:
                    found[key] = part
        return list(found.values())


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]*>", " ", text)


class _Zipf(Mapping[str, float]):
    """wordfreq's frequencies seen as Zipf values (log10 per billion words), computed on access."""

    def __init__(self, frequencies: Mapping[str, float]) -> None:
        self._frequencies = frequencies

    def __getitem__(self, word: str) -> float:
        return math.log10(self._frequencies[word]) + 9

    def __iter__(self) -> Iterator[str]:
        return iter(self._frequencies)

    def __len__(self) -> int:
        return len(self._frequencies)


@cache
def german_lexicon() -> Mapping[str, float]:
    """German word frequencies from wordfreq's large list (about 630,000 words)."""
    import wordfreq

    return _Zipf(wordfreq.get_frequency_dict("de", wordlist="large"))


@cache
def default_splitter() -> Splitter:
    return Splitter(german_lexicon())


def compound_parts(texts: Iterable[str | None]) -> str:
    """Jinja filter: the compound parts of a record's texts, space-separated, for the index."""
    return " ".join(default_splitter().parts_of(texts))


def fold(text: str) -> str:
    """Lower case without diacritics and with ß as ss: a sort key that files "Ä" under "A"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
