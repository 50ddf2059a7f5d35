//! Agent frameworks' turn limits, as data: where each framework takes the
//! most turns (steps, iterations, requests) an agent may run, its default,
//! and which values lift it. `unbounded-agent-loop` reports a limit lifted
//! (`max_turns=None`, `recursion_limit: float("inf")`) and a team that has
//! none by default and is given none.
//!
//! Each default was read in the framework's newest published source and
//! run against a model that keeps calling tools, on 2026-12-02.

/// Where a framework's limit is given.
#[derive(Clone, Copy, Debug)]
pub enum Site {
    /// An argument of these calls (qualified names), as a keyword or an
    /// entry of an options object: `Runner.run(agent, x, max_turns=…)`.
    Call(&'static [&'static str]),
    /// An argument or an object entry anywhere in a file that imports one
    /// of these modules: the limit travels in a config dict
    /// (`graph.invoke(x, {"recursion_limit": …})`) or goes to a method of
    /// an object the analysis does not type (`agent.run(task, max_steps=…)`).
    Module(&'static [&'static str]),
}

pub struct TurnLimit {
    /// The framework, as a sentence names it.
    pub framework: &'static str,
    pub site: Site,
    /// The limit's names; a name in `STOP_CONDITION_KEYS` holds a stop
    /// condition, the others a count.
    pub keys: &'static [&'static str],
    /// What the limit is when none is given; `None`: no limit at all.
    pub default: Option<u32>,
    /// `None`/`null` lifts the limit (rather than meaning the default).
    pub null_lifts: bool,
    /// Other arguments that stop the run when the limit has no default
    /// (AutoGen's `termination_condition`).
    pub stops: &'static [&'static str],
    /// The unit the limit counts.
    pub unit: &'static str,
    /// A limit as the fix writes it.
    pub example: &'static str,
    /// The limit bounds any code, not only an agent's (a LangGraph graph):
    /// read only in a file that shows a model (`shows_model`).
    pub needs_model: bool,
    /// Participants that make a run a conversation with a person, which
    /// the person ends (AutoGen's `UserProxyAgent`): no limit is needed.
    pub conversation_with: &'static [&'static str],
}

impl TurnLimit {
    /// The modules a file imports to use the row: its calls' modules, or
    /// its own.
    pub fn modules(&self) -> Vec<&'static str> {
        match self.site {
            Site::Call(names) => names.iter().filter_map(|n| n.split('.').next()).collect(),
            Site::Module(modules) => modules.to_vec(),
        }
    }
}

/// Packages of LangChain's whose import shows no model (the core, the
/// graph runtime, text splitters); its other `langchain_*` and
/// `@langchain/*` packages are providers' chat models.
pub const NOT_MODEL_PACKAGES: &[&str] = &[
    "langchain_core",
    "langchain_text_splitters",
    "@langchain/core",
    "@langchain/langgraph",
    "@langchain/textsplitters",
];

/// A limit whose null means its default, with no other way to stop and
/// no person in the loop; rows set the rest (`TurnLimit { null_lifts: true, ..limit(…) }`).
const fn limit(
    framework: &'static str,
    site: Site,
    keys: &'static [&'static str],
    default: Option<u32>,
    unit: &'static str,
    example: &'static str,
) -> TurnLimit {
    TurnLimit {
        framework,
        site,
        keys,
        default,
        null_lifts: false,
        stops: &[],
        unit,
        example,
        needs_model: false,
        conversation_with: &[],
    }
}

/// Keys whose value is a stop condition, not a count (`stopWhen:
/// stepCountIs(20)`).
pub const STOP_CONDITION_KEYS: &[&str] = &["stopWhen"];

/// A count at least this large is no limit: no agent is meant to run a
/// million turns (LangGraph's own default is 10,007).
pub const LIFTED_AT: i64 = 1_000_000;

/// Framework modules named as users name their own directories
/// (`app/agents/`): a file there is not taken for the framework's own code.
pub const COMMON_NAMES: &[&str] = &["agents", "ai"];

/// Names whose value is infinite or the largest integer.
pub const UNBOUNDED_NAMES: &[&str] = &[
    "math.inf",
    "numpy.inf",
    "sys.maxsize",
    "Infinity",
    "Number.POSITIVE_INFINITY",
    "Number.MAX_SAFE_INTEGER",
    "Number.MAX_VALUE",
];

