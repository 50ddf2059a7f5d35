use super::*;

#[test]
fn qualified_and_dated_ids_resolve_to_one_entry() {
    let t = ModelTable::builtin();
    for id in [
        "claude-haiku-4-5",
        "claude-haiku-4-5-20251001",
        "anthropic/claude-haiku-4-5",
        "anthropic:messages:claude-haiku-4-5",
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "claude-haiku-4-5@20251001",
        "openrouter/anthropic/claude-haiku-4-5",
    ] {
        assert_eq!(t.get(id).map(|m| m.id.as_str()), Some("claude-haiku-4-5-20251001"), "{id}");
    }
    assert_eq!(t.get("gpt-4o-2024-08-06").map(|m| m.id.as_str()), Some("gpt-4o"));
    // A four-digit snapshot resolves to its model (`gpt-4`, retired),
    // unless the table lists the snapshot itself.
    assert_eq!(t.get("gpt-4-0613").map(|m| m.id.as_str()), Some("gpt-4"));
    assert_eq!(t.get("gpt-4-0314").map(|m| m.id.as_str()), Some("gpt-4-0314"));
    assert_eq!(t.get("gpt-4o-2024-05-13").map(|m| m.id.as_str()), Some("gpt-4o-2024-05-13"));
    assert!(matches!(t.lookup("gpt-4o-realtime-preview"), Lookup::Known(Provider::OpenAi)));
    assert!(matches!(t.lookup("claude-sonet-4-6"), Lookup::Unknown));
    assert_eq!(t.nearest("claude-sonet-4-6", 2), Some("claude-sonnet-4-6"));
    assert!(!t.knows_words_of("claude-sonet-4-6"));
    assert!(t.knows_words_of("gpt-5.6"));
}

#[test]
fn a_long_prompt_pays_the_long_context_tier() {
    // The audit's case C12: a 400,000-character system prompt to Haiku 5.5.
    let t = ModelTable::builtin();
    let haiku = t.get("claude-haiku-5-5").unwrap();
    let tokens = t.estimate_tokens(400_000, haiku).unwrap();
    // Haiku 5.5 has the tokenizer of Opus 4.7: ~2.5 characters per token.
    assert_eq!(tokens.tokens, 160_000);
    let c = Cost::cache_saving(haiku, &tokens, None).unwrap();
    // (0.50 - 0.05) x 160,000 / 1e6 per call; one write premium (0.625 - 0.50) per 1,000 calls.
    assert!((c.usd_per_call - 0.072).abs() < 1e-6, "{c:?}");
    assert!((c.usd_per_1k_calls - (72.0 - 0.02)).abs() < 1e-5, "{c:?}");
    assert!(c.basis.contains("long-context rate: the prompt is above 100,000 tokens"), "{}", c.basis);
    // A short prompt pays the base rate.
    assert_eq!(haiku.prices_for(100_000).input, Some(0.1));
    assert_eq!(haiku.prices_for(100_001).input, Some(0.5));
    // OpenAI's long context: 2x input and cache, 1.5x output, above 272K.
    let sol = t.get("gpt-6-sol").unwrap().prices_for(300_000);
    assert_eq!((sol.input, sol.cache_read, sol.output), (Some(4.0), Some(0.4), Some(15.0)));
}

