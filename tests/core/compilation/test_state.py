"""CompilationState: add_node, with_params (§7) and linear growth."""

from __future__ import annotations

import copy
import pickle
from collections.abc import MutableSequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import CompilationState, Node, NodeMetadata
from ctxcore.testing.strategies.compilation import compilation_states, nodes


def _node(name: str) -> Node:
    return Node(name, NodeMetadata(name))


def test_defaults() -> None:
    state = CompilationState("p")
    assert (state.prefix, state.mode, state.task_resolver, tuple(state.nodes)) == (
        "p",
        1,
        None,
        (),
    )


def test_add_node_appends_and_leaves_the_state_as_it_was() -> None:
    a, b = _node("a"), _node("b")
    empty = CompilationState("p")
    one = empty.add_node(a)
    two = one.add_node(b)
    assert list(empty.nodes) == []
    assert list(one.nodes) == [a]
    assert list(two.nodes) == [a, b]


def test_branching_from_one_state_keeps_both_histories() -> None:
    base = CompilationState("p").add_node(_node("a"))
    left = base.add_node(_node("left"))
    right = base.add_node(_node("right"))
    assert [n.id for n in left.nodes] == ["a", "left"]
    assert [n.id for n in right.nodes] == ["a", "right"]
    assert [n.id for n in base.nodes] == ["a"]


def test_nodes_are_immutable() -> None:
    state = CompilationState("p", nodes=[_node("a")])
    assert not isinstance(state.nodes, MutableSequence)
    with pytest.raises(TypeError):
        state.nodes[0] = _node("b")  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    assert [n.id for n in state.nodes] == ["a"]


def test_nodes_given_as_a_list_are_copied() -> None:
    given_nodes = [_node("a")]
    state = CompilationState("p", nodes=given_nodes)
    given_nodes.append(_node("b"))
    assert [n.id for n in state.nodes] == ["a"]


def test_with_params_resets_nodes() -> None:
    state = CompilationState("p", mode=2, task_resolver="resolver", nodes=[_node("a")])
    new = state.with_params(prefix="q")
    assert new == CompilationState("q", mode=2, task_resolver="resolver")
    assert list(new.nodes) == []
    assert [n.id for n in state.nodes] == ["a"]


def test_with_params_replaces_given_values() -> None:
    state = CompilationState("p", mode=2, task_resolver="resolver")
    n = _node("x")
    new = state.with_params("q", mode=3, resolver="other", nodes=[n])
    assert new == CompilationState("q", mode=3, task_resolver="other", nodes=[n])


def test_with_params_empty_prefix() -> None:
    assert CompilationState("p").with_params(prefix="").prefix == ""


@given(compilation_states(), nodes())
def test_add_node_leaves_its_input_unchanged(state: CompilationState, node: Node) -> None:
    before = copy.deepcopy(state)
    new = state.add_node(node)
    assert state == before
    assert list(new.nodes) == [*state.nodes, node]
    assert (new.prefix, new.mode, new.task_resolver) == (
        state.prefix,
        state.mode,
        state.task_resolver,
    )


@given(compilation_states(), st.text(), st.none() | st.integers(1, 5), st.none() | st.text())
def test_with_params_leaves_its_input_unchanged(
    state: CompilationState, prefix: str, mode: int | None, resolver: str | None
) -> None:
    before = copy.deepcopy(state)
    new = state.with_params(prefix, mode=mode, resolver=resolver)
    assert state == before
    assert new.prefix == prefix
    assert new.mode == (state.mode if mode is None else mode)
    assert new.task_resolver == (state.task_resolver if resolver is None else resolver)
    assert list(new.nodes) == []


@given(st.lists(nodes(max_upstream=0), max_size=20))
def test_adding_nodes_one_by_one_equals_giving_them_all(node_list: list[Node]) -> None:
    state = CompilationState("p")
    for n in node_list:
        state = state.add_node(n)
    assert state == CompilationState("p", nodes=node_list)


