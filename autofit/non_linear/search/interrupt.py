"""Ctrl-C for searches whose sampler would swallow it: noted when it comes, acted on between
batches."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class InterruptRequest:
    """Whether SIGINT has arrived since `interrupt_requests` began."""

    def __init__(self):
        self.requested = False

    def __bool__(self) -> bool:
        return self.requested


@contextlib.contextmanager
def interrupt_requests() -> Iterator[InterruptRequest]:
    """
    Within the ``with`` block, the first SIGINT (Ctrl-C) only sets the yielded request, so that
    the search can stop at its next batch boundary and checkpoint there. Without this, a
    KeyboardInterrupt raised inside the sampler's neural-network training is caught by that
    training, which then ends early and changes the seeded result. A second SIGINT interrupts
    at once, as usual. Outside the main thread, where signal handlers cannot be set, SIGINT
    keeps its usual meaning.
    """
    request = InterruptRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def note(signum, frame):
        request.requested = True
        signal.signal(signal.SIGINT, previous)

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield request
    finally:
        signal.signal(signal.SIGINT, previous)
