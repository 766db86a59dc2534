"""What Python plugins import: the typed errors and the optional ``CordonPlugin`` base class.

The worker classifies what a plugin raises by these very classes (the worker's folder is on the plugin's
path whenever Cordon runs it), so ``from cordon_plugin import PluginInputError`` is all an author needs.
Standard library only; nothing here is imported that a plugin does not use.
"""

from cordon_log import log

CATEGORIES = ("user_input", "transient", "resource", "fatal")

__all__ = [
    "CordonPlugin", "PluginCancelledError", "PluginConfigError", "PluginDisabledError", "PluginError",
    "PluginFatalError", "PluginInputError", "PluginNotLoadedError", "PluginResourceError",
    "PluginTimeoutError", "PluginTransientError", "ResourceShortfall", "WorkerOOMError",
]


# --------------------------------------------------------------------------------------------------
# Error taxonomy: the original's hierarchy, same names and categories; user_input errors are not retriable.
# --------------------------------------------------------------------------------------------------

class PluginError(Exception):
    """Base of the typed plugin errors; subclasses declare ``category`` and ``default_retriable``."""
    category = "fatal"
    default_retriable = False


class PluginInputError(PluginError, ValueError):
    """User-fixable: bad argument, bad config, missing file. ``fields_invalid`` names the inputs.

    Not retriable: the same input fails the same way until the caller fixes it."""
    category = "user_input"
    default_retriable = False

    def __init__(self, message, *, fields_invalid=None):
        super().__init__(message)
        self.fields_invalid = list(fields_invalid) if fields_invalid else []


class PluginTransientError(PluginError):
    """Temporary failure; ``retry_after_seconds`` is an optional back-off hint."""
    category = "transient"
    default_retriable = True

    def __init__(self, message, *, retry_after_seconds=None):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PluginResourceError(PluginError):
    """Resource exhaustion (GPU memory, RAM, disk); ``resource_shortfall`` says how much was missing."""
    category = "resource"
    default_retriable = True

    def __init__(self, message, *, resource_shortfall=None):
        super().__init__(message)
        self.resource_shortfall = resource_shortfall


class PluginFatalError(PluginError):
    """Permanent failure for these inputs; never retried."""
    category = "fatal"
    default_retriable = False


class PluginDisabledError(PluginInputError):
    """The plugin instance is disabled."""

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} is disabled")
        self.plugin_name = plugin_name


class PluginConfigError(PluginInputError):
    """A config dict does not match the plugin's schema; ``fields_invalid`` lists the bad keys."""

    def __init__(self, message, *, fields_invalid=None, config_class_name=""):
        super().__init__(message, fields_invalid=fields_invalid)
        self.config_class_name = config_class_name

    @property
    def unknown_keys(self):
        """The original's older name for ``fields_invalid``."""
        return self.fields_invalid


class PluginNotLoadedError(PluginFatalError):
    """A call reached a plugin that was never loaded."""

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} is not loaded")
        self.plugin_name = plugin_name


class PluginTimeoutError(PluginTransientError):
    """A per-job timeout fired before the plugin finished."""

    def __init__(self, plugin_name, timeout_seconds, *, retry_after_seconds=None):
        super().__init__(f"Plugin {plugin_name!r} timed out after {timeout_seconds:.1f}s",
                         retry_after_seconds=retry_after_seconds)
        self.plugin_name = plugin_name
        self.timeout_seconds = timeout_seconds


class PluginCancelledError(PluginTransientError):
    """Cooperative cancellation; transient but not retriable (the operator asked for it)."""
    default_retriable = False

    def __init__(self, plugin_name):
        super().__init__(f"Plugin {plugin_name!r} cancelled by operator")
        self.plugin_name = plugin_name


class WorkerOOMError(PluginResourceError):
    """The worker process was killed (SIGKILL, usually the OOM killer) during a call; host-side only."""

    def __init__(self, plugin_name, *, process_returncode=None, message=None):
        super().__init__(message or f"Worker for plugin {plugin_name!r} was killed "
                                    f"(returncode={process_returncode}); assuming out of memory")
        self.plugin_name = plugin_name
        self.process_returncode = process_returncode


class ResourceShortfall:
    """Quantitative gap: ``resource`` is gpu_vram_mb, system_ram_mb or disk_mb."""
    __slots__ = ("resource", "needed", "available")

    def __init__(self, resource, needed, available):
        self.resource = resource
        self.needed = needed
        self.available = available

    def to_dict(self):
        return {"resource": self.resource, "needed": self.needed, "available": self.available}

    def __eq__(self, other):
        return isinstance(other, ResourceShortfall) and self.to_dict() == other.to_dict()

    def __repr__(self):
        return f"ResourceShortfall(resource={self.resource!r}, needed={self.needed!r}, available={self.available!r})"




