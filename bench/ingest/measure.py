"""Measurement helpers shared by the ingest and scale benchmarks: timed runs under /usr/bin/time -v,
the ingest summary and index statistics, percentiles, and a description of the machine."""
import json
import math
import os
import platform
import re
import subprocess
import tempfile
import time

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))


def timed(cmd, log_path, env=None):
    """Runs cmd under /usr/bin/time -v; its stderr (progress) streams into log_path as it runs,
    its stdout is appended when it ends. Returns wall, user and system seconds, peak RSS in MiB,
    the exit code, the 1-minute load average before and after, and the command's stdout."""
    load_before = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats, \
            tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"$ {' '.join(cmd)}\n")
            log.flush()
            started = time.monotonic()
            code = subprocess.run(["/usr/bin/time", "-v", "-o", stats.name, *cmd], stdout=out, stderr=log,
                                  env=env).returncode
            wall = time.monotonic() - started
            out.seek(0)
            stdout = out.read()
            log.write(stdout + "\n")
        report = stats.read()

    def field(name):
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", report, re.M)
        return m.group(1).strip() if m else None

    return {"wall_s": round(wall, 2), "user_s": float(field("User time (seconds)") or 0),
            "sys_s": float(field("System time (seconds)") or 0),
            "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)") or 0) / 1024, 1),
            "exit": code, "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "stdout": stdout}


def parse_ingest(stdout):
    """The summary printed by `medoracle ingest`: documents, seconds, and per-format rows."""
    out = {"by_format": {}}
    m = re.search(r"Loaded ([\d,]+) documents into .* in ([\d.]+) s", stdout)
    if m:
        out["documents"] = int(m.group(1).replace(",", ""))
        out["ingest_s"] = float(m.group(2))
    table = False
    for line in stdout.splitlines():
        if line.startswith("format "):
            table = True
            continue
        if table:
            cols = line.split()
            if len(cols) != 7 or not cols[1].replace(",", "").isdigit():
                table = False
                continue
            nums = [int(c.replace(",", "")) for c in cols[1:]]
            out["by_format"][cols[0]] = dict(zip(["files", "documents", "deleted", "vocabulary", "skipped", "failed"],
                                                 nums))
    m = re.search(r"Skipped ([\d,]+) records", stdout)
    out["skipped_records"] = int(m.group(1).replace(",", "")) if m else 0
    m = re.search(r"Could not load (\d+) files", stdout)
    out["failed_files"] = int(m.group(1)) if m else 0
    return out


def index_stats(binary, index_dir):
    proc = subprocess.run([binary, "--index", index_dir, "stats", "--format", "json"], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout)


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def percentile(values, q):
    """Linear interpolation between closest ranks (numpy's default); with 3 values p95 is near the max."""
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary(values, digits=1, higher_is_better=False):
    """Median, the p95 of the slow tail (for a rate, higher is better, so its 5th percentile), min, max."""
    tail = percentile(values, 5 if higher_is_better else 95)
    return {"median": round(percentile(values, 50), digits), "p95": round(tail, digits),
            "min": round(min(values), digits), "max": round(max(values), digits)}


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    xapian = subprocess.run(["pkg-config", "--modversion", "xapian-core"], capture_output=True,
                            text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "kernel": platform.release(),
            "xapian": xapian, "commit": commit + ("+dirty" if dirty else ""),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def build(build_dir):
    """Configures and builds the release binary in build_dir; returns its path."""
    subprocess.run(["cmake", "-S", REPO, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "--target", "medoracle", "-j2"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(build_dir, "medoracle")


def mib(n):
    return n / 2**20


def commas(n):
    return f"{n:,}"
