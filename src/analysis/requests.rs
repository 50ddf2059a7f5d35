//! Which calls are requests: SDK operations, framework calls, declared
//! wrappers, raw HTTP to a provider's endpoint, builders and literal request
//! bodies; with their model, caps, streaming and batch.

use super::*;

impl<'u> Analyzer<'u> {
    /// An entry that names a model: a model key, or in a config file a
    /// provider-qualified `id` the table knows (promptfoo's
    /// `id: anthropic:messages:claude-…`).
    pub(in crate::analysis) fn is_model_entry(&self, en: &Entry) -> bool {
        match en.key.as_deref() {
            Some(k) if sdks::MODEL_KEYS.contains(&k) => true,
            Some("id") if self.language.is_config() => match self.kind(en.value) {
                ExprKind::Str(s) => s.contains(':') && !matches!(self.models.lookup(s), Lookup::Unknown),
                _ => false,
            },
            _ => false,
        }
    }

    /// A config mapping that configures a model: it has a setting beside the
    /// model (a cap, a temperature, a key, a provider) or sits under a key
    /// that holds LLM settings (`llm:`, `model_list:`, `providers:`).
    pub(in crate::analysis) fn config_settings(&self, obj: ExprId, entries: &[Entry]) -> bool {
        let setting = |k: &str| sdks::SETTINGS_KEYS.contains(&k) || sdks::MAX_TOKENS_KEYS.contains(&k);
        if entries.iter().any(|en| en.key.as_deref().is_some_and(setting)) {
            return true;
        }
        self.holders(obj).any(|(_, key)| key.is_some_and(|k| sdks::SETTINGS_CONTAINERS.contains(&k)))
    }

