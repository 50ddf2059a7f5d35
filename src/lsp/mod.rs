//! `llmlint server`: the language server. It lints the editor's unsaved
//! text with the same engine, rules, configuration and suppressions as
//! `llmlint check`, and offers fixes, "ignore on this line" and the rule's
//! docs on hover.
//!
//! Decisions written down here:
//! - Each document is linted whole on open, change and save; imported files
//!   come from disk. The workspace's `llmlint.toml` / `pyproject.toml` is
//!   found from the document's path and read on every lint, so an edited
//!   config applies at once. A broken config is shown once as a message and
//!   the document is linted with the defaults.
//! - Positions are UTF-16 unless the client offers UTF-8.
//! - Diagnostics are pulled (`textDocument/diagnostic`) by a client that
//!   can pull, and pushed (`publishDiagnostics`) to any other, never both: a
//!   client that pulls (VS Code) keeps pushed diagnostics apart and would
//!   show each twice. A saved config asks a pulling client to pull again.
//!   A pull for a document of the editor's own (`untitled:`) is empty.
//! - The transport skips a message that is not valid JSON-RPC, a header it
//!   cannot read and a body over 64 MiB (`transport`), and a malformed
//!   request is answered with an error instead of stopping.
//! - A document is linted only up to the file size limit, and a document
//!   read from disk (a diagnostic request for a file that is not open) only
//!   if it is a regular file: otherwise the request is answered with an error.
//! - The session starts at the `initialize` response; a client that opens a
//!   document before sending `initialized` is served, not dropped.

mod position;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeDescription, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, NumberOrString, PositionEncodingKind,
    PublishDiagnosticsParams, Range, RelatedFullDocumentDiagnosticReport, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::{Value, json};

use crate::base::diagnostic::{Applicability, Finding, Severity};
use crate::base::language::Language;
use crate::base::source::SourceFile;
pub use position::Encoding;

/// Where a rule's docs are published (`codeDescription`).
pub const DOCS_URL: &str = "https://github.com/llmlint/llmlint/blob/main/docs/rules.md";

/// Run the server on standard input and output until the client exits.
/// The code action kind that applies every safe fix, as ruff names its own.
const FIX_ALL: &str = "source.fixAll.llmlint";

pub fn run_stdio() -> Result<(), String> {
    let (connection, threads) = transport::stdio();
    let result = serve(connection);
    threads.join();
    result
}

/// One open document and what was last found in it.
struct Doc {
    text: String,
    version: i32,
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
    /// The last text that parsed, with its diagnostics: while a JS/TS
    /// document does not parse (a half-typed line), they are shown moved
    /// with the edits since, instead of none.
    good: Option<(String, Vec<Diagnostic>)>,
    /// `source.fixAll.llmlint`: the safe fixes of the last lint, as `--fix`
    /// selects them (no two overlap).
    fix_all: Vec<TextEdit>,
}

/// How diagnostics reach the client: pushed (`publishDiagnostics`), or
/// pulled (`textDocument/diagnostic`) where the client can pull. Never both:
/// a client that pulls keeps the pushed ones apart and would show each twice.
#[derive(Clone, Copy, PartialEq)]
enum Delivery {
    Push,
    /// `refresh`: the client takes `workspace/diagnostic/refresh`, the way
    /// to tell it a config change altered every document's diagnostics.
    Pull {
        refresh: bool,
    },
}

struct Server {
    connection: Connection,
    encoding: Encoding,
    delivery: Delivery,
    /// Ids of the requests this server sends (diagnostic refreshes).
    sent: i32,
    docs: HashMap<Uri, Doc>,
    /// Config errors already shown, so a broken file is not announced on every keystroke.
    shown_errors: std::collections::HashSet<String>,
}

/// Serve one client over a connection (standard I/O, or in memory in tests).
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let offered: Vec<String> = params
        .pointer("/capabilities/general/positionEncodings")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let encoding = if offered.iter().any(|e| e == "utf-8") { Encoding::Utf8 } else { Encoding::Utf16 };
    let delivery = match params.pointer("/capabilities/textDocument/diagnostic") {
        Some(Value::Object(_)) => Delivery::Pull {
            refresh: params.pointer("/capabilities/workspace/diagnostics/refreshSupport") == Some(&Value::Bool(true)),
        },
        _ => Delivery::Push,
    };
    let mut result = json!({
        "capabilities": {
            "positionEncoding": match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            },
            "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
            "codeActionProvider": {"codeActionKinds": ["quickfix", FIX_ALL]},
            "hoverProvider": true,
        },
        "serverInfo": {"name": "llmlint", "version": env!("CARGO_PKG_VERSION")},
    });
    if delivery != Delivery::Push {
        result["capabilities"]["diagnosticProvider"] =
            json!({"interFileDependencies": false, "workspaceDiagnostics": false});
    }
    // Not `initialize_finish`: it ends the session when anything but
    // `initialized` comes next, and a client may open a document first.
    connection.sender.send(Message::Response(Response::new_ok(id, result))).map_err(|e| e.to_string())?;
    let mut server =
        Server { connection, encoding, delivery, sent: 0, docs: HashMap::new(), shown_errors: Default::default() };
    server.run()
}

