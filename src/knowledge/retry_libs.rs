//! What llmlint knows about retry libraries, sleeps and random sources, as
//! tables (`../shared/facts/retry-and-concurrency.md`). One matcher in
//! `retry.rs` reads them for every language; adding a library is adding rows.

/// How a library's policy wraps the code it retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `@retry(...)` or bare `@retry` on a function: its body is retried.
    Decorator,
    /// `f(action, options)`: the action (a function argument) is retried.
    /// The action is the first function-valued argument (promise-retry takes
    /// either order); options is the first object argument.
    Wrapper,
    /// An object: `for attempt in Retrying(...)` retries the loop body.
    Object,
    /// `action.retry(policy)` (backon) or `policy.retry(action)` (again).
    Method,
    /// `Retry::spawn(strategy, action)`: argument 0 is the strategy.
    Spawn,
    /// `runnable.with_retry(...)` (LangChain).
    Runnable,
    /// reqwest-retry: `RetryTransientMiddleware::new_with_policy(policy)` on a
    /// client; every request through the client is retried.
    Middleware,
}

/// When an option's value triggers its effect.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    Present,
    IsNone,
    IsFalse,
    IsTrue,
    IsZero,
    IsInfinite,
    Positive,
    /// Not None and not infinite: a real limit.
    Finite,
    Str(&'static str),
    /// The value's text names this (`Jitter::None`).
    Mentions(&'static str),
}

/// What an option does to the policy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Effect {
    JitterOn,
    JitterOff,
    /// A limit on attempts or time (the value is the attempt count when `count` says so).
    Bounded {
        count: bool,
        plus_one: bool,
    },
    Unbounded,
    /// Unbounded only if this other option is also None (stamina: attempts and timeout).
    UnboundedWith(&'static str),
    /// tenacity `wait=`: an expression of wait functions.
    Wait,
    /// tenacity `stop=`: an expression of stop functions.
    Stop,
    /// The exception types retried (`on=`, backoff's second argument).
    RetryOn,
    /// tenacity `retry=`: a predicate such as `retry_if_exception_type(X)`.
    RetryPredicate,
    /// `retry: () => true`: retries every error.
    RetryAlways,
    /// The delay's shape (backoff's wait generator, cockatiel's `backoff`):
    /// where a jitter finding is reported.
    WaitArg,
}

/// An option: a keyword (`wait`), an options-object key (`randomize`), or a
/// positional argument written `#0`, `#1`.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    pub key: &'static str,
    pub when: When,
    pub effect: Effect,
}

const fn opt(key: &'static str, when: When, effect: Effect) -> Opt {
    Opt { key, when, effect }
}

#[derive(Debug)]
pub struct RetryLib {
    pub library: &'static str,
    /// Qualified names of the decorator, wrapper or constructor.
    pub names: &'static [&'static str],
    pub form: Form,
    pub jitter: bool,
    pub bounded: bool,
    /// Total attempts by default, when bounded.
    pub attempts: Option<i64>,
    pub options: &'static [Opt],
    /// The unsafe fix that adds jitter, if one exists (see `retry.rs`).
    pub jitter_fix: JitterFix,
}

