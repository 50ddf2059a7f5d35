//! The prefilter, one behaviour per test.

use super::*;

fn passes(text: &str, language: Language) -> bool {
    Prefilter::new(
        vec!["anthropic", "openai", "claude", "gpt-", "max_tokens", "litellm"],
        vec![],
        &[],
        ModelTable::builtin(),
    )
    .matches(text.as_bytes(), language, false)
}

#[test]
fn model_ids_count_as_literals() {
    for code in [
        "client = anthropic.Anthropic\nm = \"claude-opus-4-7\"",
        "import openai\nMODEL = 'gpt-4o'",
        "import anthropic\nm = 'anthropic/claude-3-haiku'",
        "import anthropic\nm = \"us.anthropic.claude-3-5-sonnet\"",
    ] {
        assert!(passes(code, Language::Python), "{code}");
    }
    for code in [
        "import { ClaudeCode } from '@ai-sdk/harness-claude-code';",
        "// use claude-3-opus for openai things",
        "const x = 'harness-claude-code'; // anthropic",
        "import openai\nx = 'photo3'",
    ] {
        assert!(!passes(code, Language::TypeScript), "{code}");
    }
    // Imports, family words, unions and attributes.
    assert!(!passes("from anthropic import Anthropic, AsyncAnthropic\n", Language::Python));
    assert!(!passes("const dir = 'agents/claude-code/x'; // anthropic", Language::TypeScript));
    assert!(passes("const m = 'claude-sonet-4-6'; // anthropic, a typo", Language::TypeScript));
    assert!(!passes("// anthropic\ntype M = 'x' | 'claude-opus-4-7';", Language::TypeScript));
    assert!(!passes("// openai\n#[serde(rename = \"gpt-4o-mini-tts\")]\nX,", Language::Rust));
    assert!(!passes("# anthropic\nRETIRES = {\n    \"claude-1.3\": \"November 6th, 2024\",\n}", Language::Python));
    assert!(!passes("# openai\nChatModel = Literal[\n    \"gpt-4o\",\n    \"gpt-4o-mini\",\n]", Language::Python));
    assert!(passes("# openai\nMODELS = [\"gpt-4o\", \"gpt-4o-mini\"]", Language::Python));
}

#[test]
fn a_config_file_needs_a_model_among_settings_or_a_cap() {
    assert!(passes("llm:\n  model: claude-opus-4-7\n", Language::Yaml));
    // An o-series id alone opens a config file, not code (in code it
    // comes with a request).
    assert!(!passes("import openai\nm = 'o3'", Language::Python));
    assert!(passes("import openai\nopenai.OpenAI().responses.create(model='o3')", Language::Python));
    let cell = r#"{"cells": [{"cell_type": "code", "source": ["from claude_agent_sdk import query\n", "m = query(model=\"claude-sonnet-4-20250514\")"]}]}"#;
    assert!(passes(cell, Language::Notebook));
    // A cell's source as one string: its lines are `\n` escapes.
    let cell = r#"{"cells": [{"cell_type": "code", "source": "import anthropic\nc = anthropic.Anthropic()"}]}"#;
    assert!(passes(cell, Language::Notebook));
    assert!(passes("model: claude-opus-4-7\ntemperature: 0\n", Language::Yaml));
    assert!(passes("provider: openai\nmodel: o3\n", Language::Yaml));
    assert!(passes("{\"model\": \"gpt-4o\", \"max_tokens\": 100000}", Language::Json));
    assert!(passes("MODEL=claude-3-haiku-20240307 # anthropic\n", Language::Env));
    // A leaderboard, a recorded response: models without settings.
    assert!(!passes("- dirname: run\n  model: claude-3-opus\n  pass_rate: 3\n", Language::Yaml));
    assert!(!passes(
        "{\"model\": \"gpt-4o\", \"system_fingerprint\": \"x\", \"finish_reason\": \"stop\"}",
        Language::Json
    ));
    // A prompt that quotes a request body is a string, not settings.
    assert!(!passes(
        "{\"text\": \"call it with {\\\"model\\\": \\\"gpt-4o\\\", \\\"max_tokens\\\": 1024}\"}",
        Language::Json
    ));
    // Data-sized config files are not settings.
    let big = format!("model: gpt-4o\ntemperature: 0\n{}", "x: 1\n".repeat(60_000));
    assert!(!passes(&big, Language::Yaml));
}

