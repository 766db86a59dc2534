"""What Python plugins import: the optional CordonPlugin base class and the typed errors.

A re-export of the worker's own definitions, so that an error a plugin raises is the very class the
worker classifies. The worker's folder is on the plugin's path whenever Cordon runs it.
"""

from cordon_worker import (  # noqa: F401
    CordonPlugin,
    PluginCancelledError,
    PluginConfigError,
    PluginDisabledError,
    PluginError,
    PluginFatalError,
    PluginInputError,
    PluginNotLoadedError,
    PluginResourceError,
    PluginTimeoutError,
    PluginTransientError,
    ResourceShortfall,
    WorkerOOMError,
)

__all__ = [
    "CordonPlugin", "PluginCancelledError", "PluginConfigError", "PluginDisabledError", "PluginError",
    "PluginFatalError", "PluginInputError", "PluginNotLoadedError", "PluginResourceError",
    "PluginTimeoutError", "PluginTransientError", "ResourceShortfall", "WorkerOOMError",
]
