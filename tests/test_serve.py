"""``timeline serve``: its command line, its page, who may connect, and a clean Ctrl+C.

The browser itself is in ``tests/browser/``; here the server is driven over HTTP.
"""

from __future__ import annotations

import asyncio
import io
import re
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from tests.browser.serving import free_port, session_processes, timeline_serve
from tui.cli import main
from tui.commands.serve import explorer_command
from tui.serve.server import (
    ASSETS,
    TimelineServer,
    end_process,
    is_loopback_host,
    names_loopback,
    same_origin,
    url_host,
)

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events.yaml"
# an address of TEST-NET-1 (RFC 5737): never this machine's, so binding it fails
UNREACHABLE = "192.0.2.1"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, env={"TZ": "UTC"})
    return code, out.getvalue(), err.getvalue()


class _Links(HTMLParser):
    """Every address an HTML page names (``src``, ``href``, ``action``...)."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.addresses.append(value)


def _is_local(address: str) -> bool:
    return address.startswith("/") and not address.startswith("//")


Client = TestClient[web.Request, web.Application]


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    """The server's web application on a loopback port, starting no explorer until asked."""
    server = TimelineServer(
        "exit 3",  # a tab's explorer, if one were started, would end at once
        host="127.0.0.1",
        port=8000,
        title="timeline: <b>events</b>.yaml",
        log_stream=io.StringIO(),
    )
    async with TestClient(TestServer(await server.web_application())) as test_client:
        yield test_client


# --- the command line ------------------------------------------------------------------


def test_serve_is_listed_and_served_mode_is_hidden() -> None:
    code, out, _err = run("--help")
    assert code == 0
    assert "serve [FILE]" in out
    assert "--served" not in out


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_a_usage_error(port: str) -> None:
    code, _out, err = run("serve", str(EVENTS), "--port", port)
    assert code == 2
    assert "--port" in err


def test_a_missing_file_is_refused_before_serving(tmp_path: Path) -> None:
    code, _out, err = run("serve", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert "nope.yaml:1:1: no such file" in err


def test_the_explorer_command_keeps_the_path_as_one_argument(tmp_path: Path) -> None:
    odd = tmp_path / "-my events; rm -rf ~ 'x'.yaml"
    command = explorer_command(odd, "Europe/Kyiv", python="/bin/echo")
    assert shlex.split(command) == [
        "exec", "/bin/echo", "-m", "tui", "--served", "--tz", "Europe/Kyiv", "--", str(odd),
    ]  # fmt: skip
    done = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=10)
    assert done.stdout == f"-m tui --served --tz Europe/Kyiv -- {odd}\n"


def test_another_address_is_served_only_with_a_warning() -> None:
    # the warning comes first; then binding fails, as this address is not the machine's
    done = subprocess.run(
        [sys.executable, "-m", "tui", "serve", str(EVENTS), "--host", UNREACHABLE,
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"timeline serve: warning: listening on {UNREACHABLE}: anyone who can reach this "
        "address and port can read the timeline"
    )
    assert lines[1].startswith(f"timeline: cannot listen on {UNREACHABLE}:")
    assert done.returncode == 2


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), (UNREACHABLE, False), ("no such host.invalid", False)],
)  # fmt: skip
def test_which_addresses_are_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_host_names_and_origins() -> None:
    assert [names_loopback(h) for h in ("localhost", "LOCALHOST.", "app.localhost", "::1",
                                       "127.0.0.1", "example.com", "127.0.0.1.nip.io", "",
                                       None, "localhost.example.com")] == [
        True, True, True, True, True, False, False, False, False, False]  # fmt: skip
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert same_origin("https://Timeline.example", "timeline.example")
    assert not same_origin("http://evil.example", "127.0.0.1:8000")
    assert not same_origin("null", "127.0.0.1:8000")
    assert not same_origin("file://127.0.0.1:8000", "127.0.0.1:8000")
    assert url_host("::1") == "[::1]"
    assert url_host("localhost") == "localhost"


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_every_address_is_shown_as_this_machines_name(host: str) -> None:
    server = TimelineServer("exit 3", host=host, port=8123, title="t", log_stream=io.StringIO())
    assert server.public_url == f"http://{socket.gethostname()}:8123"
    assert server.loopback is False