#[test]
fn caps_count_with_a_value_not_a_type() {
    for code in [
        "import anthropic\nclient.x(max_tokens=100_000)",
        "import anthropic\nbody = {\"max_tokens\": 4096}",
        "import anthropic\nparams[\"max_tokens\"] = MAX",
        "import anthropic\nclient.x(max_tokens=settings.MAX)",
        "import anthropic\nclient.x(max_tokens=settings.MAX_TOKENS)",
    ] {
        assert!(passes(code, Language::Python), "{code}");
    }
    for code in [
        "import anthropic\nclass P(TypedDict):\n    max_tokens: Required[int]",
        "import anthropic\ndef f(*, max_tokens: int | NotGiven = NOT_GIVEN): ...",
        "import anthropic\nf(max_tokens=max_tokens)",
        "import anthropic\nif max_tokens == 3: pass",
        "import anthropic\nf(max_tokens=self.max_tokens)",
        "import anthropic\nbody = {\"max_tokens\": options.maxOutputTokens}",
    ] {
        assert!(!passes(code, Language::Python), "{code}");
    }
    assert!(passes("import Anthropic from '@anthropic-ai/sdk'\nconst o = { max_tokens: 1024 };", Language::TypeScript));
    // A cap counts where a request can carry it: an SDK, a framework or an
    // HTTP client is imported (a framework's tests set caps on mock models).
    assert!(!passes(
        "// anthropic\nimport { mock } from './mock';\nconst o = { maxTokens: 1024 };",
        Language::TypeScript
    ));
    assert!(passes("// anthropic\nconst o = { max_tokens: 1024 };\nawait fetch(URL, o);", Language::TypeScript));
    assert!(passes("import requests  # anthropic\nbody = {\"max_tokens\": 100000}", Language::Python));
    assert!(!passes("import Anthropic from 'x'\ninterface P { max_tokens?: number; }", Language::TypeScript));
    assert!(passes("use async_openai; // anthropic\nlet r = b.max_tokens(4096u32);", Language::Rust));
    assert!(!passes("// anthropic\npub struct R { pub max_tokens: Option<u32> }", Language::Rust));
}

#[test]
fn calls_count_as_whole_identifiers_outside_comments_and_docstrings() {
    assert!(passes("import OpenAI from 'openai';\nconst c = new OpenAI();", Language::TypeScript));
    assert!(!passes("// openai\nthrow new OpenAIError('x');", Language::TypeScript));
    assert!(!passes(
        "/**\n * const c = new OpenAI();\n * await c.chat.completions.create({})\n */",
        Language::TypeScript
    ));
    assert!(!passes(
        "def f():\n    \"\"\"Example:\n        client.messages.create(...)  # anthropic\n    \"\"\"\n",
        Language::Python
    ));
    assert!(passes("\"\"\"Docs.\"\"\"\nimport anthropic\nanthropic.Anthropic().messages.create()", Language::Python));
    assert!(passes("import litellm\nlitellm.completion(model=m)", Language::Python));
    assert!(passes("from litellm import acompletion\nawait acompletion(model=m)", Language::Python));
    assert!(!passes("# openai\ndef my_completion(x): ...", Language::Python));
    assert!(passes("from openai import AsyncOpenAI\nclient = AsyncOpenAI()", Language::Python));
    // Imported, defined, named in a string: not called.
    assert!(!passes("import { streamText } from 'ai'; // openai\n", Language::TypeScript));
    assert!(!passes("// openai\nexport function streamText({ model }) {}", Language::TypeScript));
    assert!(!passes("# openai\nclass OpenAI(SyncAPIClient): ...", Language::Python));
    assert!(!passes("# openai\nlog(f\"patching `client.chat.completions.create` now\")", Language::Python));
    assert!(passes(
        "import { streamText } from 'ai'; // openai\nconst r = streamText({ model });",
        Language::TypeScript
    ));
    // A client, operation or framework call counts where the SDK or
    // framework is imported, not in the SDK's or framework's own code.
    assert!(!passes(
        "// openai\nimport { streamText } from './stream-text';\nstreamText({ model });",
        Language::TypeScript
    ));
    assert!(passes("// openai\nimport { streamText } from \"ai\";\nstreamText({ model });", Language::TypeScript));
    assert!(!passes(
        "// openai\nimport { x } from '@ai-sdk/openai-compatible';\nstreamText({ model });",
        Language::TypeScript
    ));
    assert!(passes("const OpenAI = require('openai');\nconst c = new OpenAI();", Language::JavaScript));
    assert!(!passes("from .._client import OpenAI\nclient = OpenAI()  # openai", Language::Python));
    assert!(passes("from langchain_anthropic import ChatAnthropic\nllm = ChatAnthropic(model=m)", Language::Python));
    assert!(!passes(
        "# anthropic: see the docs on how to import anthropic\nclient.messages.create(x)",
        Language::Python
    ));
    // An SDK's own relative path is not a request to the API; a base URL's is.
    assert!(!passes("# anthropic\nself._post(\"/v1/messages\", body=b)", Language::Python));
    assert!(passes("# anthropic\nhttpx.post(f\"{BASE}/v1/messages\", json=b)", Language::Python));
    assert!(passes("// openai\nfetch(\"https://gateway.example/v1/chat/completions\")", Language::TypeScript));
    assert!(!passes("// openai\nimport { C } from '../resources/chat/completions';", Language::TypeScript));
}

