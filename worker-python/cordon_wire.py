"""The wire's JSON: compact UTF-8 bodies and stream lines, and the JobError object for a failure.

The category of an exception and the JobError fields follow docs/protocol.md; the HTTP status of each
category is ``STATUS_BY_CATEGORY`` (a cancellation is 409).
"""

import json
import os

from cordon_plugin import CATEGORIES, PluginError, PluginFatalError

STATUS_BY_CATEGORY = {"user_input": 400, "transient": 503, "resource": 507, "fatal": 500}
CANCELLED_STATUS = 409


def json_default(o):
    """Encode what json cannot: dataclasses, dates and times, paths, objects with to_dict()."""
    if hasattr(type(o), "__dataclass_fields__") and not isinstance(o, type):
        import dataclasses
        return dataclasses.asdict(o)
    if hasattr(o, "isoformat"):
        return o.isoformat()
    if isinstance(o, os.PathLike):
        return os.fspath(o)
    if hasattr(o, "to_dict"):
        return o.to_dict()
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=json_default)


def encode_result(value):
    """Encode a plugin's return value; an unencodable one is the plugin's fatal error."""
    try:
        return ENCODER.encode(value).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise PluginFatalError(f"the plugin returned a value that is not JSON: {exc}") from exc


# Bare Python exceptions: the first class of the exception's MRO found here wins; else fatal.
_BARE_EXCEPTION_CATEGORY_MAP = {
    FileNotFoundError: "user_input", NotADirectoryError: "user_input", IsADirectoryError: "user_input",
    PermissionError: "user_input", KeyError: "user_input", ValueError: "user_input", TypeError: "user_input",
    TimeoutError: "transient", ConnectionError: "transient", InterruptedError: "transient",
    BlockingIOError: "transient", MemoryError: "resource", OSError: "transient",
}
_CATEGORY_RETRIABLE_DEFAULTS = {"user_input": False, "transient": True, "resource": True, "fatal": False}


def _declared_category(exc):
    """The category a typed error declares: ours, or any class with the original's ClassVars."""
    if isinstance(exc, PluginError):
        return exc.category
    category = getattr(type(exc), "category", None)
    if category in CATEGORIES and isinstance(getattr(type(exc), "default_retriable", None), bool):
        return category
    return None


def classify_exception(exc):
    """The category of any exception: its declared one, else the bare-exception map, else fatal."""
    declared = _declared_category(exc)
    if declared is not None:
        return declared
    for ancestor in type(exc).__mro__:
        category = _BARE_EXCEPTION_CATEGORY_MAP.get(ancestor)
        if category is not None:
            return category
    return "fatal"


def is_cancellation(exc):
    """True for our PluginCancelledError and for the original's class of the same name."""
    return any(k.__name__ == "PluginCancelledError" for k in type(exc).__mro__)


def _shortfall_dict(value):
    if value is None or isinstance(value, dict):
        return value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(type(value), "__dataclass_fields__"):
        import dataclasses
        return dataclasses.asdict(value)
    return {"resource": getattr(value, "resource", None), "needed": getattr(value, "needed", None),
            "available": getattr(value, "available", None)}


def job_error_dict(exc, *, plugin_name=None, plugin_instance_id=None, traceback_policy="full"):
    """The JobError JSON object for ``exc``, field for field and in the original's order."""
    from datetime import datetime, timezone
    category = classify_exception(exc)
    declared = _declared_category(exc) is not None
    retriable = bool(type(exc).default_retriable) if declared else _CATEGORY_RETRIABLE_DEFAULTS[category]
    tb = None
    if traceback_policy == "full":
        import traceback
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {
        "category": category,
        "message": "" if traceback_policy == "none" else str(exc),
        "retriable": retriable,
        "original_exc_repr": repr(exc),
        "traceback": tb,
        "retry_after_seconds": getattr(exc, "retry_after_seconds", None) if declared and category == "transient" else None,
        "fields_invalid": getattr(exc, "fields_invalid", None) if declared and category == "user_input" else None,
        "resource_shortfall": _shortfall_dict(getattr(exc, "resource_shortfall", None)) if declared and category == "resource" else None,
        "plugin_name": plugin_name,
        "plugin_instance_id": plugin_instance_id,
        "occurred_at": datetime.now(timezone.utc).isoformat(),
    }

