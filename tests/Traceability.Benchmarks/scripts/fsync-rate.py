#!/usr/bin/env python3
"""How many durable flushes per second the disk under a folder gives: 300 x (write 4 KiB + fsync).

Usage: python3 fsync-rate.py [folder]   (default: the temporary folder, where the benchmarks keep their data)
A capture is acknowledged only after the commit holding it is fsync'd, so this bounds one client's rate.
"""
import os
import sys
import tempfile
import time

folder = sys.argv[1] if len(sys.argv) > 1 else tempfile.gettempdir()
count = 300
path = os.path.join(folder, f"fsync-probe-{os.getpid()}.bin")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
latencies = []
start = time.perf_counter()
try:
    for _ in range(count):
        os.write(fd, b"x" * 4096)
        t0 = time.perf_counter()
        os.fsync(fd)
        latencies.append(time.perf_counter() - t0)
finally:
    os.close(fd)
    os.remove(path)
elapsed = time.perf_counter() - start
latencies.sort()
print(f"{count} write+fsync in {elapsed:.3f} s: {count / elapsed:.0f} fsync/s; "
      f"fsync p50 {latencies[count // 2] * 1e3:.2f} ms, p99 {latencies[int(count * 0.99)] * 1e3:.2f} ms")
