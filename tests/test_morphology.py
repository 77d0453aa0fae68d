"""Word forms made when a pack loads: the lemmas of its `inflected` kinds stand for all their forms
(pymorphy3 for Russian and Ukrainian), and its `[clitics]` may stand around every word form (Arabic). Toy
packs written as pack files; the sentences are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.deciding.decide import passages
from sitrep.reading.morphology import is_word, lexeme, spellings
from sitrep.reading.pack import from_folder, using

RU = """
inflected = ["harm.killed", "personnel"]
harm.killed = ['смертельн\\w* ранен\\w*', "убить", "погибнуть"]
harm.wounded = ["ранен\\\\w*"]
personnel.military = ["военнослужащий", "солдат"]
personnel.civilians = ["мирные жители"]
"""
UK = """
inflected = ["harm.killed", "people_words"]
harm.killed = ["загинути", "вбити", "загиблий"]
people_words = ["сім'я", "цивільний"]
"""
AR = """
harm.killed = ["قتل", "مقتل"]
personnel.military = ["جندي", "جنود"]
[clitics]
prefixes = ["و", "ف", "ب", "ل", "ال", "وال", "بال", "لل"]
suffixes = ["ه", "ها", "هم", "هما"]
"""


def pack(tmp_path: Path, code: str, words: str):
    folder = tmp_path / code
    folder.mkdir()
    (folder / "words.toml").write_text(words, encoding="utf-8")
    return from_folder(folder, code)


def found(pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def test_a_lemma_stands_for_all_its_forms(tmp_path):
    ru = pack(tmp_path, "ru", RU)
    killed = ru.pattern("harm.killed")
    assert found(killed, "Двое солдат были убиты, ещё трое погибли позже.") == ["убиты", "погибли"]
    assert found(killed, "Среди убитых есть погибший командир; он был смертельно ранен.") == [
        "убитых", "погибший", "смертельно ранен"]
    assert found(killed, "Убийца скрылся.") == []  # another word of the same root is not a form
    personnel = ru.pattern("personnel")
    assert found(personnel, "военнослужащих, солдатами и мирные жители") == [
        "военнослужащих", "солдатами", "мирные жители"]
    assert found(personnel, "мирных жителей") == []  # a phrase stays as written
    assert found(ru.pattern("harm.wounded"), "ранены") == ["ранены"]  # a kind not listed: as written


def test_the_forms_are_read_in_their_usual_spellings(tmp_path):
    assert {"убьёт", "убьет"} <= set(lexeme("ru", "убить")) | spellings("убьёт")
    uk = pack(tmp_path, "uk", UK)
    assert found(uk.pattern("harm.killed"), "Загинули троє, двох вбито; серед загиблих діти.") == [
        "Загинули", "вбито", "загиблих"]
    assert found(uk.pattern("people_words"), "сім’ї цивільних і сімʼя") == ["сім’ї", "цивільних", "сімʼя"]


def test_a_word_the_dictionary_does_not_know_stays_as_written():
    assert lexeme("ru", "зорклинг") == ("зорклинг",)
    assert is_word("сім'я") and is_word("из-за")
    assert not is_word("ранен\\w*") and not is_word("мирные жители")
    with pytest.raises(LookupError):
        lexeme("fr", "tuer")


def test_a_russian_lemma_reads_a_count_through_the_whole_path(tmp_path):
    ru = pack(tmp_path, "ru", RU + 'sentences.end_marks = ".!?"\n')
    text = "При обстреле 12 военнослужащих были убиты."
    with using(ru):
        assert passages("casualty_figure", text) == ["При обстреле 12 военнослужащих были убиты."]


def test_clitics_stand_around_every_word_form(tmp_path):
    ar = pack(tmp_path, "ar", AR)
    killed, soldiers = ar.pattern("harm.killed"), ar.pattern("personnel.military")
    assert found(killed, "وقتل ثلاثة في الهجوم، وبمقتل القائد") == ["وقتل", "وبمقتل"]
    assert found(soldiers, "والجنود وجنوده وللجندي") == ["والجنود", "وجنوده", "وللجندي"]
    assert found(soldiers, "جنودية") == []  # a longer word is not a form with clitics


def test_marks_written_inside_words_are_read(tmp_path):
    ar = pack(tmp_path, "ar", AR.replace("[clitics]", 'letters.marks = "\\u064B-\\u0652\\u0670"\n[clitics]'))
    killed = ar.pattern("harm.killed")
    assert found(killed, "قُتِلَ جندي ووقّع آخر") == ["قُتِل"]  # a mark after the word's end is no letter of it
    assert found(ar.pattern("personnel.military"), "والجُنود") == ["والجُنود"]
