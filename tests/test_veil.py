"""The veil over reveal payloads: reversible, HTML-inert, unreadable, still compressible."""

from __future__ import annotations

import gzip
import json

from hypothesis import given
from hypothesis import strategies as st

from recap.veil import unveil_held, veil


@given(st.text())
def test_veiling_twice_gives_the_text_back(text: str) -> None:
    assert veil(veil(text)) == text


@given(st.text())
def test_veiling_adds_no_markup_and_keeps_the_length(text: str) -> None:
    veiled = veil(text)
    assert len(veiled) == len(text)
    for character in "<>&\"'\n\t {}%[]`*_":
        assert veiled.count(character) == text.count(character)


def test_no_word_of_the_text_can_be_read() -> None:
    text = json.dumps(
        {"title": "Ok-ju kills Choi", "summary": "최 실장이 죽는다. L'hôtel brûle."},
        ensure_ascii=False,
    )
    veiled = veil(text)
    for word in ("Ok-ju", "kills", "Choi", "title", "최", "실장이", "죽는다", "hôtel", "brûle"):
        assert word not in veiled


def test_a_payload_compresses_about_as_well_as_plain_text() -> None:
    text = json.dumps(
        [
            {"title": f"Event {n}", "summary": "Someone does something unexpected."}
            for n in range(200)
        ]
    )
    plain = len(gzip.compress(text.encode(), 9))
    assert len(gzip.compress(veil(text).encode(), 9)) < plain * 1.1


def test_held_text_is_read_back_through_its_html_escapes() -> None:
    assert unveil_held(veil("a < b & c").replace("&", "&amp;").replace("<", "&lt;")) == "a < b & c"
