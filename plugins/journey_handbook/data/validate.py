"""Validate one parsed file against its schema and explain problems in authors' terms."""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import schema
from .diagnostics import Diagnostics
from .suggest import did_you_mean
from .yamlsource import Path_, SourceFile, format_path


def validate(source: SourceFile, model: type[BaseModel], diags: Diagnostics
             ) -> tuple[Any | None, bool]:
    """(typed content, complete). On errors, report them all and salvage what is valid.

    The salvaged model keeps every valid field and every valid list item, so that the
    cross-reference checks still run on the rest of a file with one bad field.
    """
    try:
        return model.model_validate(source.data), True
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report(source, model, error, diags)
    return salvage(model, source.data), False


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[info.annotation, *info.metadata])


@functools.cache
def _item_adapter(model: type[BaseModel], name: str) -> TypeAdapter | None:
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) is list:
        return TypeAdapter(typing.get_args(annotation)[0])
    return None


@functools.cache
def _item_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of a list's items (steps, opportunities...), if they are mappings."""
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) is list:
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def salvage(model: type[BaseModel], data: Any) -> Any | None:
    """The valid part of `data`: invalid fields become None (or their default)."""
    if "root" in model.model_fields:  # a list file: keep its valid items
        if not isinstance(data, list):
            return None
        return model.model_construct(root=_valid_items(model, "root", data))
    if not isinstance(data, dict):
        return None
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            values[name] = _default(info)
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            if _item_adapter(model, name) is not None and isinstance(data[name], list):
                values[name] = _valid_items(model, name, data[name])
            else:
                values[name] = _default(info)
    return model.model_construct(**values)


def _default(info: Any) -> Any:
    return None if info.is_required() else info.get_default(call_default_factory=True)


def _valid_items(model: type[BaseModel], name: str, items: list) -> list:
    """The list with invalid items salvaged (mappings) or None (so indexes match the file).

    A step with one bad field keeps its other fields, so its references are still
    checked and the author sees every error of the step in one run.
    """
    adapter, item_model = _item_adapter(model, name), _item_model(model, name)
    out = []
    for item in items:
        try:
            out.append(adapter.validate_python(item) if adapter else item)
        except ValidationError:
            out.append(salvage(item_model, item) if item_model else None)
    return out


def _data_path(data: Any, loc: tuple) -> Path_:
    """Follow pydantic's location through the data, skipping union tags and model names."""
    path: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
            path.append(part)
    return tuple(path)


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        root = annotation.model_fields.get("root")
        return _models_in(root.annotation) if root else [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed in the mapping at `loc` (for did-you-mean on unknown keys)."""
    models = _models_in(model)
    for part in loc:
        if not isinstance(part, str):
            continue
        nxt: list[type[BaseModel]] = []
        for m in models:
            info = m.model_fields.get(part)
            if info is not None:
                nxt.extend(_models_in(info.annotation))
        if nxt:
            models = nxt
    # a field whose YAML key is a Python keyword (`part_of.from`) is known by its alias
    return sorted({info.alias or name for m in models for name, info in m.model_fields.items()
                   if name != "root"})


_KINDS = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping (field: value)",
    "model_type": "a mapping (field: value)",
    "model_attributes_type": "a mapping (field: value)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _report(source: SourceFile, model: type[BaseModel], error: dict, diags: Diagnostics) -> None:
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    path = _data_path(source.data, loc)
    if path in source.rejected and kind not in ("missing", "extra_forbidden"):
        return  # the value had a YAML tag: reported once, where it was read
    found = describe(_value_at(source.data, path))
    line, col = source.mark(path)
    hint = ""
    if kind == "missing":
        field = loc[-1]
        message = f"missing required field '{field}'"
        path = (*path, field)
    elif kind == "extra_forbidden":
        line, col = source.key_mark(path)
        field = path[-1] if path else loc[-1]
        message = f"unknown field '{field}'"
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(field), allowed, "fields") if allowed else ""
        hint = hint.replace("known fields", "allowed fields")
    else:
        message, hint = _message(kind, ctx, found, error)
    if found == "nothing" and kind not in ("missing", "extra_forbidden"):
        hint = hint or "the field is present but empty; give a value or remove the line"
    diags.error(source.path, line, col, message, path=format_path(path) or "", hint=hint)


Explain = tuple[str, str]  # (message, hint)


def _pattern_mismatch(ctx: dict, found: str, _error: dict) -> Explain:
    pattern = str(ctx.get("pattern", ""))
    # the GitHub pattern contains '/' too: test it before the step-reference pattern
    if pattern.startswith("^@"):
        return (f"expected a GitHub team like '@org/team', found {found}",
                "write it quoted, like github: \"@org/team\" (YAML text cannot start with @)")
    if "/" in pattern:
        return ("expected a step reference ('step-id' or 'journey-id/step-id'), "
                f"found {found}", "ids use a-z, 0-9 and single hyphens")
    return (f"expected a lowercase kebab-case id (like 'patient-intake'), found {found}",
            "ids use a-z, 0-9 and single hyphens")


def _out_of_range(ctx: dict, found: str, error: dict) -> Explain:
    if error["loc"][-1] in ("score", "impact", "effort"):
        return f"expected a whole number from 1 to 5, found {found}", ""
    bounds = {"ge": ">=", "le": "<=", "gt": ">", "lt": "<"}
    rule = " and ".join(f"{op} {ctx[k]}" for k, op in bounds.items() if k in ctx)
    hint = ""
    if error["loc"][-1] in ("every_days", "review_every_days"):
        hint = (f"days between two reviews of a map: a whole number from 1 to "
                f"{schema.MAX_DAYS} (ten years), like 90")
    return f"expected a number {rule}, found {found}", hint


def _too_many_digits(_ctx: dict, found: str, error: dict) -> Explain:
    """A number of thousands of digits, which pydantic refuses to parse ('int_parsing_size'):
    say what the field allows, as for any other number out of its range."""
    field = error["loc"][-1]
    if field in ("every_days", "review_every_days"):
        return _out_of_range({"le": schema.MAX_DAYS}, found, error)
    if field in ("score", "impact", "effort"):
        return _out_of_range({}, found, error)
    return f"expected a whole number of a sensible size, found {found}", ""


# pydantic error type -> how to say it; anything else falls back to pydantic's own words.
_EXPLAIN: dict[str, Callable[[dict, str, dict], Explain]] = {
    "literal_error": lambda ctx, found, _e: (
        f"expected one of {ctx.get('expected', '?')}, found {found}", ""),
    "string_pattern_mismatch": _pattern_mismatch,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "greater_than": _out_of_range,
    "less_than": _out_of_range,
    "int_parsing_size": _too_many_digits,
    "too_short": lambda ctx, _f, _e: (
        f"expected at least {ctx.get('min_length', 1)} item(s), found none", ""),
    "string_too_short": lambda _c, _f, _e: ("expected text, found an empty string", ""),
    "value_error": lambda ctx, _f, error: (str(ctx.get("error", error["msg"])), ""),
}


def _message(kind: str, ctx: dict, found: str, error: dict) -> Explain:
    if kind in _EXPLAIN:
        return _EXPLAIN[kind](ctx, found, error)
    if kind in _KINDS:
        return f"expected {_KINDS[kind]}, found {found}", ""
    return f"{error['msg']}, found {found}", ""
