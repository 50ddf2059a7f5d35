#!/usr/bin/env python3
"""lintcheck: llmlint on pinned public LLM repositories, the way clippy runs lintcheck.

Usage: bench/lintcheck/run.py CORPUS [--llmlint BIN] [--write]

CORPUS holds one folder per repository of repos.tsv (bench/lintcheck/layout.sh lays
them out from fetched snapshots; none of their code is committed). Each repository is
checked on its own with default settings, as a user would run it in its root. Every
finding becomes one line of `findings.tsv` (repo, path, line, rule, message), and the
run prints what changed against the committed list: `+` new, `-` gone. `--write`
replaces the committed list with this run.

`verdicts.tsv` keeps a judgement for every finding (true / false / debatable, and
why), keyed by repo, path, line and rule. The run prints the precision of each rule
over the judged findings (true / judged) and lists the findings not judged yet.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FINDINGS = os.path.join(HERE, "findings.tsv")
VERDICTS = os.path.join(HERE, "verdicts.tsv")


def repos():
    with open(os.path.join(HERE, "repos.tsv")) as f:
        return [line.split("\t")[0] for line in f if line.strip() and not line.startswith("#")]


def clean(s):
    return " ".join(str(s).split())


def run(binary, corpus):
    lines = []
    for name in repos():
        root = os.path.join(corpus, name)
        if not os.path.isdir(root):
            print(f"missing: {root} (see layout.sh)", file=sys.stderr)
            continue
        out = subprocess.run([binary, "check", "--format", "json", "."], cwd=root, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"{name}: llmlint exited {out.returncode}: {out.stderr.strip()[:500]}")
        for f in json.loads(out.stdout)["findings"]:
            lines.append("\t".join([name, f["path"], str(f["line"]), f["rule"], clean(f["message"])]))
    return sorted(set(lines))


def read(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def key(line):
    return tuple(line.split("\t")[:4])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--llmlint", default=os.path.join(HERE, "..", "..", "target", "release", "llmlint"))
    ap.add_argument("--write", action="store_true", help="replace findings.tsv with this run")
    a = ap.parse_args()
    now = run(os.path.abspath(a.llmlint), a.corpus)
    before = read(FINDINGS)
    gone, new = sorted(set(before) - set(now)), sorted(set(now) - set(before))
    for line in gone:
        print("-", line.replace("\t", "  "))
    for line in new:
        print("+", line.replace("\t", "  "))
    print(f"{len(before)} -> {len(now)} findings: {len(new)} new, {len(gone)} gone")

    verdicts = {}
    for line in read(VERDICTS):
        parts = line.split("\t")
        if len(parts) >= 5:
            verdicts[tuple(parts[:4])] = parts[4]
    stats = collections.defaultdict(collections.Counter)
    unjudged = []
    for line in now:
        v = verdicts.get(key(line))
        rule = key(line)[3]
        if v is None:
            unjudged.append(line)
        else:
            stats[rule][v] += 1
    print(f"\n{'rule':<32}{'true':>6}{'false':>7}{'debat.':>8}{'precision':>11}")
    total = collections.Counter()
    for rule in sorted(stats):
        c = stats[rule]
        total.update(c)
        judged = sum(c.values())
        print(f"{rule:<32}{c['true']:>6}{c['false']:>7}{c['debatable']:>8}{c['true'] / judged:>11.3f}")
    judged = sum(total.values())
    if judged:
        print(f"{'all':<32}{total['true']:>6}{total['false']:>7}{total['debatable']:>8}{total['true'] / judged:>11.3f}")
    if unjudged:
        print(f"\n{len(unjudged)} findings have no verdict in verdicts.tsv:")
        for line in unjudged:
            print("  ?", line.replace("\t", "  "))
    if a.write:
        with open(FINDINGS, "w") as f:
            f.write("# repo\tpath\tline\trule\tmessage (written by bench/lintcheck/run.py --write)\n")
            f.writelines(line + "\n" for line in now)
        print(f"wrote {FINDINGS}")


if __name__ == "__main__":
    main()
