//! The shapes the analysis recognises, as pass/fail tables (oxc keeps such
//! tables beside each rule): each row is a snippet in one language and the
//! fact it must, or must not, yield. One file, one analysis, no project link.

use std::path::PathBuf;

use crate::base::language::Language;
use crate::base::source::SourceFile;
use crate::base::tri::Tri;
use crate::facts::{Facts, Provider};

fn facts(name: &str, code: &str) -> Facts {
    let path = PathBuf::from(name);
    let language = Language::from_path(&path).expect("a known extension");
    let file = SourceFile::new(path, name.into(), code.into());
    super::facts(&file, 0.into(), language, super::Tables::builtin()).expect("parses")
}

/// (file name, code): the analysis must see one request, of this operation.
const REQUESTS: &[(&str, &str, &str)] = &[
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nc.messages.create(model='claude-haiku-4-5', max_tokens=10, messages=[])",
        "messages.create",
    ),
    (
        "a.py",
        "from openai import OpenAI\nOpenAI().chat.completions.create(model='gpt-4o', messages=[])",
        "chat.completions.create",
    ),
    (
        "a.py",
        "import anthropic\nasync def f():\n    c = anthropic.AsyncAnthropic()\n    await c.messages.create(model='claude-haiku-4-5', max_tokens=10, messages=[])",
        "messages.create",
    ),
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nwith c.messages.stream(model='claude-haiku-4-5', max_tokens=10, messages=[]) as s:\n    pass",
        "messages.stream",
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nawait c.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [] });",
        "messages.create",
    ),
    (
        "a.js",
        "const OpenAI = require('openai');\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [] });",
        "chat.completions.create",
    ),
    (
        "a.ts",
        "import { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\nawait generateText({ model: anthropic('claude-haiku-4-5'), prompt: 'hi' });",
        "generateText",
    ),
    (
        "a.py",
        "from mistralai.client import Mistral\nc = Mistral(api_key='')\nc.chat.complete(model='mistral-large-latest', max_tokens=10, messages=[])",
        "chat.complete",
    ),
    (
        "a.ts",
        "import { Mistral } from '@mistralai/mistralai';\nconst m = new Mistral({ apiKey: '' });\nawait m.chat.stream({ model: 'mistral-small-latest', messages: [] });",
        "chat.stream",
    ),
    ("a.py", "import cohere\nco = cohere.ClientV2()\nco.chat(model='command-a-03-2025', messages=[])", "chat"),
    (
        "a.ts",
        "import { CohereClientV2 } from 'cohere-ai';\nconst co = new CohereClientV2({ token: '' });\nawait co.chatStream({ model: 'command-a-03-2025', messages: [] });",
        "chatStream",
    ),
];

/// Code that looks like a request and is not one.
const NOT_REQUESTS: &[(&str, &str)] = &[
    // Cohere's `chat` is a request only on a Cohere client.
    ("a.py", "import cohere\ndef f(bot):\n    bot.chat(model='command-a-03-2025', messages=[])"),
    ("a.py", "import cohere\nfrom openai import OpenAI\nOpenAI().chat(model='command-a-03-2025', messages=[])"),
    ("a.py", "def create(**kw):\n    return kw\ncreate(model='claude-haiku-4-5', max_tokens=10)"),
    ("a.py", "messages = []\nmessages.append({'role': 'user', 'content': 'hi'})"),
    ("a.ts", "const messages = { create: (x: unknown) => x };\nmessages.create({ model: 'claude-haiku-4-5' });"),
    ("a.py", "# client.messages.create(model='claude-haiku-4-5', max_tokens=10)\nx = 1"),
];

#[test]
fn requests_are_recognised() {
    for (name, code, operation) in REQUESTS {
        let f = facts(name, code);
        assert_eq!(f.calls.len(), 1, "{name}: one request expected in\n{code}\ngot {:?}", f.calls);
        assert_eq!(f.calls[0].operation, *operation, "{code}");
    }
    for (name, code) in NOT_REQUESTS {
        let f = facts(name, code);
        assert!(f.calls.is_empty(), "{name}: no request expected in\n{code}\ngot {:?}", f.calls);
    }
}

