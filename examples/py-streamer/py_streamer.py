"""py-streamer: streams n small chunks; execute() returns them all at once."""

import threading

from cordon_plugin import CordonPlugin


class StreamerPlugin(CordonPlugin):
    """Yields ``{"i": 0} .. {"i": n-1}``, ``pause_seconds`` apart, checking for cancellation between chunks."""
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

    def __init__(self):
        super().__init__()
        self._wake = threading.Event()
        self.register_cancel_callback(self._wake.set)

    def execute_stream(self, n=None, payload=None, pause_seconds=0):
        n = self.config.get("default_n", 3) if n is None else int(n)
        pause = float(pause_seconds or 0)
        self._wake.clear()
        for i in range(n):
            self.check_cancelled()
            if i > 0 and pause > 0:
                self._wake.wait(pause)
                self.check_cancelled()
            yield {"i": i} if payload is None else {"i": i, "payload": payload}
        self.report_usage({"chunks": float(n)})

    def execute(self, n=None, payload=None, pause_seconds=0):
        return list(self.execute_stream(n=n, payload=payload, pause_seconds=pause_seconds))
