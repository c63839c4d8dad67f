"""Node: construction, runs_before / >>, with_overrides (§10) and the fixes of §15.14."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    TIMEOUT_OVERRIDE_SENTINEL,
    Alias,
    Cache,
    ExtendedResources,
    Node,
    NodeError,
    NodeMetadata,
    ResourceEntry,
    ResourceName,
    ResourceRequirements,
    Resources,
)
from ctxcore.testing.strategies.compilation import node_metadata, nodes, resources


def _node(node_id: str = "n", timeout: datetime.timedelta | None = None) -> Node:
    return Node(node_id, NodeMetadata(node_id, timeout=timeout))


class _TaskConfig:
    pass


class _OtherConfig:
    pass


class _Task:
    def __init__(self, task_config: object) -> None:
        self.task_config = task_config


# -- construction ------------------------------------------------------------------------------


def test_id_is_dnsified_and_name_is_the_same() -> None:
    node = Node("My_Node.One", NodeMetadata("x"))
    assert node.id == "my-node-one"
    assert node.name == node.id


def test_none_id_is_an_error() -> None:
    with pytest.raises(ValueError, match="Illegal construction of node, without a Node ID"):
        Node(None, NodeMetadata("x"))


def test_defaults_and_lists_become_tuples() -> None:
    up = _node("up")
    bindings = ["b"]
    node = Node("n", NodeMetadata("n"), bindings, [up], "entity")
    bindings.append("c")
    assert node.bindings == ("b",)
    assert node.upstream_nodes == (up,)
    assert node.flyte_entity == "entity"
    assert node.run_entity == "entity"
    assert (
        node.aliases,
        node.resources,
        node.extended_resources,
        node.container_image,
        node.pod_template,
    ) == (None, None, None, None, None)


def test_outputs_without_outputs_is_an_error() -> None:
    with pytest.raises(AssertionError, match="Cannot use outputs with all Nodes"):
        _ = _node().outputs


def test_outputs_when_given() -> None:
    outputs = {"o0": 1}
    assert Node("n", NodeMetadata("n"), outputs=outputs).outputs is outputs


# -- runs_before and >> ------------------------------------------------------------------------


def test_runs_before_returns_a_new_other_and_changes_nothing() -> None:
    a, b = _node("a"), _node("b")
    b2 = a.runs_before(b)
    assert b2.upstream_nodes == (a,)
    assert b.upstream_nodes == ()
    assert a.upstream_nodes == ()
    assert b2.id == b.id


def test_runs_before_adds_once() -> None:
    a, b = _node("a"), _node("b")
    b2 = a.runs_before(b)
    assert a.runs_before(b2) == b2


def test_rshift_chains() -> None:
    a, b, c = _node("a"), _node("b"), _node("c")
    c2 = a >> b >> c
    (b2,) = c2.upstream_nodes
    assert b2.id == "b"
    assert b2.upstream_nodes == (a,)
    assert c.upstream_nodes == ()


@given(nodes(), nodes())
def test_runs_before_leaves_its_inputs_unchanged(a: Node, b: Node) -> None:
    a_before, b_before = copy.deepcopy(a), copy.deepcopy(b)
    result = a.runs_before(b)
    assert a == a_before
    assert b == b_before
    assert a in result.upstream_nodes
    assert result.upstream_nodes[: len(b.upstream_nodes)] == b.upstream_nodes


@given(nodes(), nodes())
def test_rshift_is_runs_before(a: Node, b: Node) -> None:
    a_before, b_before = copy.deepcopy(a), copy.deepcopy(b)
    assert (a >> b) == a.runs_before(b)
    assert a == a_before
    assert b == b_before


# -- with_overrides: validation ----------------------------------------------------------------


def test_aliases_must_be_a_mapping() -> None:
    with pytest.raises(AssertionError, match=r"Aliases should be specified as dict\[str, str\]"):
        _node().with_overrides(aliases=[("a", "b")])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_aliases_are_stored_as_alias_records() -> None:
    node = _node().with_overrides(aliases={"o0": "x", "o1": "y"})
    assert node.aliases == (Alias("o0", "x"), Alias("o1", "y"))


def test_resources_with_requests_or_limits_is_an_error() -> None:
    message = (
        "`resource` can not be used together with the `limits` or `requests`. "
        "Please only set `resource`."
    )
    for extra in ({"requests": Resources(cpu="1")}, {"limits": Resources(cpu="1")}):
        with pytest.raises(ValueError, match=message) as info:
            _node().with_overrides(resources=Resources(cpu="1"), **extra)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert isinstance(info.value, NodeError)


@pytest.mark.parametrize("label", ["requests", "limits"])
def test_requests_and_limits_must_be_resources(label: str) -> None:
    with pytest.raises(AssertionError, match=f"{label} should be specified as flytekit.Resources"):
        _node().with_overrides(**{label: {"cpu": "1"}})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_requests_entries_in_reference_order_and_stringified() -> None:
    node = _node().with_overrides(requests=Resources(cpu="1", mem="100"))
    assert node.resources == ResourceRequirements(
        requests=(ResourceEntry(ResourceName.CPU, "1"), ResourceEntry(ResourceName.MEMORY, "100")),
        limits=(),
    )


def test_every_resource_kind_in_order() -> None:
    node = _node().with_overrides(
        limits=Resources(ephemeral_storage="1Gi", gpu=1, mem=2.5, cpu=2),
    )
    assert node.resources is not None
    assert node.resources.requests == ()
    assert node.resources.limits == (
        ResourceEntry(ResourceName.CPU, "2"),
        ResourceEntry(ResourceName.MEMORY, "2.5"),
        ResourceEntry(ResourceName.GPU, "1"),
        ResourceEntry(ResourceName.EPHEMERAL_STORAGE, "1Gi"),
    )


def test_resources_split_into_requests_and_limits() -> None:
    node = _node().with_overrides(resources=Resources(cpu=("1", "2"), mem="1Gi"))
    assert node.resources == ResourceRequirements(
        requests=(ResourceEntry(ResourceName.CPU, "1"), ResourceEntry(ResourceName.MEMORY, "1Gi")),
        limits=(ResourceEntry(ResourceName.CPU, "2"), ResourceEntry(ResourceName.MEMORY, "1Gi")),
    )


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (None, datetime.timedelta(0)),
        (30, datetime.timedelta(seconds=30)),
        (0, datetime.timedelta(0)),
        (datetime.timedelta(minutes=2), datetime.timedelta(minutes=2)),
    ],
)
def test_timeout_conversions(
    timeout: int | datetime.timedelta | None, expected: datetime.timedelta
) -> None:
    node = _node(timeout=datetime.timedelta(hours=1)).with_overrides(timeout=timeout)
    assert node.metadata.timeout == expected


def test_timeout_not_given_keeps_the_timeout() -> None:
    node = _node(timeout=datetime.timedelta(hours=1))
    assert node.with_overrides().metadata.timeout == datetime.timedelta(hours=1)
    assert node.with_overrides(timeout=TIMEOUT_OVERRIDE_SENTINEL).metadata.timeout == (
        datetime.timedelta(hours=1)
    )


@pytest.mark.parametrize("timeout", ["30", 1.5])
def test_timeout_of_another_type_is_an_error(timeout: object) -> None:
    with pytest.raises(
        ValueError,
        match=r"timeout should be duration represented as either a datetime\.timedelta or int",
    ):
        _node().with_overrides(timeout=timeout)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_retries_interruptible_name() -> None:
    node = _node().with_overrides(retries=3, interruptible=True, name="display")
    assert (node.metadata.retries, node.metadata.interruptible, node.metadata.name) == (
        3,
        True,
        "display",
    )


def test_node_name_is_dnsified() -> None:
    assert _node("a").with_overrides(node_name="New_Name").id == "new-name"


# -- with_overrides: caching -------------------------------------------------------------------


def test_cache_true_without_version_is_an_error() -> None:
    with pytest.raises(ValueError, match="must specify cache version when overriding"):
        _node().with_overrides(cache=True)


def test_cache_true_with_version() -> None:
    md = _node().with_overrides(cache=True, cache_version="v1", cache_serialize=True).metadata
    assert (md.cacheable, md.cache_version, md.cache_serializable) == (True, "v1", True)


def test_cache_object() -> None:
    md = _node().with_overrides(cache=Cache(version="v2", serialize=True)).metadata
    assert (md.cacheable, md.cache_version, md.cache_serializable) == (True, "v2", True)


def test_cache_object_without_version_is_an_error() -> None:
    with pytest.raises(ValueError, match="must specify cache version when overriding"):
        _node().with_overrides(cache=Cache())


@pytest.mark.parametrize(
    "extra", [{"cache_version": "v"}, {"cache_serialize": True}, {"cache_serialize": False}]
)
def test_cache_object_with_deprecated_arguments_is_an_error(extra: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="deprecated"):
        _node().with_overrides(cache=Cache(version="v"), **extra)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_cache_false_turns_caching_off() -> None:
    node = _node().with_overrides(cache=True, cache_version="v")
    assert node.with_overrides(cache=False).metadata.cacheable is False


def test_omitting_cache_keeps_caching() -> None:
    # Deliberate fix (§15.14): the reference reset ``cacheable`` on every call.
    cached = _node().with_overrides(cache=True, cache_version="v")
    again = cached.with_overrides(retries=2)
    assert (again.metadata.cacheable, again.metadata.cache_version) == (True, "v")


# -- with_overrides: the other deliberate fixes ------------------------------------------------


def test_extended_resources_are_kept_across_calls() -> None:
    node = _node().with_overrides(accelerator="a100").with_overrides(shared_memory="1Gi")
    assert node.extended_resources == ExtendedResources(accelerator="a100", shared_memory="1Gi")
    assert node.with_overrides(retries=1).extended_resources == node.extended_resources


def test_task_config_stays_on_the_node() -> None:
    task = _Task(_TaskConfig())
    original_config = task.task_config
    node = Node("n", NodeMetadata("n"), flyte_entity=task)
    new_config = _TaskConfig()
    overridden = node.with_overrides(task_config=new_config)
    assert overridden.task_config is new_config
    assert task.task_config is original_config
    assert node.task_config is None


def test_task_config_type_cannot_change() -> None:
    node = Node("n", NodeMetadata("n"), flyte_entity=_Task(_TaskConfig()))
    with pytest.raises(ValueError, match="can't change the type of the task config"):
        node.with_overrides(task_config=_OtherConfig())
    overridden = node.with_overrides(task_config=_TaskConfig())
    with pytest.raises(ValueError, match="can't change the type of the task config"):
        overridden.with_overrides(task_config=_OtherConfig())


def test_container_image_and_pod_template() -> None:
    template = object()
    node = _node().with_overrides(container_image="img:1", pod_template=template)
    assert node.container_image == "img:1"
    assert node.pod_template is template


# -- with_overrides: properties ----------------------------------------------------------------


@given(
    nodes(),
    st.none() | st.text(max_size=20),
    st.none() | st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.none() | resources(),
    st.none() | st.integers(0, 10**6) | st.timedeltas(min_value=datetime.timedelta(0)),
    st.none() | st.integers(0, 5),
    st.none() | st.booleans(),
    st.none() | st.text(max_size=10),
    st.none() | st.booleans(),
    st.none() | st.text(max_size=5),
)
def test_with_overrides_leaves_its_input_unchanged(
    node: Node,
    node_name: str | None,
    aliases: dict[str, str] | None,
    res: Resources | None,
    timeout: int | datetime.timedelta | None,
    retries: int | None,
    interruptible: bool | None,
    image: str | None,
    cache: bool | None,
    cache_version: str | None,
) -> None:
    before = copy.deepcopy(node)
    if cache is True and cache_version is None:
        cache_version = "v"
    new = node.with_overrides(
        node_name=node_name,
        aliases=aliases,
        resources=res,
        timeout=timeout,
        retries=retries,
        interruptible=interruptible,
        container_image=image,
        cache=cache,
        cache_version=cache_version,
        accelerator=image,
    )
    assert node == before
    assert new.upstream_nodes == node.upstream_nodes
    assert new.bindings == node.bindings
    assert new.id == (node.id if node_name is None else Node(node_name, node.metadata).id)


@given(nodes())
def test_with_overrides_without_arguments_is_the_identity(node: Node) -> None:
    assert node.with_overrides() == node


@given(node_metadata(), st.integers(0, 10**6))
def test_int_timeout_is_seconds(md: NodeMetadata, seconds: int) -> None:
    node = Node("n", md).with_overrides(timeout=seconds)
    assert node.metadata.timeout == datetime.timedelta(seconds=seconds)


def test_a_long_upstream_chain_compares_hashes_and_prints() -> None:
    metadata = NodeMetadata(name="n")
    last = Node("n0", metadata)
    for i in range(1, 5_000):
        last = last >> Node(f"n{i}", metadata)
    assert last == last.with_overrides()
    assert isinstance(hash(last), int)
    assert "<Node n4998>" in repr(last)


# -- exact messages, shapes and kept values ----------------------------------------------------


def _reason(node_id: str, reason: str) -> str:
    return "^" + re.escape(f"node {node_id!r}: {reason}") + "$"


def test_every_node_error_says_exactly_what_is_wrong() -> None:
    node = Node("n", NodeMetadata("n"), flyte_entity=_Task(_TaskConfig()))
    cases: list[tuple[Callable[[], object], str]] = [
        (
            lambda: node.outputs,
            "Cannot use outputs with all Nodes, node must've been created from create_node()",
        ),
        (
            lambda: node.with_overrides(aliases=[("a", "b")]),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            "Aliases should be specified as dict[str, str]",
        ),
        (
            lambda: node.with_overrides(timeout="30"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            "timeout should be duration represented as either a datetime.timedelta or int seconds",
        ),
        (lambda: node.with_overrides(cache=True), "must specify cache version when overriding"),
        (lambda: node.with_overrides(cache=Cache()), "must specify cache version when overriding"),
        (
            lambda: node.with_overrides(cache=Cache(version="v"), cache_version="w"),
            "cache_version and cache_serialize are deprecated: pass them in the Cache object",
        ),
        (
            lambda: node.with_overrides(task_config=_OtherConfig()),
            "can't change the type of the task config",
        ),
    ]
    for call, reason in cases:
        with pytest.raises(NodeError, match=_reason("n", reason)):
            call()
    with pytest.raises(ValueError, match=r"^Illegal construction of node, without a Node ID$"):
        Node(None, NodeMetadata("x"))


def test_a_node_shows_its_upstream_nodes_by_id() -> None:
    a, b = _node("a"), _node("b")
    shown = repr(Node("x", NodeMetadata("x"), upstream_nodes=[a, b]))
    assert "upstream_nodes=(<Node a>, <Node b>), flyte_entity=None" in shown
    assert "upstream_nodes=(), flyte_entity" in repr(_node("x"))
    assert "upstream_nodes=(<Node a>), flyte" in repr(
        Node("x", NodeMetadata("x"), upstream_nodes=[a])
    )


def test_nodes_compare_their_upstream_nodes_by_id() -> None:
    a = _node("a")
    assert Node("x", NodeMetadata("x"), upstream_nodes=[a]) != _node("x")
    same_id = Node("a", NodeMetadata("other"))
    assert Node("x", NodeMetadata("x"), upstream_nodes=[a]) == Node(
        "x", NodeMetadata("x"), upstream_nodes=[same_id]
    )


def test_runs_before_appends_after_the_other_upstream_nodes() -> None:
    a, b, c = _node("a"), _node("b"), _node("c")
    c1 = a.runs_before(c)
    c2 = b.runs_before(c1)
    assert [n.id for n in c2.upstream_nodes] == ["a", "b"]
    assert b.runs_before(c2) is c2
    assert (a >> c2) is c2


def test_with_overrides_keeps_every_field_it_is_not_given() -> None:
    task = _Task(_TaskConfig())
    config = _TaskConfig()
    template = object()
    outputs = {"o0": 1}
    up = _node("up")
    node = Node(
        "n",
        NodeMetadata(
            "n",
            timeout=datetime.timedelta(seconds=5),
            retries=2,
            interruptible=True,
            cacheable=True,
            cache_version="v",
            cache_serializable=True,
        ),
        ("b",),
        (up,),
        task,
        aliases=(Alias("o0", "x"),),
        resources=ResourceRequirements(requests=(ResourceEntry(ResourceName.CPU, "1"),), limits=()),
        extended_resources=ExtendedResources(accelerator="a", shared_memory="s"),
        container_image="img",
        pod_template=template,
        task_config=config,
        outputs=outputs,
    )
    same = node.with_overrides()
    assert same == node
    assert same.upstream_nodes == (up,)
    assert same.outputs is outputs
    assert same.task_config is config
    assert same.pod_template is template
    assert same.flyte_entity is task
    assert same.metadata == node.metadata
    assert same.extended_resources == ExtendedResources(accelerator="a", shared_memory="s")
    assert node.with_overrides(accelerator="b").extended_resources == ExtendedResources("b", "s")
    assert node.with_overrides(shared_memory="t").extended_resources == ExtendedResources("a", "t")
    fresh = _node().with_overrides(shared_memory="t").extended_resources
    assert fresh == ExtendedResources(None, "t")
    assert _node().with_overrides(accelerator="b").extended_resources == ExtendedResources("b")
    assert _node().with_overrides().extended_resources is None
    md = node.with_overrides(cache_version="w", cache_serialize=False).metadata
    assert (md.cacheable, md.cache_version, md.cache_serializable) == (True, "w", False)
    assert node.with_overrides(cache=False).metadata.cache_version == "v"
    assert node.with_overrides(retries=0).metadata.retries == 0
    assert node.with_overrides(interruptible=False).metadata.interruptible is False
    assert node.with_overrides(timeout=None).metadata.timeout == datetime.timedelta(0)


def test_a_bool_timeout_is_an_error_and_a_task_config_of_the_same_type_is_taken() -> None:
    with pytest.raises(NodeError, match="timeout should be"):
        _node().with_overrides(timeout=True)
    config = _TaskConfig()
    entity_only = Node("n", NodeMetadata("n"), flyte_entity=_Task(_TaskConfig()))
    assert entity_only.with_overrides(task_config=config).task_config is config
    bare = _node()
    other = _OtherConfig()
    assert bare.with_overrides(task_config=other).task_config is other
    on_node = Node("n", NodeMetadata("n"), task_config=_TaskConfig(), flyte_entity=_Task(other))
    assert on_node.with_overrides(task_config=config).task_config is config


def test_cache_true_keeps_the_serialisation_and_takes_the_version() -> None:
    node = Node("n", NodeMetadata("n", cache_serializable=True, cache_version="old"))
    md = node.with_overrides(cache=True, cache_version="v").metadata
    assert (md.cacheable, md.cache_version, md.cache_serializable) == (True, "v", True)
    md = node.with_overrides(cache=Cache(version="c")).metadata
    assert (md.cacheable, md.cache_version, md.cache_serializable) == (True, "c", False)


def test_a_resource_error_names_the_node() -> None:
    node = _node("my-node")
    with pytest.raises(NodeError, match=r"^node 'my-node': requests should be specified as"):
        node.with_overrides(requests={"cpu": "1"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(NodeError, match=r"^node 'my-node': `resource` can not be used") as info:
        node.with_overrides(resources=Resources(cpu="1"), limits=Resources(cpu="1"))
    assert info.value.node_id == "my-node"
