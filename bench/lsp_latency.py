#!/usr/bin/env python3
"""How long `llmlint server` takes to publish diagnostics after a change to a
5,000-line file: drives the binary over stdio like an editor and reports the
median and worst of 20 full-text changes. Usage: bench/lsp_latency.py [BIN]."""
import json
import os
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/llmlint"


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(out):
    length = None
    while True:
        line = out.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def main():
    lines = ["import anthropic", "client = anthropic.Anthropic()"]
    for i in range(1250):
        lines += ["", "", f"def f{i}(q):",
                  '    return client.messages.create(model="claude-sonnet-4-6", max_tokens=512, messages=[{"role": "user", "content": q}])']
    text = "\n".join(lines) + "\n"
    assert text.count("\n") >= 5000
    path = os.path.join(tempfile.mkdtemp(), "big.py")
    uri = "file://" + path
    p = subprocess.Popen([BIN, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda m: (p.stdin.write(frame(m)), p.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read(p.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}})
    read(p.stdout)
    times = []
    for v in range(2, 22):
        changed = text.replace("max_tokens=512", "max_tokens=20000", 1) if v % 2 else text
        t = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]}})
        msg = read(p.stdout)
        times.append((time.perf_counter() - t) * 1000)
        assert msg["method"] == "textDocument/publishDiagnostics"
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    read(p.stdout)
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait(timeout=10)
    times.sort()
    print(f"5,000-line file ({len(text.splitlines())} lines): diagnostics after a change: "
          f"median {times[len(times) // 2]:.1f} ms, worst {times[-1]:.1f} ms (20 changes)")
    return 0 if times[-1] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
