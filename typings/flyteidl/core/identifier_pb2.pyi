# Only what ctxcore uses of flyteidl's identifier messages (flyteidl ships .pyi files without a
# py.typed marker, so mypy would not read them). ctxcore neither writes nor reads `org`, as the
# reference.

from typing_extensions import Self

UNSPECIFIED: int
TASK: int
WORKFLOW: int
LAUNCH_PLAN: int
DATASET: int

class _Message:
    @classmethod
    def FromString(cls, s: bytes) -> Self: ...
    def SerializeToString(self, *, deterministic: bool = ...) -> bytes: ...
    def ParseFromString(self, serialized: bytes) -> int: ...
    def __eq__(self, other: object) -> bool: ...

class Identifier(_Message):
    resource_type: int
    project: str
    domain: str
    name: str
    version: str
    org: str
    def __init__(
        self,
        resource_type: int | None = ...,
        project: str | None = ...,
        domain: str | None = ...,
        name: str | None = ...,
        version: str | None = ...,
        org: str | None = ...,
    ) -> None: ...

class WorkflowExecutionIdentifier(_Message):
    project: str
    domain: str
    name: str
    org: str
    def __init__(
        self,
        project: str | None = ...,
        domain: str | None = ...,
        name: str | None = ...,
        org: str | None = ...,
    ) -> None: ...

class NodeExecutionIdentifier(_Message):
    node_id: str
    execution_id: WorkflowExecutionIdentifier
    def __init__(
        self,
        node_id: str | None = ...,
        execution_id: WorkflowExecutionIdentifier | None = ...,
    ) -> None: ...

class TaskExecutionIdentifier(_Message):
    task_id: Identifier
    node_execution_id: NodeExecutionIdentifier
    retry_attempt: int
    def __init__(
        self,
        task_id: Identifier | None = ...,
        node_execution_id: NodeExecutionIdentifier | None = ...,
        retry_attempt: int | None = ...,
    ) -> None: ...
