"""Where a search writes (``output/<path_prefix>/<unique_tag>/<name>/<identifier>/``),
atomically."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

logger = logging.getLogger(__name__)


class CorruptOutputError(ValueError):
    """A file a search left in its output folder cannot be read back."""

    def __init__(self, path: Path, error: Exception, folder: Path):
        super().__init__(
            f"{path} cannot be read ({type(error).__name__}: {error}): it is damaged or was "
            f"written by something else. Delete it, or the folder {folder}, to start this "
            "search over.")


class SearchLockedError(RuntimeError):
    """Another process is running the same search into the same output folder."""


def _process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def write_atomically(path: str | Path, data: str | bytes) -> None:
    """
    Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so that a
    reader never sees a half-written file. The file's permissions follow the umask, as for any
    file the user writes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(8)}"
        try:
            # Not tempfile.mkstemp, whose files are private (0600) whatever the umask.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save_figure(figure: Figure, path: str | Path, dpi: int = 100) -> None:
    """Render ``figure`` with the Agg canvas (no pyplot state) and write it atomically."""
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    file_format = Path(path).suffix.lstrip(".") or "png"
    # Light PNG compression: a quick-update figure is written often and read by eye.
    options = {"pil_kwargs": {"compress_level": 1}} if file_format == "png" else {}
    figure.savefig(buffer, format=file_format, dpi=dpi, **options)
    write_atomically(path, buffer.getvalue())


class Paths:
    """
    The output folder of one search of one model.

    Parameters
    ----------
    name
        The search's name.
    path_prefix
        Folders between the output root and the name.
    identifier
        The search's identifier (`AbstractSearch.identifier_for`), so that different models
        and searches never share a folder.
    unique_tag
        A folder between the prefix and the name, as the release places it.
    root
        The output root, ``output`` in the working directory by default.
    """

    def __init__(self, name: str, path_prefix: str = "", identifier: str = "",
                 unique_tag: str | None = None, root: str | Path = "output"):
        self.output_path = Path(root) / path_prefix / (unique_tag or "") / name / identifier

    @property
    def image_path(self) -> Path:
        """Figures: the quick-update fit, the corner plot, the analysis's images."""
        return self.output_path / "image"

    @property
    def files_path(self) -> Path:
        """Machine-readable files: checkpoints and the search's summary numbers."""
        return self.output_path / "files"

    def write_text(self, relative: str, text: str) -> None:
        """Write ``text`` to ``relative`` inside the output folder, atomically."""
        write_atomically(self.output_path / relative, text)

    def write_json(self, relative: str, data: dict) -> None:
        """Write ``data`` as JSON to ``relative`` inside the output folder, atomically."""
        self.write_text(relative, json.dumps(data, indent=2))

    def read_json(self, relative: str) -> dict:
        """Read the JSON file ``relative`` inside the output folder; `CorruptOutputError`
        when it is not JSON."""
        path = self.output_path / relative
        try:
            return json.loads(path.read_text())
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CorruptOutputError(path, error, self.output_path) from error

    @property
    def lock_path(self) -> Path:
        """The lock file a running search holds (`locked`)."""
        return self.output_path / "search.lock"

    @contextlib.contextmanager
    def locked(self, wait: bool = False, poll_seconds: float = 1.0) -> Iterator[None]:
        """
        Hold the output folder's lock file for the duration of the ``with`` block, so that two
        processes never run one search into one folder.

        Parameters
        ----------
        wait
            When another live process holds the lock, wait for it to let go (True) or raise
            `SearchLockedError` naming that process (False). A lock left by a process that no
            longer runs on this machine is taken over, with a warning.
        poll_seconds
            How often to look again while waiting.
        """
        self.output_path.mkdir(parents=True, exist_ok=True)
        holder = {"pid": os.getpid(), "host": socket.gethostname(),
                  "since": time.strftime("%Y-%m-%d %H:%M:%S")}
        while True:
            try:
                descriptor = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                pass
            other = self._lock_holder()
            if other is None:  # let go between our two looks
                continue
            if other.get("host") == holder["host"] and not _process_is_alive(other.get("pid", -1)):
                logger.warning("%s was left by process %s, which no longer runs; taking it "
                               "over.", self.lock_path, other.get("pid"))
                self.lock_path.unlink(missing_ok=True)
                continue
            if not wait:
                raise SearchLockedError(
                    f"Another process (pid {other.get('pid')} on {other.get('host')}, since "
                    f"{other.get('since')}) is running this search in {self.output_path}. Let it "
                    "finish, call search.fit(..., wait_for_lock=True) to wait for it, or delete "
                    f"{self.lock_path} if that process is gone.")
            time.sleep(poll_seconds)
        with os.fdopen(descriptor, "w") as file:
            json.dump(holder, file)
        try:
            yield
        finally:
            self.lock_path.unlink(missing_ok=True)

    def _lock_holder(self) -> dict | None:
        try:
            return json.loads(self.lock_path.read_text() or "{}")
        except FileNotFoundError:
            return None
        except (json.JSONDecodeError, UnicodeDecodeError):
            return {}  # being written this instant, or damaged: treated as held

    @property
    def is_complete(self) -> bool:
        """Whether a search finished here and left its samples."""
        return (self.files_path / "search.json").is_file() and (
            self.files_path / "samples.csv").is_file()
