"""Pagefind's indexer fed one page at a time, so it can index while the site is being built.

`pagefind --service` is the same binary as the CLI, running the same indexer behind a small
protocol on stdin/stdout (the one Pagefind's Node and Python APIs speak): each message is
base64 of a JSON object, ended by a comma. We send `NewIndex` (the CLI's options), one
`AddFile` per HTML page (its path in the site and its text: Pagefind derives the URL from the
path exactly as the CLI does), then `GetFiles` (the index's files, which we write). Each
request gets a response with the same `message_id`, or an `Error`. Requests are not waited
for one by one: Pagefind reads stdin into a queue of its own, so the caller only pays for
encoding a page and writing it to a pipe.

Why our own client and not the `pagefind` package from PyPI: that package is asyncio-only
(MkDocs' hooks are synchronous, so it would need an event loop in a thread of its own), polls
the process every 0.1 s, and adds a dependency for what is here about 100 lines.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import tempfile
import threading
from pathlib import Path

from . import search


class PagefindService:
    """One `pagefind --service` process holding one index with the CLI's options."""

    def __init__(self, cwd: Path) -> None:
        # Pagefind's own messages (a panic): read only if it fails; a file never fills up
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        self._process = subprocess.Popen(
            [search.pagefind_executable(), "--service"], cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._stderr)
        self._last_id = 0
        self._ended = False  # the process closed its output: no reply will come
        self._errors: list[str] = []
        self._replies: dict[int, dict] = {}
        self._replied = threading.Condition()
        self._sending = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="journeys-pagefind",
                                        daemon=True)
        self._reader.start()
        self._send({"type": "NewIndex", "config": {
            "exclude_selectors": list(search.EXCLUDE_SELECTORS)}})

    def add(self, path: str, html: str) -> None:
        """A page of the site: `path` relative to the site folder, as the CLI would see it."""
        self._send({"type": "AddFile", "index_id": 0, "file_path": path, "url": None,
                    "file_contents": html})

    def write(self, output: Path) -> None:
        """Build the index of every page added and write its files into `output`.

        The files are asked for (`GetFiles`) and written here: Pagefind's own `WriteFiles`
        answers before its writes have all reached the disk (it drops its files unflushed),
        so an index read right after it was once found empty."""
        reply = self._wait(self._send({"type": "GetFiles", "index_id": 0}))
        for file in reply["files"]:
            name = Path(file["path"])
            if name.is_absolute() or ".." in name.parts:
                raise search.SearchIndexError(f"Pagefind named a file outside its index: {name}")
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_bytes(base64.b64decode(file["content"]))

    def _wait(self, message_id: int) -> dict:
        with self._replied:
            self._replied.wait_for(lambda: message_id in self._replies or self._ended)
        if self._errors:
            raise search.SearchIndexError(f"Pagefind failed: {self._errors[0]}")
        if message_id not in self._replies:
            raise search.SearchIndexError(self._failure())
        return self._replies.pop(message_id)

    def kill(self) -> None:
        """Stop at once (from any thread): the index is not wanted any more."""
        if self._process.poll() is None:
            self._process.kill()

    def close(self) -> None:
        """End the process (a finished one exits when its input ends; an unfinished one is
        stopped: its index is not wanted)."""
        self.kill()
        self._process.wait()
        self._reader.join()
        self._process.stdout.close()
        with contextlib.suppress(OSError):  # the pipe broke when the process ended
            self._process.stdin.close()
        self._stderr.close()

    def _send(self, payload: dict) -> int:
        with self._sending:  # whole messages, whichever thread sends
            self._last_id += 1
            message = json.dumps({"message_id": self._last_id, "payload": payload})
            try:
                self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
                self._process.stdin.flush()  # Pagefind starts on a page as soon as it has it
            except (BrokenPipeError, ValueError):
                # the process has ended: `write` reports why; nothing more to send
                self._errors.append(self._failure())
            return self._last_id

    def _read(self) -> None:
        """Every response, as it comes: errors are kept, the rest only counted."""
        parts: list[bytes] = []  # of a message not yet ended (the index's files are MBs)
        for chunk in iter(lambda: self._process.stdout.read1(1 << 20), b""):
            *ended, rest = chunk.split(b",")
            for i, piece in enumerate(ended):
                self._received(b"".join([*parts, piece]) if i == 0 else piece)
                parts = []
            parts.append(rest)
        with self._replied:
            self._ended = True
            self._replied.notify_all()

    def _received(self, message: bytes) -> None:
        try:
            reply = json.loads(base64.b64decode(message))
            kind = reply["payload"]["type"]
        except (ValueError, KeyError, TypeError):
            reply, kind = {"payload": {"message": "an unreadable reply"}}, "Error"
        with self._replied:
            if kind == "Error":
                self._errors.append(reply["payload"].get("message", "unknown error"))
            elif kind != "IndexedFile":
                self._replies[reply["message_id"]] = reply["payload"]
            self._replied.notify_all()

    def _failure(self) -> str:
        code = self._process.wait()
        self._stderr.seek(0)
        return search.pagefind_failed(code, self._stderr.read().decode("utf-8", "replace"))