#[test]
fn a_key_prefix_opens_a_file_only_with_a_key_of_that_shape() {
    let p = Prefilter::new(vec!["anthropic"], vec!["gsk_", "xai-", "llmlint:"], &[], ModelTable::builtin());
    assert!(!p.matches(b"paths:\n  /v1/xai-models: {}\n  gsk_: 1\n", Language::Yaml, false));
    assert!(p.matches(b"# llmlint: ignore[huge-max-tokens]\n", Language::Python, false));
    let key = format!(
        "GROQ_API_KEY={}",
        crate::knowledge::secrets::tests::fake(
            "gsk_",
            52,
            b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        )
    );
    assert!(p.matches(key.as_bytes(), Language::Env, false));
}

#[test]
fn the_code_search_stays_vectorised() {
    // Aho-Corasick's SIMD search takes at most 64 words; past that every
    // file is searched several times slower.
    let p = Prefilter::new(vec!["anthropic"], vec![], &[], ModelTable::builtin());
    assert!(p.code.uses.len() <= 64, "{} words", p.code.uses.len());
}

#[test]
fn a_wrapper_call_is_evidence() {
    let p = Prefilter::new(vec!["anthropic"], vec![], &["myco.llm.ask_claude"], ModelTable::builtin());
    assert!(p.matches(b"from myco.llm import ask_claude  # anthropic\nask_claude(prompt)", Language::Python, false));
    assert!(!p.matches(b"# anthropic\nask(prompt)", Language::Python, false));
    assert!(p.matches(b"# anthropic\nfrom .llm import ask_claude\nask_claude(prompt)", Language::Python, false));
}

#[test]
fn an_sdk_package_imports_itself_by_relative_paths() {
    let p = Prefilter::new(vec!["sleep"], vec![], &[], ModelTable::builtin());
    let helper = b"from .._errors import APIError\n\nasync def f(self):\n    await self._events.send(x)\n    await anyio.sleep(1)\n";
    // Inside the SDK's own package a relative import is the SDK's, and an
    // operation may end a private attribute bound to a resource.
    assert!(p.matches_in(helper, Language::Python, false, true));
    // Elsewhere neither counts.
    assert!(!p.matches_in(helper, Language::Python, false, false));
    let other = b"from .._errors import APIError\n\nasync def f(self):\n    await self.my_events.send(x)\n    await anyio.sleep(1)\n";
    assert!(!p.matches_in(other, Language::Python, false, true));
}