# --- the page ----------------------------------------------------------------------------


async def test_the_page_loads_nothing_from_elsewhere(client: Client) -> None:
    page = await client.get("/")
    assert page.status == 200
    html = await page.text()
    links = _Links()
    links.feed(html)
    assert len(links.addresses) >= 4  # icon, two style sheets, two scripts
    assert [a for a in links.addresses if not _is_local(a)] == []
    assert re.search(r"\b(https?:)?//", html) is None  # no address to anywhere in the page
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    for address in links.addresses:
        response = await client.get(address)
        assert response.status == 200, address
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(\"?([^\")]+)", css)
    assert len(fonts) == 2
    for address in fonts:
        assert _is_local(address)
        assert (await client.get(address)).status == 200, address
    script = (ASSETS / "page.js").read_text(encoding="utf-8")
    assert re.search(r"https?://", script) is None


async def test_the_title_is_text_not_markup(client: Client) -> None:
    html = await (await client.get("/")).text()
    assert "<title>timeline: &lt;b&gt;events&lt;/b&gt;.yaml</title>" in html
    assert "<b>" not in html


async def test_the_socket_address_is_the_one_the_browser_used(client: Client) -> None:
    html = await (await client.get("/", headers={"Host": "localhost:1234"})).text()
    assert 'data-session-websocket-url="ws://localhost:1234/ws"' in html


async def test_a_page_from_another_site_cannot_connect(client: Client) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403


async def test_a_name_pointed_at_loopback_gets_nothing(client: Client) -> None:
    # DNS rebinding: the browser believes it talks to rebind.example, which now names us
    for path in ("/", "/ws", "/static/js/textual.js"):
        response = await client.get(path, headers={"Host": f"rebind.example:{client.port}"})
        assert response.status == 403, path
    assert (await client.get("/", headers={"Host": f"localhost:{client.port}"})).status == 200


async def test_an_explorer_that_does_not_quit_is_ended() -> None:
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + (
        "print('ready', flush=True); time.sleep(60)"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", stubborn, stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    assert await process.stdout.readline() == b"ready\n"  # SIGTERM is ignored from here
    await asyncio.wait_for(end_process(process, grace=0.2), 10)
    assert process.returncode == -signal.SIGKILL


# --- a real server, ended by Ctrl+C -----------------------------------------------------


async def _until_closed(tab: aiohttp.ClientWebSocketResponse) -> aiohttp.WSMessage:
    """Read a tab's socket to its end; the closing message."""
    while True:
        message = await tab.receive()
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            return message


async def test_ctrl_c_ends_the_server_and_every_explorer(tmp_path: Path) -> None:
    with timeline_serve(EVENTS, tmp_path / "home") as server:
        session = server.process.pid
        address = server.url.replace("http", "ws", 1) + "ws?width=100&height=30"
        async with (
            aiohttp.ClientSession() as browser,
            browser.ws_connect(address, origin=server.url.rstrip("/")) as tab,
        ):
            screen = b""
            while b"events" not in screen:  # the explorer drew its first screen
                message = await asyncio.wait_for(tab.receive(), 30)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                screen += message.data
            explorers = [p for p in session_processes(session) if p != session]
            assert len(explorers) == 1  # the tab's explorer (exec: no shell between)
            # a browser reads on: the server's closing frame is answered at once
            rest = asyncio.create_task(_until_closed(tab))
            code = await asyncio.to_thread(server.interrupt)
            closed = await asyncio.wait_for(rest, 10)
        assert code == 0
        assert closed.type == aiohttp.WSMsgType.CLOSE
        assert session_processes(session) == []
        assert server.written() == []  # no settings, no load cache: nothing on disk
        assert server.process.stderr is not None
        assert server.process.stdout is not None
        assert server.process.stderr.read() == "Press Ctrl+C to stop.\n"  # and nothing else
        assert server.process.stdout.read() == ""  # an explorer's errors would be here