# --------------------------------------------------------------------------------------------------
# Optional plugin base class.
# --------------------------------------------------------------------------------------------------

class _CancelScope:
    def __init__(self, plugin, callback):
        self._plugin, self._callback = plugin, callback

    def __enter__(self):
        self._plugin.register_cancel_callback(self._callback)
        return self

    def __exit__(self, *exc):
        try:
            self._plugin._cancel_callbacks.remove(self._callback)
        except ValueError:
            pass
        return False


class CordonPlugin:
    """Optional base class for Python plugins; the worker also hosts any class with the same methods.

    Subclasses set ``name``, ``version`` (and optionally ``description``, ``config_class`` or
    ``config_schema``, ``THREAD_SAFE``) as class attributes and implement ``execute``; everything else has a
    working default. ``config_class`` is a dataclass whose fields are the plugin's settings: the schema is
    derived from it (``cordon_schema``), and ``self.config`` holds plain values as with ``config_schema``. The state attributes (``_cancel_requested``, ``_progress``, ``_status_message``,
    ``_last_api_usage``) carry the original PluginInterface's names, which the worker reads and resets
    at the start of every execute.
    """
    name = "unnamed"
    version = "0.0.0"
    description = ""
    config_schema = {}
    config_class = None
    THREAD_SAFE = False

    _cancel_requested = False
    _progress = 0.0
    _status_message = ""
    _last_api_usage = None

    def __init__(self):
        self.config = {}
        self._cancel_callbacks = []

    # -- configuration --------------------------------------------------------------------------
    def initialize(self, config=None):
        """Apply schema defaults plus ``config``; unknown keys raise PluginConfigError."""
        config = dict(config or {})
        properties = (self.get_config_schema() or {}).get("properties") or {}
        if properties:
            unknown = sorted(k for k in config if k not in properties)
            if unknown:
                raise PluginConfigError(
                    f"Unknown config keys for plugin {self.name!r}: {', '.join(unknown)}; "
                    f"known keys: {', '.join(sorted(properties))}",
                    fields_invalid=unknown, config_class_name=self.name)
        merged = {k: spec["default"] for k, spec in properties.items() if isinstance(spec, dict) and "default" in spec}
        merged.update(config)
        self.config = merged

    def reconfigure(self, old_config, new_config):
        """Apply a changed config in place; the default re-runs initialize with the new config."""
        self.initialize(new_config)

    def get_config_schema(self):
        if self.config_class is not None:
            from cordon_schema import dataclass_to_jsonschema
            return dataclass_to_jsonschema(self.config_class)
        return self.config_schema

    def get_current_config(self):
        return dict(self.config)

    def get_config_options(self):
        return {}

    # -- execution --------------------------------------------------------------------------------
    def execute_stream(self, *args, **kwargs):
        """Default stream: the single result of execute()."""
        yield self.execute(*args, **kwargs)

    # -- lifecycle hooks ----------------------------------------------------------------------------
    def prefetch(self):
        pass

    def on_enable(self):
        pass

    def on_disable(self):
        pass

    def cleanup(self):
        pass

    # -- cancellation ---------------------------------------------------------------------------
    def cancel(self):
        """Set the cancelled flag and fire the registered callbacks (a failing one is logged, skipped)."""
        self._cancel_requested = True
        for callback in list(self._cancel_callbacks):
            try:
                callback()
            except Exception as exc:
                log("WARN", f"cancel callback {callback!r} of plugin {self.name!r} failed: {exc!r}")

    @property
    def cancelled(self):
        return self._cancel_requested

    def check_cancelled(self):
        """Raise PluginCancelledError if cancellation was requested; call at safe points."""
        if self._cancel_requested:
            raise PluginCancelledError(self.name)

    check_cancel = check_cancelled  # the original PluginInterface's name

    def register_cancel_callback(self, callback):
        self._cancel_callbacks.append(callback)

    def cancel_signal_to(self, callback):
        """Context manager: ``callback`` fires on cancel while the with-block runs."""
        return _CancelScope(self, callback)

    # -- progress and usage -----------------------------------------------------------------------
    def report_progress(self, progress, message=""):
        """Progress of the running call: 0.0..1.0 (or -1.0 when indeterminate) and a status line."""
        self._progress = float(progress)
        self._status_message = message

    def report_usage(self, usage):
        """Measured usage of the running call, e.g. {"input_tokens": 812}; served by /stats."""
        self._last_api_usage = dict(usage)

