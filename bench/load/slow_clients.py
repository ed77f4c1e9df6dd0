#!/usr/bin/env python3
"""Slow clients: N connections that each trickle one header byte every INTERVAL seconds and never
finish their headers (reconnecting when the server cuts them off), for SECONDS.
Prints how many were open at the end and how many times the server cut one off.
Usage: slow_clients.py HOST PORT N SECONDS [INTERVAL]"""
import socket
import sys
import time

host, port, n, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
interval = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5


def connect():
    s = socket.create_connection((host, port), timeout=2)
    s.setblocking(False)
    s.send(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    return s


conns, cut, refused = [], 0, 0
for _ in range(n):
    try:
        conns.append(connect())
    except OSError:
        refused += 1
        conns.append(None)
end = time.time() + seconds
while time.time() < end:
    for i, s in enumerate(conns):
        try:
            if s is None:
                conns[i] = connect()
                continue
            s.send(b"a")
        except OSError:
            cut += 1
            try:
                s.close()
            except Exception:
                pass
            try:
                conns[i] = connect()
            except OSError:
                refused += 1
                conns[i] = None
    time.sleep(interval)
open_now = sum(1 for s in conns if s is not None)
print(f"slow_clients {n} open_at_end {open_now} cut_off {cut} refused {refused}")