/// (file, code, the model the request names, its max_tokens): values
/// resolved the way the code writes them.
const VALUES: &[(&str, &str, &str, i64)] = &[
    (
        "a.py",
        "import anthropic\nM = 'claude-haiku-4-5'\nN = 2 * 1024\nanthropic.Anthropic().messages.create(model=M, max_tokens=N, messages=[])",
        "claude-haiku-4-5",
        2048,
    ),
    (
        "a.py",
        "import anthropic\nclass C:\n    MODEL = 'claude-haiku-4-5'\nanthropic.Anthropic().messages.create(model=C.MODEL, max_tokens=100_000, messages=[])",
        "claude-haiku-4-5",
        100_000,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst CFG = { model: 'claude-haiku-4-5', max: 4096 };\nnew Anthropic().messages.create({ model: CFG.model, max_tokens: CFG.max, messages: [] });",
        "claude-haiku-4-5",
        4096,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst body = { model: 'claude-haiku-4-5', max_tokens: 512, messages: [] };\nnew Anthropic().messages.create({ ...body });",
        "claude-haiku-4-5",
        512,
    ),
];

#[test]
fn values_are_resolved() {
    for (name, code, model, cap) in VALUES {
        let f = facts(name, code);
        let call = f.calls.first().unwrap_or_else(|| panic!("{name}: no request in\n{code}"));
        assert_eq!(call.model_id(), Some(*model), "{code}");
        assert_eq!(call.max_tokens.as_ref().and_then(|a| a.value.value.as_int()), Some(*cap), "{code}");
    }
}

/// (file, code, jitter, bounded): one retry scope with this shape.
const RETRIES: &[(&str, &str, Tri, Tri)] = &[
    (
        "a.py",
        "import time, anthropic\nc = anthropic.Anthropic()\ndef f():\n    for i in range(5):\n        try:\n            return c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])\n        except anthropic.RateLimitError:\n            time.sleep(2 ** i)",
        Tri::No,
        Tri::Yes,
    ),
    (
        "a.py",
        "import time, random, anthropic\nc = anthropic.Anthropic()\ndef f():\n    while True:\n        try:\n            return c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])\n        except anthropic.RateLimitError:\n            time.sleep(random.uniform(0, 8))",
        Tri::Yes,
        Tri::No,
    ),
    (
        "a.py",
        "import anthropic\nfrom tenacity import retry, wait_exponential, stop_after_attempt\nc = anthropic.Anthropic()\n@retry(wait=wait_exponential(), stop=stop_after_attempt(3))\ndef f():\n    return c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])",
        Tri::No,
        Tri::Yes,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nexport async function f() {\n  for (let i = 0; i < 4; i++) {\n    try {\n      return await c.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [] });\n    } catch (e) {\n      await new Promise((r) => setTimeout(r, 1000 * 2 ** i));\n    }\n  }\n}",
        Tri::No,
        Tri::Yes,
    ),
];

/// Loops that are not retries: no sleep, or no request.
const NOT_RETRIES: &[(&str, &str)] = &[
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nfor q in ['a', 'b']:\n    c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])",
    ),
    ("a.py", "import time\ndef wait():\n    for _ in range(10):\n        time.sleep(1)"),
];

#[test]
fn retries_are_recognised() {
    for (name, code, jitter, bounded) in RETRIES {
        let f = facts(name, code);
        assert_eq!(f.retry_scopes.len(), 1, "{name}: one retry expected in\n{code}");
        let s = &f.retry_scopes[0];
        assert!(s.delays.iter().all(|d| d.jitter == *jitter), "{code}\njitter: {:?}", s.delays);
        assert_eq!(s.bounded, *bounded, "{code}");
    }
    for (name, code) in NOT_RETRIES {
        assert!(facts(name, code).retry_scopes.is_empty(), "{name}: no retry expected in\n{code}");
    }
}

/// (file, code, bounded): one fan-out. (A limit taken inside a function the
/// item calls is the project link's to see, not one file's.)
const FAN_OUTS: &[(&str, &str, Tri)] = &[
    (
        "a.py",
        "import asyncio, anthropic\nc = anthropic.AsyncAnthropic()\nasync def one(q):\n    return await c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])\nasync def all(qs):\n    return await asyncio.gather(*[one(q) for q in qs])",
        Tri::No,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nimport pLimit from 'p-limit';\nconst c = new Anthropic();\nconst limit = pLimit(4);\nexport const all = (qs: string[]) => Promise.all(qs.map((q) => limit(() => c.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [] }))));",
        Tri::Yes,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nexport const all = (qs: string[]) => Promise.all(qs.map((q) => c.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [] })));",
        Tri::No,
    ),
];

