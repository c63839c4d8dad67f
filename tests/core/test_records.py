"""The record shortcuts of ``ctxcore.core._records`` make exactly what ``__init__`` makes.

For every hot record: a record made the fast way (a copied field dict, a converted builder, a
positional ``__attrs_init__``) equals the one made the slow way (``attrs.evolve``, keyword
construction), holds exactly its fields (no stray key in its dict, nothing shared with another
record) and remembers nothing yet.
"""

from __future__ import annotations

import pickle
import sys
from typing import TYPE_CHECKING, Any, cast

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    CompilationState,
    Config,
    ConfigFile,
    ExecutionParameters,
    ExecutionState,
    FlyteContext,
    Node,
    NodeMetadata,
    SerializationSettings,
    StackOrigin,
)
from ctxcore.core._records import Memo, generated_init, truthy
from ctxcore.core._records import given as given_keywords

if TYPE_CHECKING:
    from attrs import AttrsInstance
from ctxcore.testing import (
    compilation_states,
    config_to_yaml,
    configs,
    context_builders,
    contexts,
    execution_parameters,
    execution_states,
    node_metadata,
    nodes,
    serialization_settings,
    stack_origins,
)

_HOT = st.one_of(
    contexts(),
    context_builders(),
    compilation_states(),
    execution_states(),
    nodes(),
    node_metadata(),
    serialization_settings(),
    execution_parameters(),
)


def _fields(cls: type[object]) -> tuple[attrs.Attribute[object], ...]:
    return tuple(attrs.fields(cast("type[AttrsInstance]", cls)))


def _field_names(record: object) -> set[str]:
    return {field.name for field in _fields(type(record))}


def _exactly_its_fields(record: object) -> bool:
    held: set[str] = set(vars(record)) if hasattr(record, "__dict__") else set()
    slotted = {name for name in _field_names(record) if name not in held}
    return held <= _field_names(record) and all(hasattr(record, n) for n in slotted)


def _remembers_nothing(record: object) -> bool:
    return not isinstance(record, Memo) or record._memo is None  # pyright: ignore[reportPrivateUsage]


@given(_HOT)
def test_every_hot_record_holds_exactly_its_fields(record: object) -> None:
    assert _exactly_its_fields(record)
    assert _remembers_nothing(record)


@given(_HOT)
def test_keyword_construction_puts_each_value_in_its_own_field(record: object) -> None:
    """Each hand-written ``__init__`` hands its values to ``__attrs_init__`` by position; a
    value in the wrong position would land in another field, and this rebuild would differ."""
    cls = type(record)
    kwargs: dict[str, Any] = {str(f.alias): getattr(record, f.name) for f in _fields(cls)}
    if isinstance(record, ExecutionParameters):
        kwargs.update(kwargs.pop("attributes"))
    rebuilt = cls(**kwargs)
    assert rebuilt == record
    for name in _field_names(record):
        assert getattr(rebuilt, name) == getattr(record, name), name


@given(contexts(), st.none() | stack_origins())
def test_set_stackframe_is_evolve(context: FlyteContext, origin: StackOrigin | None) -> None:
    moved = context.set_stackframe(origin)
    assert moved == attrs.evolve(context, origin_stackframe=origin)
    assert _exactly_its_fields(moved)
    if moved is not context:
        assert _remembers_nothing(moved)
        assert vars(moved) is not vars(context)


@given(contexts())
def test_new_builder_holds_the_context_s_values_and_shares_no_dict(context: FlyteContext) -> None:
    builder = context.new_builder()
    names = {field.name for field in _fields(FlyteContext.Builder)}
    values: dict[str, Any] = {name: getattr(context, name) for name in names}
    assert builder == FlyteContext.Builder(**values)
    assert set(vars(builder)) == names
    assert vars(builder) is not vars(context)
    assert _remembers_nothing(builder)


@given(context_builders(), st.none() | stack_origins())
def test_build_at_is_construction_one_level_up(
    builder: FlyteContext.Builder, origin: StackOrigin | None
) -> None:
    built = builder.build_at(origin)
    values: dict[str, Any] = {name: getattr(builder, name) for name in vars(builder)}
    values.update(level=builder.level + 1, origin_stackframe=origin)
    expected = FlyteContext(**values)
    assert built == expected
    assert set(vars(built)) == _field_names(built)
    assert vars(built) is not vars(builder)


@given(context_builders(), st.integers(0, 5), st.booleans())
def test_builder_with_methods_are_evolve(
    builder: FlyteContext.Builder, client: int, condition: bool
) -> None:
    changed = builder.with_client(client)
    assert changed == attrs.evolve(builder, flyte_client=client)
    assert _exactly_its_fields(changed)
    assert _remembers_nothing(changed)
    entered = builder.enter_conditional_section()
    assert entered.in_a_condition
    assert _exactly_its_fields(entered)
    assert attrs.evolve(entered, in_a_condition=condition).in_a_condition is condition


@given(compilation_states(), nodes())
def test_add_node_is_construction_with_one_more_node(state: CompilationState, node: Node) -> None:
    before = list(state.nodes)  # the state now keeps its view of the nodes
    added = state.add_node(node)
    assert added == CompilationState(
        state.prefix, state.mode, state.task_resolver, [*state.nodes, node]
    )
    assert _exactly_its_fields(added)
    assert vars(added) is not vars(state)
    assert not hasattr(added, "_view")  # the old state's view is not carried over
    assert list(state.nodes) == before == list(added.nodes)[:-1]  # the old state is unchanged


