"""Run the steps of action.yml as GitHub's runner would, for tests/action/run.sh.

    python steps.py REPO SAMPLE RUNNER_TEMP

Each `run:` step runs in bash in SAMPLE with the `env:` the action gives it:
`${{ inputs.X }}`, `${{ github.action_path }}` and `${{ runner.temp }}` are
the only expressions allowed there, and none in a script (an input must not
become shell). GITHUB_PATH and GITHUB_OUTPUT work as on GitHub.
"""
import json
import os
import re
import subprocess
import sys

import yaml

repo, sample, runner_temp = sys.argv[1:4]
action = yaml.safe_load(open(os.path.join(repo, "action.yml")))
failures = []


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


inputs = action["inputs"]
for name, default in [("paths", "."), ("args", ""), ("version", "")]:
    if name not in inputs or inputs[name].get("default") != default:
        fail(f"input `{name}` with default {default!r} expected: {inputs.get(name)}")
if action["runs"]["using"] != "composite":
    fail("a composite action expected")
steps = action["runs"]["steps"]
for step in steps:
    if "${{" in step.get("run", ""):
        fail(f"an expression inside the script of step {step.get('name')!r}: pass it through env:")


def evaluate(value, given, outputs):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            name = expr[len("inputs."):]
            return given.get(name, inputs[name].get("default", ""))
        if expr == "github.action_path":
            return repo
        if expr == "runner.temp":
            return runner_temp
        fail(f"an expression the test does not know: {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def run_action(given, shim=False):
    """Every step, in order, as the runner does; the last step's result.
    `shim`: `cargo` is tests/action/run.sh's stand-in."""
    os.makedirs(runner_temp, exist_ok=True)
    github_path = os.path.join(runner_temp, "github_path")
    github_output = os.path.join(runner_temp, "github_output")
    open(github_path, "w").close()
    base = (os.environ["CARGO_SHIM"] + os.pathsep if shim else "") + os.environ["PATH"]
    path = base
    outputs = {}
    for step in steps:
        if "run" not in step:
            fail(f"step {step.get('name')!r} is not a script; the test runs scripts only")
        env = dict(os.environ, PATH=path, GITHUB_PATH=github_path, GITHUB_OUTPUT=github_output)
        env.update({k: evaluate(v, given, outputs) for k, v in step.get("env", {}).items()})
        open(github_output, "w").close()
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=sample, env=env, capture_output=True, text=True)
        added = [line for line in open(github_path).read().splitlines() if line]
        path = os.pathsep.join(reversed(added)) + os.pathsep + base
        if step.get("id"):
            outputs[step["id"]] = dict(line.split("=", 1) for line in open(github_output).read().splitlines() if "=" in line)
        if done.returncode != 0:
            return step, done, outputs
    return step, done, outputs


def expect(what, given, code, check=None, shim=False):
    print(f"-- {what}")
    step, done, outputs = run_action(given, shim)
    if step is not steps[-1] or done.returncode != code:
        print(done.stdout, done.stderr)
        fail(f"{what}: step {step['name']!r} exited {done.returncode}, expected the last step to exit {code}")
    if check:
        check(done, outputs)


def annotated(done, outputs):
    if not re.search(r"^::error file=risky\.py,line=7,.*deprecated-model", done.stdout, re.M):
        fail(f"no error annotation for deprecated-model on risky.py:7:\n{done.stdout}")


def installed(version):
    def check(done, outputs):
        got = outputs.get("install", {}).get("version", "")
        if got != f"llmlint {version}":
            fail(f"the version output is {got!r}")
    return check


version = re.search(r'^version = "(.*)"', open(os.path.join(repo, "Cargo.toml")).read(), re.M).group(1)
expect("a retired model fails the step, with an annotation", {"paths": "risky.py"}, 1,
       lambda d, o: (annotated(d, o), installed(version)(d, o)))
expect("a clean file passes", {"paths": "clean.py"}, 0)
expect("args narrow the rules", {"paths": "risky.py", "args": "--select huge-max-tokens"}, 0)


def sarif(done, outputs):
    report = json.load(open(os.path.join(sample, "llmlint.sarif")))
    rules = {r["ruleId"] for r in report["runs"][0]["results"]}
    if "deprecated-model" not in rules:
        fail(f"the SARIF file lacks deprecated-model: {rules}")
    os.remove(os.path.join(sample, "llmlint.sarif"))


expect("args write SARIF for code scanning (the README's workflow)",
       {"args": "--format sarif --output-file llmlint.sarif --exit-zero"}, 0, sarif)
expect("a glob in paths is not expanded (no such path: exit 2)", {"paths": "*.py"}, 2)
expect("version: a branch, fetched and installed from its source", {"paths": "risky.py", "version": "main"}, 1,
       annotated, shim=True)
print("action steps: ok")
