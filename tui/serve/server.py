"""The web server of ``timeline serve``: textual-serve's :class:`Server`, made private.

What this adds to textual-serve's server:

- **Our own page** (``templates/index.html`` and ``assets/``): textual-serve's default page
  loads a font from a third-party font service, which tells that service who opens the
  timeline and fails offline. Ours uses the font textual-serve ships and nothing else; its
  addresses are paths on this server, so the page works under any host name.
- **Only this page may open an explorer.** A WebSocket is not bound by the browser's
  same-origin rule: any web site the viewer has open could connect to
  ``ws://127.0.0.1:8000/ws`` and read the timeline. A socket whose ``Origin`` is not the
  server's own is refused, and a server on loopback answers only requests addressed to a
  loopback name, so a public name re-pointed at 127.0.0.1 (DNS rebinding) gets nothing.
- **Output that cannot steer the terminal**: log lines and the explorers' error output go
  through the command line's :class:`~tui.commands.base.SafeWriter`.
- **A clean end**: on Ctrl+C (or SIGTERM) each tab's explorer is asked to quit, and
  terminated if it does not; the server exits once they have all ended, then closes the
  pages' sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import aiohttp_jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

TEMPLATES = Path(__file__).parent / "templates"
"""Our page template (``index.html``)."""
ASSETS = Path(__file__).parent / "assets"
"""Our page's style sheet and icon, served under ``/assets/``."""
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's terminal script, its style sheet and fonts, served under ``/static/``."""


PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "connect-src 'self'",
        # textual.js adds its terminal's style sheet as a <style> element
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
"""The browser loads, connects and is framed only from this server (Content-Security-Policy)."""

QUIT_SECONDS = 5.0
"""How long an explorer has to quit when asked, before it is terminated."""
SHUTDOWN_SECONDS = 3 * QUIT_SECONDS
"""How long Ctrl+C waits for the explorers to end (asked, terminated, killed)."""

_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback_host(host: str) -> bool:
    """Whether every address ``host`` resolves to is on this machine only.

    A name that cannot be resolved counts as not loopback (binding would fail anyway).
    """
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]).partition("%")[0] for info in found}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def names_loopback(hostname: str | None) -> bool:
    """Whether the host a request was addressed to is a loopback name, without asking DNS.

    ``localhost`` and ``*.localhost`` (which browsers keep on this machine, RFC 6761) and
    loopback address literals; asking DNS would defeat the point (rebinding).
    """
    if not hostname:
        return False
    name = hostname.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def same_origin(origin: str, host: str) -> bool:
    """Whether a WebSocket's ``Origin`` header names the server it was sent to (``Host``)."""
    scheme, sep, authority = origin.partition("://")
    return bool(sep) and scheme.lower() in ("http", "https") and authority.lower() == host.lower()


def shown_host(host: str) -> str:
    """The name to give people for ``host``: this machine's name for "every address"
    (``0.0.0.0``, ``::``, where no browser can connect), else ``host`` itself."""
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host
    return socket.gethostname() if unspecified else host


def url_host(host: str) -> str:
    """``host`` as it is written in a URL (an IPv6 address in brackets)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    return f"[{host}]" if address.version == 6 else host


async def end_process(process: asyncio.subprocess.Process, grace: float = QUIT_SECONDS) -> None:
    """Wait for ``process`` to end; terminate it, then kill it, if it takes too long.

    Args:
        process: A process that was asked to end.
        grace: How long it has before it is terminated, and again before it is killed.
    """
    for stop in (None, process.terminate, process.kill):
        if stop is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                stop()
        try:
            await asyncio.wait_for(process.wait(), None if stop is process.kill else grace)
        except TimeoutError:
            continue
        return


class ExplorerSession(AppService):
    """textual-serve's process for one tab, which makes sure the explorer has ended.

    textual-serve asks the explorer to quit and waits for its output to end, however long
    that takes; an explorer that never answers would outlive the server.
    """

    async def stop(self) -> None:
        """Ask the explorer to quit, wait for it (or end it) and for its last output."""
        if self._task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        if self._process is not None:
            await end_process(self._process)
        await self._task
        self._task = None


class TextSink(Protocol):
    """Where the server writes its messages (a :class:`~tui.commands.base.SafeWriter`)."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