#[test]
fn a_streaming_twin_is_found_by_its_operation() {
    // `generate_content_stream` is searched as `models.generate_content`
    // and its suffix: one word for the pair.
    let p = Prefilter::new(vec!["genai"], vec![], &[], ModelTable::builtin());
    let py = |call: &str| {
        format!("from google import genai\n\ndef f(m, c):\n    return client.{call}(model=m, contents=c)\n")
    };
    assert!(p.matches(py("models.generate_content").as_bytes(), Language::Python, false));
    assert!(p.matches(py("models.generate_content_stream").as_bytes(), Language::Python, false));
    assert!(p.matches(py("aio.models.generate_content_stream").as_bytes(), Language::Python, false));
    assert!(!p.matches(py("models.generate_content_streaming").as_bytes(), Language::Python, false));
    let ts = |call: &str| {
        format!(
            "import {{ GoogleGenAI }} from \"@google/genai\";\nexport const f = (m, c) => ai.{call}({{ model: m, contents: c }});\n"
        )
    };
    assert!(p.matches(ts("models.generateContentStream").as_bytes(), Language::TypeScript, false));
    assert!(!p.matches(ts("models.generateContentStreamed").as_bytes(), Language::TypeScript, false));
    assert!(!sdks::call_words().iter().any(|w| w.ends_with("_stream") || w.ends_with("Stream")));
}

#[test]
fn an_async_client_is_found_by_its_name() {
    // `AsyncGroq(` is searched as `Groq(` after `Async`: one word for the pair.
    let p = Prefilter::new(vec!["groq"], vec![], &[], ModelTable::builtin());
    assert!(p.matches(b"from groq import AsyncGroq\nclient = AsyncGroq()\n", Language::Python, false));
    assert!(p.matches(b"import Groq from \"groq-sdk\";\nconst groq = new Groq();\n", Language::TypeScript, false));
    assert!(!p.matches(b"from groq import AsyncGroq\nclient = MyAsyncGroq()\n", Language::Python, false));
    assert!(!sdks::call_words().iter().any(|w| sdks::CLIENT_PREFIXES.iter().any(|p| w.starts_with(p))));
}

fn passes_for_agent_loops(text: &str, language: Language) -> bool {
    let rule = crate::rules::find("unbounded-agent-loop").expect("the rule");
    Prefilter::new(rule.meta.trigger_words(), vec![], &[], ModelTable::builtin()).matches(
        text.as_bytes(),
        language,
        false,
    )
}

#[test]
fn an_agent_frameworks_turn_limit_is_evidence() {
    // Nothing else shows a request: the limit given a value, where the
    // framework is imported, opens the file.
    for (code, language) in [
        ("from agents import Runner\n\nRunner.run_sync(triage, q, max_turns=float('inf'))\n", Language::Python),
        ("from langgraph.graph import StateGraph\ng.invoke(x, {\"recursion_limit\": NO_LIMIT})\n", Language::Python),
        (
            "from autogen_agentchat.teams import RoundRobinGroupChat\nteam = RoundRobinGroupChat([a, b])\n",
            Language::Python,
        ),
        ("import { run } from '@openai/agents';\nawait run(triage, q, { maxTurns: null });\n", Language::TypeScript),
        ("import { generateText } from 'ai';\nawait generateText({ stopWhen: [] });\n", Language::TypeScript),
    ] {
        assert!(passes_for_agent_loops(code, language), "{code}");
    }
    for (code, language) in [
        // no framework imported
        ("Runner.run_sync(triage, q, max_turns=float('inf'))\n", Language::Python),
        // a limit passed on, in parentheses, or only described
        (
            "import { Runnable } from \"@langchain/core/runnables\";\nf({ recursionLimit: options.recursionLimit });\n",
            Language::TypeScript,
        ),
        (
            "import { Runnable } from \"@langchain/core/runnables\";\nf({ recursionLimit: (n ?? 25) - 1 });\n",
            Language::TypeScript,
        ),
        (
            "from agents import Runner\n\ndef f(max_turns=max_turns):\n    \"\"\"\n    max_turns: Maximum turns\n    \"\"\"\n",
            Language::Python,
        ),
        ("from agents import Runner\n# max_turns: None lifts the limit\n", Language::Python),
        // a type, not a value
        ("from agents import Runner\n\nclass C:\n    max_turns: int\n", Language::Python),
    ] {
        assert!(!passes_for_agent_loops(code, language), "{code}");
    }
}

#[test]
fn the_rule_triggers_on_every_turn_limit_word() {
    // A limit word no trigger covers would never open a file.
    let rule = crate::rules::find("unbounded-agent-loop").expect("the rule");
    let triggers: Vec<String> = rule.meta.trigger_words().iter().map(|t| t.to_ascii_lowercase()).collect();
    for word in crate::knowledge::agents::words() {
        assert!(triggers.iter().any(|t| word.to_ascii_lowercase().contains(t.as_str())), "{word}");
    }
}

