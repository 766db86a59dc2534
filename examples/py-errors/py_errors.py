"""py-errors: raises the error it is asked for, to exercise every typed-error path."""

from cordon_plugin import (
    CordonPlugin, PluginCancelledError, PluginFatalError, PluginInputError, PluginResourceError,
    PluginTransientError, ResourceShortfall,
)


def _raise(kind, message, plugin_name):
    if kind == "user_input":
        raise PluginInputError(message, fields_invalid=["category"])
    if kind == "transient":
        raise PluginTransientError(message, retry_after_seconds=2.5)
    if kind == "resource":
        raise PluginResourceError(message, resource_shortfall=ResourceShortfall("gpu_vram_mb", 8000.0, 2000.0))
    if kind == "fatal":
        raise PluginFatalError(message)
    if kind == "cancelled":
        raise PluginCancelledError(plugin_name)
    bare = {"ValueError": ValueError, "KeyError": KeyError, "TypeError": TypeError, "OSError": OSError,
            "TimeoutError": TimeoutError, "MemoryError": MemoryError, "RuntimeError": RuntimeError,
            "FileNotFoundError": FileNotFoundError}
    if kind in bare:
        raise bare[kind](message)
    raise PluginInputError(f"unknown category {kind!r}; use one of user_input, transient, resource, fatal, "
                           f"cancelled or a bare exception name ({', '.join(sorted(bare))})",
                           fields_invalid=["category"])


class ErrorsPlugin(CordonPlugin):
    """``execute(category=..., message=...)`` raises; ``execute_stream`` first yields ``after`` chunks."""
    name = "py-errors"
    version = "1.0.0"
    description = "Raises the error category it is asked for"
    config_schema = {
        "name": "ErrorsConfig", "title": "ErrorsConfig", "description": "Configuration of py-errors",
        "type": "object", "properties": {},
    }

    def execute(self, category="fatal", message="requested failure"):
        _raise(category, message, self.name)

    def execute_stream(self, category="fatal", message="requested failure", after=0):
        for i in range(int(after)):
            yield {"i": i}
        _raise(category, message, self.name)

    # Monitor methods that exist but decline to answer (NotImplementedError): the worker answers them with 501.
    def get_system_status(self):
        raise NotImplementedError("py-errors reports no system status")

    def list_processes(self):
        raise NotImplementedError("py-errors lists no processes")