    /// In a config file, the mappings that hold `obj` (directly or through a
    /// list), innermost first, each with the key it sits under.
    pub(in crate::analysis) fn holders(
        &self,
        obj: ExprId,
    ) -> impl Iterator<Item = (&'u [Entry], Option<&'u str>)> + '_ {
        let chain = std::iter::successors(Some(obj), |c| self.unit.parents.get(c).copied());
        chain.clone().zip(chain.skip(1)).filter_map(|(child, parent)| {
            let ExprKind::Object(outer) = self.kind(parent) else { return None };
            let holder = outer.iter().find(|en| {
                en.value == child || matches!(self.kind(en.value), ExprKind::Array(items) if items.contains(&child))
            });
            Some((outer.as_slice(), holder.and_then(|en| en.key.as_deref())))
        })
    }

    /// In a config file, the model a mapping names by `name:` when `child`
    /// sits under a key whose parameters a tool merges into each request of
    /// that model (aider's `- name: claude-… / extra_params: {max_tokens}`).
    /// A `name` beside capabilities alone is a catalogue row, not this.
    fn named_model(&self, outer: &[Entry], child: ExprId) -> Option<Arg> {
        if !self.language.is_config() {
            return None;
        }
        let under = outer.iter().find(|en| en.value == child)?.key.as_deref()?;
        if !sdks::REQUEST_PARAM_CONTAINERS.contains(&under) {
            return None;
        }
        let name = outer.iter().find(|en| en.key.as_deref() == Some("name"))?;
        match self.kind(name.value) {
            ExprKind::Str(s) if !matches!(self.models.lookup(s), Lookup::Unknown) => Some(self.make_arg(name)),
            _ => None,
        }
    }

    /// `model: anthropic("claude-…")` → the id argument.
    pub(in crate::analysis) fn model_arg(&self, entries: &[Entry]) -> Option<Arg> {
        self.model_and_server(entries).map(|(arg, _)| arg)
    }

    /// The `model` entry's id argument, with the provider whose API the
    /// request goes to when a provider function names it (`model:
    /// groq("…")` is Groq's, whoever made the model; else `Unknown`).
    pub(in crate::analysis) fn model_and_server(&self, entries: &[Entry]) -> Option<(Arg, Provider)> {
        let en = entries.iter().rev().find(|en| self.is_model_entry(en))?;
        if let Some((inner, platform, serves)) = self.provider_fn(en.value) {
            let mut arg = self.make_arg(inner);
            arg.key = en.key.clone().unwrap_or_default();
            if platform == Platform::Azure {
                arg.as_deployment();
            }
            return Some((arg, serves));
        }
        Some((self.make_arg(en), Provider::Unknown))
    }

    /// The id argument of a Vercel AI SDK provider call (`anthropic("id")`,
    /// `openai.chat("id")`, or a `createAnthropic()` instance), with the
    /// platform the provider sends to (`amazonBedrock("…")` to Amazon
    /// Bedrock) and the provider whose API serves it (`groq("openai/…")`
    /// is Groq's, whoever made the model; `Unknown` when the package
    /// serves several).
    pub(in crate::analysis) fn provider_fn(&self, e: ExprId) -> Option<(&'u Entry, Platform, Provider)> {
        let e = self.follow(e);
        let ExprKind::Call { callee, args, .. } = self.kind(e) else {
            return None;
        };
        let first = args.first()?;
        // (Asked only of a name `known` found: its dotted name is cached.)
        let found = |c: ExprId, p: Provider| self.qualified(c).map(|q| (sdks::platform_of(&q), p));
        let provider = |c: ExprId| match self.known(c) {
            Some(Known::ProviderFn(p)) => found(c, p),
            _ => {
                let t = self.follow(c);
                match self.kind(t) {
                    ExprKind::Call { callee, .. } if t != c => match self.known(*callee) {
                        Some(Known::ProviderFactory(p)) => found(*callee, p),
                        _ => None,
                    },
                    _ => None,
                }
            }
        };
        let (platform, serves) = provider(*callee).or_else(|| match self.kind(*callee) {
            ExprKind::Attr { base, .. } => provider(*base),
            _ => None,
        })?;
        // Options in an object name the model with `model`
        // (`genAI.getGenerativeModel({ model: "gemini-…" })`).
        let first = match self.kind(first.value) {
            ExprKind::Object(entries) => entries.iter().find(|en| en.key.as_deref() == Some("model"))?,
            _ => first,
        };
        Some((first, platform, serves))
    }

    pub(in crate::analysis) fn model_provider(&self, model: &Option<Arg>) -> Provider {
        match model.as_ref().and_then(|m| m.value.value.as_str()).map(|s| self.models.lookup(s)) {
            Some(Lookup::Model(m)) => m.provider(),
            Some(Lookup::Known(p)) => p,
            _ => Provider::Unknown,
        }
    }

    pub(in crate::analysis) fn streaming(&self, entries: &[Entry], default: Tri) -> Tri {
        match self.arg(entries, &["stream", "streaming"]).map(|a| a.value.value) {
            None => default,
            Some(Value::Bool(true)) => Tri::Yes,
            Some(Value::Bool(false)) => Tri::No,
            Some(_) => Tri::Unknown,
        }
    }

    // ---- clients -------------------------------------------------------------

    pub(in crate::analysis) fn request(&mut self, c: ExprId, chains: &mut Set<ExprId>) {
        let ExprKind::Call { callee, args, .. } = self.kind(c) else {
            return;
        };
        if self.wrapper_call(c, *callee, args) {
            return;
        }
        match self.known(*callee).or_else(|| self.instance_method(*callee)) {
            Some(Known::Request { provider, api, op, streaming, model_arg, settings }) => {
                let (mut entries, options) = self.request_entries(args);
                self.merge_settings(&mut entries, settings);
                let (mut model, served_by) = self.model_and_server(&entries).unzip();
                if model.is_none()
                    && let Some(i) = model_arg
                {
                    model = args.iter().filter(|a| a.key.is_none()).nth(i).map(|en| self.make_arg(en));
                }
                // The provider function's API, else the model's maker's.
                let provider = match (served_by.unwrap_or(Provider::Unknown), self.model_provider(&model)) {
                    (Provider::Unknown, Provider::Unknown) => provider,
                    (Provider::Unknown, p) | (p, _) => p,
                };
                self.consume_args(args);
                let mut call = self.call_from(provider, api, op.to_string(), self.span(c), &entries, streaming);
                // A command object (`new ConverseCommand({…})`) goes through
                // the client that sends it.
                if api == Api::Sdk
                    && matches!(self.kind(c), ExprKind::Call { new: true, .. })
                    && let Some((i, sent_at)) = self.sending_client(c)
                {
                    call.client = Some(i);
                    call.span = sent_at;
                }
                call.model = model;
                call.timeout = call.timeout.or_else(|| self.arg(&options, sdks::TIMEOUT_KEYS));
                self.facts.calls.push(call);
                return;
            }
            Some(Known::Client { .. }) | Some(Known::ProviderFn(_)) | Some(Known::ProviderFactory(_)) => return,
            _ => {}
        }
        if self.sdk_call(c, *callee, args) || self.http_call(c, *callee, args) {
            return;
        }
        self.builder_chain(c, chains);
    }

    /// Settings kept in an argument of their own (Gemini's `config`,
    /// Bedrock's `inferenceConfig`) are the request's too.
    fn merge_settings(&mut self, entries: &mut Vec<Entry>, key: Option<&str>) {
        if let Some(key) = key
            && let Some(en) = entries.iter().rev().find(|en| en.key.as_deref() == Some(key))
            && let Some(settings) = self.entries_of(en.value)
        {
            self.consume(en.value);
            entries.extend(settings);
        }
    }

    /// A call of a function the config declares as an API call.
    pub(in crate::analysis) fn wrapper_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        if self.wrappers.is_empty() {
            return false;
        }
        let Some(q) = self.qualified(callee) else { return false };
        let Some(w) = self.wrappers.iter().find(|w| q == w.function || q.ends_with(&format!(".{}", w.function))) else {
            return false;
        };
        let pick = |spec: &Option<crate::knowledge::wrappers::ArgSpec>, key: &str| {
            let en = match spec.as_ref()? {
                crate::knowledge::wrappers::ArgSpec::Keyword(k) => {
                    args.iter().find(|a| a.key.as_deref() == Some(k.as_str()))?
                }
                crate::knowledge::wrappers::ArgSpec::Position(n) => {
                    args.iter().filter(|a| a.key.is_none() && !a.spread).nth(*n)?
                }
            };
            let mut arg = self.make_arg(en);
            arg.key = key.to_string();
            Some(arg)
        };
        let mut call = self.call_from(w.provider, Api::Wrapper, w.operation.clone(), self.span(c), &[], Tri::Unknown);
        call.model = pick(&w.model, "model");
        call.max_tokens = pick(&w.max_tokens, "max_tokens");
        // The wrapper's own signature decides what `system` accepts: no
        // rewrite into blocks is offered.
        call.system = pick(&w.system, "system").map(|arg| {
            let value = if arg.value.value.as_text().is_some() || arg.value.value.is_unknown() {
                arg.value.clone()
            } else {
                Resolved::unknown()
            };
            crate::facts::SystemPrompt { arg: Arg { value, ..arg }, cached: false, rewritable: false }
        });
        self.consume_args(args);
        self.facts.calls.push(call);
        true
    }

    /// A request as its entries describe it (model, cap, messages, streaming,
    /// timeout); each kind of call then sets what it knows beyond that.
    pub(in crate::analysis) fn call_from(
        &self,
        provider: Provider,
        api: Api,
        operation: String,
        span: Span,
        entries: &[Entry],
        streaming: Tri,
    ) -> ApiCall {
        ApiCall {
            provider,
            api,
            operation,
            span,
            client: None,
            client_import: None,
            client_attr: None,
            max_retries: None,
            enclosed: false,
            in_opaque_callback: false,
            exposed: false,
            routed: None,
            // (`contents`: Gemini's turns.)
            messages: self.arg(entries, &["messages", "input", "contents"]),
            system: self.system_prompt(entries),
            messages_prefix: self.messages_prefix(entries),
            cache_control: self.top_level_cache(entries),
            repeats: self.repeats(span),
            streaming: self.streaming(entries, streaming),
            batch: false,
            model: self.model_arg(entries),
            max_tokens: self.arg(entries, sdks::MAX_TOKENS_KEYS),
            timeout: self.arg(entries, sdks::TIMEOUT_KEYS),
            betas: self.betas_in(span),
            thinking_budget: self.thinking_budget_in(span),
            rehosted: self.host(entries, provider) != sdks::Host::Own,
        }
    }

    /// The beta features a call names (`betas=["output-300k-2026-03-24"]`,
    /// an `anthropic-beta` header): Anthropic's `name-YYYY-MM-DD` strings.
    fn betas_in(&self, span: Span) -> Vec<String> {
        let mut out: Vec<String> = self
            .exprs_in(span)
            .filter_map(|x| match self.kind(x) {
                ExprKind::Str(s) => {
                    Some(s.split(',').map(str::trim).filter(|b| sdks::is_beta_name(b)).map(String::from))
                }
                _ => None,
            })
            .flatten()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// A method of an instance of a known class, by the class's name and
    /// the path from the instance (`genAI.getGenerativeModel` of `genAI =
    /// new GoogleGenerativeAI(key)`, `client.chats.create` of `client =
    /// genai.Client()`).
    fn instance_method(&self, callee: ExprId) -> Option<Known> {
        let mut path = vec![];
        let mut cur = callee;
        for _ in 0..3 {
            let ExprKind::Attr { base, name } = self.kind(cur) else { return None };
            path.push(name.as_str());
            if let ExprKind::Call { callee: class, .. } = self.kind(self.follow(*base)) {
                path.reverse();
                return sdks::lookup(&format!("{}.{}", self.qualified(*class)?, path.join(".")));
            }
            cur = *base;
        }
        None
    }

    /// The thinking budget an object in the call writes
    /// (`thinking={"type": "enabled", "budget_tokens": 16000}`).
    fn thinking_budget_in(&self, span: Span) -> Option<i64> {
        self.exprs_in(span).find_map(|x| match self.kind(x) {
            ExprKind::Object(entries) => entries
                .iter()
                .filter(|en| en.key.as_deref().is_some_and(|k| sdks::THINKING_BUDGET_KEYS.contains(&k)))
                .find_map(|en| self.resolve(en.value).value.as_int()),
            _ => None,
        })
    }

    pub(in crate::analysis) fn sdk_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        // The callee's trailing attribute names: client.beta.messages.create
        // → [.., messages, create], through a name or attribute bound to a
        // part of the path (`self._events = client.beta.sessions.events`),
        // each with the expression it is read from.
        let mut names = vec![];
        let mut bases = vec![];
        let mut cur = callee;
        while names.len() <= 4 {
            let ExprKind::Attr { base, name } = self.kind(cur) else { break };
            names.push(name.as_str());
            bases.push(*base);
            cur = *base;
            let bound = self.follow(cur);
            if bound != cur && matches!(self.kind(bound), ExprKind::Attr { .. }) {
                cur = bound;
            }
        }
        names.reverse();
        let Some(op) = sdks::OPERATIONS.iter().find(|op| names.ends_with(op.path)) else {
            return false;
        };
        // The receiver: the callee minus the operation's names.
        let recv = bases[op.path.len() - 1];
        let client = self.client_for(recv);
        if op.client_only && client.is_none_or(|i| self.facts.clients[i].provider != op.provider) {
            return false;
        }
        // A client made in another file of the project: the project index
        // finds it after every file is analysed.
        let client_import = if client.is_none() { self.imported_client(recv) } else { None };
        let (mut entries, mut options) = self.request_entries(args);
        if options.is_empty()
            && let Some(o) =
                entries.iter().find(|e| e.key.as_deref().is_some_and(|k| sdks::REQUEST_OPTIONS_KEYS.contains(&k)))
        {
            options = self.entries_of(o.value).unwrap_or_default();
        }
        self.merge_settings(&mut entries, op.settings);
        // `client.with_options(timeout=…)` sets the timeout for this request.
        let chain_timeout = self.with_options(recv).and_then(|o| self.arg(&o, sdks::TIMEOUT_KEYS));
        let model = self.model_arg(&entries);
        let max_tokens = self.arg(&entries, sdks::MAX_TOKENS_KEYS);
        let provider = match client {
            Some(i) => self.facts.clients[i].sends_to(),
            None => {
                // Without a known client, the shape must be unmistakable: the
                // provider's SDK is imported here (or the model says so), and the
                // call carries request settings (Twilio has `messages.create` too).
                let by_model = self.model_provider(&model);
                // A client another project file makes counts as that SDK's.
                let imported = op.provider != Provider::Unknown
                    && (self.sdk_imports.contains(&op.provider) || client_import.is_some());
                if (!imported && by_model == Provider::Unknown) || (op.model && model.is_none() && max_tokens.is_none())
                {
                    return false;
                }
                if op.provider != Provider::Unknown { op.provider } else { by_model }
            }
        };
        if op.batch {
            self.batch(c, &entries, provider, names.join("."), client);
            return true;
        }
        self.consume_args(args);
        let mut call = self.call_from(provider, Api::Sdk, op.path.join("."), self.span(c), &entries, op.streaming);
        call.client = client;
        call.rehosted |= client.is_some_and(|i| self.facts.clients[i].rehosted());
        call.client_import = client_import;
        call.client_attr = if client.is_none() { self.instance_attr(recv) } else { None };
        call.max_retries = self
            .arg(&options, sdks::MAX_RETRIES_KEYS)
            .or_else(|| self.with_options(recv).and_then(|o| self.arg(&o, sdks::MAX_RETRIES_KEYS)));
        call.model = model;
        call.max_tokens = max_tokens;
        call.timeout = call.timeout.or_else(|| self.arg(&options, sdks::TIMEOUT_KEYS)).or(chain_timeout);
        self.facts.calls.push(call);
        true
    }

    /// The objects a request's arguments are built from are its body: the
    /// generic pass must not count them again.
    pub(in crate::analysis) fn consume_args(&mut self, args: &[Entry]) {
        for a in args {
            if a.spread || a.key.is_none() {
                self.consume(a.value);
            }
        }
    }

    /// `messages.batches.create(requests=[{"custom_id": …, "params": {…}}])`:
    /// each request's params is a request at batch prices.
    pub(in crate::analysis) fn batch(
        &mut self,
        c: ExprId,
        entries: &[Entry],
        provider: Provider,
        op: String,
        client: Option<ClientId>,
    ) {
        let Some(reqs) = entries.iter().rev().find(|e| e.key.as_deref() == Some("requests")) else {
            return;
        };
        let list = self.follow(reqs.value);
        let ExprKind::Array(items) = self.kind(list) else {
            return;
        };
        for &item in items {
            let Some(req) = self.entries_of(item) else {
                continue;
            };
            let Some(params) = req.iter().rev().find(|e| e.key.as_deref() == Some("params")) else {
                continue;
            };
            let Some(body) = self.entries_of(params.value) else {
                continue;
            };
            self.consume(params.value);
            let mut call = self.call_from(provider, Api::Sdk, op.clone(), self.span(c), &body, Tri::No);
            call.client = client;
            call.batch = true;
            call.streaming = Tri::No;
            call.timeout = None;
            self.facts.calls.push(call);
        }
    }

    /// Raw HTTP: `requests.post(URL, json=body)`, `fetch(URL, {body: JSON.stringify(body)})`,
    /// `axios.post(URL, body)`, reqwest `.post(URL)…json(&body)`.
    pub(in crate::analysis) fn http_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none() && !a.spread).collect();
        let kw = |k: &str| args.iter().find(|a| a.key.as_deref() == Some(k));
        let (url, body) = match self.kind(callee) {
            ExprKind::Name(_)
                if matches!(self.qualified(callee).as_deref(), Some("fetch") | Some("node-fetch.default")) =>
            {
                let Some(url) = positional.first() else {
                    return false;
                };
                let body = positional.get(1).and_then(|init| {
                    let init = self.object_entries(init.value)?;
                    init.into_iter().find(|e| e.key.as_deref() == Some("body")).map(|e| e.value)
                });
                (url.value, body)
            }
            ExprKind::Attr { name, .. } if name == "post" => {
                let Some(url) = positional.first().map(|a| a.value).or_else(|| kw("url").map(|a| a.value)) else {
                    return false;
                };
                let body = kw("json").or_else(|| kw("data")).or_else(|| positional.get(1).copied()).map(|a| a.value);
                (url, body)
            }
            // reqwest: the body comes after the URL in the builder chain.
            ExprKind::Attr { base, name } if name == "json" => {
                let Some(url) = self.chain_post_url(*base) else {
                    return false;
                };
                let Some(body) = positional.first() else {
                    return false;
                };
                (url, Some(body.value))
            }
            _ => return false,
        };
        let url_text = self.static_text(url, 0);
        let Some(provider) = url_text
            .split('\u{0}')
            .find_map(sdks::endpoint_provider)
            .or_else(|| sdks::endpoint_provider(&url_text.replace('\u{0}', "")))
        else {
            return false;
        };
        let Some(body) = body else { return false };
        let Some(entries) = self.object_entries(body) else {
            return false;
        };
        self.consume(body);
        let path = url_text.rsplit_once(".com").map(|(_, p)| p.to_string()).unwrap_or_default();
        let model = self.model_arg(&entries);
        let provider = match self.model_provider(&model) {
            Provider::Unknown => provider,
            p => p,
        };
        let operation = format!("POST {}", if path.is_empty() { url_text.replace('\u{0}', "…") } else { path });
        let mut call = self.call_from(provider, Api::Http, operation, self.span(c), &entries, Tri::No);
        call.model = model;
        call.timeout = None;
        self.facts.calls.push(call);
        true
    }

    /// In a builder chain (`http.post(URL).header(..).json(..)`), the URL of its `post`.
    pub(in crate::analysis) fn chain_post_url(&self, mut e: ExprId) -> Option<ExprId> {
        for _ in 0..32 {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else {
                return None;
            };
            let ExprKind::Attr { base, name } = self.kind(*callee) else {
                return None;
            };
            if name == "post" {
                return args.first().map(|a| a.value);
            }
            e = *base;
        }
        None
    }

    /// Request builders (`CreateChatCompletionRequestArgs::default().model(..).max_tokens(..)`):
    /// one chain, one request.
    pub(in crate::analysis) fn builder_chain(&mut self, c: ExprId, seen: &mut Set<ExprId>) {
        // Only start at a method call named like a request setting.
        let ExprKind::Call { callee, .. } = self.kind(c) else {
            return;
        };
        let ExprKind::Attr { name, .. } = self.kind(*callee) else {
            return;
        };
        if !sdks::MAX_TOKENS_KEYS.contains(&name.as_str()) {
            return;
        }
        // Walk down to the root, collecting the links.
        let mut links = vec![];
        let mut cur = c;
        let mut root = c;
        for _ in 0..64 {
            let ExprKind::Call { callee, args, .. } = self.kind(cur) else {
                break;
            };
            let ExprKind::Attr { base, name } = self.kind(*callee) else {
                root = cur;
                break;
            };
            links.push((name.as_str(), args.first(), cur));
            root = *base;
            cur = *base;
        }
        if !seen.insert(root) {
            return;
        }
        // And up: the links after this call (`.messages(..).build()`) are found
        // from the other setting methods on the same root, so look at every call.
        let root_q = match self.kind(root) {
            ExprKind::Call { callee, .. } => self.qualified(*callee),
            _ => self.qualified(root),
        };
        let sdk = root_q.as_deref().is_some_and(|q| q.starts_with("async_openai"));
        let mut model = None;
        let mut max_tokens = None;
        for (name, arg, _) in links.iter().rev() {
            let Some(arg) = arg else { continue };
            let mut a = self.make_arg(arg);
            a.key = name.to_string();
            if sdks::MODEL_KEYS.contains(name) {
                model = Some(a);
            } else if sdks::MAX_TOKENS_KEYS.contains(name) {
                max_tokens = Some(a);
            }
        }
        if model.is_none() && !sdk {
            return;
        }
        let provider = match self.model_provider(&model) {
            Provider::Unknown if sdk => Provider::OpenAi,
            p => p,
        };
        let api = if sdk { Api::Sdk } else { Api::Body };
        let mut call = self.call_from(provider, api, "request builder".into(), self.span(c), &[], Tri::Unknown);
        call.model = model;
        call.max_tokens = max_tokens;
        if sdk && let Some((i, sent_at)) = self.sending_client(c) {
            let client = &self.facts.clients[i];
            call.client = Some(i);
            call.span = sent_at;
            call.provider = client.sends_to();
            call.rehosted |= client.rehosted();
            // An Azure config's deployment serves the request, whatever its `model`.
            if client.config_deployment {
                self.unserved.extend(call.model.as_ref().map(|m| m.span));
                call.model = client.deployment.clone();
            }
        }
        self.facts.calls.push(call);
    }

    /// The client that sends a request made apart from the call that sends
    /// it: `client.send(command)`, `client.chat().create(request)`, where
    /// the argument holds the request at `c`; and where it sends it (a loop
    /// or a retry around the send repeats the request).
    fn sending_client(&self, c: ExprId) -> Option<(ClientId, Span)> {
        let request = self.span(c);
        ExprId::all(self.unit.exprs.len()).find_map(|e| {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { return None };
            let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
            if !sdks::SEND_METHODS.contains(&name.as_str())
                || !args.iter().any(|a| self.span(self.follow(a.value)).contains(request))
            {
                return None;
            }
            // `client.chat()`: an accessor of the client's.
            let recv = match self.kind(*base) {
                ExprKind::Call { callee: api, args, .. } if args.is_empty() => match self.kind(*api) {
                    ExprKind::Attr { base: recv, .. } => *recv,
                    _ => *base,
                },
                _ => *base,
            };
            Some((self.client_for(recv)?, self.span(e)))
        })
    }

    /// Any other object holding a known model id next to a max-tokens key is a
    /// request body whose sending we could not see.
    pub(in crate::analysis) fn bodies(&mut self) {
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Object(entries) = self.kind(e) else {
                continue;
            };
            if self.consumed.contains(&e) || !self.sent_body(e, entries) {
                continue;
            }
            let entries = self.expand(entries, 0);
            let Some(max_tokens) = self.arg(&entries, sdks::MAX_TOKENS_KEYS) else {
                continue;
            };
            // In a config file an output cap pairs with the model of its own
            // mapping or the nearest enclosing one (`completionOptions:
            // {maxTokens}` beside `model`).
            let mut model = self.model_arg(&entries);
            let mut holder = e;
            while model.is_none() {
                let Some(&parent) = self.unit.parents.get(&holder) else { break };
                if let ExprKind::Object(outer) = self.kind(parent) {
                    model = self.model_arg(&self.expand(outer, 0)).or_else(|| self.named_model(outer, holder));
                }
                holder = parent;
            }
            let Some(model) = model else {
                continue;
            };
            let provider = self.model_provider(&Some(model.clone()));
            if provider == Provider::Unknown {
                continue;
            }
            let mut call =
                self.call_from(provider, Api::Body, "request body".into(), self.span(e), &entries, Tri::Unknown);
            call.model = Some(model);
            call.max_tokens = Some(max_tokens);
            call.timeout = None;
            self.facts.calls.push(call);
        }
    }

    // ---- model references -------------------------------------------------
}
