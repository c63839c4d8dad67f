"""The persistent list behind ``CompilationState.nodes``: laws of chains and their views."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.compilation.chain import (
    EMPTY,
    Chain,
    ChainView,
    append,
    chain_of,
    empty,
    is_chain,
    items,
)

_VALUES = st.lists(st.integers(), max_size=80)


@given(_VALUES)
def test_a_chain_holds_its_values_in_order(values: list[int]) -> None:
    chain = chain_of(values)
    assert items(chain) == tuple(values)
    assert len(ChainView(chain)) == len(values)


@given(_VALUES, st.lists(st.integers(), min_size=1, max_size=40))
def test_views_never_change_after_later_appends(values: list[int], later: list[int]) -> None:
    chain = chain_of(values)
    view = ChainView(chain)
    seen_before = list(view)
    grown = chain
    for value in later:
        grown = append(grown, value)
    assert list(view) == seen_before == values
    assert list(ChainView(chain)) == values
    assert list(ChainView(grown)) == [*values, *later]


@given(_VALUES, st.integers(), st.integers())
def test_branches_share_their_past_and_keep_their_own_ends(
    values: list[int], left: int, right: int
) -> None:
    base = chain_of(values)
    assert items(append(base, left)) == (*values, left)
    assert items(append(base, right)) == (*values, right)
    assert items(base) == tuple(values)


@given(_VALUES, st.data())
def test_indexing_is_the_tuples(values: list[int], data: st.DataObject) -> None:
    expected = tuple(values)
    view = ChainView(chain_of(values))
    for index in range(-len(values) - 2, len(values) + 2):
        fresh = ChainView(chain_of(values))  # nothing materialised yet: the walk from the end
        if -len(values) <= index < len(values):
            assert fresh[index] == view[index] == expected[index]
        else:
            with pytest.raises(IndexError):
                fresh[index]
    start = data.draw(st.none() | st.integers(-90, 90))
    stop = data.draw(st.none() | st.integers(-90, 90))
    assert tuple(view[start:stop]) == expected[start:stop]
    assert list(reversed(view)) == values[::-1]


@given(_VALUES)
def test_a_view_equals_and_hashes_like_its_tuple(values: list[int]) -> None:
    view = ChainView(chain_of(values))
    assert view == tuple(values)
    assert view == values
    assert view == ChainView(chain_of(values))
    assert hash(view) == hash(tuple(values))
    assert view != (*values, 0)
    assert view != "not a sequence"


@given(_VALUES)
def test_a_view_survives_pickle_and_copies(values: list[int]) -> None:
    view = ChainView(chain_of(values))
    assert pickle.loads(pickle.dumps(view)) == view
    assert copy.deepcopy(view) == view
    assert copy.copy(view) == view


@given(_VALUES)
def test_a_chain_is_told_from_a_tuple_of_values(values: list[int]) -> None:
    assert is_chain(chain_of(values))
    assert not is_chain(tuple(values))
    assert not is_chain(values)


def test_the_empty_chain() -> None:
    assert is_chain(EMPTY)
    none_yet: Chain[int] = empty()
    assert is_chain(none_yet)
    assert items(EMPTY) == ()
    assert not is_chain((None, None, 1))


def test_a_long_chain_is_read_without_recursion() -> None:
    chain = chain_of(range(200_000))
    view = ChainView(chain)
    assert view[-1] == 199_999
    assert view[0] == 0
    assert sum(view) == sum(range(200_000))
    del chain, view  # freeing 200,000 nested cells must not overflow the C stack


def test_a_fresh_view_refuses_an_index_past_either_end_with_its_own_message() -> None:
    for index in (3, 4, -4, -5):
        with pytest.raises(IndexError, match=r"^chain index out of range$"):
            ChainView(chain_of([1, 2, 3]))[index]
    with pytest.raises(IndexError, match=r"^chain index out of range$"):
        ChainView[int](empty())[0]


def test_a_view_that_made_its_copy_refuses_an_index_with_the_same_message() -> None:
    view = ChainView(chain_of([1, 2, 3]))
    assert view[:] == (1, 2, 3)  # the copy is made
    for index in (3, 4, -4, -5):
        with pytest.raises(IndexError, match=r"^chain index out of range$"):
            view[index]


def test_an_index_is_read_by_walking_near_the_end_and_from_the_copy_further_back() -> None:
    values = list(range(100))
    for index in (*range(-40, 40), 99, 68, 67, 66, 65, 0, -100):
        view = ChainView(chain_of(values))
        assert view[index] == values[index]
        assert view[index] == values[index]  # again: now read from the copy


def test_views_of_the_same_length_and_other_items_differ() -> None:
    assert ChainView(chain_of([1, 2])) != ChainView(chain_of([1, 3]))
    assert ChainView(chain_of([1, 2])) != ChainView(chain_of([1]))
    assert ChainView(chain_of([1])) != ChainView(chain_of([1, 2]))
    assert ChainView(chain_of([1, 2])) != [1, 3]
    assert ChainView(chain_of([1, 2])) != (1, 3)
    assert ChainView(chain_of(list[int]())) == ChainView[int](empty())
    assert ChainView[int](empty()) == ()
    assert ChainView[int](empty()) == []


def test_a_view_leaves_other_comparisons_to_python() -> None:
    view = ChainView(chain_of([1]))
    assert view.__eq__("1") is NotImplemented
    assert view.__eq__(None) is NotImplemented
    assert (view == None) is False  # noqa: E711 - the fallback to identity
    assert view.__eq__((1,)) is True
    assert view.__eq__([1]) is True


def test_a_view_shows_its_items() -> None:
    assert repr(ChainView(chain_of([1, "a"]))) == "ChainView([1, 'a'])"
    assert repr(ChainView[int](empty())) == "ChainView([])"


def test_the_shape_of_a_chain() -> None:
    assert append(empty(), "a") == ("a", EMPTY, 1)
    assert append(append(empty(), "a"), "b") == ("b", ("a", EMPTY, 1), 2)
    assert chain_of("ab") == ("b", ("a", EMPTY, 1), 2)
    shape: object = (None, None, 0)
    assert shape == EMPTY
    assert empty() is EMPTY


@pytest.mark.parametrize(
    "value",
    [
        (1, 2, 3),
        (1, None, 1),
        (None, None, 1),
        (1, (None, None, 0)),
        (1, (None, None, 0), 1, 1),
        (1, (None, None, 0), True),
        (1, (None, None, 0), 1.0),
        (None, (), 0),
        [1, (None, None, 0), 1],
        "abc",
        None,
    ],
)
def test_what_is_not_a_chain(value: object) -> None:
    assert not is_chain(value)


@pytest.mark.parametrize(
    "value", [(None, None, 0), (0, None, 0), (1, (None, None, 0), 1), (1, (), 5)]
)
def test_what_is_a_chain(value: object) -> None:
    assert is_chain(value)


def test_reversed_reads_from_the_end_without_a_copy() -> None:
    view = ChainView(chain_of([1, 2, 3]))
    assert list(reversed(view)) == [3, 2, 1]
    assert list(reversed(ChainView[int](empty()))) == []


def test_a_view_copies_its_chain_once() -> None:
    view = ChainView(chain_of(range(50)))
    whole = view[:]
    assert view[:] is whole  # the kept tuple, not a second walk of the chain
    assert tuple(view) == whole == tuple(range(50))
    assert view[:] is whole
