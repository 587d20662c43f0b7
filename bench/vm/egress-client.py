#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The client side of bench/vm/egress.sh, and the test double of a download server.

    egress-client.py serve ADDR PORT                 a server: each connection reads one line, then
                                                     gets N bytes ("GET N") or a short answer
    egress-client.py download MODE PROXY BYTES       one download of BYTES; prints seconds
    egress-client.py ttfb MODE PROXY N               N connections one after the other; prints the
                                                     time to first byte of each, in µs
    egress-client.py idle MODE PROXY N SECONDS       N tunnels opened and held; prints "ready",
                                                     waits SECONDS, closes them

MODE: "connect" (an HTTP CONNECT to bench.test:PORT through ccsbx-egress at PROXY), "raw" (PROXY
forwards bytes as they are: systemd-socket-proxyd), "direct" (PROXY is the server itself). The
bytes move with os.splice() into /dev/null, so that Python is not what is measured.
"""
import os
import socket
import sys
import threading
import time

TARGET_HOST = "bench.test"


def serve(addr, port):
    chunk = b"\0" * (1 << 20)

    def one(c):
        with c:
            f = c.makefile("rb")
            line = f.readline().split()
            if len(line) == 2 and line[0] == b"GET":
                left = int(line[1])
                while left > 0:
                    n = c.send(chunk[: min(left, len(chunk))])
                    left -= n
            elif line:
                c.sendall(b"pong\n")

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1024)
    while True:
        c, _ = s.accept()
        threading.Thread(target=one, args=(c,), daemon=True).start()


def open_stream(mode, proxy, port):
    host, p = proxy.rsplit(":", 1)
    s = socket.create_connection((host, int(p)))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if mode == "connect":
        s.sendall(b"CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (TARGET_HOST.encode(), port, TARGET_HOST.encode(), port))
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            b = s.recv(1)
            if not b:
                raise SystemExit("proxy closed: %r" % head)
            head += b
        if not head.startswith(b"HTTP/1.1 200"):
            raise SystemExit("proxy refused: %r" % head)
    return s


def download(mode, proxy, port, size):
    t = time.monotonic()
    s = open_stream(mode, proxy, port)
    s.sendall(b"GET %d\n" % size)
    null = os.open("/dev/null", os.O_WRONLY)
    r, w = os.pipe()
    got = 0
    while got < size:
        n = os.splice(s.fileno(), w, 1 << 20)
        if n == 0:
            break
        got += n
        while n > 0:
            n -= os.splice(r, null, n)
    dt = time.monotonic() - t
    if got != size:
        raise SystemExit("short download: %d of %d" % (got, size))
    print("%.3f" % dt)


def ttfb(mode, proxy, port, n):
    for _ in range(n):
        t = time.monotonic()
        s = open_stream(mode, proxy, port)
        s.sendall(b"PING\n")
        if not s.recv(16):
            raise SystemExit("no answer")
        print(int((time.monotonic() - t) * 1e6))
        s.close()


def idle(mode, proxy, port, n, seconds):
    conns = [open_stream(mode, proxy, port) for _ in range(n)]
    print("ready", flush=True)
    time.sleep(seconds)
    for c in conns:
        c.close()


def main():
    cmd = sys.argv[1]
    if cmd == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
        return
    mode, proxy, port = sys.argv[2], sys.argv[3], int(os.environ.get("BENCH_PORT", "18090"))
    if cmd == "download":
        download(mode, proxy, port, int(sys.argv[4]))
    elif cmd == "ttfb":
        ttfb(mode, proxy, port, int(sys.argv[4]))
    elif cmd == "idle":
        idle(mode, proxy, port, int(sys.argv[4]), float(sys.argv[5]))


if __name__ == "__main__":
    main()
