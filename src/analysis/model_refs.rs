//! Model ids the file names where they can reach a request: literals,
//! constants and the tables that hold them.

use super::*;

/// Providers that are test doubles: a model named beside them is never called.
const MOCK_PROVIDERS: &[&str] = &["mock", "fake", "echo", "test", "dummy"];

/// Names of env files that are templates (`.env.example`, `example.env`).
const ENV_TEMPLATE_WORDS: &[&str] = &["example", "sample", "template", "dist", "tmpl"];

impl<'u> Analyzer<'u> {
    /// The string literals an expression may evaluate to: itself, either side
    /// of `a or b` / `a ?? b`, the default of `os.getenv("M", "…")`, and
    /// `.unwrap_or("…")`. A default is what runs when the setting is absent.
    pub(in crate::analysis) fn possible_literals(&self, e: ExprId, depth: usize, out: &mut Vec<ExprId>) {
        if depth > 4 {
            return;
        }
        match self.kind(e) {
            ExprKind::Str(_) => out.push(e),
            ExprKind::Binary { op: BinOp::Or, left, right } => {
                self.possible_literals(*left, depth + 1, out);
                self.possible_literals(*right, depth + 1, out);
            }
            ExprKind::Call { callee, args, .. } => {
                let default = match self.qualified(*callee).as_deref() {
                    Some("os.getenv" | "os.environ.get" | "environ.get" | "getenv") => args.get(1),
                    _ => match self.kind(*callee) {
                        ExprKind::Attr { name, .. } if name == "unwrap_or" => args.first(),
                        ExprKind::Attr { name, .. } if name == "get" => args.get(1),
                        _ => None,
                    },
                };
                if let Some(d) = default.filter(|d| d.key.is_none() || d.key.as_deref() == Some("default")) {
                    self.possible_literals(d.value, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// Model ids written as the values of something named for models:
    /// `MODELS = {"fast": "claude-…"}`, `SUPPORTED_MODELS = [...]`,
    /// `class Model(str, Enum)`, `enum Model { … }`.
    pub(in crate::analysis) fn model_table_literals(&self, e: ExprId, out: &mut Vec<ExprId>) {
        match self.kind(e) {
            ExprKind::Object(entries) => {
                for en in entries.iter().filter(|en| !en.spread) {
                    self.possible_literals(en.value, 0, out);
                }
            }
            ExprKind::Array(items) => {
                for &i in items {
                    self.possible_literals(i, 0, out);
                }
            }
            _ => self.possible_literals(e, 0, out),
        }
    }

    pub(in crate::analysis) fn model_refs(&mut self) {
        // `.env.example` and its kin are templates to copy, not settings in use.
        if self.language == crate::base::language::Language::Env && self.env_template() {
            return;
        }
        // An Azure client's requests name deployments. (The same value read
        // again as a plain object entry, at the same span, is the name.)
        let clients = &self.facts.clients;
        let mut azure_spans: HashSet<Span> = HashSet::new();
        for call in self.facts.calls.iter_mut().filter(|c| c.client.is_some_and(|i| clients[i].azure)) {
            if let Some(m) = &mut call.model {
                m.as_deployment();
                azure_spans.insert(m.span);
            }
        }
        let mut refs: Vec<Arg> = vec![];
        // Ids handed to a partner platform's provider function, by span.
        let mut partner: Map<Span, Platform> = Map::default();
        for call in &self.facts.calls {
            // A client pointed at a partner platform (`vertexai=True`).
            let on = call.client.and_then(|i| clients[i].partner);
            if let (Some(platform), Some(m)) = (on, &call.model) {
                partner.insert(m.span, platform);
            }
            // A settings entry's `name` (aider's model settings) says which
            // model the entry's parameters go with when a user picks it:
            // the table is looked up, its names are not requested.
            if let Some(m) = &call.model
                && m.key != "name"
            {
                refs.push(m.clone());
            }
        }
        let literal_arg = |e: ExprId, key: &str| Arg {
            key: key.to_string(),
            span: self.span(e),
            value_span: self.span(e),
            value: self.resolve(e),
        };
        for e in ExprId::all(self.unit.exprs.len()) {
            let entries: &[Entry] = match self.kind(e) {
                ExprKind::Object(entries) if self.sent_body(e, entries) => entries,
                ExprKind::Object(_) => continue,
                // `dict(model=…)` is an object; any other call takes the model.
                ExprKind::Call { callee, .. } if self.passes_on(*callee) && !self.sent(e) => continue,
                ExprKind::Call { callee, args, .. } => {
                    // `anthropic("claude-…")`, builder `.model("…")`
                    let builder = matches!(self.kind(*callee), ExprKind::Attr { name, .. } if sdks::MODEL_KEYS.contains(&name.as_str()));
                    if let Some(first) = args.first().filter(|_| builder) {
                        let mut a = self.make_arg(first);
                        a.key = "model".into();
                        refs.push(a);
                    } else if let Some((first, platform, _)) = self.provider_fn(e) {
                        let mut a = self.make_arg(first);
                        a.key = "model".into();
                        if platform == Platform::Azure {
                            a.as_deployment();
                        } else if platform != Platform::FirstParty {
                            partner.insert(a.span, platform);
                        }
                        refs.push(a);
                    }
                    args
                }
                _ => continue,
            };
            // In YAML/JSON/TOML a model id counts only in a mapping of LLM
            // settings: a leaderboard, a recorded response or a price list
            // names models without calling them.
            if self.language.is_config()
                && self.language != crate::base::language::Language::Env
                && !self.config_settings(e, entries)
            {
                continue;
            }
            if self.language.is_config() && self.in_schema_example(e) {
                continue;
            }
            // `provider: mock`: a test double answers, nothing is sent.
            let mock = entries.iter().any(|en| {
                en.key.as_deref() == Some("provider")
                    && matches!(self.kind(en.value), ExprKind::Str(p) if MOCK_PROVIDERS.contains(&p.to_ascii_lowercase().as_str()))
            });
            if mock {
                continue;
            }
            for en in entries.iter().filter(|en| self.is_model_entry(en)) {
                let mut lits = vec![];
                self.possible_literals(en.value, 0, &mut lits);
                if lits.is_empty() || lits == [en.value] {
                    refs.push(self.make_arg(en));
                } else {
                    refs.extend(lits.into_iter().map(|l| literal_arg(l, en.key.as_deref().unwrap_or("model"))));
                }
            }
        }
        // Names that say they hold models: `FAST_MODEL = "…"`, `model: str = "…"`,
        // `MODEL = os.getenv("MODEL", "…")`, `MODELS = [...]`, members of a class
        // named for models.
        for scope in &self.unit.scopes {
            let class_of_models = scope.name.as_deref().is_some_and(|n| n.to_ascii_lowercase().contains("model"));
            let named = scope.names.iter().filter_map(|(n, bs)| match bs.as_slice() {
                [Binding::Value(v)] => Some((n, *v)),
                _ => None,
            });
            for (name, v) in named.chain(scope.param_defaults.iter().map(|(n, v)| (n, *v))) {
                let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
                if !class_of_models && !last.contains("model") {
                    continue;
                }
                // A table of old models (a migration map) lists them on purpose.
                if ["deprecat", "retire", "legacy", "obsolete", "sunset"].iter().any(|w| last.contains(w)) {
                    continue;
                }
                // Only what the file passes on: a catalogue read with
                // `.find()` or `startswith` names models nobody calls. A
                // setting's default (`os.getenv("MODEL", "…")`, `env ?? "…"`)
                // is what runs when the setting is absent, wherever it is read.
                let setting = !matches!(self.kind(v), ExprKind::Str(_) | ExprKind::Object(_) | ExprKind::Array(_));
                let mut lits = vec![];
                if let Some(members) = self.members_sent(name, v) {
                    members.into_iter().for_each(|m| self.possible_literals(m, 0, &mut lits));
                } else if self.language.is_config() || setting || self.sent(v) {
                    self.model_table_literals(v, &mut lits);
                }
                refs.extend(lits.into_iter().map(|l| literal_arg(l, name)));
            }
        }
        let mut seen = HashSet::new();
        for arg in refs {
            let deployment = arg.value.value.as_str().is_some_and(|v| Platform::of(v) == Platform::Azure);
            if (azure_spans.contains(&arg.span) && !deployment)
                || self.unserved.contains(&arg.span)
                || !matches!(arg.value.value, Value::Str(_) | Value::Import(_))
            {
                continue;
            }
            let key = arg.value.origin.map(|o| o.span).unwrap_or(arg.value_span);
            if seen.insert(key) {
                let platform = partner.get(&arg.span).copied();
                self.facts.model_refs.push(ModelRef { arg, platform });
            }
        }
    }

    /// Inside a JSON Schema's `default`, `examples` or `enum`: a schema
    /// describes settings, it sets none (an editor's suggestion).
    fn in_schema_example(&self, obj: ExprId) -> bool {
        self.holders(obj).any(|(outer, key)| {
            let describes = outer.iter().any(|en| {
                matches!(
                    en.key.as_deref(),
                    Some("type" | "description" | "markdownDescription" | "$schema" | "properties")
                )
            });
            describes && key.is_some_and(|k| matches!(k, "default" | "examples" | "enum" | "const"))
        })
    }

    fn env_template(&self) -> bool {
        let name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        ENV_TEMPLATE_WORDS.iter().any(|w| name.contains(w))
    }

    // ---- exports -------------------------------------------------------------
}
