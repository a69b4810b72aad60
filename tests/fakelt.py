"""A scripted stand-in for a LanguageTool server, only for injecting faults.

Usage: python fakelt.py PORT MODE, MODE one of: garbage (answers checks with HTML),
hang (never answers a check), die (exits on the first check), bindfail (prints a Java
bind error and exits, as LanguageTool does when its port is taken).
"""

from __future__ import annotations

import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGS = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
]


class Handler(BaseHTTPRequestHandler):
    mode = "garbage"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v2/healthcheck"):
            self._send(b"OK", "text/plain")
        elif self.path.startswith("/v2/languages"):
            self._send(json.dumps(LANGS).encode())
        else:
            self.send_error(404)

    def do_POST(self):
        if self.mode == "die":
            os._exit(1)
        if self.mode == "hang":
            time.sleep(3600)
        self._send(b"<html><body>Service temporarily unavailable</body></html>", "text/html")


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]
    if mode == "bindfail":
        print("java.net.BindException: Address already in use", flush=True)
        sys.exit(1)
    Handler.mode = mode
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
