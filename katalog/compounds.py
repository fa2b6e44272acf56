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

import gzip
import importlib.util
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgpack

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


@cache
def german_lexicon() -> Mapping[str, float]:
    """Zipf values (log10 per billion words) of the German words common enough to be parts:
    Zipf ≥ MIN_ZIPF, about 40,000 of wordfreq's 630,000 words of its large list.

    Only those matter: a split is kept when its parts, each at least MIN_ZIPF, are on average
    more common than the whole word, so any rarer whole word is beaten like an unknown one
    (0). wordfreq stores its words in buckets of falling frequency, so they are read straight
    from its data file, stopping at the first rarer bucket; building wordfreq's whole
    dictionary took a third of a second of every build. tests/test_compounds.py checks the
    result against wordfreq's own `get_frequency_dict`.
    """
    spec = importlib.util.find_spec("wordfreq")  # its data, without importing it (0.2 s)
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - packaging
        raise ImportError("wordfreq fehlt")
    data = Path(spec.submodule_search_locations[0]) / "data" / "large_de.msgpack.gz"
    lexicon: dict[str, float] = {}
    with gzip.open(data, "rb") as file:
        # cBpack (wordfreq.read_cBpack): one msgpack list, a header and then the buckets,
        # read item by item so that the rarer words are never decompressed
        unpacker = msgpack.Unpacker(file, raw=False)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        kind = (header.get("format"), header.get("version")) if isinstance(header, dict) else ()
        if kind != ("cB", 1):
            raise ValueError(f"Unbekanntes Format der Wortliste {data.name}: {kind!r}")
        for index in range(count - 1):  # bucket i holds the words of frequency 10 ** (-i / 100)
            zipf = math.log10(10 ** (-index / 100)) + 9  # as wordfreq computes it
            if zipf < MIN_ZIPF:
                break
            lexicon.update(dict.fromkeys(unpacker.unpack(), zipf))
    return lexicon


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
