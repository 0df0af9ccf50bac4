"""clean_text: what free text may hold when it is stored (docs/input-bounds.md)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from los.core.text import clean_text

SPOOFING = [
    "\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u00ad", "\u061c", "\u180e", "\u200b",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060",
    "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\ud800",
]  # fmt: skip


@pytest.mark.parametrize("character", SPOOFING)
def test_control_direction_and_invisible_characters_are_removed(character):
    assert clean_text(f"Sa{character}ra") == "Sara"
    assert clean_text(f"Sa{character}ra", multiline=True) == "Sara"


def test_line_breaks_stay_in_multiline_text_and_become_spaces_in_a_name():
    assert clean_text("Linje 1\r\nLinje 2\tslutt\u2028ny", multiline=True) == (
        "Linje 1\r\nLinje 2\tslutt\nny"
    )
    assert clean_text("Kari\nNordmann\tAS") == "Kari Nordmann AS"


def test_joiners_that_emoji_and_scripts_need_are_kept_and_text_is_nfc():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(family) == family
    assert clean_text("a\u030a") == "å"


@given(st.text())
def test_no_control_surrogate_or_spoofing_character_survives(text):
    cleaned = clean_text(text, multiline=True)

    assert clean_text(cleaned, multiline=True) == cleaned
    for character in cleaned:
        category = unicodedata.category(character)
        assert category != "Cs"
        assert category != "Cc" or character in "\t\n\r"
        assert character not in SPOOFING
