import importlib.util
from pathlib import Path

import pytest

from feedback.abuse.matching import Entry, WordMatcher, choose_level, collisions, text_tokens
from feedback.models import MatchLevel

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0003_add_abuse_control.py"


def default_words() -> list[tuple[str, str, str]]:
    spec = importlib.util.spec_from_file_location("default_word_lists", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DEFAULT_WORDS


def matcher(*words: str) -> WordMatcher:
    return WordMatcher(Entry(word, choose_level(word)) for word in words)


def found(words: WordMatcher, text: str) -> list[str]:
    return [entry.word for entry in words.find(text_tokens(text))]


@pytest.mark.parametrize("text", [
    "đồ lồn",
    "ĐỒ LỒN",
    "đồ l.ồ.n",
    "đồ l ồ n",
    "đồ l-ồ-n",
    "đồ lồồồồn",
    "đồ lồnnnn",
    "đồ l0n",
    "đồ ｌồｎ",  # fullwidth letters
    "đồ lồ\u200bn",  # zero-width space inside the word
    "đồ l\u043e\u0302\u0300n",  # Cyrillic o with the marks of ồ
    "đồ lồ\u0301n",  # a stray extra mark
    "đồ lo\u0302\u0300n",  # decomposed (NFD) input
])
def test_banned_word_is_found_through_common_obfuscations(text):
    assert found(matcher("lồn"), text) == ["lồn"]


@pytest.mark.parametrize("text", ["NGU quá", "n.g.u quá", "n g u quá", "nguuuu quá", "ngu___ quá", "Đồ ngu!"])
def test_watched_word_without_marks_is_found_in_any_case_spacing_or_repetition(text):
    assert found(matcher("ngu"), text) == ["ngu"]


@pytest.mark.parametrize("text", [
    "Ông Nguyễn Văn Nam là người tốt, ngủ ngon, ngữ văn, ngũ quả.",
    "Các bạn trẻ lớn lên, lộn xộn, đủ đầy, đeo khẩu trang, đi đâu.",
    "Anh ấy có đôi dép ngắn và nhiều đồ cũ.",
    "Cậu bé học lớp 4, sinh năm 2014, tỉ số 3 - 4, mã 1 0 3.",
])
def test_matching_takes_whole_syllables_never_parts_or_look_alike_everyday_words(text):
    banned = matcher(*(word for kind, word, _ in default_words() if kind == "banned"))
    watched = matcher(*(word for kind, word, _ in default_words() if kind == "watched"))
    assert found(banned, text) == []
    assert found(watched, text) == []


def test_phrase_matches_across_spaces_and_when_spelled_apart():
    words = matcher("đù má")
    assert found(words, "ĐÙ   MÁ nó") == ["đù má"]
    assert found(words, "đ.ù m.á nó") == ["đù má"]
    assert found(words, "đù thôi, má ơi") == []


@pytest.mark.parametrize("text", ["Đ.Ụ M.Á M.À.Y", "đ.ụ m.á m.à.y luôn", "đ ụ m á m à y", "thằng đ ụ m á"])
def test_phrase_spelled_apart_among_other_spelled_words_is_split_back_into_syllables(text):
    assert found(matcher("đụ má"), text) == ["đụ má"]


@pytest.mark.parametrize("text", ["n.g.u q.u.á", "đ ồ n g u", "đ.ồ.n.g.u", "m à y n g u"])
def test_word_spelled_apart_inside_a_longer_run_is_found(text):
    assert found(matcher("ngu"), text) == ["ngu"]


@pytest.mark.parametrize("text", ["n g u y ễ n", "n.g.u.ồ.n", "c h ú c m ừ n g", "N G U Y Ễ N V Ă N A"])
def test_spelled_apart_everyday_words_are_read_as_their_fewest_syllables(text):
    assert found(matcher("ngu"), text) == []


def test_acronyms_spelled_apart_beside_each_other_stay_acronyms():
    assert found(matcher("đm", "vcl"), "đ.m v c l") == ["đm", "vcl"]


def test_acronym_matches_with_or_without_the_stroke_on_d():
    words = matcher("đm", "vcl")
    assert found(words, "dm nó") == ["đm"]
    assert found(words, "Đ.M nó, V C L") == ["đm", "vcl"]


def test_disguised_spelling_is_compared_without_marks():
    # Nobody writes "c4c" by accident: a disguised token matches the entry's bare letters.
    assert found(matcher("cặc"), "đồ c4c") == ["cặc"]
    assert found(matcher("cặc"), "các bạn") == []


@pytest.mark.parametrize("word,level", [
    ("lồn", MatchLevel.EXACT),  # lớn, lộn
    ("cặc", MatchLevel.EXACT),  # các, cắc
    ("ngu", MatchLevel.EXACT),  # ngủ, ngữ, ngũ
    ("cứt", MatchLevel.TONE),  # no everyday syllable shares cưt
    ("vcl", MatchLevel.SKELETON),  # not a syllable at all
    ("mẹ kiếp", MatchLevel.SKELETON),  # kiếp pins the phrase
])
def test_each_entry_gets_the_loosest_level_that_avoids_everyday_syllables(word, level):
    assert choose_level(word) == level


def test_collisions_are_measured_on_written_vietnamese():
    assert collisions("cặc", MatchLevel.SKELETON) > 5000  # "các" alone is about 1% of syllables
    assert collisions("vcl", MatchLevel.SKELETON) == 0


def test_default_lists_carry_the_levels_choose_level_gives():
    assert [(word, level) for _, word, level in default_words()] == \
        [(word, choose_level(word).value) for _, word, _ in default_words()]


def test_tokens_undo_obfuscation_but_leave_numbers_alone():
    tokens = text_tokens("Giá 2024 đ, n g u, l0n")
    assert [(t.text, t.disguised) for t in tokens] == [
        ("giá", False), ("2024", False), ("đ", False), ("ngu", True), ("lon", True)]