/// How jitter is added to a library policy without changing anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitterFix {
    None,
    /// tenacity: `wait_exponential(...)` → `wait_random_exponential(...)`.
    RenameWait,
    /// backoff: remove `jitter=None`.
    RemoveJitterNone,
    /// p-retry: add `randomize: true` to the options object.
    AddOption(&'static str),
    /// backon: insert `.with_jitter()` after the builder; tokio-retry: `.map(jitter)`.
    AppendToStrategy(&'static str),
}

const BOUND: Effect = Effect::Bounded { count: false, plus_one: false };
const ATTEMPTS: Effect = Effect::Bounded { count: true, plus_one: false };
const RETRIES: Effect = Effect::Bounded { count: true, plus_one: true };

pub const LIBRARIES: &[RetryLib] = &[
    // ---- Python -----------------------------------------------------------------
    RetryLib {
        library: "tenacity",
        names: &["tenacity.retry", "tenacity.Retrying", "tenacity.AsyncRetrying"],
        form: Form::Decorator,
        jitter: false,
        bounded: false,
        attempts: None,
        options: &[
            opt("wait", When::Present, Effect::Wait),
            opt("stop", When::Present, Effect::Stop),
            opt("retry", When::Present, Effect::RetryPredicate),
        ],
        jitter_fix: JitterFix::RenameWait,
    },
    RetryLib {
        library: "backoff",
        names: &["backoff.on_exception", "backoff.on_predicate"],
        form: Form::Decorator,
        jitter: true,
        bounded: false,
        attempts: None,
        options: &[
            opt("#0", When::Present, Effect::WaitArg),
            opt("#1", When::Present, Effect::RetryOn),
            opt("jitter", When::IsNone, Effect::JitterOff),
            opt("max_tries", When::Finite, ATTEMPTS),
            opt("max_time", When::Finite, BOUND),
        ],
        jitter_fix: JitterFix::RemoveJitterNone,
    },
    RetryLib {
        library: "stamina",
        names: &["stamina.retry", "stamina.retry_context"],
        form: Form::Decorator,
        jitter: true,
        bounded: true,
        attempts: Some(10),
        options: &[
            opt("on", When::Present, Effect::RetryOn),
            opt("wait_jitter", When::IsZero, Effect::JitterOff),
            opt("attempts", When::Finite, ATTEMPTS),
            opt("attempts", When::IsNone, Effect::UnboundedWith("timeout")),
        ],
        jitter_fix: JitterFix::None,
    },
    RetryLib {
        library: "retrying",
        names: &["retrying.retry"],
        form: Form::Decorator,
        jitter: false,
        bounded: false,
        attempts: None,
        options: &[
            opt("wait_jitter_max", When::Positive, Effect::JitterOn),
            opt("stop_max_attempt_number", When::Finite, ATTEMPTS),
            opt("stop_max_delay", When::Finite, BOUND),
        ],
        jitter_fix: JitterFix::None,
    },
    RetryLib {
        library: "LangChain with_retry",
        names: &["with_retry"],
        form: Form::Runnable,
        jitter: true,
        bounded: true,
        attempts: Some(3),
        options: &[
            opt("wait_exponential_jitter", When::IsFalse, Effect::JitterOff),
            opt("stop_after_attempt", When::Finite, ATTEMPTS),
            opt("stopAfterAttempt", When::Finite, ATTEMPTS),
            opt("retry_if_exception_type", When::Present, Effect::RetryOn),
        ],
        jitter_fix: JitterFix::None,
    },
    // ---- JavaScript / TypeScript -------------------------------------------------------
    RetryLib {
        library: "p-retry",
        names: &["p-retry.default", "p-retry.pRetry", "p-retry"],
        form: Form::Wrapper,
        jitter: false,
        bounded: true,
        attempts: Some(11),
        options: &[
            opt("randomize", When::IsTrue, Effect::JitterOn),
            opt("retries", When::IsInfinite, Effect::Unbounded),
            opt("retries", When::Finite, RETRIES),
        ],
        jitter_fix: JitterFix::AddOption("randomize: true"),
    },
    RetryLib {
        library: "async-retry",
        names: &["async-retry.default", "async-retry"],
        form: Form::Wrapper,
        jitter: true,
        bounded: true,
        attempts: Some(11),
        options: &[
            opt("randomize", When::IsFalse, Effect::JitterOff),
            opt("retries", When::IsInfinite, Effect::Unbounded),
            opt("retries", When::Finite, RETRIES),
        ],
        jitter_fix: JitterFix::AddOption("randomize: true"),
    },
    RetryLib {
        library: "promise-retry",
        names: &["promise-retry.default", "promise-retry"],
        form: Form::Wrapper,
        jitter: false,
        bounded: true,
        attempts: Some(11),
        options: &[
            opt("randomize", When::IsTrue, Effect::JitterOn),
            opt("forever", When::IsTrue, Effect::Unbounded),
            opt("retries", When::IsInfinite, Effect::Unbounded),
            opt("retries", When::Finite, RETRIES),
        ],
        jitter_fix: JitterFix::AddOption("randomize: true"),
    },
    RetryLib {
        library: "exponential-backoff",
        names: &["exponential-backoff.backOff"],
        form: Form::Wrapper,
        jitter: false,
        bounded: true,
        attempts: Some(10),
        options: &[
            opt("jitter", When::Str("full"), Effect::JitterOn),
            opt("numOfAttempts", When::IsInfinite, Effect::Unbounded),
            opt("numOfAttempts", When::Finite, ATTEMPTS),
            opt("retry", When::Present, Effect::RetryAlways),
        ],
        jitter_fix: JitterFix::AddOption("jitter: \"full\""),
    },
    RetryLib {
        library: "@lifeomic/attempt",
        names: &["@lifeomic/attempt.retry"],
        form: Form::Wrapper,
        jitter: false,
        bounded: true,
        attempts: Some(3),
        options: &[
            opt("jitter", When::IsTrue, Effect::JitterOn),
            opt("maxAttempts", When::IsZero, Effect::Unbounded),
            opt("maxAttempts", When::Positive, ATTEMPTS),
        ],
        jitter_fix: JitterFix::AddOption("jitter: true"),
    },
    RetryLib {
        library: "cockatiel",
        names: &["cockatiel.retry"],
        form: Form::Object,
        jitter: false,
        bounded: false,
        attempts: None,
        options: &[
            opt("#0", When::Present, Effect::RetryOn),
            opt("backoff", When::Present, Effect::JitterOn),
            opt("maxAttempts", When::Finite, RETRIES),
        ],
        jitter_fix: JitterFix::None,
    },
    // ---- Rust: the strategy's constructor names the library ------------------------------
    RetryLib {
        library: "backon",
        names: &[
            "backon.ExponentialBuilder.default",
            "backon.ExponentialBuilder.new",
            "backon.ConstantBuilder.default",
            "backon.ConstantBuilder.new",
            "backon.FibonacciBuilder.default",
            "backon.FibonacciBuilder.new",
        ],
        form: Form::Method,
        jitter: false,
        bounded: true,
        attempts: Some(4),
        options: &[
            opt("with_jitter", When::Present, Effect::JitterOn),
            opt("with_max_times", When::Finite, RETRIES),
            opt("without_max_times", When::Present, Effect::Unbounded),
        ],
        jitter_fix: JitterFix::AppendToStrategy(".with_jitter()"),
    },
    RetryLib {
        library: "reqwest-retry",
        names: &[
            "reqwest_retry.policies.ExponentialBackoff.builder",
            "reqwest_retry.policies.ExponentialBackoffBuilder.default",
        ],
        form: Form::Middleware,
        jitter: true,
        bounded: true,
        attempts: None,
        options: &[
            opt("jitter", When::Mentions("None"), Effect::JitterOff),
            opt("build_with_max_retries", When::Finite, RETRIES),
        ],
        jitter_fix: JitterFix::None,
    },
    RetryLib {
        library: "again",
        names: &["again.RetryPolicy.exponential", "again.RetryPolicy.fixed"],
        form: Form::Method,
        jitter: false,
        bounded: true,
        attempts: Some(6),
        options: &[opt("with_jitter", When::IsTrue, Effect::JitterOn), opt("with_max_retries", When::Finite, RETRIES)],
        jitter_fix: JitterFix::None,
    },
    RetryLib {
        library: "backoff (Rust)",
        names: &[
            "backoff.ExponentialBackoff.default",
            "backoff.ExponentialBackoffBuilder.new",
            "backoff.ExponentialBackoffBuilder.default",
        ],
        form: Form::Spawn,
        jitter: true,
        bounded: true,
        attempts: None,
        options: &[
            opt("with_randomization_factor", When::IsZero, Effect::JitterOff),
            opt("with_max_elapsed_time", When::IsNone, Effect::Unbounded),
        ],
        jitter_fix: JitterFix::None,
    },
    RetryLib {
        library: "tokio-retry",
        names: &[
            "tokio_retry.strategy.ExponentialBackoff.from_millis",
            "tokio_retry.strategy.FixedInterval.from_millis",
            "tokio_retry.strategy.FixedInterval.new",
            "tokio_retry.strategy.FibonacciBackoff.from_millis",
            "tokio_retry2.strategy.ExponentialBackoff.from_millis",
            "tokio_retry2.strategy.FixedInterval.from_millis",
            "tokio_retry2.strategy.FibonacciBackoff.from_millis",
        ],
        form: Form::Spawn,
        jitter: false,
        bounded: false,
        attempts: None,
        options: &[opt("map", When::Present, Effect::JitterOn), opt("take", When::Finite, RETRIES)],
        jitter_fix: JitterFix::AppendToStrategy(".map(jitter)"),
    },
    RetryLib {
        library: "retry",
        names: &[
            "retry.delay.Exponential.from_millis",
            "retry.delay.Fixed.from_millis",
            "retry.delay.Fibonacci.from_millis",
        ],
        form: Form::Spawn,
        jitter: false,
        bounded: false,
        attempts: None,
        options: &[opt("map", When::Present, Effect::JitterOn), opt("take", When::Finite, RETRIES)],
        jitter_fix: JitterFix::AppendToStrategy(".map(jitter)"),
    },
];

/// Calls that run a Rust strategy against an action (`Retry::spawn(s, f)`).
/// Middlewares that take a strategy and retry every request of a client.
pub const MIDDLEWARES: &[&str] = &["reqwest_retry.RetryTransientMiddleware.new_with_policy"];

pub const SPAWNERS: &[&str] = &[
    "tokio_retry.Retry.spawn",
    "tokio_retry.RetryIf.spawn",
    "tokio_retry2.Retry.spawn",
    "tokio_retry2.RetryIf.spawn",
    "retry.retry",
    "retry.retry_with_index",
    "backoff.retry",
    "backoff.retry_notify",
    "backoff.future.retry",
    "backoff.future.retry_notify",
];

/// tenacity wait functions with a random component; any other wait has none.
pub const JITTERED_WAITS: &[&str] = &[
    "wait_random_exponential",
    "wait_full_jitter",
    "wait_exponential_jitter",
    "wait_random",
    "wait_incrementing_jitter",
];

/// tenacity stop functions that bound the attempts (the rest, `stop_never`, do not).
pub const BOUNDING_STOPS: &[&str] =
    &["stop_after_attempt", "stop_after_delay", "stop_before_delay", "stop_when_event_set"];

/// Exception types that mean "everything".
pub const CATCH_ALL_TYPES: &[&str] = &["Exception", "BaseException", "Error", "Throwable", "handleAll"];

/// Sleep primitives: (qualified name, index of the delay argument).
pub const SLEEPS: &[(&str, usize)] = &[
    ("time.sleep", 0),
    ("asyncio.sleep", 0),
    ("anyio.sleep", 0),
    ("trio.sleep", 0),
    ("gevent.sleep", 0),
    ("tokio.time.sleep", 0),
    ("std.thread.sleep", 0),
    ("thread.sleep", 0),
    ("async_std.task.sleep", 0),
    ("node:timers/promises.setTimeout", 0),
    ("timers/promises.setTimeout", 0),
    ("node:timers/promises.default.setTimeout", 0),
];

/// Interruptible waits used as a retry's delay: (the constructor of the
/// object waited on, the method, the delay's position). `stop.wait(2**n)` on
/// a `threading.Event` returns after the delay unless the event is set.
pub const INTERRUPTIBLE_WAITS: &[(&str, &str, usize)] = &[("threading.Event", "wait", 0)];

/// Waits on something with a time limit, used as a delay when what is
/// awaited is an event's `wait()`: (the call, the limit's position).
/// `asyncio.wait_for(stop.wait(), 5)` sleeps five seconds unless stopped.
pub const TIMED_WAITS: &[(&str, usize)] = &[("asyncio.wait_for", 1)];

/// Scopes with a time limit that end quietly, used as a delay when the
/// block only waits on an event: (the call, the limit's position).
/// `with anyio.move_on_after(d): await stop.wait()` sleeps `d` unless
/// stopped (anyio.readthedocs.io, Cancellation and timeouts; trio's
/// `move_on_after` alike; read 2026-12-01).
pub const TIMED_SCOPES: &[(&str, usize)] = &[("anyio.move_on_after", 0), ("trio.move_on_after", 0)];

/// `new Promise(r => setTimeout(r, ms))`: setTimeout's delay inside a promise.
pub const PROMISE_TIMERS: &[&str] = &["setTimeout"];

/// Calls that read a clock, for deadlines in hand-written loops.
pub const CLOCKS: &[&str] = &[
    "time.time",
    "time.monotonic",
    "time.perf_counter",
    "Date.now",
    "performance.now",
    "Instant.now",
    "std.time.Instant.now",
    "tokio.time.Instant.now",
];

/// Whether a call is a random source: `random.uniform`, `Math.random`,
/// `rand::random`, `fastrand::u64`, `rng.gen_range`, a `jitter` helper.
pub fn is_random_call(qualified: Option<&str>, method: Option<&str>) -> bool {
    let method_random = method.is_some_and(|m| {
        matches!(m, "random" | "uniform" | "randint" | "gen_range" | "gen" | "random_range" | "expovariate" | "jitter")
    });
    let name_random = qualified.is_some_and(|q| {
        let q = q.to_ascii_lowercase();
        q.contains("random") || q.starts_with("rand.") || q.starts_with("fastrand.") || q.contains("jitter")
    });
    method_random || name_random
}

pub fn library(qualified: &str) -> Option<&'static RetryLib> {
    LIBRARIES.iter().find(|l| l.names.contains(&qualified))
}