#[test]
fn fan_outs_are_recognised() {
    for (name, code, bounded) in FAN_OUTS {
        let f = facts(name, code);
        assert_eq!(f.fan_outs.len(), 1, "{name}: one fan-out expected in\n{code}");
        assert_eq!(f.fan_outs[0].bounded, *bounded, "{code}");
    }
}

/// (file, code, a growing history, a batchable call).
const LOOPS: &[(&str, &str, bool, bool)] = &[
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nhistory = []\nwhile True:\n    history.append({'role': 'user', 'content': input()})\n    r = c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=history)\n    history.append({'role': 'assistant', 'content': r.content})",
        true,
        false,
    ),
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nhistory = []\nwhile True:\n    history.append({'role': 'user', 'content': input()})\n    history = history[-20:]\n    r = c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=history)",
        false,
        false,
    ),
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\ndef nightly(docs):\n    out = []\n    for d in docs:\n        out.append(c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[{'role': 'user', 'content': d}]))\n    return out",
        false,
        true,
    ),
    // A few questions written out, walked through `enumerate`, `sorted`
    // or `.entries()`: a demo's turns, not a workload.
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nQS = ['a?', 'b?', 'c?', 'd?']\ndef demo():\n    out = []\n    for i, q in enumerate(QS, 1):\n        out.append(c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[{'role': 'user', 'content': q}]))\n    return out",
        false,
        false,
    ),
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\nQS = ['a?', 'b?', 'c?']\ndef demo():\n    out = []\n    for q in sorted(QS, key=len):\n        out.append(c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[{'role': 'user', 'content': q}]))\n    return out",
        false,
        false,
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nconst QS = ['a?', 'b?'];\nexport async function demo() {\n  const out = [];\n  for (const [i, q] of QS.entries()) {\n    out.push(await c.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [{ role: 'user', content: q }] }));\n  }\n  return out;\n}",
        false,
        false,
    ),
    // The same walk over a parameter is a workload.
    (
        "a.py",
        "import anthropic\nc = anthropic.Anthropic()\ndef nightly(docs):\n    out = []\n    for i, d in enumerate(docs, 1):\n        out.append(c.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[{'role': 'user', 'content': d}]))\n    return out",
        false,
        true,
    ),
];

#[test]
fn loops_are_recognised() {
    for (name, code, growing, batchable) in LOOPS {
        let f = facts(name, code);
        let l = f.loops.first().unwrap_or_else(|| panic!("{name}: a loop expected in\n{code}"));
        assert_eq!(l.growing_history.is_some(), *growing, "{code}");
        assert_eq!(l.batchable_call.is_some(), *batchable, "{code}");
    }
}

/// (file, code): a retry around a method of the project's own class that
/// sends a request (the class here; across files, the project link joins it).
const METHOD_RETRIES: &[(&str, &str)] = &[
    (
        "a.py",
        "import time, anthropic\nclass LLM:\n    def __init__(self):\n        self.client = anthropic.Anthropic()\n    def complete(self, p):\n        return self.client.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])\nllm = LLM()\ndef f():\n    for i in range(3):\n        try:\n            return llm.complete('x')\n        except anthropic.RateLimitError:\n            time.sleep(2 ** i)",
    ),
    (
        "a.py",
        "import time, anthropic\nclass Base:\n    def __init__(self):\n        self.client = anthropic.Anthropic()\n    def complete(self, p):\n        return self.client.messages.create(model='claude-haiku-4-5', max_tokens=9, messages=[])\nclass Child(Base):\n    def complete(self, p):\n        for i in range(3):\n            try:\n                return super().complete(p)\n            except anthropic.RateLimitError:\n                time.sleep(2 ** i)",
    ),
    (
        "a.ts",
        "import Anthropic from '@anthropic-ai/sdk';\nclass LLM {\n  client = new Anthropic();\n  complete(p: string) { return this.client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [] }); }\n}\nclass Slow extends LLM {}\nexport async function f() {\n  const llm = new Slow();\n  for (let i = 0; i < 3; i++) {\n    try { return await llm.complete('x'); } catch (e) { await new Promise((r) => setTimeout(r, 1000 * 2 ** i)); }\n  }\n}",
    ),
];

