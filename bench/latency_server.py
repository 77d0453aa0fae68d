"""A tiny OpenAI-compatible endpoint with a fixed latency, for benchmarks: every chat completion waits
`latency` seconds, then answers `{"items": []}` (no records). Listens on 127.0.0.1 (a free port by default)
and stops by itself after `max_requests` requests or `max_seconds` seconds, whichever comes first.

    python bench/latency_server.py --latency 1 --max-seconds 600     # prints its base URL

GET <base URL>/stats answers {"requests": n, "peak_in_flight": n}.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LatencyServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, latency: float = 1.0, port: int = 0, max_requests: int = 100_000,
                 max_seconds: float = 3600.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.latency, self.max_requests, self.max_seconds = latency, max_requests, max_seconds
        self.requests = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def count(self, delta: int) -> bool:
        """Track requests in flight; False once the request budget is spent."""
        with self._lock:
            if delta > 0:
                self.requests += 1
                if self.requests > self.max_requests:
                    return False
            self.in_flight += delta
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        return True

    def start(self) -> LatencyServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        self._timer = threading.Timer(self.max_seconds, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._timer.cancel()
            self.shutdown()
            self.server_close()

    def running(self) -> bool:
        return self._thread is not None

    def __enter__(self) -> LatencyServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LatencyServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.endswith("/stats"):
            self._send(200, {"requests": self.server.requests, "peak_in_flight": self.server.peak_in_flight})
            return
        self._send(200, {"object": "list", "data": [{"id": "bench", "object": "model"}]})

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if not self.server.count(+1):
            self._send(503, {"error": {"message": "request budget spent"}})
            threading.Thread(target=self.server.stop, daemon=True).start()
            return
        try:
            time.sleep(self.server.latency)
        finally:
            self.server.count(-1)
        self._send(200, {
            "id": "chatcmpl-bench", "object": "chat.completion", "created": int(time.time()),
            "model": request.get("model", "bench"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": json.dumps({"items": []})}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 5, "total_tokens": 105},
        })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    server = LatencyServer(args.latency, args.port, args.max_requests, args.max_seconds)
    print(server.base_url, flush=True)
    server.start()
    try:
        while server.running():
            time.sleep(0.2)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
