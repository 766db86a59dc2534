"""Config schemas from dataclasses, exactly as the original's ``dataclass_to_jsonschema`` writes them.

Top level ``{"name", "title", "description", "type": "object", "properties"}``; ``str``/``int``/``float``/
``bool`` map to ``string``/``integer``/``number``/``boolean``, ``List[X]`` to an array of X, ``Optional[X]`` to
``[X, "null"]``, any other type to ``string``; ``title``, ``description``, ``minimum``, ``maximum``, ``enum``,
``minLength``, ``maxLength``, ``pattern`` and ``format`` are copied from field metadata; ``default`` from the
field's default or default factory. There is no ``required`` array.
"""

import dataclasses
import typing

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}
_COPIED = ("title", "description", "minimum", "maximum", "enum", "minLength", "maxLength", "pattern", "format")


def _type_of(tp):
    """The JSON Schema of one field type, without metadata."""
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _type_of(members[0]) if members else {"type": "string"}
        if type(None) in typing.get_args(tp) and len(members) == 1:
            return {**inner, "type": [inner["type"], "null"]}
        return inner
    if origin in (list, typing.List):
        args = typing.get_args(tp)
        return {"type": "array", "items": _type_of(args[0]) if args else {"type": "string"}}
    return {"type": _SCALARS.get(tp, "string")}


def dataclass_to_jsonschema(cls):
    """The config schema of the dataclass ``cls``; TypeError when it is not a dataclass."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    hints = typing.get_type_hints(cls)
    properties = {}
    for field in dataclasses.fields(cls):
        prop = _type_of(hints.get(field.name, str))
        for key in _COPIED:
            if key in field.metadata:
                prop[key] = field.metadata[key]
        if field.default is not dataclasses.MISSING:
            prop["default"] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            prop["default"] = field.default_factory()
        properties[field.name] = prop
    return {
        "name": getattr(cls, "__schema_name__", None) or cls.__name__,
        "title": getattr(cls, "__schema_title__", None) or cls.__name__,
        "description": getattr(cls, "__schema_description__", None) or cls.__doc__ or "",
        "type": "object",
        "properties": properties,
    }