/// A method that sends nothing is not a request, whatever its name.
const NOT_METHOD_RETRIES: &[(&str, &str)] = &[(
    "a.py",
    "import time\nclass Formatter:\n    def complete(self, p):\n        return p.strip()\nf = Formatter()\ndef g():\n    for i in range(3):\n        try:\n            return f.complete('x')\n        except ValueError:\n            time.sleep(1)",
)];

#[test]
fn method_calls_reach_the_class_request() {
    for (name, code) in METHOD_RETRIES {
        let f = facts(name, code);
        let scope = f.retry_scopes.first().unwrap_or_else(|| panic!("{name}: a retry expected in\n{code}"));
        let reached: Vec<_> = scope
            .callees
            .iter()
            .filter_map(|c| match c {
                crate::facts::Callee::Local(i) => Some(*i),
                _ => None,
            })
            .collect();
        assert!(
            reached.iter().any(|&i| !f.functions[i].requests.is_empty()),
            "{name}: the retry should call the method that sends, in\n{code}\ncallees {:?}",
            scope.callees
        );
    }
    for (name, code) in NOT_METHOD_RETRIES {
        let f = facts(name, code);
        assert!(
            f.retry_scopes.iter().all(|s| s.callees.iter().all(|c| match c {
                crate::facts::Callee::Local(i) => f.functions[*i].requests.is_empty(),
                _ => true,
            })),
            "{name}: nothing sends in\n{code}"
        );
    }
}

/// (file, code, the provider the request reaches, whether it leaves its
/// provider's own host): a client's `base_url` decides where it sends.
const HOSTS: &[(&str, &str, Provider, bool)] = &[
    (
        "a.py",
        "from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model='m', messages=[])",
        Provider::OpenAi,
        false,
    ),
    (
        "a.py",
        "from openai import OpenAI\nc = OpenAI(base_url='https://api.openai.com/v1')\nc.chat.completions.create(model='m', messages=[])",
        Provider::OpenAi,
        false,
    ),
    (
        "a.py",
        "from openai import OpenAI\nc = OpenAI(base_url='https://api.groq.com/openai/v1')\nc.chat.completions.create(model='m', messages=[])",
        Provider::Groq,
        true,
    ),
    (
        "a.ts",
        "import OpenAI from 'openai';\nconst c = new OpenAI({ baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/' });\nc.chat.completions.create({ model: 'm', messages: [] });",
        Provider::Google,
        true,
    ),
    (
        "a.ts",
        "import OpenAI from 'openai';\nconst c = new OpenAI({ baseURL: 'https://openrouter.ai/api/v1' });\nc.chat.completions.create({ model: 'm', messages: [] });",
        Provider::OpenAi,
        true,
    ),
    (
        "a.py",
        "import os\nfrom openai import OpenAI\nc = OpenAI(base_url=os.environ['BASE'])\nc.chat.completions.create(model='m', messages=[])",
        Provider::OpenAi,
        true,
    ),
    (
        "a.py",
        "from langchain_openai import ChatOpenAI\nChatOpenAI(model='m', openai_api_base='http://localhost:8000/v1')",
        Provider::OpenAi,
        true,
    ),
    // async-openai: the config's `with_api_base`, the request built apart and
    // sent through the client.
    (
        "a.rs",
        "use async_openai::{config::OpenAIConfig, types::CreateChatCompletionRequestArgs, Client};\nasync fn f() {\n    let c = Client::with_config(OpenAIConfig::new().with_api_base(\"https://api.groq.com/openai/v1\"));\n    let r = CreateChatCompletionRequestArgs::default().model(\"m\").max_tokens(9u32).build().unwrap();\n    c.chat().create(r).await;\n}",
        Provider::Groq,
        true,
    ),
    (
        "a.rs",
        "use async_openai::{config::OpenAIConfig, types::CreateChatCompletionRequestArgs, Client};\nasync fn f() {\n    let c = Client::with_config(OpenAIConfig::new().with_api_key(\"k\"));\n    let r = CreateChatCompletionRequestArgs::default().model(\"m\").max_tokens(9u32).build().unwrap();\n    c.chat().create(r).await;\n}",
        Provider::OpenAi,
        false,
    ),
];

#[test]
fn a_base_url_decides_where_a_client_sends() {
    for (name, code, provider, rehosted) in HOSTS {
        let f = facts(name, code);
        assert_eq!(f.calls.len(), 1, "{code}");
        assert_eq!((f.calls[0].provider, f.calls[0].rehosted), (*provider, *rehosted), "{code}");
    }
}