def test_earlier_states_survive_many_adds() -> None:
    # Structure sharing, not copying: every kept state still has exactly its own nodes.
    state = CompilationState("p")
    kept: dict[int, CompilationState] = {0: state}
    for i in range(1, 20_001):
        state = state.add_node(_node(f"n{i}"))
        if i % 2_500 == 0:
            kept[i] = state
    for count, snapshot in kept.items():
        assert len(snapshot.nodes) == count
        assert [n.id for n in snapshot.nodes[-2:]] == [f"n{i}" for i in range(1, count + 1)][-2:]


def test_a_long_state_pickles_copies_and_compares_without_recursion() -> None:
    state = CompilationState("p")
    for i in range(5_000):
        state = state.add_node(_node(f"n{i}"))
    assert pickle.loads(pickle.dumps(state)) == state
    assert copy.copy(state) == state
    assert hash(copy.deepcopy(state)) == hash(state)
    assert state != state.with_params("p")


@given(compilation_states(), st.text())
def test_evolve_keeps_the_nodes(state: CompilationState, prefix: str) -> None:
    moved = attrs.evolve(state, prefix=prefix)
    assert moved.prefix == prefix
    assert moved.nodes == state.nodes
    assert moved == CompilationState(prefix, state.mode, state.task_resolver, state.nodes)


def test_the_nodes_view_is_made_once_and_never_changes() -> None:
    state = CompilationState("p").add_node(_node("a"))
    view = state.nodes
    later = state.add_node(_node("b"))
    assert state.nodes is view
    assert list(view) == [_node("a")]
    assert len(later.nodes) == 2


def test_a_state_shows_its_nodes_as_a_tuple() -> None:
    a = _node("a")
    shown = repr(CompilationState("p", mode=2, task_resolver="r").add_node(a))
    assert shown == f"CompilationState(prefix='p', mode=2, task_resolver='r', _nodes=({a!r},))"
    assert repr(CompilationState("p")).endswith("_nodes=())")


def test_add_node_counts_the_nodes() -> None:
    state = CompilationState("p")
    for count in range(1, 4):
        state = state.add_node(_node(f"n{count}"))
        assert len(state.nodes) == count
        assert state.nodes[-1].id == f"n{count}"
        assert state.nodes[0].id == "n1"
    assert state == CompilationState("p", nodes=[_node("n1"), _node("n2"), _node("n3")])


def test_a_state_pickles_with_every_field() -> None:
    a, b = _node("a"), _node("b")
    state = CompilationState("p", mode=3, task_resolver="r", nodes=[a, b])
    again = pickle.loads(pickle.dumps(state))
    assert (again.prefix, again.mode, again.task_resolver, list(again.nodes)) == (
        "p",
        3,
        "r",
        [a, b],
    )
    assert again == state
    assert state.__reduce__() == (CompilationState, ("p", 3, "r", (a, b)))


def test_a_state_given_a_chain_keeps_it_and_one_given_items_builds_one() -> None:
    a, b = _node("a"), _node("b")
    one = CompilationState("p").add_node(a).add_node(b)
    moved = attrs.evolve(one, mode=5)
    assert (moved.mode, list(moved.nodes), len(moved.nodes)) == (5, [a, b], 2)
    assert list(CompilationState("p", nodes=(a, b)).nodes) == [a, b]
    assert list(CompilationState("p", nodes=iter([a, b])).nodes) == [a, b]


def test_the_nodes_view_is_kept_from_the_first_read() -> None:
    state = CompilationState("p", nodes=[_node("a")])
    first = state.nodes
    assert state.nodes is first
    assert state.nodes is first
    assert list(first) == [_node("a")]


def test_with_params_takes_the_given_resolver_mode_and_nodes() -> None:
    a = _node("a")
    state = CompilationState("p", mode=2, task_resolver="old", nodes=[a])
    assert state.with_params("q", resolver="new").task_resolver == "new"
    assert state.with_params("q", mode=4).mode == 4
    assert state.with_params("q").task_resolver == "old"
    assert state.with_params("q").mode == 2
    assert list(state.with_params("q", nodes=[a, a]).nodes) == [a, a]
    assert len(state.with_params("q", nodes=[]).nodes) == 0
    assert state.with_params("").prefix == ""
