//! No output format ever prints a secret: every format's rendering of the
//! secret fixtures, the cost table and the stored snapshots show at most a
//! key's prefix and its last four characters.

use std::path::Path;

use clap::ValueEnum;
use llmlint::knowledge::secrets;
use llmlint::report::Format;

const DIR: &str = "fixtures/hardcoded-api-key";

/// Every key written in the secret fixtures, whole.
fn keys() -> Vec<String> {
    let mut out = vec![];
    for entry in std::fs::read_dir(DIR).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for f in secrets::find(&text) {
            out.push(text[f.start..f.end].to_string());
        }
    }
    assert!(out.len() >= 10, "the fixtures hold keys: {}", out.len());
    out
}

fn assert_no_key(what: &str, output: &str, keys: &[String]) {
    for key in keys {
        // The part a redaction hides: after the prefix, before the last four.
        let hidden = &key[key.len() / 3..key.len() - 4];
        assert!(!output.contains(hidden), "{what} shows a key ({}…)", &key[..12]);
    }
}

fn run(args: &[&str]) -> String {
    let out = crate::common::llmlint(args, std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn no_output_format_prints_a_key() {
    let keys = keys();
    for format in Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let output = run(&["check", "--format", &name, "--color", "always", DIR]);
        assert!(output.contains("hardcoded-api-key"), "{name}: the findings are there");
        assert_no_key(&format!("--format {name}"), &output, &keys);
    }
    for format in ["human", "json", "markdown"] {
        assert_no_key(&format!("cost --format {format}"), &run(&["cost", "--format", format, DIR]), &keys);
    }
    let snapshot = Path::new("tests/it/snapshots/it__fixtures__hardcoded-api-key.snap");
    assert_no_key("the stored snapshot", &std::fs::read_to_string(snapshot).unwrap(), &keys);
}

#[test]
fn diff_output_masks_keys_in_context_lines() {
    let keys = keys();
    let key = keys.iter().find(|k| k.starts_with("sk-ant-api03-")).unwrap();
    let dir = std::env::temp_dir().join(format!("llmlint-diffkey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("app.py"),
        format!("import anthropic\nclient = anthropic.Anthropic(api_key=\"{key}\")\nr = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=5, messages=[])\n"),
    )
    .unwrap();
    let out = crate::common::llmlint(&["check", "--diff", "--unsafe-fixes", "app.py"], &dir);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("+r = client.messages.create(model=\"claude-opus-5-5\""), "{diff}");
    assert_no_key("--diff", &diff, &keys);
    std::fs::remove_dir_all(&dir).ok();
}

/// Keys where earlier code printed them (issue 21, item 5): inside a long
/// system prompt whose caching fix copied the prompt, right after a percent
/// escape (`Bearer%20sk-ant-…`), and written with an escape in a literal,
/// whose own frame showed it. No output format, `--diff`, or `--fix` to
/// standard output shows any of them, and each is still reported.
#[test]
fn keys_in_prompts_after_escapes_and_escaped_are_never_printed() {
    let key = |i: u64| crate::common::fake_key(0x2545_F491_4F6C_DD1D ^ i);
    let (in_prompt, after_escape, escaped) = (key(1), key(2), key(3));
    let d = crate::common::Scratch::new("keys-printed");
    let rules = "Answer in the customer's language, cite the policy section, never promise refunds. ".repeat(80);
    std::fs::write(
        d.join("prompt.py"),
        format!(
            "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.create(\n        \
             model=\"claude-sonnet-4-5\",\n        max_tokens=512,\n        system=\"{rules} Billing API key: {in_prompt}\",\n        \
             messages=[{{\"role\": \"user\", \"content\": q}}],\n    )\n"
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("url.js"),
        format!("export const AUTH = \"https://api.example.com/v1?h=Bearer%20{after_escape}\";\n"),
    )
    .unwrap();
    // The eighth character written as `\x..`: the text never holds the key.
    let written = format!("{}\\x{:02x}{}", &escaped[..20], escaped.as_bytes()[20], &escaped[21..]);
    std::fs::write(d.join("escaped.py"), format!("import anthropic\nKEY = \"{written}\"\nclient = anthropic.Anthropic(api_key=KEY)\nr = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n")).unwrap();
    let keys = vec![in_prompt, after_escape, escaped];

    let mut outputs = vec![];
    for format in Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let out = crate::common::llmlint(&["check", "--format", &name, "--color", "always", "."], &d);
        outputs.push((
            format!("--format {name}"),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        ));
    }
    let json = &outputs.iter().find(|(w, _)| w == "--format json").unwrap().1;
    assert_eq!(json.matches("\"hardcoded-api-key\"").count(), 3, "each key is reported: {json}");
    assert!(json.contains("uncached-system-prompt") && json.contains("it would copy an API key"), "{json}");
    for args in [
        &["check", "--diff", "--unsafe-fixes", "."][..],
        &["check", "--fix", "--unsafe-fixes", "--stdin-filename", "prompt.py"],
    ] {
        let mut c = crate::common::command(&d);
        let stdin = std::fs::read(d.join("prompt.py")).unwrap();
        let mut child =
            c.args(args).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), &stdin).unwrap();
        let out = child.wait_with_output().unwrap();
        if args.contains(&"--diff") {
            outputs.push((args.join(" "), String::from_utf8_lossy(&out.stdout).into_owned()));
        }
    }
    for (what, output) in &outputs {
        assert_no_key(what, output, &keys);
    }
}
