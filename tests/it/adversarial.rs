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

const DEPTH: usize = 10_000;

#[test]
fn expressions_nested_ten_thousand_deep_in_every_language() {
    let d = dir("deep");
    let open = "(".repeat(DEPTH);
    let close = ")".repeat(DEPTH);
    std::fs::write(d.join("deep.py"), format!("x = {open}1{close}\ny = {}\n", "[".repeat(DEPTH) + &"]".repeat(DEPTH)))
        .unwrap();
    std::fs::write(
        d.join("deep.js"),
        format!("const x = {open}1{close};\nconst y = {};\n", "[".repeat(DEPTH) + &"]".repeat(DEPTH)),
    )
    .unwrap();
    std::fs::write(d.join("deep.ts"), format!("const x: number = {open}1{close};\n")).unwrap();
    std::fs::write(d.join("deep.tsx"), format!("const x = {open}1{close};\n")).unwrap();
    std::fs::write(
        d.join("deep.rs"),
        format!("fn f() {{ let x = {open}1{close}; let y = {}; }}\n", "[".repeat(DEPTH) + &"]".repeat(DEPTH)),
    )
    .unwrap();
    std::fs::write(d.join("deep.json"), "[".repeat(DEPTH) + &"]".repeat(DEPTH)).unwrap();
    std::fs::write(d.join("deep.yaml"), "[".repeat(DEPTH) + &"]".repeat(DEPTH)).unwrap();
    std::fs::write(d.join("deep.toml"), format!("a = {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH))).unwrap();
    // Every file mentions a trigger word so that it is parsed, not skipped.
    for f in ["deep.py", "deep.js", "deep.ts", "deep.tsx", "deep.rs"] {
        let p = d.join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        let comment = if f.ends_with(".py") { "# max_tokens\n" } else { "// max_tokens\n" };
        std::fs::write(&p, format!("{comment}{text}")).unwrap();
    }
    survives(&d, Duration::from_secs(60));
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
