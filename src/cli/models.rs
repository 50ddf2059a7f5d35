//! `llmlint models`: what the model table says, as every finding and dollar
//! figure uses it: every model, a search, one id in any form, and the import
//! of a price file.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::base::cost::today;
use crate::cli::{ModelsArgs, ModelsCommand, ModelsFormat, fail};
use crate::knowledge::models::{Lookup, Model, ModelTable, Platform, Status};

pub fn run(args: ModelsArgs) -> ExitCode {
    let common = crate::cli::Common {
        extend_select: &[],
        paths: &[],
        config: args.config.as_deref(),
        models: args.models.as_deref(),
        select: &[],
        ignore: &[],
        calls_per_day: None,
    };
    let options = match crate::cli::options(common) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let table = options.models();
    match args.command {
        Some(ModelsCommand::Import { file, output }) => import(table, &file, &output),
        None => match args.query.as_deref() {
            None => list(table, table.models.iter().collect(), args.format),
            Some(q) => match table.lookup(q) {
                Lookup::Model(m) => show(table, q, m, args.format),
                Lookup::Known(p) => {
                    println!(
                        "{q}: a real {} id; the table has no facts about it (no price, limit or lifecycle)",
                        p.name()
                    );
                    ExitCode::SUCCESS
                }
                Lookup::Unknown => {
                    let found = search(table, q);
                    if found.is_empty() {
                        eprintln!(
                            "no model in the table matches `{q}` (models and prices can be added: `llmlint models import FILE`, or `--models FILE`)"
                        );
                        return ExitCode::from(1);
                    }
                    list(table, found, args.format)
                }
            },
        },
    }
}

/// The models whose id, an alias, the provider or the state today contains
/// every word of the query.
fn search<'t>(table: &'t ModelTable, query: &str) -> Vec<&'t Model> {
    let words: Vec<String> = query.split_whitespace().map(str::to_ascii_lowercase).collect();
    table
        .models
        .iter()
        .filter(|m| {
            let hay = format!("{} {} {} {}", m.id, m.aliases.join(" "), m.provider, status_word(m.status()));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Current => "current",
        Status::Legacy => "legacy",
        Status::Deprecated => "deprecated",
        Status::Retired => "retired",
    }
}

/// The date that goes with a state: when it retired or retires.
fn status_date(m: &Model) -> Option<&str> {
    let lc = &m.lifecycle;
    match m.status() {
        Status::Retired => lc.retired_on.as_deref().or(lc.retires_on.as_deref()),
        Status::Deprecated => lc.retires_on.as_deref(),
        _ => None,
    }
}

fn price(p: Option<f64>) -> String {
    p.map_or("-".into(), |x| format!("${x}"))
}

/// A round count in K or M (`128K`, `1M`); a count that is not round
/// (`65,536`, `1,048,576`) in full.
fn count(n: Option<u64>) -> String {
    match n {
        Some(n) if n >= 1_000_000 && n % 1_000 == 0 => format!("{}M", n as f64 / 1e6),
        Some(n) if n >= 1_000 && n % 1_000 == 0 => format!("{}K", n / 1_000),
        Some(n) => crate::base::cost::thousands(n as i64),
        None => "-".into(),
    }
}

