#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Test doubles of the hosts an agent reaches through ccsbx-egress, on the host side of the VM:
an HTTP server on ADDR:HTTP_PORT that answers "upstream-ok PATH", and a TCP listener on ADDR:443
that records the first bytes of each connection (a TLS ClientHello, if the proxy let it through)
in LOG as one hex line. Not a TLS server: the proxy's verdict is what the tests look at.

    upstream.py ADDR HTTP_PORT LOG
"""
import http.server
import socket
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("upstream-ok %s\n" % self.path).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def tls_sink(addr, log):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 443))
    s.listen(64)
    while True:
        c, _ = s.accept()
        c.settimeout(5)
        try:
            data = c.recv(4096)
        except OSError:
            data = b""
        with open(log, "a") as f:
            f.write(data.hex() + "\n")
        c.close()


def main():
    addr, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    threading.Thread(target=tls_sink, args=(addr, log), daemon=True).start()
    server = http.server.ThreadingHTTPServer((addr, port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
