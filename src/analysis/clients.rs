//! SDK clients: where one is constructed, and which client a call goes
//! through (a local, an attribute, an import, `with_options`).

use super::*;

impl<'u> Analyzer<'u> {
    pub(in crate::analysis) fn client(&mut self, c: ExprId) {
        let ExprKind::Call { callee, args, .. } = self.kind(c) else {
            return;
        };
        let Some(Known::Client { provider, azure, service }) =
            self.known(*callee).or_else(|| self.session_client(*callee))
        else {
            return;
        };
        let (mut entries, _) = self.request_entries(args);
        // `Client::with_config(AzureConfig::new().with_deployment_id(…))`
        let config = args.first().filter(|a| a.key.is_none()).and_then(|a| self.rust_config(a.value));
        let config_deployment = config.as_ref().is_some_and(|(azure, _)| *azure);
        let azure = azure || config_deployment;
        if let Some((_, settings)) = config {
            entries.extend(settings);
        }
        let mut max_retries =
            self.arg(&entries, sdks::MAX_RETRIES_KEYS).or_else(|| self.attempts_as_retries(&entries)).or_else(|| {
                // A retry policy: retries, but not a count llmlint reads.
                let policy = self.arg(&entries, sdks::RETRY_POLICY_KEYS).filter(|a| a.value.value != Value::Null)?;
                Some(Arg { value: Resolved::unknown(), ..policy })
            });
        if let Some(service) = service {
            // A client of that service only (`boto3.client("bedrock-runtime")`).
            let named = args.iter().find(|a| a.key.is_none() || a.key.as_deref() == Some("service_name"));
            if !named.is_some_and(|a| matches!(self.kind(a.value), ExprKind::Str(s) if s == service)) {
                return;
            }
            // Its retries are set in `config=Config(retries={…})`, in
            // attempts: read as a setting llmlint does not follow.
            if let Some(config) = args.iter().find(|a| a.key.as_deref() == Some("config")) {
                max_retries = Some(Arg { value: Resolved::unknown(), ..self.make_arg(config) });
            }
        }
        self.facts.clients.push(Client {
            provider,
            file: self.file,
            span: self.span(c),
            max_retries,
            timeout: self.arg(&entries, sdks::TIMEOUT_KEYS),
            host: self.host(&entries, provider),
            given: false,
            azure,
            config_deployment,
            deployment: self.arg(&entries, &[sdks::DEPLOYMENT_KEY]),
            partner: self
                .arg(&entries, sdks::VERTEX_KEYS)
                .filter(|a| a.value.value == Value::Bool(true))
                .map(|_| Platform::Vertex),
            default_retries: self.default_retries(provider),
        });
        let idx = ClientId::new(self.facts.clients.len() - 1);
        self.client_of_expr.insert(c, idx);
    }

    /// Where the settings' base URL sends a client of `sdk`'s, or a
    /// framework's chat model: a literal is read, a null is the default,
    /// any other value is a host the code does not spell out.
    pub(in crate::analysis) fn host(&self, entries: &[Entry], sdk: Provider) -> sdks::Host {
        match self.arg(entries, sdks::BASE_URL_KEYS).map(|a| a.value.value) {
            None | Some(Value::Null) => sdks::Host::Own,
            Some(Value::Str(url)) => sdks::Host::of(Some(&url), sdk),
            Some(_) => sdks::Host::Other,
        }
    }

    /// `maxAttempts: 4`: three retries after the first attempt.
    fn attempts_as_retries(&self, entries: &[Entry]) -> Option<Arg> {
        let mut a = self.arg(entries, sdks::MAX_ATTEMPTS_KEYS)?;
        a.value = match a.value.value {
            Value::Int(n) => Resolved { value: Value::Int((n - 1).max(0)), ..a.value },
            _ => Resolved::unknown(),
        };
        Some(a)
    }

    /// Its SDK's retries when the code does not set them, for the SDK of
    /// this file's language.
    fn default_retries(&self, provider: Provider) -> i64 {
        sdks::default_retries(provider, self.language.is_javascript())
    }