fn list(table: &ModelTable, models: Vec<&Model>, format: ModelsFormat) -> ExitCode {
    if format == ModelsFormat::Json {
        let rows: Vec<Value> = models.iter().map(|m| entry(m)).collect();
        let doc = json!({ "as_of": table.as_of, "today": today(), "sources": table.sources, "models": rows });
        println!("{}", serde_json::to_string_pretty(&doc).expect("models serialise"));
        return ExitCode::SUCCESS;
    }
    let header = ["id", "provider", "state", "input $/MTok", "output $/MTok", "context", "max out", "replacement"];
    let rows: Vec<[String; 8]> = models
        .iter()
        .map(|m| {
            let state = match status_date(m) {
                Some(d) => format!("{} {d}", status_word(m.status())),
                None => status_word(m.status()).to_string(),
            };
            [
                m.id.clone(),
                m.provider.clone(),
                state,
                price(m.price.input),
                price(m.price.output),
                count(m.context_window),
                count(m.max_output_tokens),
                m.lifecycle.replacement.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header.map(String::from)).chain(rows) {
        let cells: Vec<String> = row.iter().zip(widths).map(|(c, w)| format!("{c:w$}")).collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    let _ = writeln!(
        out,
        "\n{} model{}; table as of {}, states as of {} (`llmlint models ID` shows one, with its sources)",
        models.len(),
        if models.len() == 1 { "" } else { "s" },
        table.as_of,
        today()
    );
    print!("{out}");
    ExitCode::SUCCESS
}

/// A model as JSON: its table entry and its state today.
fn entry(m: &Model) -> Value {
    let mut v = serde_json::to_value(m).expect("a model serialises");
    v["state_today"] = json!(status_word(m.status()));
    v
}

fn show(table: &ModelTable, query: &str, m: &Model, format: ModelsFormat) -> ExitCode {
    let platform = Platform::of(query);
    if format == ModelsFormat::Json {
        let doc = json!({
            "query": query,
            "platform": platform.key(),
            "deployment_of": table.deployment(query),
            "as_of": table.as_of,
            "today": today(),
            "model": entry(m),
        });
        println!("{}", serde_json::to_string_pretty(&doc).expect("a model serialises"));
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    let read_as = if query.eq_ignore_ascii_case(&m.id) { String::new() } else { format!(" (read from `{query}`)") };
    let _ = writeln!(out, "{}{read_as}", m.id);
    if !m.aliases.is_empty() {
        let _ = writeln!(out, "  aliases:     {}", m.aliases.join(", "));
    }
    let _ = writeln!(out, "  provider:    {}", m.provider);
    if platform != Platform::FirstParty {
        let _ = writeln!(out, "  platform:    {} (the id's form)", platform.name());
    }
    if let Some(model) = table.deployment(query) {
        let _ = writeln!(out, "  deployment:  serves {model}, as your `deployments` say");
    }
    let lc = &m.lifecycle;
    let mut state = status_word(m.status()).to_string();
    if let Some(d) = status_date(m) {
        let _ = write!(state, " ({d})");
    }
    if let Some(r) = &lc.replacement {
        let _ = write!(state, "; replacement {r}");
    }
    let _ = writeln!(out, "  state today: {state}");
    for (label, date) in [
        ("released", &lc.released),
        ("deprecated", &lc.deprecated_on),
        ("retires", &lc.retires_on),
        ("retired", &lc.retired_on),
    ] {
        if let Some(d) = date {
            let _ = writeln!(out, "    {label:<11}{d}");
        }
    }
    if let Some(s) = &lc.source {
        let _ = writeln!(out, "    source:    {s}{}", checked(s, &lc.checked));
    }
    for (name, p) in &lc.platforms {
        let date = p.retired_on.as_deref().or(p.retires_on.as_deref()).map(|d| format!(" ({d})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "    on {name}: {}{date}; source: {}{}",
            status_word(p.status()),
            p.source,
            checked(&p.source, &Some(p.checked.clone()))
        );
    }
    let p = &m.price;
    let _ = writeln!(
        out,
        "  price $/MTok: input {}, output {}, cache write 5m {}, 1h {}, cache read {}",
        price(p.input),
        price(p.output),
        price(p.cache_write_5m),
        price(p.cache_write_1h),
        price(p.cache_read)
    );
    let _ = writeln!(
        out,
        "  limits:      context {}, output {}{}",
        count(m.context_window),
        count(m.max_output_tokens),
        m.max_output_tokens_non_streaming
            .map(|n| format!(" ({} without streaming)", count(Some(n))))
            .unwrap_or_default()
    );
    if let Some(n) = m.min_cacheable_tokens {
        let _ = writeln!(out, "  cacheable:   from {n} tokens");
    }
    if let Some(t) = m.tokenizer.as_ref().and_then(|t| table.tokenizers.get(t)) {
        let _ = writeln!(out, "  tokens:      ~{} characters per token ({})", t.chars_per_token, t.note);
    }
    match &m.source {
        Some(s) => {
            let _ = writeln!(out, "  source:      {s}{}", checked(s, &m.checked));
        }
        None => {
            let _ = writeln!(out, "  source:      the table's sources (`llmlint models --format json` lists them)");
        }
    }
    let _ = writeln!(out, "table as of {}, state as of {}", table.as_of, today());
    print!("{out}");
    ExitCode::SUCCESS
}

/// ` (read DATE)` after a source, unless the source says so itself.
fn checked(source: &str, date: &Option<String>) -> String {
    date.as_ref().filter(|d| !source.contains(&format!("read {d}"))).map(|d| format!(" (read {d})")).unwrap_or_default()
}

fn import(table: &ModelTable, file: &std::path::Path, output: &std::path::Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    let imported = match crate::knowledge::price_import::import_litellm(table, &text) {
        Ok(i) => i,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    for line in &imported.changes {
        println!("{line}");
    }
    if imported.entries.is_empty() {
        println!("nothing differs from the table ({} entries of other providers or kinds skipped)", imported.skipped);
        return ExitCode::SUCCESS;
    }
    let day = today();
    let doc = json!({
        "as_of": day,
        "sources": [format!("{} (LiteLLM price file), imported {day}", file.display())],
        "models": imported.entries,
    });
    let mut text = format!(
        "# Written by `llmlint models import {}` on {day}: the prices and limits that\n# differ from llmlint's table. Use it with `--models {}` or as [[models]] in\n# llmlint.toml. Lifecycles are not imported.\n",
        file.display(),
        output.display()
    );
    text.push_str(&serde_json::to_string_pretty(&doc).expect("entries serialise"));
    text.push('\n');
    if let Err(e) = std::fs::write(output, text) {
        return fail(format!("{}: {e}", output.display()));
    }
    println!(
        "{} change{} written to {} ({} entries of other providers or kinds skipped)",
        imported.changes.len(),
        if imported.changes.len() == 1 { "" } else { "s" },
        output.display(),
        imported.skipped
    );
    ExitCode::SUCCESS
}
