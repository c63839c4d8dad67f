"""Node ids as DNS labels: the reference's examples (§12.2) and the laws."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from ctxcore import dnsify
from ctxcore.core.compilation.dnsify import _dnsify_short  # pyright: ignore[reportPrivateUsage]

_LABEL_CHARS = re.compile(r"[a-z0-9-]*")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("test.abc", "test-abc"),
        (".test", "test"),
        ("Test", "test"),
        ("test.", "test"),
        ("test-", "test"),
        ("test$", "test"),
        ("te$t$", "tet"),
        ("MyNode", "my-node"),
        ("Node_One", "node-one"),
        ("t" * 64, "da4b348ebe-" + "t" * 52),
    ],
)
def test_reference_examples(value: str, expected: str) -> None:
    assert dnsify(value) == expected


def test_long_value_is_hashed_as_the_reference_does() -> None:
    value = "n" + "ode" * 30
    digest = hashlib.sha224(value.encode()).hexdigest()[:10]
    assert dnsify(value) == f"{digest}-{value[-52:]}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("$$$", ""),
        ("a__b", "a--b"),
        ("ABC", "a-b-c"),
        ("a_B", "a-b"),
        ("node🚀", "node"),  # not a letter or digit: dropped, as the reference drops it
        ("n1.N2", "n1-n2"),
    ],
)
def test_character_rules(value: str, expected: str) -> None:
    assert dnsify(value) == expected


def _digest(value: str) -> str:
    return hashlib.sha224(value.encode()).hexdigest()[:10]


@pytest.mark.parametrize(
    ("value", "ascii_label"),
    [
        ("über", "ber"),
        ("café", "caf"),
        ("naïve_Node", "nave-node"),
        ("x²", "x"),
        ("日本", ""),
        ("Ünïcode", "ncode"),
    ],
)
def test_letters_and_digits_outside_ascii_are_replaced_by_a_digest(
    value: str, ascii_label: str
) -> None:
    # The reference kept them (``café``, ``日-本``): no DNS label. Dropping them alone would
    # give ``café`` and ``cafè`` (or ``日本`` and ``中国``) one id.
    expected = f"{_digest(value)}-{ascii_label}" if ascii_label else _digest(value)
    assert dnsify(value) == expected


@given(st.text(min_size=1, max_size=62).filter(lambda v: not v.isascii()))
def test_names_differing_outside_ascii_get_different_ids(value: str) -> None:
    assume(any(ch.isalnum() and not ch.isascii() for ch in value))
    assert dnsify(value) != dnsify(value + "é")


@pytest.mark.parametrize("value", ["a__", "test..", "a.-", "x_-."])
def test_every_trailing_hyphen_is_removed(value: str) -> None:
    # Deliberate fix: the reference removed one trailing "-" ("a__" -> "a-"), which is not a
    # label and changed again when dnsified.
    result = dnsify(value)
    assert not result.endswith("-")
    assert dnsify(result) == result


def test_a_63_character_label_is_kept() -> None:
    # The reference re-hashed labels of 63 characters; a label is a fixed point here.
    label = "a" * 63
    assert dnsify(label) == label


def test_many_capitals_never_exceed_63_characters() -> None:
    # The reference's bug (§15.15): capitals after hashing could push the result past 63.
    value = "A" * 40 + "b" * 30
    assert len(dnsify(value)) <= 63


_ANY_TEXT = st.text(max_size=200)
_NAME_LIKE = st.text(st.sampled_from("aZ09_-.$ "), max_size=150)


@given(st.one_of(_ANY_TEXT, _NAME_LIKE))
@example("A" * 70)
@example("_" * 70)
@example("a" + "_" * 65)
def test_result_is_at_most_63_characters_of_label_alphabet(value: str) -> None:
    result = dnsify(value)
    assert len(result) <= 63
    assert _LABEL_CHARS.fullmatch(result), result


@given(st.one_of(_ANY_TEXT, _NAME_LIKE))
@example("a__")
@example("t" * 64)
def test_idempotent(value: str) -> None:
    once = dnsify(value)
    assert dnsify(once) == once


@given(st.one_of(_ANY_TEXT, _NAME_LIKE))
def test_result_starts_and_ends_with_alphanumeric(value: str) -> None:
    result = dnsify(value)
    if result:
        assert result[0].isalnum()
        assert result[-1].isalnum()


@given(st.text(st.sampled_from("abcxyz019"), min_size=1, max_size=63))
def test_lowercase_alphanumeric_is_unchanged(value: str) -> None:
    assert dnsify(value) == value


# -- The reference's algorithm, as a model -----------------------------------------------------

_REFERENCE_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def _hashed(value: str) -> str:
    return f"{hashlib.sha224(value.encode()).hexdigest()[:10]}-{value[-52:]}"


def _reference(value: str) -> str:
    """flytekit's ``_dnsify`` loop, character by character, over ASCII letters and digits (the
    reference also keeps the others; the model tags them, ``_model``)."""
    res = ""
    if len(value) >= 63:
        value = _hashed(value)
    for ch in value:
        if ch in "_-.":
            if res != "" and len(res) < 62:
                res += "-"
        elif not (ch.isascii() and ch.isalnum()):
            pass
        elif ch.islower() or ch.isdigit():
            res += ch
        else:
            if res != "" and res[-1] != "-" and len(res) < 62:
                res += "-"
            res += ch.lower()
    return res


def _model(value: str) -> str:
    """The reference with the four fixes: a label is kept, every trailing "-" goes, a result
    longer than 63 characters is hashed again, and a short name with letters or digits outside
    ASCII gets a digest of itself before its last 52 characters (none when empty)."""
    if len(value) >= 63 and _REFERENCE_LABEL.fullmatch(value):
        return value
    result = _reference(value).rstrip("-")
    result = _hashed(result) if len(result) > 63 else result
    if len(value) < 63 and any(ch.isalnum() and not ch.isascii() for ch in value):
        rest = result[-52:].lstrip("-")
        result = f"{_digest(value)}-{rest}" if rest else _digest(value)
    return result


def _samples(count: int) -> list[str]:
    """Names around every length that matters (none, 62, 63, 64, past them), of capitals,
    separators, characters that are dropped, and runs of each."""
    rng = random.Random(16)
    alphabets = ["aB_", "aB1_.-$é", "abAB", "A_", "a-", "ab", "AB$", "a.B-", "Xx_"]
    samples: list[str] = []
    for _ in range(count):
        alphabet = rng.choice(alphabets)
        length = rng.choice([rng.randrange(0, 140), rng.randrange(55, 70)])
        samples.append("".join(rng.choice(alphabet) for _ in range(length)))
    return samples


@pytest.mark.parametrize(
    "value",
    [
        "aB" * 30,  # shorter than 63, but its dashes would reach past 62: the slow path
        "aB" * 21 + "a",  # 64 characters dashed
        "aB" * 20 + "ab",
        "_" + "aB" * 30,
        "T" * 63,
        "a" * 62 + "_",
        "a" * 62 + "$",
        "Xyz",
        "X.yz",  # a capital first, in a name that is no identifier: the pattern's path
        "X-Y",
        "_Node",  # an identifier whose capital follows an underscore: not the identifier path
        "__init__",
        "X_1",
        "aBc",
        "a$" * 40,
        "A.B-" * 20,
        "ab" * 40 + "__",
    ],
)
def test_edge_names_are_dnsified_as_the_reference_does_with_its_fixes(value: str) -> None:
    assert dnsify(value) == _model(value)


def test_names_of_every_shape_are_dnsified_as_the_reference_does_with_its_fixes() -> None:
    for value in _samples(3000):
        assert dnsify(value) == _model(value), value


@given(st.one_of(_ANY_TEXT, _NAME_LIKE))
def test_any_text_is_dnsified_as_the_reference_does_with_its_fixes(value: str) -> None:
    assert dnsify(value) == _model(value)


@given(st.one_of(_ANY_TEXT, _NAME_LIKE, st.text(st.sampled_from("abcxyz019"), max_size=70)))
@example("n0")
@example("0")
@example("\u00e9t\u00e9")
def test_the_fast_path_for_labels_gives_what_the_rewrite_gives(value: str) -> None:
    if len(value) < 63 and value.islower() and value.isalnum() and value.isascii():
        assert _dnsify_short(value) == value == dnsify(value)


_IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,70}", fullmatch=True)
# The fast path's own domain (a capital only first, a letter after it), so that most examples
# reach it: the two strategies above reach it about one time in twenty.
_FAST_PATH_IDENTIFIERS = st.from_regex(
    r"[A-Za-z_][a-z0-9_]{0,30}[a-z][a-z0-9_]{0,30}", fullmatch=True
)


@given(st.one_of(_FAST_PATH_IDENTIFIERS, _IDENTIFIERS, _NAME_LIKE))
@example("Node_123")
@example("__init__")
@example("_")
@example("_a")
@example("_Node")
@example("Node_")
@example("X_1")
@example("a" * 62 + "_")
def test_the_fast_path_for_identifiers_gives_what_the_rewrite_gives(value: str) -> None:
    if len(value) < 63 and value.isascii() and value.isidentifier() and value[1:].islower():
        assert dnsify(value) == _dnsify_short(value) == _model(value)