    /// An async-openai config built in a chain (`OpenAIConfig::new()
    /// .with_api_base(URL)`): whether it is Azure's, and its settings under
    /// the keys of the same meaning.
    fn rust_config(&self, e: ExprId) -> Option<(bool, Vec<Entry>)> {
        let mut settings = vec![];
        let mut cur = self.follow(e);
        for _ in 0..16 {
            let ExprKind::Call { callee, args, .. } = self.kind(cur) else { return None };
            let q = self.qualified(*callee);
            let class = q.as_deref().and_then(|q| q.strip_suffix(".new").or_else(|| q.strip_suffix(".default")));
            if let Some(&(_, azure)) = class.and_then(|c| sdks::RUST_CLIENT_CONFIGS.iter().find(|(k, _)| *k == c)) {
                return Some((azure, settings));
            }
            let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
            if let Some((_, key)) = sdks::RUST_CONFIG_METHODS.iter().find(|(m, _)| m == name)
                && let Some(arg) = args.first()
            {
                settings.push(Entry { key: Some(key.to_string()), ..arg.clone() });
            }
            cur = self.follow(*base);
        }
        None
    }

    /// A session's client factory (`boto3.Session(profile_name=…).client`,
    /// `session.client` of `session = boto3.session.Session()`): what the
    /// module's own factory makes (`boto3.client`).
    fn session_client(&self, callee: ExprId) -> Option<Known> {
        let ExprKind::Attr { base, name } = self.kind(callee) else { return None };
        let ExprKind::Call { callee: made_by, .. } = self.kind(self.follow(*base)) else { return None };
        let session = self.qualified(*made_by)?;
        let module = sdks::SESSION_CLASSES.iter().find(|(class, _)| *class == session)?.1;
        sdks::lookup(&format!("{module}.{name}"))
    }

    /// Clients the code declares but does not make: a parameter, an
    /// attribute or a function's result annotated with an SDK's client class
    /// (`client: AsyncAnthropic`, `private client: OpenAI;`), keyed by the
    /// annotation.
    pub(in crate::analysis) fn declared_clients(&mut self) {
        for t in self.unit.annotations() {
            let Some(Known::Client { provider, azure, .. }) = self.known(t) else { continue };
            self.facts.clients.push(Client {
                provider,
                file: self.file,
                span: self.span(t),
                max_retries: None,
                timeout: None,
                // (Most code keeps its provider's host; a made client says so.)
                host: sdks::Host::Own,
                given: true,
                azure,
                config_deployment: false,
                deployment: None,
                partner: None,
                default_retries: self.default_retries(provider),
            });
            let idx = ClientId::new(self.facts.clients.len() - 1);
            self.client_of_expr.insert(t, idx);
        }
    }

    /// The declared client an expression is: a parameter annotated with a
    /// client class, `self.client` declared with one, a call of a function
    /// of this file whose result is.
    fn declared_client(&self, e: ExprId) -> Option<ClientId> {
        let t = match self.kind(e) {
            ExprKind::Name(n) => self.param_annotation(e, n)?,
            ExprKind::Attr { base, name } => {
                let ExprKind::Name(b) = self.kind(*base) else { return None };
                if b != "self" && b != "this" {
                    return None;
                }
                let class = self.unit.class_of(self.scope(e))?;
                self.unit.scopes[class].field_types.iter().find(|(f, _)| f == name)?.1
            }
            ExprKind::Call { callee, new: false, .. } => {
                let ExprKind::Function(scope) = self.kind(self.follow(*callee)) else { return None };
                self.unit.scopes[*scope].returns_type?
            }
            _ => return None,
        };
        self.client_of_expr.get(&t).copied()
    }

