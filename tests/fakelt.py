"""A scripted stand-in for a LanguageTool server, only for injecting faults.

Usage: python fakelt.py PORT MODE [LOG], MODE one of:
  garbage      answers checks with an HTML page
  hang         never answers a check
  die          exits on the first check
  bindfail     prints a Java bind error and exits, as LanguageTool does when its port is taken
  empty-match  {"matches": [{}]}
  wrong-types  matches whose fields have the wrong types (offset "3", rule a string)
  no-offsets   a match without offset and length
  far-offset   a match at offset 1e9
  minus-offset a match at offset -5
  not-a-list   {"matches": "none"}
  drip         headers at once, then the body one byte a second
  huge         a 2 GB answer, no length given (LOG gets how many bytes went out)
  huge-declared  a 2 GB answer whose Content-Length says so
  incomplete, german, escapes, many-suggestions, deep   round three's (see BAD and RAW)
  good         the real server's answer for "He go to school." (send that text)
Every mode answers /v2/healthcheck and /v2/languages as LanguageTool does.
"""

from __future__ import annotations

import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGS = [
    {"name": f"English ({v})", "code": "en", "longCode": f"en-{v}"}
    for v in ("US", "GB", "AU", "CA", "NZ", "ZA")
]

# What the real server answers for "He go to school." (trimmed): the shape every mode bends.
GOOD = {
    "message": "The pronoun 'He' is usually used with a third-person or a past tense verb.",
    "shortMessage": "Grammatical problem",
    "replacements": [{"value": "goes"}, {"value": "went"}],
    "offset": 3,
    "length": 2,
    "context": {"text": "He go to school.", "offset": 3, "length": 2},
    "rule": {"id": "HE_VERB_AGR", "issueType": "grammar", "category": {"id": "GRAMMAR", "name": "Grammar"}},
}
BAD = {
    "empty-match": {"matches": [{}]},
    "wrong-types": {"matches": [{**GOOD, "offset": "3", "rule": "HE_VERB_AGR"}]},
    "no-offsets": {"matches": [{k: v for k, v in GOOD.items() if k not in ("offset", "length")}]},
    "far-offset": {"matches": [{**GOOD, "offset": 1_000_000_000}]},
    "minus-offset": {"matches": [{**GOOD, "offset": -5}]},
    "not-a-list": {"matches": "none"},
    # round three (docs/hostile-round3.md): answers that look clean, or cost memory, but are not a check
    "incomplete": {"matches": [], "warnings": {"incompleteResults": True}},
    "german": {"language": {"code": "de-DE", "name": "German (Germany)"}, "matches": []},
    "escapes": {
        "matches": [
            {**GOOD, "message": "bad\x1b]2;PWNED\x07\x1b[2J", "replacements": [{"value": "go\x1b[31m"}]}
        ]
    },
    "many-suggestions": {"matches": [{**GOOD, "replacements": [{"value": "goes"}] * 2_000_000}]},
}
RAW = {"deep": b'{"matches": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"}
HUGE = 2 * 1024**3


class Handler(BaseHTTPRequestHandler):
    mode = "garbage"
    log_path = ""

    def log_message(self, *args):  # quiet
        pass

    def _send(self, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok and "://" in self.path:  # asked as a proxy: the absolute form names the server
            self.path = "/" + self.path.split("://", 1)[1].split("/", 1)[-1]
            self.server.proxied += 1
        return ok

    def do_GET(self):
        if self.path.startswith("/v2/healthcheck"):
            self._send(b"OK", "text/plain")
        elif self.path.startswith("/v2/languages"):
            self._send(json.dumps(LANGS).encode())
        else:
            self.send_error(404)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.mode == "die":
            os._exit(1)
        if self.mode == "hang":
            time.sleep(3600)
        if self.mode in RAW:
            self._send(RAW[self.mode])
        elif self.mode in BAD:
            self._send(json.dumps(BAD[self.mode]).encode())
        elif self.mode == "good":
            self._send(json.dumps({"matches": [GOOD]}).encode())
        elif self.mode == "drip":
            body = json.dumps({"matches": [GOOD]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(1)
        elif self.mode in ("huge", "huge-declared"):
            self._huge()
        else:
            self._send(b"<html><body>Service temporarily unavailable</body></html>", "text/html")

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.mode == "huge-declared":
            self.send_header("Content-Length", str(HUGE))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b'{"matches": [' + b" " * (1024 * 1024 - 13)
        sent = 0
        try:
            while sent < HUGE:
                self.wfile.write(chunk)
                sent += len(chunk)
                chunk = b" " * len(chunk)
        except OSError:
            pass  # the client stopped reading: that is the point
        finally:
            if self.log_path:
                with open(self.log_path, "w") as fh:
                    fh.write(str(sent))
        self.close_connection = True


def main() -> None:
    port, mode = int(sys.argv[1]), sys.argv[2]
    if mode == "bindfail":
        print("java.net.BindException: Address already in use", flush=True)
        sys.exit(1)
    Handler.mode = mode
    Handler.log_path = sys.argv[3] if len(sys.argv) > 3 else ""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.proxied = 0
    server.serve_forever()


if __name__ == "__main__":
    main()
