#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Run inside a proxy-mode sandbox (by the agent's Bash step): every way an agent may try to reach
the outside through ccsbx-egress, or around it. One line per case, "NAME RESULT", where RESULT is
the HTTP status the proxy answered (or what came back instead); the VM scenario judges them.

    probe.py PROXY_PORT UPSTREAM_PORT
"""
import concurrent.futures
import socket
import ssl
import sys
import time

PROXY = ("127.0.0.1", int(sys.argv[1]))
UP = int(sys.argv[2])


def exchange(data, wait=20):
    """Send data to the proxy, return everything it answers until it closes (or wait s)."""
    s = socket.create_connection(PROXY, timeout=wait)
    try:
        s.sendall(data)
        return read_all(s)
    finally:
        s.close()


def read_all(s):
    """What s receives until the other side closes, or its timeout."""
    out = b""
    while True:
        try:
            b = s.recv(65536)
        except socket.timeout:
            return out
        if not b:
            return out
        out += b


def status(answer):
    if not answer:
        return "closed"
    first = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = first.split(" ")
    return parts[1] if len(parts) > 1 and first.startswith("HTTP/1.") else "raw:" + answer[:16].hex()


def connect(host, port, then=b"", wait=20):
    """CONNECT host:port; then send `then` in the tunnel; answer: status and the tunnel's bytes."""
    s = socket.create_connection(PROXY, timeout=wait)
    try:
        s.sendall(b"CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (host.encode(), port, host.encode(), port))
        head = b""
        while b"\r\n\r\n" not in head:
            b = s.recv(1)
            if not b:
                return status(head), b""
            head += b
        st = status(head)
        if st != "200":
            return st, head
        if then:
            s.sendall(then)
        return st, read_all(s)
    finally:
        s.close()


def client_hello(server_name):
    """A real ClientHello naming server_name, as Python's TLS stack writes it."""
    a, b = socket.socketpair()
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    t = ctx.wrap_socket(a, server_hostname=server_name, do_handshake_on_connect=False)
    try:
        t.setblocking(False)
        try:
            t.do_handshake()
        except ssl.SSLWantReadError:
            pass
        return b.recv(65536)
    finally:
        t.close()
        b.close()


def line(name, value):
    print("%s %s" % (name, value), flush=True)


def main():
    get = b"GET /x HTTP/1.0\r\n\r\n"
    r = exchange(b"GET http://allowed.test:%d/abs HTTP/1.1\r\nHost: allowed.test:%d\r\n\r\n" % (UP, UP))
    line("http-allowed", status(r) + ("+body" if b"upstream-ok /abs" in r else ""))
    st, out = connect("allowed.test", UP, get)
    line("connect-allowed", st + ("+body" if b"upstream-ok /x" in out else ""))
    line("name-refused", connect("other.test", UP)[0])
    line("port-refused", connect("allowed.test", UP + 1)[0])
    line("subdomain", connect("a.sub.test", UP, get)[0])
    line("apex-of-wildcard", connect("sub.test", UP)[0])
    line("ip-listed", connect("127.0.0.2", UP, get)[0])
    line("ip-unlisted", connect("127.0.0.1", UP)[0])
    line("odd-numeric", connect("2130706434", UP)[0])
    line("rebind-loopback", connect("rebind.test", UP)[0])
    line("rebind-metadata", connect("meta.test", UP)[0])
    line("own-address", connect("own.test", UP)[0])
    st, out = connect("allowed.test", 443, client_hello("allowed.test"), wait=5)
    line("sni-match", st)
    st, out = connect("allowed.test", 443, client_hello("evil.test"), wait=5)
    line("sni-mismatch", st + ":" + ("alert" if out.startswith(b"\x15\x03\x03\x00\x02\x02\x31") else out[:8].hex()))
    st, out = connect("allowed.test", 443, b"GET / HTTP/1.0\r\n\r\n", wait=5)
    line("not-tls-on-443", st + ":" + ("alert" if out.startswith(b"\x15") else out[:8].hex()))
    r = exchange(b"POST http://allowed.test:%d/ HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" % UP)
    line("smuggle-two-cl", status(r))
    r = exchange(b"POST http://allowed.test:%d/ HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" % UP)
    line("smuggle-cl-te", status(r))
    r = exchange(b"GET http://allowed.test:%d/ HTTP/1.1\r\n" % UP + b"X-Flood: " + b"a" * 9000 + b"\r\n\r\n")
    line("header-flood", status(r))
    r = exchange(b"GET /origin-form HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
    line("origin-form", status(r))

    # Slow senders, in parallel: a head that never ends, a tunnel to 443 that never says hello.
    def slow_head():
        s = socket.create_connection(PROXY, timeout=30)
        s.sendall(b"GET http://allowed.test:%d/ HTTP/1.1\r\nX-Slow: " % UP)
        t = time.monotonic()
        r = s.recv(4096)
        return "%s:%ds" % (status(r), round(time.monotonic() - t))

    def no_hello():
        t = time.monotonic()
        st, out = connect("allowed.test", 443, b"", wait=30)
        return "%s:%s:%ds" % (st, "alert" if out.startswith(b"\x15") else out[:8].hex(), round(time.monotonic() - t))

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        a, b = ex.submit(slow_head), ex.submit(no_hello)
        line("slow-head", a.result())
        line("no-hello", b.result())

    # Around the proxy: straight to the upstream's address (the sandbox has only its own loopback).
    try:
        socket.create_connection(("127.0.0.2", UP), timeout=5).close()
        line("direct", "connected")
    except OSError as e:
        line("direct", "refused:" + type(e).__name__)
    try:
        socket.getaddrinfo("allowed.test.example.org", 80)
        line("dns", "resolved")
    except OSError as e:
        line("dns", "failed:" + type(e).__name__)

    # Many at once: past the proxy's limit, refusals; then it still serves.
    conns = []
    try:
        for _ in range(600):
            conns.append(socket.create_connection(PROXY, timeout=10))
    except OSError as e:
        line("flood-open-error", type(e).__name__)
    busy = 0
    for c in conns[-100:]:
        try:
            c.settimeout(3)
            if c.recv(64).startswith(b"HTTP/1.1 503"):
                busy += 1
        except OSError:
            pass
    line("flood", "%d-open-%d-503" % (len(conns), busy))
    for c in conns:
        c.close()
    time.sleep(1)
    st, out = connect("allowed.test", UP, get)
    line("after-flood", st + ("+body" if b"upstream-ok /x" in out else ""))


if __name__ == "__main__":
    main()