class TimelineServer(Server):
    """textual-serve's server with our page, its origin checks and a clean shutdown.

    Args:
        command: The shell command that starts one explorer (one per browser tab).
        host: The address to listen on.
        port: The port to listen on.
        title: The page's title.
        log_stream: Where the server's messages go (a :class:`SafeWriter` in practice).
    """

    def __init__(
        self, command: str, *, host: str, port: int, title: str, log_stream: TextSink
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=title,
            public_url=f"http://{url_host(shown_host(host))}:{port}",
            statics_path=TEXTUAL_SERVE_STATIC,
            templates_path=TEMPLATES,
        )
        self.loopback = is_loopback_host(host)
        self.log_stream = log_stream
        self._sessions: set[asyncio.Task[Any]] = set()
        """The tasks serving the pages' sockets, one per open tab."""

    def initialize_logging(self) -> None:
        """Warnings and errors only, as plain lines through :attr:`log_stream`.

        textual-serve logs every request with Rich; a request's path or headers come from
        whoever connects and could carry terminal escapes.
        """
        handler = logging.StreamHandler(self.log_stream)
        handler.setFormatter(logging.Formatter("timeline serve: %(message)s"))
        for name in ("textual-serve", "aiohttp"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.WARNING)
            logger.propagate = False

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT (Ctrl+C) or SIGTERM, then end every explorer and return.

        Raises:
            OSError: The address cannot be listened on (in use, not this machine's...).
        """
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        # textual-serve's own says it serves before it has bound the address, and leaves
        # the end to aiohttp's run_app; here the steps are in order, ours
        runner = web.AppRunner(await self.web_application(), handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            everywhere = shown_host(self.host) != self.host
            where = "every address of this machine, as " if everywhere else ""
            print(f"Serving the timeline on {where}{self.public_url}/", file=self.log_stream)
            print("Press Ctrl+C to stop.", file=self.log_stream, flush=True)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(number, stop.set)
            await stop.wait()
        finally:
            await runner.cleanup()  # on_shutdown ends the sessions

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: :meth:`serve` says where the page is once it is listening."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End every page's session: textual-serve then tells its explorer to quit and
        waits for it to end, so no explorer outlives the server."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=SHUTDOWN_SECONDS)

    async def web_application(self) -> web.Application:
        """The aiohttp application that :meth:`serve` runs (tests run it on their own)."""
        return await self._make_app()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        app.router.add_static("/assets", ASSETS, name="assets")
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: _Handler) -> web.StreamResponse:
        """Refuse a request for another host name (on loopback) and a foreign socket."""
        if self.loopback and not names_loopback(request.url.host):
            raise web.HTTPForbidden(text="This server answers only on this machine.\n")
        if request.path != "/ws":
            response = await handler(request)
            response.headers["Content-Security-Policy"] = PAGE_POLICY
            response.headers["X-Content-Type-Options"] = "nosniff"
            return response
        origin = request.headers.get("Origin")  # browsers always send it with a socket
        if origin is not None and not same_origin(origin, request.host):
            raise web.HTTPForbidden(text="Only the timeline's own page may connect.\n")
        # a page's session lasts as long as its socket's handler: this task
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            return await handler(request)
        finally:
            self._sessions.discard(task)

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page: our template, with the socket's address as the browser addressed us."""
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 6), 64)
        except ValueError:
            font_size = 16
        scheme = "wss" if request.secure else "ws"
        return {
            "title": self.title,
            "font_size": font_size,
            "websocket_url": f"{scheme}://{request.host}/ws",
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One page's session: its explorer's process, relayed over the page's socket.

        textual-serve's own, with :class:`ExplorerSession` to end the explorer for sure.
        """
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)

        async def close() -> None:
            await websocket.close()

        session = ExplorerSession(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        try:
            await websocket.prepare(request)
            await session.start(width, height)
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:  # the server is stopping (on_shutdown)
            await session.stop()  # first: closing waits for the browser's answer
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
        except Exception as error:
            log.exception(error)
        finally:
            await session.stop()
        return websocket
