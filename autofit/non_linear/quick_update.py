"""Quick updates of the best fit so far, run on a background thread so the search never waits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)


class QuickUpdater:
    """
    Runs ``job(request)`` for the newest submitted request.

    In the background, one worker thread takes the newest pending request; a request submitted
    while the worker is busy replaces any still pending, so the search never queues renders and
    never waits for one. ``close`` runs what is still pending, then stops the worker. A job that
    raises logs a warning; the search goes on.

    Parameters
    ----------
    job
        What a quick update does with a request.
    background
        Run jobs on a worker thread (True) or in the caller's thread (False).
    """

    def __init__(self, job: Callable[[Any], None], background: bool = True):
        self._job = job
        self._background = background
        self._condition = threading.Condition()
        self._pending: Any = None
        self._has_pending = False
        self._running = False
        self._closing = False
        self._thread: threading.Thread | None = None

    def submit(self, request: Any) -> None:
        """Ask for a quick update; returns at once when running in the background."""
        if not self._background:
            self._run(request)
            return
        with self._condition:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="quick-update",
                                                daemon=True)
                self._thread.start()
            self._pending, self._has_pending = request, True
            self._condition.notify_all()

    def wait(self) -> None:
        """Return when no request is pending or running."""
        with self._condition:
            while self._has_pending or self._running:
                self._condition.wait()

    def close(self) -> None:
        """Finish the pending request, if any, and stop the worker."""
        with self._condition:
            self._closing = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _work(self) -> None:
        while True:
            with self._condition:
                while not self._has_pending and not self._closing:
                    self._condition.wait()
                if not self._has_pending:
                    return
                request, self._pending, self._has_pending = self._pending, None, False
                self._running = True
            self._run(request)
            with self._condition:
                self._running = False
                self._condition.notify_all()

    def _run(self, request: Any) -> None:
        try:
            self._job(request)
        except Exception as error:  # a quick update must never stop the search
            logger.warning("Quick update failed and was skipped: %s: %s",
                           type(error).__name__, error, exc_info=logger.isEnabledFor(logging.DEBUG))
