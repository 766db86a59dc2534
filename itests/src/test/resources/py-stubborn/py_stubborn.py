"""py-stubborn: sleeps and ignores cancellation, as the Java stubborn example does."""

import time

from cordon_plugin import CordonPlugin


class StubbornPlugin(CordonPlugin):
    """``execute(seconds=30)`` sleeps the whole time whatever ``/cancel`` says."""
    name = "py-stubborn"
    version = "1.0.0"
    description = "Ignores cancellation"

    def execute(self, seconds=30):
        time.sleep(float(seconds))
        return {"slept": float(seconds)}
