"""A tiny SMS gateway on 127.0.0.1 (a free port) for tests: records what it receives and
answers as told — "ok", "down" (503), "refuse" (400) or "hang" (answers after `delay` s)."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self, key="test-key"):
        self.key = key
        self.mode = "ok"
        self.delay = 0.0
        self.received = []  # every request, whatever the answer
        self.accepted = []  # the bodies of the messages it accepted
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                gateway.received.append({"body": body, "auth": self.headers.get("Authorization")})
                mode = gateway.mode
                if mode == "hang":
                    time.sleep(gateway.delay)
                if mode == "down":
                    return self._answer(503, {"code": "UNAVAILABLE", "message": "maintenance"})
                if self.headers.get("Authorization") != f"Bearer {gateway.key}":
                    return self._answer(401, {"code": "AUTH", "message": "bad key"})
                if mode == "refuse":
                    return self._answer(400, {"code": "BAD_PHONE", "message": f"invalid number {body.get('phone')}"})
                gateway.accepted.append(body)
                return self._answer(200, {"code": "OK", "message_id": f"gw-{len(gateway.accepted)}"})

            def _answer(self, status, data):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
