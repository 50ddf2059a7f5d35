//! TS and TSX are two dialects (ast-grep #1628): a `.tsx` file with JSX and a
//! generic arrow function parses, and its API call is seen.

use llmlint::base::language::Language;
use llmlint::base::source::SourceFile;

use llmlint::knowledge::providers::Provider;

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
    let facts = llmlint::analysis::facts(&file, 0.into(), Language::Tsx, llmlint::analysis::Tables::builtin())
        .expect("tsx parses");
    assert_eq!(facts.calls.len(), 1);
    assert_eq!(facts.calls[0].provider, Provider::Anthropic);
    assert_eq!(facts.calls[0].max_tokens.as_ref().and_then(|m| m.value.value.as_int()), Some(50000));
    // The same text is not valid TypeScript (JSX), and the parser says so.
    assert!(llmlint::frontend::parses(Language::Tsx, text));
    assert!(!llmlint::frontend::parses(Language::TypeScript, text), "TypeScript without JSX should reject JSX");
}