/// Stop conditions that never stop the loop (the AI SDK's `isLoopFinished()`,
/// "a stop condition that never returns true"; vercel/ai packages/ai/src/
/// generate-text/stop-condition.ts, ai 7.0.173).
pub const NEVER_STOPS: &[&str] = &["isLoopFinished"];

/// Stop conditions that count steps: `stepCountIs(n)` stops at `n`.
pub const STEP_COUNTS: &[&str] = &["stepCountIs", "isStepCount"];

pub const TURN_LIMITS: &[TurnLimit] = &[
    // openai/openai-agents-python src/agents/run.py `Runner.run(…, max_turns:
    // int | None = DEFAULT_MAX_TURNS)`, run_config.py `DEFAULT_MAX_TURNS = 10`;
    // "Pass None to disable the turn limit" (v0.16.0 on; 0.24.0). Only the
    // runner's: in `Agent.as_tool(max_turns=None)` None means 10 (agent.py).
    TurnLimit {
        null_lifts: true,
        ..limit(
            "the OpenAI Agents SDK",
            Site::Call(&[
                "agents.Runner.run",
                "agents.Runner.run_sync",
                "agents.Runner.run_streamed",
                "agents.run.Runner.run",
                "agents.run.Runner.run_sync",
                "agents.run.Runner.run_streamed",
            ]),
            &["max_turns"],
            Some(10),
            "turns",
            "max_turns=25",
        )
    },
    // openai/openai-agents-js packages/agents-core/src/run.ts `maxTurns?:
    // number | null`, runner/constants.ts `DEFAULT_MAX_TURNS = 10`; "Pass
    // null to disable the limit" (v0.10.0 on; @openai/agents-core 0.20.0).
    TurnLimit {
        null_lifts: true,
        ..limit(
            "the OpenAI Agents SDK",
            Site::Module(&["@openai/agents"]),
            &["maxTurns"],
            Some(10),
            "turns",
            "maxTurns: 25",
        )
    },
    // langchain-ai/langgraph libs/langgraph/langgraph/_internal/_config.py
    // `DEFAULT_RECURSION_LIMIT = …"10007"` (25 until 1.0.5, 10000 in 1.0.6,
    // 10007 since 1.1.4; 1.2.24); a None is dropped for the default.
    TurnLimit {
        needs_model: true,
        ..limit(
            "LangGraph",
            Site::Module(&["langgraph", "langchain"]),
            &["recursion_limit"],
            Some(10_007),
            "steps",
            "\"recursion_limit\": 50",
        )
    },
    // langchain-ai/langgraphjs libs/langgraph-core/src/pregel/utils/config.ts
    // `DEFAULT_RECURSION_LIMIT = 25` (@langchain/langgraph 1.7.3); null throws.
    TurnLimit {
        needs_model: true,
        ..limit(
            "LangGraph",
            Site::Module(&["@langchain/langgraph", "@langchain/core", "langchain"]),
            &["recursionLimit"],
            Some(25),
            "steps",
            "recursionLimit: 50",
        )
    },
    // crewAIInc/crewAI BaseAgent `max_iter: int = 25` (crewai 1.15.30); an
    // int field, so only a huge number lifts it.
    limit("CrewAI", Site::Module(&["crewai"]), &["max_iter"], Some(25), "iterations", "max_iter=25"),
    // huggingface/smolagents src/smolagents/agents.py `max_steps: int = 20`,
    // `run(…, max_steps=None)` means the agent's (smolagents 1.26.0).
    limit("smolagents", Site::Module(&["smolagents"]), &["max_steps"], Some(20), "steps", "max_steps=20"),
    // pydantic/pydantic-ai pydantic_ai_slim/pydantic_ai/usage.py `UsageLimits(
    // request_limit: int | None = 50)`: "Each of the limits can be set to None
    // to disable that limit" (pydantic-ai-slim 2.66.0).
    TurnLimit {
        null_lifts: true,
        ..limit(
            "PydanticAI",
            Site::Module(&["pydantic_ai"]),
            &["request_limit"],
            Some(50),
            "requests",
            "UsageLimits(request_limit=50)",
        )
    },
    // microsoft/autogen autogen_agentchat teams `termination_condition=None,
    // max_turns=None`: "Without a termination condition, the group chat will
    // run indefinitely" (_round_robin_group_chat.py, _selector_group_chat.py,
    // _swarm_group_chat.py; autogen-agentchat 0.7.5).
    TurnLimit {
        stops: &["termination_condition"],
        conversation_with: &["autogen_agentchat.agents.UserProxyAgent"],
        ..limit(
            "AutoGen",
            Site::Call(&[
                "autogen_agentchat.teams.RoundRobinGroupChat",
                "autogen_agentchat.teams.SelectorGroupChat",
                "autogen_agentchat.teams.Swarm",
            ]),
            &["max_turns"],
            None,
            "turns",
            "termination_condition=MaxMessageTermination(20) | TextMentionTermination(\"TERMINATE\")",
        )
    },
    // run-llama/llama_index llama-index-core llama_index/core/agent/workflow/
    // base_agent.py `DEFAULT_MAX_ITERATIONS = 20`, given to `run(…,
    // max_iterations=…)`; None means 20 (llama-index-core 0.14.25).
    limit(
        "LlamaIndex",
        Site::Module(&["llama_index"]),
        &["max_iterations"],
        Some(20),
        "iterations",
        "max_iterations=20",
    ),
    // LlamaIndex.TS has no turn limit to give: `agent({...})` and
    // `multiAgent({...})` loop until the model stops calling tools, and the
    // `timeout` they accept is never read (run-llama/LlamaIndexTS
    // packages/workflow/src/agent/agent-workflow.ts, @llamaindex/workflow
    // 1.1.24, read 2026-12-02). No row: there is no setting to recommend.
    // stanfordnlp/dspy dspy/predict/react.py `ReAct(…, max_iters: int = 20)`,
    // `for idx in range(max_iters)` (dspy 3.4.1).
    limit("DSPy", Site::Module(&["dspy"]), &["max_iters"], Some(20), "iterations", "max_iters=20"),
    // @mastra/core src/llm/model/model.loop.ts `stopWhen ?? stepCountIs(5)`,
    // `maxSteps` its sugar (@mastra/core 1.71.0).
    limit("Mastra", Site::Module(&["@mastra/core"]), &["maxSteps", "stopWhen"], Some(5), "steps", "maxSteps: 20"),
    // vercel/ai packages/ai/src/generate-text/generate-text.ts `stopWhen =
    // isStepCount(1)`, stream-text.ts likewise (ai 7.0.173); AI SDK 4's
    // `maxSteps`, 1 unless set ("set maxSteps to a number greater than 1",
    // sdk.vercel.ai/examples/node/tools/call-tools-with-automatic-roundtrips,
    // read 2026-12-02).
    limit(
        "the AI SDK",
        Site::Call(&["ai.generateText", "ai.streamText"]),
        &["stopWhen", "maxSteps"],
        Some(1),
        "steps",
        "stopWhen: stepCountIs(20)",
    ),
    // vercel/ai packages/ai/src/agent/tool-loop-agent.ts `stopWhen ??
    // isStepCount(20)`; `Experimental_Agent` its deprecated alias (ai 7.0.173).
    limit(
        "the AI SDK",
        Site::Call(&["ai.ToolLoopAgent", "ai.Experimental_Agent"]),
        &["stopWhen"],
        Some(20),
        "steps",
        "stopWhen: stepCountIs(20)",
    ),
];

