#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The escape tests' outside world: listeners that log whatever reaches them.

    listeners.py LOG SPEC...

SPEC is one of
    tcp:ADDR:PORT:REPLY       a TCP server; logs the peer and the first line it sends, answers REPLY
    dns:ADDR:PORT             a DNS server on UDP; logs every query name, answers NXDOMAIN
    abstract:NAME:REPLY       a unix stream socket in the abstract namespace (@NAME)
    unix:PATH:USER:MODE:REPLY a unix stream socket at PATH (its directory made, owned by USER,
                              mode 0700 unless it exists), the socket owned by USER with MODE

One log line per contact: "SPEC-KIND WHERE from PEER: DATA". Standard library only; SIGTERM ends it.
"""
import os
import pwd
import signal
import socket
import sys
import threading


def log(line):
    with lock, open(LOG, "a", encoding="utf-8") as f:
        f.write(line.replace("\n", " ") + "\n")


def serve_stream(sock, where, reply):
    while True:
        conn, peer = sock.accept()
        conn.settimeout(3)
        try:
            data = conn.recv(4096).decode("utf-8", "replace").split("\n")[0]
        except OSError:
            data = ""
        log(f"contact {where} from {peer or 'unix'}: {data}")
        try:
            conn.sendall((reply + "\n").encode())
        except OSError:
            pass
        conn.close()


def qname(packet):
    labels, i = [], 12
    while i < len(packet) and packet[i]:
        n = packet[i]
        labels.append(packet[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    return ".".join(labels), i + 5


def serve_dns(sock, where):
    while True:
        packet, peer = sock.recvfrom(4096)
        if len(packet) < 12:
            continue
        name, end = qname(packet)
        log(f"contact {where} from {peer}: dns query {name}")
        # NXDOMAIN: the header with QR, RD, RA and RCODE 3, the question echoed.
        sock.sendto(packet[:2] + b"\x81\x83" + packet[4:6] + b"\0\0\0\0\0\0" + packet[12:end], peer)


def main():
    global LOG, lock
    LOG, lock = sys.argv[1], threading.Lock()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threads = []
    for spec in sys.argv[2:]:
        kind, _, rest = spec.partition(":")
        if kind == "tcp":
            addr, port, reply = rest.split(":", 2)
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, int(port)))
            s.listen(16)
            t = threading.Thread(target=serve_stream, args=(s, f"tcp {addr}:{port}", reply))
        elif kind == "dns":
            addr, port = rest.split(":")
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((addr, int(port)))
            t = threading.Thread(target=serve_dns, args=(s, f"dns {addr}:{port}"))
        elif kind == "abstract":
            name, reply = rest.split(":", 1)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind("\0" + name)
            s.listen(16)
            t = threading.Thread(target=serve_stream, args=(s, f"abstract @{name}", reply))
        elif kind == "unix":
            path, user, mode, reply = rest.split(":", 3)
            pw = pwd.getpwnam(user)
            d = os.path.dirname(path)
            if not os.path.isdir(d):
                os.makedirs(d, mode=0o755)
                os.chown(d, pw.pw_uid, pw.pw_gid)
                os.chmod(d, 0o700 if user != "root" else 0o755)
            if os.path.exists(path):
                os.unlink(path)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            os.chown(path, pw.pw_uid, pw.pw_gid)
            os.chmod(path, int(mode, 8))
            s.listen(16)
            t = threading.Thread(target=serve_stream, args=(s, f"unix {path}", reply))
        else:
            sys.exit(f"listeners.py: bad spec {spec}")
        t.daemon = True
        t.start()
        threads.append(t)
    print("listening", flush=True)
    signal.pause()


if __name__ == "__main__":
    main()
