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