#[test]
fn gateway_and_platform_variants_resolve_to_their_model() {
    let t = ModelTable::builtin();
    for (id, want) in [
        ("anthropic/claude-3.5-sonnet", "claude-3-5-sonnet-20241022"),
        ("anthropic/claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
        ("anthropic/claude-3.7-sonnet:thinking", "claude-3-7-sonnet-20250219"),
        ("openrouter/anthropic/claude-3.5-sonnet", "claude-3-5-sonnet-20241022"),
        ("anthropic/claude-haiku-4.5", "claude-haiku-4-5-20251001"),
        ("anthropic.claude-3-sonnet-20240229-v1:0:200k", "claude-3-sonnet-20240229"),
        ("anthropic.claude-v2:1", "claude-2.1"),
        ("anthropic.claude-v2", "claude-2.0"),
        ("anthropic.claude-instant-v1", "claude-instant-1.2"),
        ("claude-2.1", "claude-2.1"),
    ] {
        assert_eq!(t.get(id).map(|m| m.id.as_str()), Some(want), "{id}");
    }
    // The first party's API takes no dots: a typo there, not a model.
    assert!(t.get("claude-sonnet-4.5").is_none());
    // OpenAI versions are dotted everywhere.
    assert_eq!(t.get("openai/gpt-4.1").map(|m| m.id.as_str()), Some("gpt-4.1"));
    // A colon that is not a variant still separates a provider prefix.
    assert_eq!(t.get("anthropic:messages:claude-haiku-4-5").map(|m| m.id.as_str()), Some("claude-haiku-4-5-20251001"));
}

#[test]
fn an_azure_deployment_serves_the_model_it_is_mapped_to_on_azures_schedule() {
    let t = ModelTable::builtin()
        .with_overrides("deployments:\n  chat-prod: gpt-4o-2024-08-06\n  reasoner: o3\n")
        .expect("valid overrides");
    assert_eq!(Platform::of("azure/chat-prod"), Platform::Azure);
    assert_eq!(t.deployment("azure/chat-prod"), Some("gpt-4o-2024-08-06"));
    assert_eq!(t.get("azure/chat-prod").map(|m| m.id.as_str()), Some("gpt-4o"));
    // Unmapped: the name itself, when it is a model's (the portal's default name).
    assert_eq!(t.get("azure/gpt-4.1").map(|m| m.id.as_str()), Some("gpt-4.1"));
    assert!(t.get("azure/support-bot").is_none());
    assert!(t.deployment("chat-prod").is_none(), "only the azure/ form names a deployment");
    // Retired on Azure (2026-11-19): the request fails and costs nothing,
    // on Azure's date, not OpenAI's (2026-12-11).
    let o3 = t.get("azure/reasoner").unwrap();
    assert!(o3.fails_as("azure/reasoner"));
    assert_eq!(o3.lifecycle.platforms["azure"].retires_on.as_deref(), Some("2026-11-19"));
    // gpt-4o retires on Azure on 2027-04-14 (OpenAI's date is 2027-01-14);
    // gpt-5 is GA there until 2027-02-09, a date after which it is retired.
    let azure = |id: &str| t.get(id).unwrap().lifecycle.platforms["azure"].clone();
    assert_eq!(
        (azure("gpt-4o").status, azure("gpt-4o").retires_on.as_deref()),
        (Status::Deprecated, Some("2027-04-14"))
    );
    assert_eq!((azure("gpt-5").status, azure("gpt-5").retires_on.as_deref()), (Status::Current, Some("2027-02-09")));
    // A current model's scheduled end, once passed, is a retirement.
    assert_eq!(effective(Status::Current, Some(&"2000-01-01".to_string())), Status::Retired);
    // A deployment must name a model of the table.
    let err = ModelTable::builtin().with_overrides("deployments:\n  x: gtp-4o\n").unwrap_err();
    assert!(err.contains("deployment `x`"), "{err}");
}

#[test]
fn a_fine_tune_is_read_as_its_base_and_priced_as_nothing() {
    let t = ModelTable::builtin();
    for (id, base, model) in [
        ("ft:gpt-4o-mini-2024-07-18:acme:support:AbC123", "gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("ft:gpt-4.1-nano-2025-04-14:acme::9abc", "gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"),
        ("openai/ft:gpt-4o-2024-08-06:acme::x1", "gpt-4o-2024-08-06", "gpt-4o"),
    ] {
        let (b, m) = t.fine_tune_base(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!((b, m.id.as_str()), (base, model), "{id}");
        // Its prices and limits are not the base's.
        assert!(t.get(id).is_none(), "{id}");
    }
    for id in ["craft:gpt-4o-mini:x", "ft:", "ft::acme::x", "ft:my-base:acme::x3", "gpt-4o-mini"] {
        assert!(t.fine_tune_base(id).is_none(), "{id}");
    }
}

#[test]
fn every_retired_model_names_a_known_replacement() {
    let t = ModelTable::builtin();
    for m in &t.models {
        if let Some(r) = &m.lifecycle.replacement {
            let rep = t.get(r).unwrap_or_else(|| panic!("{}: replacement {r} is not in the table", m.id));
            assert_eq!(rep.status(), Status::Current, "{} -> {r}", m.id);
        }
    }
}

#[test]
fn gemini_ids_resolve_in_every_form_code_writes() {
    let t = ModelTable::builtin();
    // The API's `models/` form, LiteLLM's `gemini/`, a gateway's `google/`,
    // pydantic-ai's `google:` and a numbered version.
    for id in [
        "gemini-2.0-flash",
        "models/gemini-2.0-flash",
        "gemini/gemini-2.0-flash",
        "google/gemini-2.0-flash",
        "google:gemini-2.0-flash",
        "gemini-2.0-flash-001",
    ] {
        assert_eq!(t.get(id).map(|m| m.id.as_str()), Some("gemini-2.0-flash"), "{id}");
    }
    assert_eq!(Platform::of("vertex_ai/gemini-2.0-flash"), Platform::Vertex);
    let flash = t.get("gemini-3.6-flash").unwrap();
    assert_eq!(flash.provider(), Provider::Google);
    // Google: "a token is about 4 characters" for Gemini models.
    assert_eq!(t.estimate_tokens(40_000, flash).unwrap().tokens, 10_000);
    // 20,000 output tokens at $7.50/M: $0.15 a call; half in a batch.
    let c = Cost::output_cap(flash, 20_000, false, None).unwrap();
    assert!((c.usd_per_call - 0.15).abs() < 1e-9, "{c:?}");
    let b = Cost::output_cap(flash, 20_000, true, None).unwrap();
    assert!((b.usd_per_call - 0.075).abs() < 1e-9, "{b:?}");
    // Real ids with no facts are known, not typos; a typo is not.
    assert!(matches!(t.lookup("gemini-4-carbon"), Lookup::Known(Provider::Google)));
    assert!(matches!(t.lookup("gemini-3.8-flsh"), Lookup::Unknown));
    assert_eq!(t.nearest("gemini-3.8-flsh", 2), Some("gemini-3.8-flash"));
}
