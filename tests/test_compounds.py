"""German compound splitting for the search index (katalog/compounds.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from katalog.compounds import (
    MIN_ZIPF,
    Splitter,
    compound_parts,
    default_splitter,
    fold,
    german_lexicon,
)

# Zipf values as in wordfreq: "sich" is very common, "heit" is not a word of its own
LEXICON = {
    "fussball": 5.0,
    "turnier": 4.4,
    "fussballturnier": 2.9,
    "sicherheit": 5.1,
    "sich": 6.4,
    "heit": 3.0,
    "behörde": 4.3,
    "polizei": 5.4,
    "inspektion": 3.5,
    "polizeiinspektion": 3.0,
    "polizist": 4.0,
    "innen": 4.8,
    "sport": 5.0,
    "halle": 4.8,
    "sporthalle": 3.5,
    "schul": 3.8,
    "mannschaft": 4.9,
    "mann": 5.0,
    "schaft": 2.0,
}


def splitter() -> Splitter:
    return Splitter(LEXICON)


def test_a_compound_splits_into_its_words_in_the_original_spelling() -> None:
    assert splitter().split("Fußballturnier") == ("Fußball", "turnier")


def test_a_linking_s_is_dropped_from_the_part() -> None:
    assert splitter().split("Sicherheitsbehörde") == ("Sicherheit", "behörde")


def test_a_word_more_common_than_its_would_be_parts_stays_whole() -> None:
    assert splitter().split("Sicherheit") == ()
    assert splitter().split("Mannschaft") == ()


def test_parts_are_split_again() -> None:
    assert splitter().split("Schulsporthalle") == ("Schul", "sporthalle", "sport", "halle")


def test_the_feminine_plural_ending_is_not_a_part() -> None:
    assert splitter().split("Polizistinnen") == ()


def test_short_and_unknown_words_have_no_parts() -> None:
    assert splitter().split("Polizei") == ()
    assert splitter().split("Xylophonkasten") == ()


def test_parts_of_texts_skip_words_already_present_and_lower_case_words() -> None:
    texts = ["<p>Ein Fußballturnier der Polizeiinspektion.</p>", None, "Die Polizei spielt mit."]
    assert splitter().parts_of(texts) == ["turnier", "inspektion"]


def test_parts_that_begin_a_word_or_a_longer_part_are_left_out() -> None:
    """Pagefind finds a word by its beginning: "Schul" already finds "Schulsporthalle", and
    "sport" finds the part "sporthalle"; "halle" is found by nothing else."""
    assert splitter().split("Schulsporthalle") == ("Schul", "sporthalle", "sport", "halle")
    assert splitter().parts_of(["Die Schulsporthalle."]) == ["sporthalle", "halle"]


WORDS = [
    "Fußballturnier",
    "Schulsporthalle",
    "Polizeiinspektion",
    "Sicherheitsbehörde",
    "Sporthalle",
    "Turnier",
    "Polizei",
    "Schulmannschaft",
    "Mannschaft",
    "halle",
]


@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_every_part_is_still_found_by_the_beginning_of_a_word(words: list[str]) -> None:
    """What a search for any part of any compound finds is unchanged: each part is the
    beginning of a word of the text or of a part put into the page."""
    text = " ".join(words)
    kept = splitter().parts_of([text])
    indexed = {w.casefold() for w in words} | {p.casefold() for p in kept}
    for word in words:
        for part in splitter().split(word):
            assert any(w.startswith(part.casefold()) for w in indexed), (part, text)
    for part in kept:  # and nothing is put in that a word or longer part already begins with
        others = indexed - {part.casefold()}
        assert not any(w.startswith(part.casefold()) for w in others), (part, text)


def test_the_real_german_word_list_splits_words_from_our_catalogue() -> None:
    real = default_splitter()
    assert "turnier" in real.split("Fußballturnier")
    assert "behörde" in real.split("Sicherheitsbehörde")
    assert "gemeinde" in real.split("Moscheegemeinde")
    assert real.split("Deutschland") == ()
    assert compound_parts(["Ein Fußballturnier."]).split() == ["turnier"]


def test_fold_gives_a_sort_key_without_umlauts_or_eszett() -> None:
    assert fold("Über Straßen") == "uber strassen"
    assert sorted(["Zukunft", "Ärger", "Ort"], key=fold) == ["Ärger", "Ort", "Zukunft"]


def test_the_lexicon_holds_wordfreqs_own_values_of_every_common_word() -> None:
    """german_lexicon() reads wordfreq's data file itself, stopping at the rarer words: the
    result must be exactly wordfreq's figures for every word a split can use."""
    import math

    import wordfreq

    frequencies = wordfreq.get_frequency_dict("de", wordlist="large")
    expected = {
        word: zipf
        for word, frequency in frequencies.items()
        if (zipf := math.log10(frequency) + 9) >= MIN_ZIPF
    }
    assert len(expected) > 30_000
    assert german_lexicon() == expected


def test_leaving_out_rarer_words_changes_no_split() -> None:
    """A rarer whole word counts as unknown: both lose against parts of at least MIN_ZIPF."""
    rare = {**LEXICON, "fussballturnier": MIN_ZIPF - 0.01, "sporthalle": 1.2}
    without = {word: zipf for word, zipf in rare.items() if zipf >= MIN_ZIPF}
    words = ["Fußballturnier", "Schulsporthalle", "Polizeiinspektion", "Mannschaft"]
    assert [Splitter(rare).split(w) for w in words] == [Splitter(without).split(w) for w in words]
    assert Splitter(without).split("Fußballturnier") == ("Fußball", "turnier")
