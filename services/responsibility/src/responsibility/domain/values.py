"""`fast_init`: a frozen dataclass whose instances are built at a normal class's speed.

A frozen dataclass's own `__init__` sets each field through `object.__setattr__`, which costs
about three times a plain assignment. The engine builds some fifty criteria, parties and
component results per decision, so that was a few percent of a decision (issue 11). The
`__init__` made here fills the instance's dictionary directly: the same parameters, defaults,
default factories and `__post_init__`, and the instance stays frozen afterwards."""

from __future__ import annotations

from dataclasses import MISSING, InitVar, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Apply on top of `@dataclass(frozen=True)` (not to a class with slots or InitVars)."""
    params = getattr(cls, "__dataclass_params__", None)
    assert is_dataclass(cls) and params is not None and params.frozen, "a frozen dataclass"
    assert "__slots__" not in cls.__dict__, "its instances need a __dict__"
    assert not any(_is_init_var(f.type) for f in cls.__dataclass_fields__.values()), "InitVar"
    assert not {f.name for f in fields(cls)} & _OWN_NAMES, f"a field named one of {_OWN_NAMES}"
    cls.__init__ = _init_of(cls)  # type: ignore[method-assign]
    return cls


_OWN_NAMES = frozenset({"__fi_self", "__fi_d", "__fi_MISSING"})


def _is_init_var(annotation: object) -> bool:
    return (
        isinstance(annotation, InitVar)
        or annotation is InitVar
        or (
            isinstance(annotation, str)
            and annotation.startswith(("InitVar", "dataclasses.InitVar"))
        )
    )


def _init_of(cls: type) -> Any:
    namespace: dict[str, Any] = {"__fi_MISSING": MISSING}
    positional: list[str] = []
    keyword: list[str] = []
    body = ["__fi_d = __fi_self.__dict__"]
    for f in fields(cls):
        value = f.name
        if f.default is not MISSING:
            namespace[f"__fi_default_{f.name}"] = f.default
            default = f"=__fi_default_{f.name}"
        elif f.default_factory is not MISSING:
            namespace[f"__fi_factory_{f.name}"] = f.default_factory
            default = "=__fi_MISSING"
            value = f"__fi_factory_{f.name}() if {f.name} is __fi_MISSING else {f.name}"
        else:
            default = ""
        if not f.init:
            if f.default is MISSING and f.default_factory is MISSING:
                continue  # left unset, as dataclass leaves it
            has_default = f.default is not MISSING
            value = f"__fi_default_{f.name}" if has_default else f"__fi_factory_{f.name}()"
        else:
            (keyword if f.kw_only else positional).append(f"{f.name}{default}")
        body.append(f"__fi_d[{f.name!r}] = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("__fi_self.__post_init__()")
    params = ", ".join(["__fi_self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}) -> None:\n" + "".join(f"    {line}\n" for line in body)
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init
