#!/usr/bin/env python3
"""Time whole-process runs of llmlint (every rule, default settings) against
semgrep and ast-grep running four equivalent rules (bench/rules/), over a
corpus directory. Installs semgrep and ast-grep-cli from PyPI into a
temporary virtual environment. Reports the median wall and CPU seconds and
the peak memory of several runs after a warm-up, and the ratios.

Usage: bench/run.py CORPUS [--runs 3] [--llmlint target/release/llmlint]
                           [--tools llmlint,ast-grep,semgrep,ripgrep]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(cmd, cwd=None):
    """(wall s, cpu s, peak RSS MiB) of one run, children included."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{cmd[0]} exited {code}: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench(name, cmd, runs, cwd=None):
    measure(cmd, cwd)  # warm-up: file cache, first-run setup
    results = [measure(cmd, cwd) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    peak = max(r[2] for r in results)
    print(f"{name:10} wall {wall:8.2f} s   cpu {cpu:8.2f} s   peak {peak:7.1f} MiB", flush=True)
    return wall, cpu, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--llmlint", default=os.path.join(HERE, "..", "target", "release", "llmlint"))
    ap.add_argument("--tools", default="llmlint,ast-grep,semgrep,ripgrep")
    ap.add_argument("--venv", help="reuse this virtual environment instead of a temporary one")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    tools = a.tools.split(",")
    venv = a.venv or tempfile.mkdtemp(prefix="llmlint-bench-")
    try:
        if ("semgrep" in tools or "ast-grep" in tools) and not os.path.exists(os.path.join(venv, "bin", "python")):
            print("installing semgrep and ast-grep-cli into", venv, flush=True)
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "--disable-pip-version-check",
                            "semgrep", "ast-grep-cli"], check=True)
        bin_ = lambda n: os.path.join(venv, "bin", n)
        files = sum(len(f) for _, _, f in os.walk(corpus))
        print(f"corpus: {corpus} ({files} files), {a.runs} runs after a warm-up, {os.cpu_count()} cores\n", flush=True)
        out = {}
        if "llmlint" in tools:
            out["llmlint"] = bench("llmlint", [os.path.abspath(a.llmlint), "check", "--format", "concise", corpus], a.runs)
        if "ast-grep" in tools:
            cfg = os.path.join(HERE, "rules", "ast-grep", "sgconfig.yml")
            out["ast-grep"] = bench("ast-grep", [bin_("ast-grep"), "scan", "--config", cfg, corpus], a.runs)
        if "semgrep" in tools:
            rules = os.path.join(HERE, "rules", "semgrep.yaml")
            env_cmd = [bin_("semgrep"), "scan", "--config", rules, "--metrics=off", "--disable-version-check",
                       "--quiet", "--jobs", str(os.cpu_count()), corpus]
            out["semgrep"] = bench("semgrep", env_cmd, a.runs)
        if "ripgrep" in tools and shutil.which("rg"):
            out["ripgrep"] = bench("ripgrep", ["rg", "-c", "--no-ignore-vcs", "max_tokens", corpus], a.runs)
        if "llmlint" in out:
            print()
            for name, (wall, cpu, peak) in out.items():
                if name != "llmlint":
                    print(f"{name} / llmlint: wall {wall / out['llmlint'][0]:.1f}x, cpu {cpu / out['llmlint'][1]:.1f}x, "
                          f"memory {peak / out['llmlint'][2]:.1f}x")
    finally:
        if not a.venv:
            shutil.rmtree(venv, ignore_errors=True)


if __name__ == "__main__":
    main()
