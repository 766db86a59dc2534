"""py-streamer: streams n small chunks; execute() returns them all at once."""

from cordon_plugin import CordonPlugin


class StreamerPlugin(CordonPlugin):
    """Yields ``{"i": 0} .. {"i": n-1}``, checking for cancellation between chunks."""
    name = "py-streamer"
    version = "1.0.0"
    description = "Streams n numbered chunks"
    config_schema = {
        "name": "StreamerConfig", "title": "StreamerConfig", "description": "Configuration of py-streamer",
        "type": "object",
        "properties": {
            "default_n": {"type": "integer", "title": "Default n", "minimum": 0, "default": 3},
        },
    }

    def execute_stream(self, n=None, payload=None):
        n = self.config.get("default_n", 3) if n is None else int(n)
        for i in range(n):
            self.check_cancelled()
            yield {"i": i} if payload is None else {"i": i, "payload": payload}
        self.report_usage({"chunks": float(n)})

    def execute(self, n=None, payload=None):
        return list(self.execute_stream(n=n, payload=payload))