class _OwnState(CompilationState):
    """A subclass with nothing of its own: ``add_node`` keeps its class."""


@given(compilation_states(), nodes())
def test_a_subclass_s_add_node_makes_the_subclass(state: CompilationState, node: Node) -> None:
    own = _OwnState(state.prefix, state.mode, state.task_resolver, state.nodes)
    added = own.add_node(node)
    assert type(added) is _OwnState
    assert list(added.nodes) == [*state.nodes, node]


@given(nodes())
def test_a_node_s_init_makes_what_the_generated_init_makes(node: Node) -> None:
    rebuilt = Node(
        node.id,
        node.metadata,
        node.bindings,
        node.upstream_nodes,
        node.flyte_entity,
        aliases=node.aliases,
        resources=node.resources,
        extended_resources=node.extended_resources,
        container_image=node.container_image,
        pod_template=node.pod_template,
        task_config=node.task_config,
        outputs=node._outputs,  # pyright: ignore[reportPrivateUsage]
    )
    slow = Node.__new__(Node)
    generated_init(Node)(slow, *(getattr(node, field.name) for field in _fields(Node)))
    assert vars(rebuilt) == vars(slow)
    assert list(vars(rebuilt)) == list(vars(slow))  # the same keys, in the same order
    # And a dict no larger: a dict literal of the twelve fields is 464 bytes against the
    # generated init's 296, and a build that keeps its nodes was 15% slower for it.
    assert sys.getsizeof(vars(rebuilt)) == sys.getsizeof(vars(slow))
    assert _exactly_its_fields(rebuilt)


def test_a_node_s_init_puts_each_argument_in_its_own_field() -> None:
    """A distinct object in every field: ``nodes()`` makes its nodes with the very ``__init__``
    under test, so above a store that dropped or swapped a value would agree with itself."""
    metadata, entity, aliases, resources, extended, image, pod, config, outputs = (
        cast("Any", object()) for _ in range(9)
    )
    bindings = [object(), object()]
    upstream = [Node("up", NodeMetadata("up"))]
    rebuilt = Node(
        "My_Node",
        metadata,
        bindings,
        upstream,
        entity,
        aliases=aliases,
        resources=resources,
        extended_resources=extended,
        container_image=image,
        pod_template=pod,
        task_config=config,
        outputs=outputs,
    )
    slow = Node.__new__(Node)
    generated_init(Node)(
        slow,
        "my-node",
        metadata,
        tuple(bindings),
        tuple(upstream),
        entity,
        aliases,
        resources,
        extended,
        image,
        pod,
        config,
        outputs,
    )
    assert vars(rebuilt) == vars(slow)
    assert list(vars(rebuilt)) == list(vars(slow))


_OPTIONAL_FLAGS = st.none() | st.booleans()
# Drawn as plain values, not through ``node_metadata()``, which makes them with the very
# ``__init__`` under test: a store that dropped a value would then agree with itself.
_NODE_METADATA_VALUES = st.tuples(
    st.text(max_size=8),
    st.none() | st.timedeltas(),
    st.integers(min_value=0, max_value=10),
    _OPTIONAL_FLAGS,
    _OPTIONAL_FLAGS,
    st.none() | st.text(max_size=8),
    _OPTIONAL_FLAGS,
)


@given(_NODE_METADATA_VALUES)
def test_node_metadata_s_init_makes_what_the_generated_init_makes(values: tuple[Any, ...]) -> None:
    by_name = dict(zip((field.name for field in _fields(NodeMetadata)), values, strict=True))
    slow = NodeMetadata.__new__(NodeMetadata)
    generated_init(NodeMetadata)(slow, *values)
    for rebuilt in (
        NodeMetadata(*values),
        NodeMetadata(**by_name),
    ):
        assert vars(rebuilt) == vars(slow)
        assert list(vars(rebuilt)) == list(vars(slow))
        assert sys.getsizeof(vars(rebuilt)) == sys.getsizeof(vars(slow))
    # The defaults are the fields' own.
    default = NodeMetadata(values[0])
    assert all(
        getattr(default, field.name) == field.default
        for field in _fields(NodeMetadata)
        if field.default is not attrs.NOTHING
    )


@given(configs())
def test_a_parsed_config_file_is_the_constructed_one(config: Config) -> None:
    text = config_to_yaml(config)
    parsed = ConfigFile("/c/config.yaml", text)
    assert _exactly_its_fields(parsed)
    assert parsed.yaml_config == ConfigFile("/c/config.yaml", text).yaml_config
    assert pickle.loads(pickle.dumps(parsed)) == parsed


@given(execution_states())
def test_with_params_of_nothing_is_an_equal_state(state: ExecutionState) -> None:
    assert state.with_params() == state
    assert _exactly_its_fields(state.with_params())


@given(serialization_settings())
def test_settings_with_nothing_changed_are_equal(settings: SerializationSettings) -> None:
    assert attrs.evolve(settings) == settings


def test_generated_init_is_the_class_s_own_attrs_init() -> None:
    assert generated_init(Node) is getattr(Node, "__attrs_init__")  # noqa: B009


def test_given_keeps_every_value_but_none_and_truthy_only_the_truthy() -> None:
    values: dict[str, object] = {"none": None, "zero": 0, "empty": "", "false": False, "one": 1}
    assert given_keywords(**values) == {"zero": 0, "empty": "", "false": False, "one": 1}
    assert truthy(**values) == {"one": 1}