impl Server {
    fn run(&mut self) -> Result<(), String> {
        // After `shutdown`, only `exit` is acted on; anything else the client
        // still sends (a last didChange) is answered or dropped, not an error.
        let mut shutting_down = false;
        while let Ok(msg) = self.connection.receiver.recv() {
            match msg {
                Message::Request(req) if req.method == "shutdown" => {
                    shutting_down = true;
                    self.send(Message::Response(Response::new_ok(req.id, ())));
                }
                Message::Request(req) if shutting_down => {
                    let e = Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "shutting down".into());
                    self.send(Message::Response(e));
                }
                Message::Notification(n) if shutting_down && n.method != "exit" => {}
                Message::Request(req) => {
                    let id = req.id.clone();
                    // A bug while answering one request must not end the session.
                    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.request(req)));
                    let response = match answer {
                        Ok(r) => r,
                        Err(_) => Response::new_err(id, ErrorCode::InternalError as i32, "internal error".into()),
                    };
                    self.send(Message::Response(response));
                }
                Message::Notification(n) => {
                    if n.method == "exit" {
                        return Ok(());
                    }
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.notification(n)));
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, msg: Message) {
        let _ = self.connection.sender.send(msg);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(method.to_string(), params)));
    }

    fn log(&self, message: String) {
        self.notify("window/logMessage", json!({"type": 3, "message": message}));
    }

    fn request(&mut self, req: Request) -> Response {
        let Request { id, method, params } = req;
        let bad = |id: RequestId, e: serde_json::Error| {
            Response::new_err(id, ErrorCode::InvalidParams as i32, format!("invalid params: {e}"))
        };
        match method.as_str() {
            "textDocument/codeAction" => match serde_json::from_value::<CodeActionParams>(params) {
                Ok(p) => Response::new_ok(id, self.code_actions(p)),
                Err(e) => bad(id, e),
            },
            "textDocument/hover" => match serde_json::from_value::<HoverParams>(params) {
                Ok(p) => Response::new_ok(id, self.hover(p)),
                Err(e) => bad(id, e),
            },
            "textDocument/diagnostic" => match serde_json::from_value::<DocumentDiagnosticParams>(params) {
                Ok(p) => {
                    let items = match self.docs.get(&p.text_document.uri) {
                        Some(d) => d.diagnostics.clone(),
                        // An editor's own scheme (`untitled:`, `git:`): nothing on disk to read.
                        None if path_of(&p.text_document.uri).is_none() => vec![],
                        None => match self.lint_disk(&p.text_document.uri) {
                            Ok(items) => items,
                            Err(e) => return Response::new_err(id, ErrorCode::InvalidParams as i32, e),
                        },
                    };
                    let report = DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                        RelatedFullDocumentDiagnosticReport {
                            related_documents: None,
                            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
                        },
                    ));
                    Response::new_ok(id, report)
                }
                Err(e) => bad(id, e),
            },
            _ => Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("unknown method {method}")),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else { return };
                let Some(path) = path_of(&p.text_document.uri) else { return };
                let doc = Doc {
                    text: p.text_document.text,
                    version: p.text_document.version,
                    path,
                    diagnostics: vec![],
                    good: None,
                    fix_all: vec![],
                };
                self.docs.insert(p.text_document.uri.clone(), doc);
                self.lint_and_publish(&p.text_document.uri);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else { return };
                let encoding = self.encoding;
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    self.log(format!("didChange for a document that is not open: {}", p.text_document.uri.as_str()));
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let start = position::offset(&doc.text, range.start, encoding);
                            let end = position::offset(&doc.text, range.end, encoding).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.lint_and_publish(&p.text_document.uri);
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else { return };
                let is_config = path_of(&p.text_document.uri).is_some_and(|path| {
                    path.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| crate::config::FILE_NAMES.contains(&n) || n == "pyproject.toml")
                });
                // A saved config changes every open document's findings.
                let uris: Vec<Uri> =
                    if is_config { self.docs.keys().cloned().collect() } else { vec![p.text_document.uri] };
                for uri in uris {
                    if self.docs.contains_key(&uri) {
                        self.lint_and_publish(&uri);
                    }
                }
                if is_config {
                    self.refresh();
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else { return };
                self.docs.remove(&p.text_document.uri);
                self.publish(p.text_document.uri, vec![], None);
            }
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                let uris: Vec<Uri> = self.docs.keys().cloned().collect();
                for uri in uris {
                    self.lint_and_publish(&uri);
                }
                self.refresh();
            }
            _ => {}
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        if self.delivery != Delivery::Push {
            return;
        }
        self.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams { uri, diagnostics, version });
    }

    /// Ask a pulling client to pull again: every open document's diagnostics changed.
    fn refresh(&mut self) {
        if self.delivery == (Delivery::Pull { refresh: true }) {
            self.sent += 1;
            let id = RequestId::from(format!("llmlint-refresh-{}", self.sent));
            self.send(Message::Request(Request::new(id, "workspace/diagnostic/refresh".into(), Value::Null)));
        }
    }

    fn lint_and_publish(&mut self, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else { return };
        let (path, text, version) = (doc.path.clone(), doc.text.clone(), doc.version);
        let linted = self.lint_text(&path, Some(&text)).unwrap_or_else(|e| {
            self.log(e);
            Linted { diagnostics: vec![], unparsed: false, fix_all: vec![] }
        });
        let Some(doc) = self.docs.get_mut(uri) else { return };
        let diagnostics = match (linted.unparsed, &doc.good) {
            (true, Some((good_text, good))) => moved(good, good_text, &text),
            (true, None) => vec![],
            (false, _) => {
                doc.good = Some((text, linted.diagnostics.clone()));
                doc.fix_all = linted.fix_all;
                linted.diagnostics
            }
        };
        doc.diagnostics = diagnostics.clone();
        self.publish(uri.clone(), diagnostics, Some(version));
    }

    /// Lint a document the client has not opened, as it is on disk.
    fn lint_disk(&mut self, uri: &Uri) -> Result<Vec<Diagnostic>, String> {
        let path = path_of(uri).ok_or_else(|| format!("not a file URI: {}", uri.as_str()))?;
        self.lint(&path, None)
    }

    /// Lint one document's text as the file at `path`, or the file itself
    /// when `text` is `None`. What cannot be linted (over the size limit, not
    /// a regular file) is an error, to log or to answer with.
    fn lint(&mut self, path: &std::path::Path, text: Option<&str>) -> Result<Vec<Diagnostic>, String> {
        self.lint_text(path, text).map(|l| l.diagnostics)
    }

    fn lint_text(&mut self, path: &std::path::Path, text: Option<&str>) -> Result<Linted, String> {
        let none = Linted { diagnostics: vec![], unparsed: false, fix_all: vec![] };
        // Notebooks are JSON to an editor; their cells are linted by `check`.
        if matches!(Language::from_path(path), None | Some(Language::Notebook)) {
            return Ok(none);
        }
        let common = crate::engine::options::Common {
            extend_select: &[],
            paths: &[path.to_path_buf()],
            config: None,
            models: None,
            select: &[],
            ignore: &[],
            calls_per_day: None,
        };
        let mut options = match crate::engine::options::resolve(common) {
            Ok(o) => o,
            Err(e) => {
                // A plain line an editor's message box shows as it is: the
                // file, the line, what is wrong (no terminal frame).
                let message = match e {
                    crate::engine::options::Failure::Config(e) => {
                        let line =
                            e.span.as_ref().map(|s| e.text[..s.start.min(e.text.len())].matches('\n').count() + 1);
                        match line {
                            Some(line) => format!("llmlint: {}:{line}: {}", e.path.display(), e.message),
                            None => format!("llmlint: {}: {}", e.path.display(), e.message),
                        }
                    }
                    crate::engine::options::Failure::Other(m) => format!("llmlint: {m}"),
                };
                if self.shown_errors.insert(message.clone()) {
                    self.notify("window/showMessage", json!({"type": 1, "message": message}));
                }
                crate::engine::Options { paths: vec![path.to_path_buf()], ..Default::default() }
            }
        };
        // The same limit and the same checks as `check`: a regular file (a
        // FIFO would block the server, `/dev/zero` never ends), no larger
        // than the limit.
        let text = match text {
            Some(t) if t.len() as u64 > options.max_file_size => {
                let max = options.max_file_size;
                return Err(format!("{}: not linted: {} bytes is over the {max} byte limit", path.display(), t.len()));
            }
            Some(t) => t.to_string(),
            None => crate::engine::read(path, options.max_file_size).map_err(|e| format!("{}: {e}", path.display()))?,
        };
        options.stdin = Some((path.to_path_buf(), text));
        let Ok(run) = crate::engine::run(&options) else { return Ok(none) };
        let Some(file) = run.project.files.first() else { return Ok(none) };
        let unparsed = run.warnings.iter().any(|w| w.contains("skipped, could not parse"));
        let diagnostics = run
            .findings
            .iter()
            .filter(|f| f.location.file == crate::base::ids::FileId::new(0))
            .map(|f| self.diagnostic(f, file, path))
            .collect();
        let (edits, _) = crate::engine::fix::select(run.findings.iter().filter_map(|f| f.fix.as_ref()), false);
        let fix_all = edits
            .iter()
            .map(|e| TextEdit { range: position::range(file, e.span, self.encoding), new_text: e.content.clone() })
            .collect();
        Ok(Linted { diagnostics, unparsed, fix_all })
    }

    fn diagnostic(&self, f: &Finding, file: &SourceFile, path: &std::path::Path) -> Diagnostic {
        let range = position::range(file, f.location.span, self.encoding);
        let mut message = f.message.clone();
        if let Some(cost) = &f.cost {
            message.push_str(&format!(" ({})", cost.summary()));
        }
        // The help under the message, as the terminal shows it.
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let fix = f.fix.as_ref().filter(|x| !x.edits.is_empty()).map(|x| {
            let edits: Vec<TextEdit> = x
                .edits
                .iter()
                .map(|e| TextEdit { range: position::range(file, e.span, self.encoding), new_text: e.content.clone() })
                .collect();
            json!({"title": fix_title(x, &file.text), "applicability": x.applicability.name(), "edits": edits})
        });
        let marker = Language::from_path(path).map(|l| l.comment_marker()).unwrap_or("#");
        Diagnostic {
            range,
            severity: Some(match f.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(f.rule.to_string())),
            code_description: format!("{DOCS_URL}#{}", f.rule).parse().ok().map(|href| CodeDescription { href }),
            source: Some("llmlint".into()),
            message,
            related_information: None,
            tags: None,
            data: Some(json!({"fix": fix, "help": f.help, "comment": marker, "cost": f.cost})),
        }
    }

    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else { return vec![] };
        // `source.fixAll` (on save, or asked for): every safe fix at once.
        let only = p.context.only.as_deref().unwrap_or_default();
        if only.iter().any(|k| FIX_ALL.starts_with(k.as_str()) && k.as_str().starts_with("source")) {
            return vec![CodeActionOrCommand::CodeAction(CodeAction {
                title: "llmlint: fix all".into(),
                kind: Some(CodeActionKind::from(FIX_ALL.to_string())),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), doc.fix_all.clone())])),
                    ..Default::default()
                }),
                ..Default::default()
            })];
        }
        // The client's copies of our diagnostics, or ours where it sent none.
        let ours: Vec<Diagnostic> = {
            let sent: Vec<Diagnostic> =
                p.context.diagnostics.into_iter().filter(|d| d.source.as_deref() == Some("llmlint")).collect();
            let sent = if sent.iter().any(|d| d.data.is_some()) { sent } else { vec![] };
            if sent.is_empty() {
                doc.diagnostics.iter().filter(|d| overlaps(&d.range, &p.range)).cloned().collect()
            } else {
                sent
            }
        };
        let mut actions = vec![];
        for d in &ours {
            let Some(NumberOrString::String(rule)) = &d.code else { continue };
            let data = d.data.clone().unwrap_or(Value::Null);
            if let Some(fix) = data.get("fix").filter(|f| !f.is_null()) {
                let edits: Vec<TextEdit> = serde_json::from_value(fix["edits"].clone()).unwrap_or_default();
                let safe = fix["applicability"] == Applicability::Safe.name();
                let title = format!(
                    "{} ({})",
                    fix["title"].as_str().unwrap_or("Apply the fix"),
                    fix["applicability"].as_str().unwrap_or("")
                );
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    }),
                    is_preferred: Some(safe),
                    ..Default::default()
                }));
            }
            if let Some(edit) = ignore_edit(&doc.text, d.range.start.line, rule, &doc.path, self.encoding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Ignore {rule} on this line"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(false),
                    ..Default::default()
                }));
            }
        }
        actions
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let pos = p.text_document_position_params.position;
        let doc = self.docs.get(&p.text_document_position_params.text_document.uri)?;
        let d = doc.diagnostics.iter().find(|d| contains(&d.range, pos))?;
        let Some(NumberOrString::String(rule)) = &d.code else { return None };
        let r = crate::rules::find(rule)?;
        let mut md = format!("**llmlint: {}** ({}, {})\n\n", r.id, r.meta.severity.name(), r.meta.category.name());
        for heading in ["What it does", "Why is this bad?", "Use instead"] {
            md.push_str(&format!("### {heading}\n{}\n\n", crate::rules::doc_section(&r.meta.docs, heading)));
        }
        if let Some(cost) = d.data.as_ref().and_then(|x| x.get("cost")).filter(|c| !c.is_null()) {
            let c: Option<crate::base::cost::Cost> = serde_json::from_value(cost.clone()).ok();
            if let Some(c) = c {
                md.push_str(&format!("**Cost:** {}  \n_{}_\n", c.summary(), c.basis));
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
            range: Some(d.range),
        })
    }
}

