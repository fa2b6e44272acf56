"""German compound splitting for the search index (katalog/compounds.py)."""

from __future__ import annotations

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
    """The first part ("Fußball") stays although Pagefind matches the beginnings of words:
    it does so only within the one index chunk the query falls in, so at 10,000 projects
    leaving first parts out lost half the records of a search (see README, "Search")."""
    texts = ["<p>Ein Fußballturnier der Polizeiinspektion.</p>", None, "Die Polizei spielt mit."]
    assert splitter().parts_of(texts) == ["Fußball", "turnier", "inspektion"]


def test_the_real_german_word_list_splits_words_from_our_catalogue() -> None:
    real = default_splitter()
    assert "turnier" in real.split("Fußballturnier")
    assert "behörde" in real.split("Sicherheitsbehörde")
    assert "gemeinde" in real.split("Moscheegemeinde")
    assert real.split("Deutschland") == ()
    assert compound_parts(["Ein Fußballturnier."]).split() == ["Fußball", "turnier"]


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