/// The modules whose import makes a file's turn limits worth reading.
pub fn modules() -> impl Iterator<Item = &'static str> {
    TURN_LIMITS.iter().flat_map(TurnLimit::modules)
}

/// The words that show a turn limit in a file: its keys, and the last
/// names of the calls that have no limit unless given one.
pub fn words() -> Vec<&'static str> {
    let mut out: Vec<&str> = TURN_LIMITS
        .iter()
        .flat_map(|l| {
            let calls = match (l.default, l.site) {
                (None, Site::Call(names)) => names.iter().filter_map(|n| n.rsplit('.').next()).collect(),
                _ => vec![],
            };
            l.keys.iter().copied().chain(calls)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_has_a_key_and_a_site() {
        for l in TURN_LIMITS {
            assert!(!l.keys.is_empty(), "{}", l.framework);
            match l.site {
                Site::Call(names) => assert!(names.iter().all(|n| n.contains('.')), "{}", l.framework),
                Site::Module(modules) => assert!(!modules.is_empty(), "{}", l.framework),
            }
            // A limit with no default is lifted only by its absence.
            assert!(l.default.is_some() || !l.null_lifts, "{}", l.framework);
        }
    }

    #[test]
    fn the_words_are_the_keys_and_the_unlimited_calls() {
        let words = words();
        assert!(words.contains(&"max_turns") && words.contains(&"recursionLimit"));
        assert!(words.contains(&"RoundRobinGroupChat"));
        assert!(!words.contains(&"generateText"));
    }
}