#[test]
fn bedrock_clients_and_operations_are_evidence() {
    let p = Prefilter::new(vec!["retry"], vec![], &[], ModelTable::builtin());
    let boto = b"import boto3\n\nclient = boto3.client('bedrock-runtime')\n# retry\nclient.converse(modelId=MODEL, messages=m)\n";
    assert!(p.matches(boto, Language::Python, false));
    // A command of AWS's JS SDK counts through its client, not by name.
    let js = b"import { BedrockRuntimeClient } from \"@aws-sdk/client-bedrock-runtime\";\n// retry\nconst c = new BedrockRuntimeClient({});\n";
    assert!(p.matches(js, Language::TypeScript, false));
    let command_only = b"import { ConverseCommand } from \"@aws-sdk/client-bedrock-runtime\";\n// retry\nnew ConverseCommand({ modelId });\n";
    assert!(!p.matches(command_only, Language::TypeScript, false));
}

#[test]
fn a_clients_twins_and_variants_are_found_by_its_name() {
    // `AsyncAzureOpenAI`, `AzureChatOpenAI`, `AnthropicVertex`, Cohere's
    // `ClientV2`: one word per client, its prefixes and suffixes around it.
    // (Every case has the rule's word, `import`: only evidence decides.)
    let p = Prefilter::new(vec!["import"], vec![], &[], ModelTable::builtin());
    for (code, language) in [
        ("from openai import AsyncAzureOpenAI\nclient = AsyncAzureOpenAI(azure_endpoint=e)\n", Language::Python),
        ("from langchain_openai import AzureChatOpenAI\nllm = AzureChatOpenAI(azure_deployment=d)\n", Language::Python),
        ("from anthropic import AnthropicVertex\nclient = AnthropicVertex(region=r)\n", Language::Python),
        ("from anthropic import AsyncAnthropicBedrock\nclient = AsyncAnthropicBedrock()\n", Language::Python),
        ("import cohere\nco = cohere.ClientV2()\n", Language::Python),
        ("import cohere\nco = cohere.AsyncClientV2()\n", Language::Python),
        (
            "import { CohereClientV2 } from \"cohere-ai\";\nconst co = new CohereClientV2({ token });\n",
            Language::TypeScript,
        ),
        ("from mistralai.client import Mistral\nclient = Mistral(api_key=k)\n", Language::Python),
        (
            "import { Mistral } from \"@mistralai/mistralai\";\nconst m = new Mistral({ apiKey });\n",
            Language::TypeScript,
        ),
        // A client made elsewhere: the operation is the evidence, async too.
        (
            "import mistralai\n\nasync def f(c, m):\n    return await c.chat.complete_async(model=m, messages=[])\n",
            Language::Python,
        ),
        ("import mistralai\n\ndef f(c, m):\n    return c.chat.stream_async(model=m, messages=[])\n", Language::Python),
    ] {
        assert!(p.matches(code.as_bytes(), language, false), "{code}");
    }
    for code in [
        // Not a twin: another name that ends like a client's.
        "from openai import OpenAI\nclient = MyAzureOpenAIish()\n",
        "import cohere\nco = cohere.ClientV3()\n",
        // Cohere's `chat` alone is no evidence (its client is).
        "import cohere\n\ndef f(co, m):\n    return co.chat(model=m, messages=[])\n",
    ] {
        assert!(!p.matches(code.as_bytes(), Language::Python, false), "{code}");
    }
    assert!(!sdks::call_words().iter().any(|w| sdks::CLIENT_SUFFIXES.iter().any(|s| w.ends_with(s))));
}

#[test]
fn a_method_of_a_client_is_found_by_its_client() {
    // `client.chats.create(...)` of `genai.Client()`: the client is the
    // evidence, not a word as common as `create`.
    let p = Prefilter::new(vec!["google"], vec![], &[], ModelTable::builtin());
    let py = "from google import genai\nclient = genai.Client()\nchat = client.chats.create(model=M, config=C)\n";
    assert!(p.matches(py.as_bytes(), Language::Python, false));
    assert!(!sdks::call_words().iter().any(|w| w == "create" || w == "getGenerativeModel"));
}
