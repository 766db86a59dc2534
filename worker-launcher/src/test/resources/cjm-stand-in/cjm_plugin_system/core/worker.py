"""Stand-in for the original ``cjm_plugin_system.core.worker``: Cordon's Python worker in its compat mode,
which answers as the original worker does (no token, no handshake line, ``{"detail": ...}`` errors)."""
import sys

import cordon_worker

if __name__ == "__main__":
    sys.exit(cordon_worker.main(["--compat-cjm"] + sys.argv[1:]))
