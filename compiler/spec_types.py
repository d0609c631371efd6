"""The building blocks every spec model is made of: the frozen `Model` base, ids, text and
conditions, and the Chinese titles, descriptions and value meanings `yjs schema` shows.

Kept apart from the models themselves (`compiler/ir.py`) so the closed lists
(`compiler/vocabulary.py`) and the durations (`compiler/durations.py`) can use them too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


# A condition in the language of `dsl/condition.lark`, e.g. "join_insurance and area <= 300";
# checked against the bundle's situations and fields by `checks/condition_types.py`.
Condition = Annotated[str, Field(min_length=1)]


Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


Days = Annotated[int, Field(ge=0, le=3650)]


Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def described(title: str, description: str) -> ConfigDict:
    """A model's Chinese title and description in `yjs schema`, merged into Model's config.

    The analyst reads them in the editor (hover, completion); the English docstring is kept
    for developers, so neither has to serve both readers.
    """
    return ConfigDict(title=title, json_schema_extra={"description": description})


_Choices = TypeVar("_Choices", bound=type[StrEnum])


def choices(
    title: str, description: str, meanings: Mapping[str, str]
) -> Callable[[_Choices], _Choices]:
    """Give a closed list its Chinese title, description and the meaning of each value.

    The meanings reach `yjs schema` as `enumDescriptions` (the YAML language server shows them
    on completion and hover), in the values' order. A value left without a meaning, or a meaning
    for no value, fails at import: a new value cannot ship undocumented.
    """

    def attach(cls: _Choices) -> _Choices:
        values = [member.value for member in cls]
        if sorted(meanings) != sorted(values):
            raise TypeError(f"{cls.__name__}: the meanings must name each value exactly once")

        def json_schema(core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
            schema = handler(core)
            target = handler.resolve_ref_schema(schema)
            target["title"] = title
            target["description"] = description
            target["enumDescriptions"] = [meanings[v] for v in values]
            return schema

        # the hook pydantic looks up by name on any type; setattr: it is no attribute of StrEnum
        setattr(cls, "__get_pydantic_json_schema__", staticmethod(json_schema))  # noqa: B010
        return cls

    return attach
