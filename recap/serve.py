"""A local preview server: serves the output folder and tells open pages to reload."""

from __future__ import annotations

import json
import queue
import threading
from functools import cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recap.build import BuildResult

EVENTS_PATH = "/__recap/events"
KEEPALIVE_SECONDS = 10


class PreviewServer:
    """Serve `root` on 127.0.0.1 and push build news to open pages (server-sent events).

    Pages are served with a small live-reload script added on the way out, so the
    files on disk stay exactly what `recap build` writes.
    """

    def __init__(self, root: Path, *, port: int = 8000) -> None:
        self.root = root
        self._clients: set[queue.Queue[str | None]] = set()
        self._lock = threading.Lock()
        self._last_news: str | None = None
        handler = partial(_PreviewHandler, self, directory=str(root))
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> None:
        self._thread.start()

    def announce(self, result: BuildResult) -> None:
        """Tell open pages about a rebuild: reload the pages it wrote, or show its errors."""
        if result.error is not None:
            messages = [str(problem) for problem in result.error.problems]
            self.publish({"type": "error", "source": str(result.source), "messages": messages})
        else:
            pages = [path.name for path in result.written + result.unchanged]
            self.publish({"type": "reload", "pages": pages})

    def publish(self, news: dict[str, Any]) -> None:
        """Send news to every open page: {"type": "reload"} or {"type": "error", ...}."""
        message = json.dumps(news, ensure_ascii=False)
        with self._lock:
            # A page that opens after a failed build must show the error too.
            self._last_news = message if news.get("type") == "error" else None
            for client in self._clients:
                client.put(message)

    def close(self) -> None:
        """Stop serving, end open event streams and free the port."""
        with self._lock:
            for client in self._clients:
                client.put(None)
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def _subscribe(self) -> queue.Queue[str | None]:
        client: queue.Queue[str | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
            if self._last_news:
                client.put(self._last_news)
        return client

    def _unsubscribe(self, client: queue.Queue[str | None]) -> None:
        with self._lock:
            self._clients.discard(client)


class _PreviewHandler(SimpleHTTPRequestHandler):
    def __init__(self, server_state: PreviewServer, *args: Any, **kwargs: Any) -> None:
        self.preview = server_state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build news."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS_PATH:
            self._stream_events()
        elif path.endswith(".html"):
            self._send_page(path)
        else:
            super().do_GET()

    def _send_page(self, path: str) -> None:
        file = Path(self.translate_path(path))
        try:
            page = file.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "no such page (yet)")
            return
        script = f"<script>{_live_script()}</script>".encode()
        marker = page.rfind(b"</body>")
        body = page[:marker] + script + page[marker:] if marker >= 0 else page + script
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        client = self.preview._subscribe()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                try:
                    message = client.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    if message is None:
                        return
                    self.wfile.write(f"data: {message}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        finally:
            self.preview._unsubscribe(client)


@cache
def _live_script() -> str:
    return files("recap").joinpath("static", "live.js").read_text(encoding="utf-8")
