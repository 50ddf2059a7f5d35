# Shared by the end-to-end scripts under tests/ (sourced, not run).

# need COMMAND [PACKAGE]: install PACKAGE (default: COMMAND) from Debian's
# packages when COMMAND is missing. CI machines start with the Rust toolchain
# only; these tests bring what else they use.
need() {
  local cmd=$1 package=${2:-$1} sudo=""
  command -v "$cmd" > /dev/null && return 0
  echo "installing $package"
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" > /dev/null
}

# sample_project DIR: a git repository with one file that calls a retired
# model (risky.py: llmlint must fail it) and one that does not (clean.py).
sample_project() {
  mkdir -p "$1"
  (
    cd "$1"
    git init --quiet
    cat > risky.py <<'PY'
import anthropic

client = anthropic.Anthropic()


def summarise(text):
    return client.messages.create(model="claude-3-opus-20240229", max_tokens=512, messages=[{"role": "user", "content": text}])
PY
    sed 's/claude-3-opus-20240229/claude-sonnet-4-6/' risky.py > clean.py
    git add risky.py clean.py
  )
}

# fail MESSAGE [LOG]: print LOG (if given) and MESSAGE, and stop.
fail() {
  [ -n "${2:-}" ] && cat "$2"
  echo "FAIL: $1"
  exit 1
}
