"""py-slow: works in steps, reports progress after each and stops when cancelled; logs each call's start."""

import logging
import threading

from cordon_plugin import CordonPlugin


class SlowPlugin(CordonPlugin):
    """``execute(steps, step_seconds)`` sleeps step by step; a cancel wakes it and unwinds at once."""
    name = "py-slow"
    version = "1.0.0"
    description = "Reports progress, honours cancellation"
    config_schema = {
        "name": "SlowConfig", "title": "SlowConfig", "description": "Configuration of py-slow",
        "type": "object",
        "properties": {
            "step_seconds": {"type": "number", "title": "Step seconds", "minimum": 0.0, "default": 0.1},
        },
    }

    def __init__(self):
        super().__init__()
        self._wake = threading.Event()
        self.register_cancel_callback(self._wake.set)

    def execute(self, steps=10, step_seconds=None):
        delay = self.config.get("step_seconds", 0.1) if step_seconds is None else float(step_seconds)
        self._wake.clear()
        logging.getLogger("py_slow").info("working in %s steps of %s s", steps, delay)
        for step in range(int(steps)):
            self.check_cancelled()
            self._wake.wait(delay)
            self.check_cancelled()
            self.report_progress((step + 1) / steps, f"step {step + 1} of {steps}")
        self.report_usage({"steps": float(steps)})
        return {"steps": int(steps)}
