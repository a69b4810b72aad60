"""HTTP to a LanguageTool server: one deadline for the whole answer, a size limit checked
while reading, and never a proxy for the loopback address.

Why not urllib or requests (language-tool-python uses requests): both time each read of the
socket separately, so a server that sends its headers and then one byte a second is never
timed out, and neither refuses an answer that is too big before it has read it whole. Here
every read waits only for what is left of the request's time, and the answer is counted as
it arrives. A team's server behind an HTTP proxy (the usual `https_proxy`/`no_proxy`
variables) is reached through it; our own server on 127.0.0.1 never is.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import math
import socket
import ssl
import time
import urllib.parse
import urllib.request
from functools import cache

from letterwriter.issue import CheckTimeout, GrammarUnavailable, ServerGone

# A check of one request (at most 20,000 UTF-16 units) answers in well under 10 MB even when
# every word is flagged; a few hundred MB would be an attack or a broken server.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


class _Deadline:
    """A socket whose every read waits only until `deadline` (time.monotonic())."""

    deadline = math.inf

    def recv_into(self, *args, **kwargs):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the answer took too long")
        self.settimeout(left)
        return super().recv_into(*args, **kwargs)


class _Socket(_Deadline, socket.socket):
    pass


class _SSLSocket(_Deadline, ssl.SSLSocket):
    pass


class _HTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        plain = self.sock
        self.sock = _Socket(plain.family, plain.type, plain.proto, fileno=plain.detach())
        self.sock.settimeout(self.timeout)


@cache
def _tls() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.sslsocket_class = _SSLSocket  # documented hook: wrap_socket returns our subclass
    return ctx


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _proxy_for(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    if is_loopback(parts.hostname) or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy:
        return None
    return urllib.parse.urlsplit(proxy if "://" in proxy else "http://" + proxy)


def _connection(parts: urllib.parse.SplitResult, timeout: float):
    """(connection, request target, extra headers) for this URL, through a proxy if one applies."""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    proxy = _proxy_for(parts)
    auth = {}
    if proxy is not None and proxy.username:
        token = f"{urllib.parse.unquote(proxy.username)}:{urllib.parse.unquote(proxy.password or '')}"
        auth = {"Proxy-Authorization": "Basic " + base64.b64encode(token.encode()).decode()}
    if https:
        if proxy is None:
            conn = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout, context=_tls())
            return conn, target, {}
        conn = http.client.HTTPSConnection(proxy.hostname, proxy.port or 80, timeout=timeout, context=_tls())
        conn.set_tunnel(parts.hostname, port, headers=auth)
        return conn, target, {}
    if proxy is None:
        return _HTTPConnection(parts.hostname, port, timeout=timeout), target, {}
    absolute = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return _HTTPConnection(proxy.hostname, proxy.port or 80, timeout=timeout), absolute, auth


def shown_url(url: str) -> str:
    """The URL as it may be shown: a login and password in it are never printed."""
    parts = urllib.parse.urlsplit(url)
    _login, at, host = parts.netloc.rpartition("@")
    return urllib.parse.urlunsplit(parts._replace(netloc=("…@" if at else "") + host))


def where(url: str) -> str:
    parts = urllib.parse.urlsplit(shown_url(url))
    return f"LanguageTool at {parts.scheme}://{parts.netloc}"


def fetch(url: str, data: bytes | None = None, *, timeout: float, max_bytes: int = MAX_ANSWER_BYTES) -> bytes:
    """The body of a 200 answer to GET `url` (or a form POST of `data`), read within `timeout`
    seconds in all. Raises CheckTimeout, ServerGone (refused, or closed mid-answer) or
    GrammarUnavailable (any other failure), each saying what happened in plain words."""
    place = where(url)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GrammarUnavailable(f"'{url}' is not an http:// or https:// address of a LanguageTool server")
    deadline = time.monotonic() + timeout
    conn = None
    try:
        conn, target, headers = _connection(parts, timeout)
        conn.connect()
        conn.sock.deadline = deadline
        headers = {**headers, "Accept": "application/json", "Connection": "close"}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        conn.request("POST" if data is not None else "GET", target, body=data, headers=headers)
        reply = conn.getresponse()
        if reply.status != 200:
            detail = reply.read(300).decode("utf-8", "replace").strip().splitlines()[:1]
            said = f": {detail[0]}" if detail else ""
            raise GrammarUnavailable(f"{place} failed: HTTP {reply.status}{said}")
        declared = reply.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > max_bytes:
            raise GrammarUnavailable(f"{place} sent an answer too big to read ({int(declared):,} bytes)")
        chunks, size = [], 0
        while chunk := reply.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise GrammarUnavailable(f"{place} sent an answer too big to read (over {max_bytes:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except TimeoutError:
        raise CheckTimeout(f"{place} did not answer in {timeout:g} s") from None
    except ConnectionRefusedError:
        raise ServerGone(f"{place} refused the connection (is the server running?)") from None
    except (ConnectionError, http.client.HTTPException) as exc:
        # reset or closed mid-answer: the server went away under this request
        raise ServerGone(f"{place} closed the connection ({type(exc).__name__})") from None
    except ssl.SSLError as exc:
        raise GrammarUnavailable(f"{place}: a secure connection failed ({exc.reason or exc})") from None
    except OSError as exc:
        raise GrammarUnavailable(f"{place} cannot be reached: {exc.strerror or exc}") from None
    finally:
        if conn is not None:
            conn.close()
