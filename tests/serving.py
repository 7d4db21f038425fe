"""Test HTTP servers in a background thread.

`serve_forever` notices `shutdown()` only at its next poll; the standard library's default of
0.5 s made every stop of a test's server wait up to half a second (tens of seconds a run).
"""

from __future__ import annotations

import socketserver
import threading

POLL = 0.02


def background(server: socketserver.BaseServer) -> threading.Thread:
    """A daemon thread (not started) running `server.serve_forever`, quick to shut down."""
    return threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True
    )
