"""Drive the system's headless Chromium through the DevTools protocol over a pipe.

No driver package and no downloaded browser: Chromium started with
``--remote-debugging-pipe`` reads protocol commands (JSON, NUL-terminated)
on its fd 3 and answers on fd 4. That is enough to load a page, select a
listing, copy it through the browser's own clipboard, and take screenshots.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from support.skipping import skip_or_fail

CHROMIUM_PACKAGE = "chromium"


def chromium_path() -> str:
    """The Chromium binary; skip (fail under CI=true) naming the Debian package."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    skip_or_fail(f"needs Chromium (Debian package {CHROMIUM_PACKAGE})")


class ProtocolError(RuntimeError):
    pass


class Chromium:
    """One headless browser with one page; use as a context manager."""

    def __init__(self, width: int = 1100, height: int = 900) -> None:
        self.width, self.height = width, height
        self._next_id = 0
        self._buffer = b""
        self.session: str | None = None

    def __enter__(self) -> Chromium:
        binary = chromium_path()
        self._profile = tempfile.TemporaryDirectory(prefix="chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def child_fds() -> None:
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={self._profile.name}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=child_fds,
            pass_fds=(3, 4),  # where child_fds put the pipes
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable")
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)
        self.call(
            "Browser.grantPermissions",
            permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
            session=None,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._to_browser)
        os.close(self._from_browser)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._profile.cleanup()

    # --- the protocol ---------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise ProtocolError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None | bool = True, **params: Any) -> Any:
        """Send one command and return its result (events on the way are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is True and self.session:
            message["sessionId"] = self.session
        self._send(message)
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    _events: list[dict[str, Any]] = []

    def wait_for_event(self, method: str) -> dict[str, Any]:
        for index, event in enumerate(self._events):
            if event.get("method") == method:
                return self._events.pop(index)
        while True:
            event = self._receive()
            if event.get("method") == method:
                return event
            self._events.append(event)

    # --- what the tests do ------------------------------------------------------------

    def open(self, path: Path, fragment: str = "") -> None:
        self._events = []
        self.call(
            "Page.navigate", url=path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
        )
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str, gesture: bool = False) -> Any:
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
            userGesture=gesture,
        )
        if "exceptionDetails" in result:
            raise ProtocolError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def copy_selection_of(self, selector: str) -> str:
        """Select everything in the element, copy with Ctrl+C, and read the clipboard back."""
        self.evaluate(
            "(() => { const element = document.querySelector("
            + json.dumps(selector)
            + "); element.scrollIntoView(); const range = document.createRange();"
            " range.selectNodeContents(element); const selection = window.getSelection();"
            " selection.removeAllRanges(); selection.addRange(range); })()"
        )
        self.evaluate("navigator.clipboard.writeText('')", gesture=True)
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key="c",
                code="KeyC",
                windowsVirtualKeyCode=67,
                modifiers=2,  # Ctrl
                commands=["copy"] if kind == "keyDown" else [],
            )
        return self.evaluate("navigator.clipboard.readText()", gesture=True)

    def screenshot_of(self, selector: str, target: Path) -> Path:
        """A PNG of the element (scrolled into view), written to ``target``."""
        box = self.evaluate(
            "(() => { const element = document.querySelector("
            + json.dumps(selector)
            + "); element.scrollIntoView(); const r = element.getBoundingClientRect();"
            " return {x: r.x + window.scrollX, y: r.y + window.scrollY,"
            " width: r.width, height: r.height}; })()"
        )
        clip = {**box, "scale": 1}
        data = self.call(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data["data"]))
        return target
