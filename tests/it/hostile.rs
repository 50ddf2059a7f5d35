//! The hostile-input corpus (issue 21): generated inputs, each in a project
//! of its own beside a directory that must never change, run through
//! `check` in three formats, `--diff` and `--fix --unsafe-fixes`. Every
//! input passes the prefilter (an SDK import or a model key), so it is
//! really parsed. For each run: no crash (exit 0 or 1, no internal error),
//! no hang (10 s), no write outside the project, no full key in any output
//! or written file. The figures are printed; all must be zero. The limit is
//! a release build's, so the binary is `LLMLINT_BIN` (`.ci/run` passes its
//! release build), else this build's own in a release build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Scratch, fake_key as key};

const LIMIT: Duration = Duration::from_secs(10);
const DEEP: usize = 100_000;

type Files = Vec<(&'static str, String)>;

/// The inputs: a name, and the files of its project.
fn inputs(keys: &[String]) -> Vec<(String, Files)> {
    let py = "import anthropic\nclient = anthropic.Anthropic()\n";
    let js = "import OpenAI from \"openai\";\nconst client = new OpenAI();\n";
    let rs = "use async_openai::Client;\nuse serde_json::json;\n";
    let call = "client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=100000, messages=[])";
    let nest = |open: &str, mid: &str, close: &str| format!("{}{mid}{}", open.repeat(DEEP), close.repeat(DEEP));
    let mut out: Vec<(String, Files)> = vec![];
    let mut add = |name: &str, files: Files| out.push((name.to_string(), files));

    // Deep nesting, 100,000 levels, in every language.
    add("py-parens", vec![("a.py", format!("{py}x = {}\n{call}\n", nest("(", "1", ")")))]);
    add("py-lists", vec![("a.py", format!("{py}x = {}\n", nest("[", "1", "]")))]);
    add("py-not", vec![("a.py", format!("{py}x = {}y\n", "not ".repeat(DEEP)))]);
    add("py-calls", vec![("a.py", format!("{py}x = {}\n", nest("f(", "1", ")")))]);
    add("py-lambda", vec![("a.py", format!("{py}x = {}1\n", "lambda: ".repeat(DEEP)))]);
    add("py-attr", vec![("a.py", format!("{py}x = client{}\n", ".a".repeat(DEEP)))]);
    add("py-binop", vec![("a.py", format!("{py}x = 1{}\n", " + 1".repeat(DEEP)))]);
    let indent: String = (0..2_000).map(|i| format!("{}if x:\n", " ".repeat(i))).collect();
    add("py-indent", vec![("a.py", format!("{py}{indent}{}{call}\n", " ".repeat(2_000)))]);
    for (ext, head) in [("js", js), ("ts", js), ("tsx", js), ("mjs", js)] {
        let file: &'static str = Box::leak(format!("a.{ext}").into_boxed_str());
        add(&format!("{ext}-parens"), vec![(file, format!("{head}const x = {};\n", nest("(", "1", ")")))]);
        add(&format!("{ext}-objects"), vec![(file, format!("{head}const x = {};\n", nest("{a:", "1", "}")))]);
        add(&format!("{ext}-arrows"), vec![(file, format!("{head}const x = {}1;\n", "a => ".repeat(DEEP)))]);
        add(&format!("{ext}-ternary"), vec![(file, format!("{head}const x = {}1;\n", "a ? b : ".repeat(DEEP)))]);
        add(&format!("{ext}-not"), vec![(file, format!("{head}const x = {}y;\n", "!".repeat(DEEP)))]);
    }
    add("tsx-jsx", vec![("a.tsx", format!("{js}const x = {};\n", nest("<div>", "1", "</div>")))]);
    add("ts-generics", vec![("a.ts", format!("{js}let x: {}number{};\n", "Array<".repeat(DEEP), ">".repeat(DEEP)))]);
    add("js-template", vec![("a.js", format!("{js}const x = {};\n", nest("`${", "1", "}`")))]);
    add("rs-blocks", vec![("a.rs", format!("{rs}fn f() {}\n", nest("{", "", "}")))]);
    add("rs-parens", vec![("a.rs", format!("{rs}fn f() {{ let x = {}; }}\n", nest("(", "1", ")")))]);
    add("rs-json", vec![("a.rs", format!("{rs}fn f() {{ let v = json!({}); }}\n", nest("[", "1", "]")))]);
    add("rs-chain", vec![("a.rs", format!("{rs}fn f(c: Client) {{ c{}; }}\n", ".m()".repeat(DEEP)))]);
    let arms: String = (0..DEEP).map(|i| format!("}} else if x == {i} {{ ")).collect();
    add("rs-else-if", vec![("a.rs", format!("{rs}fn f(x: i32) {{ if x == -1 {{ {arms} }} }}\n"))]);
    add("rs-refs", vec![("a.rs", format!("{rs}fn f() {{ let x = {}y; }}\n", "&".repeat(DEEP)))]);
    add("json", vec![("a.json", format!("{{\"model\": \"gpt-4o\", \"x\": {}}}\n", nest("[", "1", "]")))]);
    add("json-objects", vec![("a.json", format!("{{\"model\": \"gpt-4o\", \"x\": {}}}\n", nest("{\"a\":", "1", "}")))]);
    add("yaml-flow", vec![("a.yaml", format!("model: gpt-4o\nx: {}\n", nest("[", "1", "]")))]);
    let block: String = (0..2_000).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
    add("yaml-block", vec![("a.yaml", format!("model: gpt-4o\n{block}"))]);
    add("toml", vec![("a.toml", format!("model = \"gpt-4o\"\nx = {}\n", nest("[", "1", "]")))]);
    let cell =
        serde_json::json!({"cells": [{"cell_type": "code", "source": format!("{py}x = {}\n", nest("(", "1", ")"))}]});
    add("ipynb", vec![("a.ipynb", cell.to_string())]);
    add("env", vec![(".env", format!("OPENAI_MODEL=gpt-4o\nX={}\n", "x".repeat(DEEP)))]);

    // Huge files: just under the size limit, a single line, and over it.
    let many: String = (0..30_000).map(|i| format!("r{i} = {call}\n")).collect();
    add("huge-py", vec![("a.py", format!("{py}{many}"))]);
    let line: String =
        (0..40_000).map(|i| format!("client.chat.completions.create({{model:\"gpt-4-0613\",n:{i}}});")).collect();
    add("huge-line-js", vec![("a.js", format!("{js}{line}\n"))]);
    add("over-limit", vec![("a.py", format!("{py}{}", "x = 1\n".repeat(800_000)))]);

    // Keys in prompts, after escapes, escaped, split.
    let rules = "Answer in the customer's language and cite the policy section. ".repeat(80);
    let (k0, k1, k2, k3) = (&keys[0], &keys[1], &keys[2], &keys[3]);
    let escaped = format!("{}\\x{:02x}{}", &k2[..20], k2.as_bytes()[20], &k2[21..]);
    add(
        "keys",
        vec![
            (
                "prompt.py",
                format!(
                    "{py}r = client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=512, system=\"{rules} key: {k0}\", messages=[])\n"
                ),
            ),
            ("url.js", format!("{js}export const AUTH = \"https://x.example/v1?h=Bearer%20{k1}\";\n")),
            ("escaped.py", format!("{py}KEY = \"{escaped}\"\nc = anthropic.Anthropic(api_key=KEY)\n{call}\n")),
            ("split.ts", format!("{js}const k = \"{}\" + \"{}\";\n", &k3[..30], &k3[30..])),
            (".env", format!("ANTHROPIC_API_KEY={k3}\n")),
        ],
    );
    out
}

struct Figures {
    tried: usize,
    crashes: Vec<String>,
    hangs: Vec<String>,
    leaks: Vec<String>,
    bad_writes: Vec<String>,
}

/// Run `args` in `cwd` with the time limit: its output, or `None` on a hang.
fn run(args: &[&str], cwd: &Path) -> Option<(Option<i32>, String)> {
    let dir = Scratch::new("hostile-out");
    let (out, err) = (dir.join("out"), dir.join("err"));
    let mut child = crate::common::command_of(&release_binary(), cwd)
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned()
        + &String::from_utf8_lossy(&std::fs::read(&err).unwrap());
    Some((status.code(), text))
}

/// Every regular file under `root` with its content.
fn contents(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// The binary to time: `LLMLINT_BIN`, else this build's own if it is a
/// release build. A debug binary is several times slower and would only
/// measure that.
fn release_binary() -> PathBuf {
    match std::env::var_os("LLMLINT_BIN") {
        Some(bin) => PathBuf::from(bin),
        None if cfg!(debug_assertions) => {
            panic!("the 10 s limit is a release build's: set LLMLINT_BIN to one (target/release/llmlint)")
        }
        None => PathBuf::from(env!("CARGO_BIN_EXE_llmlint")),
    }
}

// `cargo test` (the README's, a debug build) skips it and says so; `.ci/run`
// runs it against its release build, without compiling the tests again in
// release.
#[test]
#[ignore = "times a release binary: LLMLINT_BIN=target/release/llmlint cargo test --test it hostile -- --ignored"]
fn hostile_inputs_crash_hang_leak_and_write_nothing() {
    let keys: Vec<String> = (1..=4).map(|i| key(0x9E37_79B9_7F4A_7C15 ^ i)).collect();
    let mut f = Figures { tried: 0, crashes: vec![], hangs: vec![], leaks: vec![], bad_writes: vec![] };
    let root = Scratch::new("hostile");
    let started = Instant::now();
    for (name, files) in inputs(&keys) {
        let base = root.join(&name);
        let (project, outside) = (base.join("project"), base.join("outside"));
        std::fs::create_dir_all(&project).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        for (file, text) in &files {
            std::fs::write(project.join(file), text).unwrap();
        }
        // Beside every input: a file outside the project it imports and a
        // link into it, a FIFO, a link to /dev/zero, and links planted
        // under names a temp file might take.
        std::fs::write(outside.join("conf.py"), "MODEL = \"claude-3-opus-20240229\"\nMAX = 100000\n").unwrap();
        std::fs::write(project.join("uses.py"), "import anthropic\nimport sys\nsys.path.append('../outside')\nfrom conf import MODEL, MAX\nclient = anthropic.Anthropic()\nclient.messages.create(model=MODEL, max_tokens=MAX, messages=[])\n").unwrap();
        std::os::unix::fs::symlink(outside.join("conf.py"), project.join("linked.py")).unwrap();
        assert!(Command::new("mkfifo").arg(project.join("pipe.py")).status().unwrap().success());
        std::os::unix::fs::symlink("/dev/zero", project.join("zero.py")).unwrap();
        for (file, _) in &files {
            for n in [0, 1, std::process::id()] {
                let _ = std::os::unix::fs::symlink(
                    outside.join("conf.py"),
                    project.join(format!(".{file}.llmlint-{n}.tmp")),
                );
            }
        }
        let before = contents(&outside);
        for args in [
            &["check", "--color", "never", "."][..],
            &["check", "--format", "json", "."],
            &["check", "--format", "sarif", "."],
            &["check", "--diff", "--unsafe-fixes", "."],
            &["check", "--fix", "--unsafe-fixes", "."],
        ] {
            f.tried += 1;
            let what = format!("{name}: {}", args.join(" "));
            match run(args, &project) {
                None => f.hangs.push(what),
                Some((code, text)) => {
                    if !matches!(code, Some(0 | 1)) || text.contains("internal error") {
                        f.crashes.push(format!("{what}: exit {code:?}: {}", &text[..text.len().min(300)]));
                    }
                    for k in &keys {
                        if text.contains(&k[20..k.len() - 4]) {
                            f.leaks.push(what.clone());
                        }
                    }
                }
            }
        }
        if contents(&outside) != before {
            f.bad_writes.push(format!("{name}: a file outside the project changed"));
        }
        for (path, text) in contents(&project) {
            let text = String::from_utf8_lossy(&text);
            let had =
                files.iter().any(|(file, t)| project.join(file) == path && keys.iter().any(|k| t.contains(k.as_str())));
            if !had && keys.iter().any(|k| text.contains(k.as_str())) {
                f.leaks.push(format!("{name}: {} was written with a key", path.display()));
            }
        }
        let _ = std::fs::remove_dir_all(&base);
    }
    eprintln!(
        "hostile inputs: {} runs in {:?}; crashes {}, hangs {}, leaks {}, bad writes {}",
        f.tried,
        started.elapsed(),
        f.crashes.len(),
        f.hangs.len(),
        f.leaks.len(),
        f.bad_writes.len()
    );
    assert!(f.tried >= 200, "{}", f.tried);
    let all: Vec<&String> = f.crashes.iter().chain(&f.hangs).chain(&f.leaks).chain(&f.bad_writes).collect();
    assert!(all.is_empty(), "{all:#?}");
}
