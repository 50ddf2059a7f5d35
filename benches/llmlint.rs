//! Micro-benchmarks: each frontend from source to Facts (bytes per second),
//! the whole pipeline with every rule over a generated project, and the
//! language server's change-to-diagnostics time on a 5,000-line file.
//! Run: `cargo bench`. Inputs are generated here, nothing is read from disk.

use std::path::PathBuf;
use std::time::Duration;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use llmlint::base::language::Language;
use llmlint::base::source::SourceFile;

fn main() {
    divan::main();
}

/// A file of `n` functions in one language, each making an API call the way
/// real code does (a client, a model, a cap, messages, a retry now and then).
fn source(language: Language, n: usize) -> (String, &'static str) {
    let mut s = String::new();
    match language {
        Language::Python => {
            s.push_str(
                "import asyncio\nimport time\n\nimport anthropic\n\nclient = anthropic.Anthropic()\nMAX = 1024\n",
            );
            for i in 0..n {
                s.push_str(&format!(
                    "\n\ndef ask_{i}(question, history):\n    for attempt in range(5):\n        try:\n            return client.messages.create(\n                model=\"claude-sonnet-4-6\",\n                max_tokens=MAX,\n                system=\"You answer questions about invoices.\",\n                messages=history + [{{\"role\": \"user\", \"content\": question}}],\n            )\n        except anthropic.RateLimitError:\n            time.sleep(2 ** attempt)\n"
                ));
            }
            (s, "py")
        }
        Language::TypeScript | Language::JavaScript => {
            s.push_str(
                "import Anthropic from \"@anthropic-ai/sdk\";\n\nconst client = new Anthropic();\nconst MAX = 1024;\n",
            );
            for i in 0..n {
                s.push_str(&format!(
                    "\nexport async function ask{i}(question: string, items: string[]) {{\n  const answers = await Promise.all(items.map((x) => client.messages.create({{\n    model: \"claude-sonnet-4-6\",\n    max_tokens: MAX,\n    messages: [{{ role: \"user\", content: `${{question}} ${{x}}` }}],\n  }})));\n  return answers.length;\n}}\n"
                ));
            }
            (
                s.replace(": string[]", if language == Language::JavaScript { "" } else { ": string[]" })
                    .replace(": string", if language == Language::JavaScript { "" } else { ": string" }),
                if language == Language::JavaScript { "js" } else { "ts" },
            )
        }
        Language::Rust => {
            s.push_str("use serde_json::json;\n\nconst URL: &str = \"https://api.anthropic.com/v1/messages\";\n");
            for i in 0..n {
                s.push_str(&format!(
                    "\npub async fn ask_{i}(http: &reqwest::Client, q: &str) -> reqwest::Result<serde_json::Value> {{\n    let body = json!({{\"model\": \"claude-sonnet-4-6\", \"max_tokens\": 1024, \"messages\": [{{\"role\": \"user\", \"content\": q}}]}});\n    http.post(URL).json(&body).send().await?.json().await\n}}\n"
                ));
            }
            (s, "rs")
        }
        _ => {
            s.push_str("model_list:\n");
            for i in 0..n {
                s.push_str(&format!("  - model_name: route-{i}\n    litellm_params:\n      model: anthropic/claude-sonnet-4-6\n      max_tokens: 1024\n      api_key: os.environ/ANTHROPIC_API_KEY\n"));
            }
            (s, "yaml")
        }
    }
}

#[divan::bench(args = [Language::Python, Language::TypeScript, Language::JavaScript, Language::Rust, Language::Yaml])]
fn frontend(bencher: Bencher, language: Language) {
    let (text, ext) = source(language, 400);
    let file = SourceFile::new(PathBuf::from(format!("bench.{ext}")), format!("bench.{ext}"), text);
    bencher.counter(BytesCount::new(file.text.len())).bench(|| {
        black_box(llmlint::analysis::facts(&file, 0.into(), language, llmlint::analysis::Tables::builtin()).unwrap())
    });
}

/// The whole pipeline, every rule, over a generated project of 40 files.
#[divan::bench(sample_count = 20)]
fn check_project(bencher: Bencher) {
    let dir = std::env::temp_dir().join(format!("llmlint-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = 0;
    for (i, language) in
        [Language::Python, Language::TypeScript, Language::Rust, Language::Yaml].iter().cycle().take(40).enumerate()
    {
        let (text, ext) = source(*language, 50);
        bytes += text.len();
        std::fs::write(dir.join(format!("f{i}.{ext}")), text).unwrap();
    }
    let options = llmlint::engine::Options { paths: vec![dir.clone()], ..Default::default() };
    bencher.counter(BytesCount::new(bytes)).bench(|| black_box(llmlint::engine::run(&options).unwrap().findings.len()));
    std::fs::remove_dir_all(&dir).ok();
}

/// The language server: a change to a 5,000-line Python file until its
/// diagnostics are published (in memory, no process or pipe).
#[divan::bench(sample_count = 20)]
fn server_change_to_diagnostics(bencher: Bencher) {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    let (text, _) = source(Language::Python, 400);
    assert!(text.lines().count() >= 5000, "{}", text.lines().count());
    let (client, server) = Connection::memory();
    let handle = std::thread::spawn(move || llmlint::lsp::serve(server).unwrap());
    let send = |m: Message| client.sender.send(m).unwrap();
    send(Message::Request(Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}}))));
    let _ = client.receiver.recv_timeout(Duration::from_secs(30));
    send(Message::Notification(Notification::new("initialized".into(), json!({}))));
    let uri = format!("file://{}", std::env::temp_dir().join("llmlint-bench-server.py").display());
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
    )));
    let wait = || loop {
        if let Message::Notification(n) = client.receiver.recv_timeout(Duration::from_secs(30)).unwrap()
            && n.method == "textDocument/publishDiagnostics"
        {
            return;
        }
    };
    wait();
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        // A one-character edit in the middle of the file, as typing makes.
        let line = 2500;
        send(Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": if version % 2 == 0 { " " } else { "" }}]}),
        )));
        wait();
    });
    send(Message::Request(Request::new(RequestId::from(2), "shutdown".into(), json!(null))));
    send(Message::Notification(Notification::new("exit".into(), json!(null))));
    let _ = handle.join();
}
