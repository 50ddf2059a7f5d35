//! TS and TSX are two grammars (ast-grep #1628): a `.tsx` file with JSX and a
//! generic arrow function parses, and its API call is seen.

use llmlint::facts::Provider;
use llmlint::lang::{self, Language};
use llmlint::source::SourceFile;

#[test]
fn tsx_file_parses_and_its_call_is_seen() {
    let text = r#"import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
const first = <T,>(xs: T[]): T => xs[0];
export default async function Page({ id }: { id: string }) {
  const msg = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 50000, messages: [] });
  return <div className="answer">{first([msg.id])}</div>;
}
"#;
    let file = SourceFile::new("page.tsx".into(), "page.tsx".into(), text.into());
    let facts = lang::facts(&file, 0, Language::Tsx, lang::Tables::builtin()).expect("tsx parses");
    assert_eq!(facts.calls.len(), 1);
    assert_eq!(facts.calls[0].provider, Provider::Anthropic);
    assert_eq!(facts.calls[0].max_tokens.as_ref().and_then(|m| m.value.value.as_int()), Some(50000));
    // The same text is not valid TypeScript (JSX), and the TS grammar says so.
    let as_ts = tree_sitter_error("ts", text);
    assert!(as_ts, "the .ts grammar should reject JSX");
}

fn tree_sitter_error(ext: &str, text: &str) -> bool {
    let lang: tree_sitter::Language = match ext {
        "ts" => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        _ => tree_sitter_typescript::LANGUAGE_TSX.into(),
    };
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang).unwrap();
    p.parse(text, None).unwrap().root_node().has_error()
}