    /// The client an SDK call goes through, skipping `beta`, `with_raw_response`,
    /// `with_options(...)` between them.
    /// A client made in this file wins over one only declared on the way to
    /// it (`private client: OpenAI` set to `new OpenAI({ maxRetries: 0 })`).
    pub(in crate::analysis) fn client_for(&self, mut recv: ExprId) -> Option<ClientId> {
        let mut seen = vec![];
        for _ in 0..MAX_DEPTH {
            if let Some(&i) = self.client_of_expr.get(&recv) {
                return Some(i);
            }
            seen.push(recv);
            match self.kind(recv) {
                ExprKind::Attr { base, name } if sdks::CLIENT_PATH_NAMES.contains(&name.as_str()) => recv = *base,
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Attr { base, name } if name == "with_options" || name == "withOptions" => recv = *base,
                    _ => break,
                },
                ExprKind::Name(_) | ExprKind::Attr { .. } => {
                    let f = self.follow(recv);
                    if f == recv {
                        break;
                    }
                    recv = f;
                }
                _ => break,
            }
        }
        seen.into_iter().find_map(|e| self.declared_client(e))
    }

    /// The attribute of `self` / `this` a client path starts from
    /// (`self.client.messages`, `this.client.beta.messages`).
    pub(in crate::analysis) fn instance_attr(&self, mut recv: ExprId) -> Option<String> {
        for _ in 0..MAX_DEPTH {
            match self.kind(recv) {
                ExprKind::Attr { base, name } => match self.kind(*base) {
                    ExprKind::Name(b) if b == "self" || b == "this" => return Some(name.clone()),
                    _ if sdks::CLIENT_PATH_NAMES.contains(&name.as_str()) => recv = *base,
                    _ => return None,
                },
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Attr { base, name } if name == "with_options" || name == "withOptions" => recv = *base,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    // ---- requests ------------------------------------------------------------

    /// `client` imported from a project file (`from .clients import client`,
    /// `import { anthropic } from "./llm"`), skipping `beta` and `with_options`.
    pub(in crate::analysis) fn imported_client(&self, mut recv: ExprId) -> Option<ImportRef> {
        for _ in 0..MAX_DEPTH {
            match self.kind(recv) {
                ExprKind::Attr { base, name } if sdks::CLIENT_PATH_NAMES.contains(&name.as_str()) => recv = *base,
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Attr { base, name } if name == "with_options" || name == "withOptions" => recv = *base,
                    _ => return None,
                },
                _ => break,
            }
        }
        match self.resolve(recv).value {
            Value::Import(r) => Some(r),
            _ => self.factory_import(recv, 0),
        }
    }

    /// A client a factory of another project file returns: `get_client()`,
    /// `makeClients().anthropic` (through the names bound to it), as the
    /// key that file exports it under (`Facts::exported_clients`).
    fn factory_import(&self, e: ExprId, depth: usize) -> Option<ImportRef> {
        if depth > 4 {
            return None;
        }
        match self.kind(self.follow(e)) {
            // Given arguments, the factory may make the client with them
            // (`makeClients({ timeout })`): not the client it exports.
            ExprKind::Call { callee, new: false, args } if args.is_empty() && self.is_project_import(*callee) => {
                match self.resolve(*callee).value {
                    Value::Import(r) => Some(ImportRef { module: r.module, name: format!("{}()", r.name) }),
                    _ => None,
                }
            }
            ExprKind::Attr { base, name } => {
                let r = self.factory_import(*base, depth + 1)?;
                Some(ImportRef { module: r.module, name: format!("{}.{name}", r.name) })
            }
            _ => None,
        }
    }

    /// The options of a `with_options(...)` / `withOptions(...)` call between a
    /// client and its operation.
    pub(in crate::analysis) fn with_options(&self, mut recv: ExprId) -> Option<Vec<Entry>> {
        for _ in 0..8 {
            match self.kind(recv) {
                ExprKind::Attr { base, .. } => recv = *base,
                ExprKind::Call { callee, args, .. } => {
                    let ExprKind::Attr { base, name } = self.kind(*callee) else {
                        return None;
                    };
                    if name == "with_options" || name == "withOptions" {
                        return Some(self.request_entries(args).0);
                    }
                    recv = *base;
                }
                _ => return None,
            }
        }
        None
    }
}
