"""py-echo: returns its arguments, the smallest useful Cordon Python plugin."""

from cordon_plugin import CordonPlugin


class EchoPlugin(CordonPlugin):
    """Returns ``{"args": [...], "kwargs": {...}}`` exactly as received (``prefix`` tags string args)."""
    name = "py-echo"
    version = "1.0.0"
    description = "Returns its arguments"
    THREAD_SAFE = True  # no per-call state: concurrent calls are fine
    config_schema = {
        "name": "EchoConfig", "title": "EchoConfig", "description": "Configuration of py-echo",
        "type": "object",
        "properties": {
            "prefix": {"type": "string", "title": "Prefix", "description": "Prepended to string arguments",
                       "default": ""},
        },
    }

    def execute(self, *args, **kwargs):
        prefix = self.config.get("prefix", "")
        if prefix:
            args = [prefix + a if isinstance(a, str) else a for a in args]
        return {"args": list(args), "kwargs": kwargs}