/// The edit that adds `llmlint: ignore[rule]` to a line: into an existing
/// suppression comment there, or as a new comment at the line's end.
fn ignore_edit(text: &str, line: u32, rule: &str, path: &std::path::Path, encoding: Encoding) -> Option<TextEdit> {
    let language = Language::from_path(path)?;
    // Strict JSON has no comments.
    if language == Language::Json && path.extension().is_some_and(|e| e == "json") {
        return None;
    }
    let marker = language.comment_marker();
    let line_text = crate::base::source::lines_inclusive(text).nth(line as usize)?.1.trim_end_matches(['\n', '\r']);
    let line_start = position::offset(text, lsp_types::Position { line, character: 0 }, encoding);
    if let Some(at) = line_text.find("llmlint: ignore[") {
        let close = line_text[at..].find(']')? + at;
        let p = position::position(text, line_start + close, encoding);
        return Some(TextEdit { range: Range { start: p, end: p }, new_text: format!(", {rule}") });
    }
    let end = line_start + line_text.len();
    let p = position::position(text, end, encoding);
    Some(TextEdit { range: Range { start: p, end: p }, new_text: format!("  {marker} llmlint: ignore[{rule}]") })
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str().strip_prefix("file://")?;
    let decoded = percent_decode(s);
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Some(b) = std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn contains(r: &Range, p: lsp_types::Position) -> bool {
    (r.start.line, r.start.character) <= (p.line, p.character) && (p.line, p.character) <= (r.end.line, r.end.character)
}

fn overlaps(a: &Range, b: &Range) -> bool {
    (a.start.line, a.start.character) <= (b.end.line, b.end.character)
        && (b.start.line, b.start.character) <= (a.end.line, a.end.character)
}

/// What linting a document gave, and whether its parser gave up on it.
struct Linted {
    diagnostics: Vec<Diagnostic>,
    unparsed: bool,
    fix_all: Vec<TextEdit>,
}

/// A quick fix named after what it does: one short replacement is
/// "Replace `gpt-4.1` with `gpt-6-luna`"; anything larger keeps the rule's
/// title.
fn fix_title(fix: &crate::base::diagnostic::Fix, text: &str) -> String {
    let short = |s: &str| !s.is_empty() && s.len() <= 60 && !s.contains('\n');
    match fix.edits.as_slice() {
        [e] => match text.get(e.span.start..e.span.end) {
            Some(old) if short(old) && short(&e.content) => format!("Replace `{old}` with `{}`", e.content),
            Some("") if short(&e.content) => format!("Insert `{}`", e.content.trim()),
            _ => fix.title.clone(),
        },
        _ => fix.title.clone(),
    }
}

/// Diagnostics of `before` carried over to `after`: each moves with its
/// lines (a line diff), and one whose lines were edited is dropped.
fn moved(diagnostics: &[Diagnostic], before: &str, after: &str) -> Vec<Diagnostic> {
    let diff = similar::TextDiff::configure().timeout(std::time::Duration::from_millis(50)).diff_lines(before, after);
    let mut map: HashMap<u32, u32> = HashMap::new();
    for op in diff.ops() {
        if let similar::DiffOp::Equal { old_index, new_index, len } = *op {
            for k in 0..len {
                map.insert((old_index + k) as u32, (new_index + k) as u32);
            }
        }
    }
    diagnostics
        .iter()
        .filter_map(|d| {
            let (start, end) = (*map.get(&d.range.start.line)?, *map.get(&d.range.end.line)?);
            let mut d = d.clone();
            d.range.start.line = start;
            d.range.end.line = end;
            d.data = None; // its fix's edits point at the old text
            Some(d)
        })
        .collect()
}
