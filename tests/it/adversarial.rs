//! Hostile inputs: no panic, no hang, and the findings of the other files
//! intact. Each case lints a directory holding the odd file beside a normal
//! file with one known finding.

use std::path::Path;

use crate::common::Scratch;
use std::process::Output;
use std::time::{Duration, Instant};

const NORMAL: &str = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n";

fn dir(name: &str) -> Scratch {
    let d = Scratch::new(&format!("adv-{name}"));
    std::fs::write(d.join("normal.py"), NORMAL).unwrap();
    d
}

fn llmlint(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> (Output, Duration) {
    let t = Instant::now();
    let out = crate::common::command(cwd).args(args).envs(env.iter().copied()).output().unwrap();
    (out, t.elapsed())
}

/// Lint `d`: no crash (exit 0 or 1), the normal file's finding is there,
/// and it took less than `limit`.
fn survives(d: &Path, limit: Duration) -> String {
    let (out, took) = llmlint(&["check", "--format", "concise", "."], d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(matches!(out.status.code(), Some(0 | 1)), "exit {:?}\n{stdout}\n{stderr}", out.status.code());
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert!(stdout.contains("normal.py:6:"), "the normal file's finding: {stdout}\n{stderr}");
    assert!(took < limit, "took {took:?}");
    stderr
}

/// Hostile nesting, in each language, after the imports that make the
/// prefilter pass the file on to its parser (issue 21, item 1): `(name,
/// text)` pairs nested `depth` deep.
fn nested(depth: usize) -> Vec<(String, String)> {
    const PY: &str = "import anthropic\nclient = anthropic.Anthropic()\n";
    const JS: &str = "import OpenAI from \"openai\";\nconst client = new OpenAI();\n";
    const RS: &str = "use async_openai::Client;\nuse serde_json::json;\n";
    let (o, c) = ("(".repeat(depth), ")".repeat(depth));
    let (ob, cb) = ("[".repeat(depth), "]".repeat(depth));
    let r = |s: &str| s.repeat(depth);
    let cases = [
        ("parens.py", format!("{PY}x = {o}1{c}\ny = {ob}{cb}\nz = f'{{{o}1{c}}}'\n")),
        ("chains.py", format!("{PY}x = {}a\ny = {}1\nz = {}c\n", r("not "), r("lambda: "), r("a if b else "))),
        ("parens.js", format!("{JS}const x = {o}1{c};\nconst y = {ob}{cb};\n")),
        ("blocks.js", format!("{JS}{}{}\n", r("{"), r("}"))),
        ("template.js", format!("{JS}const x = {}1{};\n", r("`${"), r("}`"))),
        ("arrows.js", format!("{JS}const x = {}1;\nconst y = {}a;\n", r("a => "), r("!"))),
        ("ternary.js", format!("{JS}const x = {}2;\n", r("a ? 1 : "))),
        ("generics.ts", format!("{JS}type T = {}number{};\n", r("Array<"), r(">"))),
        ("jsx.tsx", format!("{JS}const x = {}{};\n", r("<a>"), r("</a>"))),
        ("blocks.rs", format!("{RS}fn f() {}{}\n", r("{"), r("}"))),
        ("parens.rs", format!("{RS}fn f() {{ let x = {o}1{c}; }}\n")),
        ("json.rs", format!("{RS}fn f() {{ let x = json!({ob}{cb}); }}\n")),
        ("prefix.rs", format!("{RS}fn f() {{ let x = {}a; let y = {}a; let z = {}1; }}\n", r("!"), r("& "), r("|| "))),
        ("generics.rs", format!("{RS}type T = {}u8{};\n", r("Vec<"), r(">"))),
        // Not deep for the parser, but each link's span is the whole chain's
        // (item 6): a hundred thousand links took minutes.
        ("chains.rs", format!("{RS}fn f() {{ let x = a{}; let y = a{}; }}\n", r(".b()"), r("\n.b"))),
        ("deep.json", format!("{ob}{cb}")),
        ("deep.yaml", format!("{ob}{cb}")),
        ("deep.toml", format!("a = {ob}{cb}\n")),
    ];
    cases.into_iter().map(|(n, t)| (n.to_string(), t)).collect()
}

#[test]
fn nesting_a_hundred_thousand_deep_in_every_language() {
    let d = dir("deep");
    let files = nested(100_000);
    for (name, text) in &files {
        std::fs::write(d.join(name), text).unwrap();
    }
    let stderr = survives(&d, Duration::from_secs(60));
    // The JS, TS and Rust files are refused by the depth guard, by name.
    for (name, _) in files.iter().filter(|(n, _)| [".js", ".ts", ".tsx", ".rs"].iter().any(|e| n.ends_with(e))) {
        assert!(
            stderr.contains(&format!("{name}: skipped, could not parse: nested over 1000 levels deep")),
            "{name}: {stderr}"
        );
    }
    // `--fix`, `--diff` and a file on stdin take the same guard (item 2).
    let code = d.join("code");
    std::fs::create_dir_all(&code).unwrap();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".rs") || n.ends_with(".js")) {
        std::fs::write(code.join(name), text).unwrap();
    }
    let (out, _) = llmlint(&["check", "--fix", "--unsafe-fixes", "--format", "concise", "."], &code, &[]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let (out, _) = llmlint(&["check", "--diff", "."], &code, &[]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".rs") || n.ends_with(".js")) {
        let mut child = crate::common::command(&d)
            .args(["check", "--fix", "--stdin-filename", name, "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Under the guard's limit, every parser's recursion fits the stack it
/// is given, in a debug build too, on the fix path as well.
#[test]
fn nesting_just_under_the_limit_is_parsed() {
    let d = dir("under-limit");
    // Chains count each operator, JSX each `<` and `>`: 240 levels of each
    // form stay under the limit; brackets go to 990.
    for (name, text) in nested(240) {
        std::fs::write(d.join(name), text).unwrap();
    }
    for (name, text) in
        nested(990).into_iter().filter(|(n, _)| n.starts_with("parens") || n.starts_with("blocks") || n == "json.rs")
    {
        std::fs::write(d.join(format!("990-{name}")), text).unwrap();
    }
    let stderr = survives(&d, Duration::from_secs(60));
    assert!(!stderr.contains("too deep"), "{stderr}");
    // A fix in a file 990 deep: the fixed text is parsed again before it is
    // shown or written, on a stack that holds it (item 2).
    let fixable = "import Anthropic from \"@anthropic-ai/sdk\";\nconst client = new Anthropic();\nexport async function ask() {\n  return client.messages.create({ model: \"claude-3-opus-20240229\", max_tokens: 512, messages: [] });\n}\n";
    std::fs::write(d.join("fixable.js"), format!("{fixable}const x = {}1{};\n", "(".repeat(990), ")".repeat(990)))
        .unwrap();
    let (out, _) = llmlint(&["check", "--diff", "--unsafe-fixes", "fixable.js"], &d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("+  return client.messages.create({ model: \"claude-opus-5-5\""), "{stdout}");
}

#[test]
fn huge_files_are_skipped_or_linted_without_hanging() {
    let d = dir("huge");
    // 20 MB of minified JavaScript: over --max-file-size, skipped with a warning.
    let chunk = "var a=function(b){return b.max_tokens=1024,fetch(\"https://api.anthropic.com/v1/messages\",b)};";
    std::fs::write(d.join("bundle.js"), chunk.repeat(20 * 1024 * 1024 / chunk.len())).unwrap();
    // 50,000 lines of Python: linted.
    let mut py = String::from("import anthropic\nclient = anthropic.Anthropic()\n");
    for i in 0..12_500 {
        py.push_str(&format!("\n\ndef f{i}(q):\n    return client.messages.create(model=\"claude-sonnet-4-6\", max_tokens=512, messages=[])\n"));
    }
    std::fs::write(d.join("big.py"), py).unwrap();
    let stderr = survives(&d, Duration::from_secs(120));
    assert!(stderr.contains("bundle.js: skipped") && stderr.contains("--max-file-size"), "{stderr}");
}

#[test]
fn bad_bytes_empty_files_and_binaries() {
    let d = dir("bytes");
    std::fs::write(d.join("latin1.py"), b"# max_tokens \xe9\xff\n").unwrap();
    std::fs::write(d.join("binary.ts"), [0u8, 159, 146, 150, 0, 1, 2, 255, 254].repeat(1000)).unwrap();
    std::fs::write(d.join("nul.py"), "max_tokens = 1\0\0\0\n").unwrap();
    std::fs::write(d.join("empty.py"), "").unwrap();
    std::fs::write(d.join("empty.rs"), "").unwrap();
    std::fs::write(d.join("empty.yaml"), "").unwrap();
    std::fs::write(d.join("empty.ipynb"), "").unwrap();
    let stderr = survives(&d, Duration::from_secs(30));
    assert!(stderr.contains("latin1.py: skipped: not valid UTF-8"), "{stderr}");
}

#[test]
fn crlf_and_a_byte_order_mark_keep_positions_right() {
    let d = dir("crlf");
    let text = format!("\u{feff}{}", NORMAL.replace('\n', "\r\n"));
    std::fs::write(d.join("crlf.py"), text).unwrap();
    let (out, _) = llmlint(&["check", "--format", "concise", "crlf.py"], &d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("crlf.py:6:41: error[deprecated-model]"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_unreadable_files_and_missing_paths() {
    let d = dir("links");
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling.py")).unwrap();
    let secret = d.join("secret.py");
    std::fs::write(&secret, NORMAL).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let stderr = survives(&d, Duration::from_secs(30));
    // Root reads every file; anyone else gets a warning for this one.
    if std::fs::read(&secret).is_err() {
        assert!(stderr.contains("secret.py: skipped"), "{stderr}");
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (out, _) = llmlint(&["check", "no/such/path"], &d, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/path: no such file or directory"));
}

/// Found by fuzzing (`frontend_typescript`, `frontend_rust`): a sleep helper
/// that calls itself, directly or through another, was read for its delay
/// again and again until the stack overflowed and the process aborted. The
/// retry loop around it is still judged by the helper's own sleep.
#[test]
fn sleep_helpers_that_call_themselves() {
    let d = dir("recursive-sleep");
    let ts = "import OpenAI from \"openai\";\nconst client = new OpenAI();\nfunction wait(): Promise<void> {\n  wait();\n  return new Promise((r) => setTimeout(r, 1000));\n}\nexport async function ask() {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await client.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n    } catch (e) {\n      await wait();\n    }\n  }\n}\n";
    std::fs::write(d.join("self.ts"), ts).unwrap();
    let py = "import time\nimport openai\n\nclient = openai.OpenAI()\n\n\ndef pause():\n    rest()\n    time.sleep(1)\n\n\ndef rest():\n    pause()\n    time.sleep(2)\n\n\ndef ask():\n    for _ in range(3):\n        try:\n            return client.chat.completions.create(model=\"gpt-4o\", messages=[])\n        except Exception:\n            pause()\n";
    std::fs::write(d.join("mutual.py"), py).unwrap();
    let rs = "use async_openai::Client;\nuse std::time::Duration;\n\nasync fn pause() {\n    Box::pin(pause()).await;\n    tokio::time::sleep(Duration::from_secs(1)).await;\n}\n\npub async fn ask(client: &Client<async_openai::config::OpenAIConfig>) {\n    loop {\n        match client.chat().create(request()).await {\n            Ok(_) => return,\n            Err(_) => pause().await,\n        }\n    }\n}\n";
    std::fs::write(d.join("self.rs"), rs).unwrap();
    survives(&d, Duration::from_secs(30));
    let (out, _) = llmlint(&["check", "--format", "concise", "--select", "retry-without-jitter", "."], &d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("self.ts:12:13: warning[retry-without-jitter]"), "{stdout}");
    assert!(stdout.contains("mutual.py:22:13: warning[retry-without-jitter]"), "{stdout}");
}

#[test]
fn ten_thousand_small_files() {
    let d = dir("many");
    for i in 0..10_000 {
        let sub = d.join(format!("pkg{}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let text = if i % 10 == 0 { format!("MAX_TOKENS = {i}\n") } else { format!("x = {i}\n") };
        std::fs::write(sub.join(format!("m{i}.py")), text).unwrap();
    }
    survives(&d, Duration::from_secs(60));
}

/// A panic in one file's analysis: reported as an internal error naming the
/// file, the other files' findings intact, exit status 2.
#[test]
#[cfg_attr(not(debug_assertions), ignore = "the panic is planted in debug builds only (LLMLINT_TEST_PANIC)")]
fn a_panic_in_one_file_is_isolated() {
    let d = dir("panic");
    std::fs::write(d.join("boom.py"), NORMAL).unwrap();
    let (out, _) = llmlint(&["check", "--format", "concise", "."], &d, &[("LLMLINT_TEST_PANIC", "boom.py")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stdout.contains("normal.py:6:"), "{stdout}");
    assert!(stderr.contains("boom.py: internal error while analysing this file; please report it"), "{stderr}");
}

/// Issue 21, item 4: `--fix` writes only the files under the paths it was
/// given. A constant imported from `../shared/` or from a package under
/// `node_modules/` is reported where it is written, and left as it is.
#[test]
fn fixes_are_written_only_under_the_paths_given() {
    let d = dir("outside");
    let conf = "export const MODEL = \"claude-3-opus-20240229\";\n";
    for sub in ["shared", "app/node_modules/conf"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    std::fs::write(d.join("shared/conf.js"), conf).unwrap();
    std::fs::write(d.join("app/node_modules/conf/index.js"), conf).unwrap();
    let main = "import Anthropic from \"@anthropic-ai/sdk\";\nimport { MODEL } from \"../shared/conf.js\";\nimport { MODEL as M2 } from \"./node_modules/conf/index.js\";\nconst client = new Anthropic();\nexport const ask = (q) => client.messages.create({ model: MODEL, max_tokens: 512, messages: [] });\nexport const ask2 = (q) => client.messages.create({ model: M2, max_tokens: 512, messages: [] });\nexport const ask3 = (q) => client.messages.create({ model: \"claude-3-opus-20240229\", max_tokens: 512, messages: [] });\n";
    std::fs::write(d.join("app/main.js"), main).unwrap();
    for args in [&["check", "--fix", "--unsafe-fixes", "app"][..], &["check", "--fix", "--unsafe-fixes", "app/main.js"]]
    {
        let (out, _) = llmlint(args, &d, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("shared/conf.js: not fixed: it is outside the paths given"), "{stderr}");
        assert_eq!(std::fs::read_to_string(d.join("shared/conf.js")).unwrap(), conf);
        assert_eq!(std::fs::read_to_string(d.join("app/node_modules/conf/index.js")).unwrap(), conf);
    }
    // The given file's own literal is fixed.
    let fixed = std::fs::read_to_string(d.join("app/main.js")).unwrap();
    assert!(fixed.contains("model: \"claude-opus-5-5\"") && fixed.contains("model: MODEL"), "{fixed}");
}

/// Issue 21, item 10, and issue 22, bug 5: a fixed file keeps its hard
/// links and its byte-order mark; a read-only file is refused with a word,
/// and only that file fails: the others are fixed, the findings reported,
/// and the run exits 2.
#[test]
fn fixes_keep_hard_links_and_a_bom_and_a_failed_write_fails_only_its_file() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir("links-kept");
    let other = Scratch::new("links-kept-elsewhere");
    let text = "import anthropic\nclient = anthropic.Anthropic()\nr = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n";
    std::fs::write(d.join("linked.py"), text).unwrap();
    std::fs::hard_link(d.join("linked.py"), other.join("alias.py")).unwrap();
    std::fs::write(d.join("bom.py"), format!("\u{feff}{text}")).unwrap();
    std::fs::write(d.join("locked.py"), text).unwrap();
    std::fs::set_permissions(d.join("locked.py"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let (out, _) = llmlint(&["check", "--fix", "--unsafe-fixes", "--format", "concise", "."], &d, &[]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("locked.py: the file is read-only; nothing written"), "{stderr}");
    assert!(stdout.contains("locked.py:3:"), "what is left is reported: {stdout}");
    assert_eq!(std::fs::read_to_string(d.join("locked.py")).unwrap(), text);
    let linked = std::fs::read_to_string(d.join("linked.py")).unwrap();
    assert!(linked.contains("claude-opus-5-5"), "{linked}");
    assert_eq!(std::fs::read_to_string(other.join("alias.py")).unwrap(), linked, "the hard link is not split");
    assert_eq!(std::fs::metadata(d.join("linked.py")).unwrap().nlink(), 2);
    let bom = std::fs::read_to_string(d.join("bom.py")).unwrap();
    assert!(bom.starts_with('\u{feff}') && bom.contains("claude-opus-5-5"), "{bom:?}");
    std::fs::set_permissions(d.join("locked.py"), std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// Issue 21, item 11, and issue 22, bug 3: a retired model swapped in the
/// same run as a cap over its limit. The cap is judged against the model
/// that is swapped in, never cut to the old one's limit, and `--fix` goes
/// on until nothing is left to fix: a second run changes nothing.
#[test]
fn fixes_converge_in_one_run_and_the_next_run_changes_nothing() {
    let d = dir("converge");
    let text = "import anthropic\nclient = anthropic.Anthropic()\nr = client.messages.create(model=\"claude-3-5-haiku-20241022\", max_tokens=100000, messages=[])\nr2 = client.messages.create(model=\"claude-3-5-haiku-20241022\", max_tokens=900000, messages=[])\n";
    std::fs::write(d.join("app.py"), text).unwrap();
    let (out, _) = llmlint(&["check", "--fix", "--unsafe-fixes", "app.py"], &d, &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 3 findings in 1 file"), "{out:?}");
    let once = std::fs::read_to_string(d.join("app.py")).unwrap();
    // haiku-3.5 allowed 8,192 output tokens, its successor 128,000.
    assert!(once.contains("model=\"claude-haiku-5-5\", max_tokens=100000"), "{once}");
    assert!(once.contains("model=\"claude-haiku-5-5\", max_tokens=128000"), "{once}");
    let (out, _) = llmlint(&["check", "--fix", "--unsafe-fixes", "app.py"], &d, &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 0 findings in 0 files"), "{out:?}");
    assert_eq!(std::fs::read_to_string(d.join("app.py")).unwrap(), once);
}

/// Issue 21, item 7: 8,000 findings in a 0.9 MB file. Each code frame read
/// the file from its start: 17 s in a release build, minutes in a debug one.
/// The frames are read from the line index now; the output is unchanged.
#[test]
fn eight_thousand_frames_of_a_large_file_render_in_linear_time() {
    let d = dir("frames");
    let mut text = String::from("import anthropic\nclient = anthropic.Anthropic()\n");
    for i in 0..8_000 {
        text.push_str(&format!(
            "r{i} = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])  # {}\n",
            "x".repeat(20)
        ));
    }
    std::fs::write(d.join("big.py"), &text).unwrap();
    let (out, took) = llmlint(&["check", "--color", "never", "big.py"], &d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Found 8000 findings"), "{}", &stdout[stdout.len().saturating_sub(500)..]);
    assert!(
        stdout.contains("╭─[big.py:8002:38]") && stdout.contains(" 8002 │ r7999 = client"),
        "the last frame is right"
    );
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

/// Issue 21, item 6: each Rust node's span was syn's `span()`, which prints
/// the node again: a 20,000-arm `else if` took minutes, a node per link
/// paying for the rest of the chain. Spans are found from the edges now and
/// the chain is lowered in a loop. The finding in its last arm, and those of
/// a file with a byte-order mark and a `#!` line, are at their columns.
#[test]
fn a_twenty_thousand_arm_else_if_chain_is_linted_in_linear_time() {
    let d = dir("rust-chain");
    let head = "use async_openai::types::CreateChatCompletionRequestArgs;\nuse serde_json::json;\n";
    let mut text = format!("{head}fn f(x: i32) -> serde_json::Value {{\n    if x == -1 {{\n");
    for i in 0..20_000 {
        text.push_str(&format!("    }} else if x == {i} {{\n"));
    }
    text.push_str(
        "        json!({\"model\": \"claude-3-opus-20240229\", \"messages\": []})\n    } else { json!({}) }\n}\n",
    );
    std::fs::write(d.join("chain.rs"), &text).unwrap();
    let body = "fn g() { let b = json!({\"model\": \"claude-3-opus-20240229\", \"messages\": []}); }\n";
    std::fs::write(d.join("bom.rs"), format!("\u{feff}#!/usr/bin/env run-cargo-script\n{head}{body}")).unwrap();
    let (out, took) = llmlint(&["check", "--format", "concise", "chain.rs", "bom.rs"], &d, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("chain.rs:20005:25: error[deprecated-model]"), "{stdout}");
    assert!(stdout.contains("bom.rs:4:34: error[deprecated-model]"), "{stdout}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

/// The binary run by a user who cannot read what the owner hid: `nobody`
/// through `runuser` when the tests run as root (root reads everything).
fn unprivileged(args: &[&str], cwd: &Path) -> Output {
    let root = unsafe { libc::geteuid() } == 0;
    let mut c = if root {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_llmlint")]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_llmlint"))
    };
    c.current_dir(cwd)
        .env("LLMLINT_TODAY", crate::common::TODAY)
        .args(args)
        .output()
        .expect("runuser or the binary runs")
}

/// Issue 21, item 12: a directory or file named on the command line that
/// cannot be read was skipped with exit 0 and no word (a directory) or a
/// warning and exit 0 (a file), and a file under an unreadable directory was
/// called missing. Each is an error naming the path and why, exit 2; a
/// directory the walk cannot enter is a warning, the rest is linted.
#[test]
fn named_paths_that_cannot_be_read_are_errors_and_walked_ones_warnings() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("unreadable");
    for sub in ["hidden", "tree/locked"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("a.py"), NORMAL).unwrap();
    }
    std::fs::write(d.join("tree/b.py"), NORMAL).unwrap();
    std::fs::write(d.join("closed.py"), NORMAL).unwrap();
    let (mode, none) = (std::fs::Permissions::from_mode(0o755), std::fs::Permissions::from_mode(0o000));
    for p in ["hidden", "tree/locked", "closed.py"] {
        std::fs::set_permissions(d.join(p), none.clone()).unwrap();
    }
    for (path, why) in [
        ("hidden", "hidden: permission denied"),
        ("closed.py", "closed.py: permission denied"),
        ("hidden/a.py", "hidden/a.py: permission denied"),
        ("normal.py/x.py", "normal.py/x.py: not a directory"),
    ] {
        let out = unprivileged(&["check", "normal.py", path], &d);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.contains(why), "{path}: {stderr}");
    }
    let out = unprivileged(&["check", "--format", "concise", "tree"], &d);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("warning: tree/locked: skipped: permission denied"), "{stderr}");
    assert!(stdout.contains("tree/b.py:"), "{stdout}");
    for p in ["hidden", "tree/locked", "closed.py"] {
        std::fs::set_permissions(d.join(p), mode.clone()).unwrap();
    }
}

/// Issue 21, item 12: `--jobs 5000` under a process limit panicked in the
/// directory walk (a thread it could not make). Threads are capped at four
/// per core and made only as far as the limit allows: with room for two
/// threads besides the main one the run completes, and with none it is an
/// error, not a panic.
#[test]
fn jobs_beyond_a_process_limit_run_with_the_threads_there_are() {
    let d = dir("jobs");
    std::fs::create_dir_all(d.join("src")).unwrap();
    for i in 0..20 {
        std::fs::write(d.join(format!("src/m{i}.py")), NORMAL).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_llmlint");
    let (out, _) = llmlint(&["check", "--format", "concise", "--jobs", "5000", "."], &d, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 21);
    if unsafe { libc::geteuid() } != 0 {
        return; // A process limit binds root only through another user.
    }
    let limited = |limit: u32| {
        let script = format!("ulimit -u {limit}; exec {bin} check --format concise --jobs 5000 .");
        std::process::Command::new("runuser")
            .args(["-u", "nobody", "--", "bash", "-c", &script])
            .current_dir(&*d)
            .env("LLMLINT_TODAY", crate::common::TODAY)
            .output()
            .unwrap()
    };
    // The process itself is one of the limit.
    let out = limited(3);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 21);
    let out = limited(1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not start a worker thread") && !stderr.contains("internal error"), "{stderr}");
}

/// Issue 21, item 12: control characters in a file's name or text reached
/// the terminal (an escape sequence in a name painted it; a newline forged
/// a line of output), a backtick in a name broke the Markdown table, and a
/// file whose lines end in `\r` alone was reported at line 1 with its
/// suppressions read on the wrong lines.
#[test]
fn names_and_text_are_printed_inert_and_lone_cr_breaks_lines() {
    let d = Scratch::new("adv-inert");
    let name = "a\u{1b}[2Jb`c|d\nx\u{202e}.py";
    let body = format!("{}  # \u{1b}]0;title\u{7}\n", NORMAL.trim_end());
    std::fs::write(d.join(name), body).unwrap();
    for format in ["human", "concise", "markdown", "github", "junit"] {
        let (out, _) = llmlint(&["check", "--color", "never", "--format", format, "."], &d, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{202e}'),
            "{format}: {stdout:?}"
        );
        if format != "markdown" {
            assert!(stdout.contains("a\\u{1b}[2Jb`c|d\\nx\\u{202e}.py"), "{format}: {stdout}");
        } else {
            let row = stdout.lines().find(|l| l.starts_with("| error")).unwrap();
            // Seven cell borders: the backtick and the pipe stay inside the location cell.
            assert_eq!(row.replace("\\|", "").matches('|').count(), 7, "{row}");
            assert!(row.contains("``a\\u{1b}[2Jb`c\\|d\\nx\\u{202e}.py:6``"), "{row}");
        }
    }

    let cr = Scratch::new("adv-cr");
    let suppressed = "y = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=5, messages=[])  # llmlint: ignore[deprecated-model]\n";
    std::fs::write(cr.join("mac.py"), format!("{NORMAL}{suppressed}").replace('\n', "\r")).unwrap();
    let (out, _) = llmlint(&["check", "--format", "concise", "mac.py"], &cr, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["mac.py:6:41: error[deprecated-model] claude-3-opus-20240229 was retired on 2026-01-05; requests to it fail"],
        "{stdout}"
    );
    let (out, _) = llmlint(&["check", "--color", "never", "mac.py"], &cr, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("[mac.py:6:41]") && stdout.contains(" 6 │     return client") && !stdout.contains('\r'),
        "{stdout}"
    );
}
