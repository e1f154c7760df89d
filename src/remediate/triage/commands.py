"""What the commands say: the user's check command, the command the log shows failing, and what a
wrapper (`npm test`, `tox -e lint`) ran, each matched to the tool of one category."""

from __future__ import annotations

import re
from dataclasses import replace

from remediate.facts.syntaxcheck import INERT, SEPARATOR, SYNTAX_CHECK
from remediate.facts.wrappers import script_run
from remediate.models import Category, Facts
from remediate.triage.routes import same_route
from remediate.triage.signal import PASSED_WEIGHT, Kind, Signal

# The check command (or the command the log shows): first match wins, most specific first.
_COMMAND_RULES: tuple[tuple[re.Pattern[str], Category, float, str], ...] = (
    (
        re.compile(
            r"\b(?:deptry|depcheck|dependency-check|pip-audit|pipdeptree|safety\s+check)\b|\bpip3?\s+check\b|"
            # not `pip install .` / `-e .[test]`: it builds the project's own package (its deps' failures are records)
            r"\bpip3?\s+install\b(?!(?:\s+-[\w-]+)*\s+\.(?:\[[\w,.-]+\])?(?:\s|$))|"
            r"\bpoetry\s+(?:check|lock|install)\b|\buv\s+(?:lock|sync|pip\s+install)\b|\bnpm\s+(?:ci|install|i)\b|"
            r"\b(?:bundle|gem)\s+install\b|\bgo\s+mod\s+(?:tidy|download|verify)\b|"
            r"\b(?:yarn|pnpm|bower|luarocks|bun)\s+install\b|\bcomposer\s+(?:install|update)\b|"
            r"\bpipenv\s+(?:install|lock|sync)\b|\bcpanm\b|"  # cpanm only ever installs modules
            # Yarn 1 run bare (options only) installs: Travis' default install step where a yarn.lock is
            r"(?:^|[;&|]\s*)(?:travis_retry\s+)?yarn(?:\s+--[\w=.-]+)*\s*(?:$|[;&|])"
        ),
        Category.DEPENDENCY,
        0.85,
        "the check is a dependency tool",
    ),
    (
        re.compile(
            r"\b(?:hadolint|buildah|kaniko)\b|\b(?:docker|podman)\s+(?:buildx\s+)?build\b|"
            r"(?:^|[\s/=])(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?(?:\s|$)|\.dockerfile\b"
        ),
        Category.DOCKERFILE,
        0.9,
        "the check builds or lints a Dockerfile",
    ),
    (
        re.compile(
            r"\bruff\s+format\b|\bblack\b|\bisort\b.*--check|\bprettier\b.*(?:--check|--list-different|\s-[cl]\b)|"
            r"\bgofmt\b|\bcargo\s+fmt\b|"
            r"\bclang-format\b|\bdprint\s+check\b|\bmix\s+format\b|\b(?:terraform|tofu)\s+fmt\b|\bbiome\s+format\b|\bdeno\s+fmt\b|\bshfmt\b"
        ),
        Category.FORMAT,
        0.9,
        "the check is a formatter",
    ),
    (
        re.compile(
            r"\b(?:mypy|pyright|basedpyright|pytype)\b|\b(?:deno|ty)\s+check\b|"
            # PHP's analysers and Flow, as the parsers read them (type findings); Flow by its subcommands, or run
            # bare from its path or by npx/yarn (not git-flow's `git flow init`)
            r"\b(?:phpstan|psalm)\b|\bflow\s+(?:check|status|focus-check)\b|(?:^|/|\b(?:npx|yarn)\s+)flow(?:\s|$)"
        ),
        Category.TYPE,
        0.9,
        "the check is a type checker",
    ),
    (
        # tsc parses before it type-checks: its records say which one failed (TS1xxx: syntax, a build error)
        re.compile(r"\b(?:tsc|vue-tsc|svelte-check)\b"),
        Category.TYPE,
        0.7,
        "the check compiles TypeScript (mostly type errors)",
    ),
    (re.compile(r"\b(?:terraform|tofu)\s+validate\b"), Category.CONFIG, 0.85, "the check validates Terraform files"),
    (
        re.compile(r"\b(?:dbt|sqlfluff|sqlmesh)\b"),
        Category.SQL,
        0.9,
        "the check runs SQL models",
    ),
    (
        re.compile(
            r"\bruff\b|\b(?:flake8|pylint|eslint|golangci-lint|shellcheck|rubocop|stylelint)\b|\bcargo\s+clippy\b|"
            r"\b(?:lintr|luacheck|staticcheck|bandit|pydocstyle|yamllint|jshint|phpcs)\b|(?:^|[\s/])standard(?:\s|$)|"
            r"\bmarkdownlint(?:-cli2?)?\b|\btslint\b|"
            r"\b(?:cppcheck|(?:run-)?clang-tidy)\b|\b(?:checkstyle|pmd|spotbugs|findbugs)\w*|\b(?:coffeelint|jscs)\b|"
            r"\b(?:codespell|cspell|typos|ansible-lint|rstcheck|doc8)\b|\btwine\s+check\b|\bsphinx-build\b.*\s-W\b|"
            # `biome check` and `biome ci` format as well as lint: the command says neither
            r"\bmkdocs\s+build\b.*\s--strict\b|\bbiome\s+lint\b|\boxlint\b|\bdeno\s+lint\b|"
            # linters the parsers read that a 2015-2019 CI step (or what `npm test`'s pretest ran) calls by name;
            # a JSON/YAML validator too: its finding that a file does not parse is a linter run's failure
            r"\b(?:jsonlint|csslint|htmlhint|sass-lint|lesshint|stylint|textlint|pycodestyle|pep8|pyflakes|"
            r"pylama|prospector|vulture|bashate|puppet-lint|hlint|vint|perlcritic|cpplint|phpmd|golint|"
            r"gometalinter|eclint|lintspaces|chktex|proselint|write-good|htmllint|pug-lint|jade-lint|mdspell|"
            r"rst-lint|jslint)\b|\bsetup\.py\s+check\b|"
            r"(?:^|[\s/])(?:xo|semistandard|mdl|alex)(?:\s|$)|\bremark\b.*\s(?:--frail|-f)\b|"
            # an interpreter asked only whether files parse (facts.syntaxcheck)
            rf"{SYNTAX_CHECK.pattern}"
        ),
        Category.LINT,
        0.8,
        "the check is a linter",
    ),
    (
        re.compile(
            r"\b(?:pytest|unittest|tox|nox|jest|vitest|mocha|rspec|phpunit|prove)\b|\bgo\s+test\b|"
            r"\bcargo\s+(?:test|nextest)\b|\bmix\s+test\b|\bnode\s+--test\b|\bctest\b|\bdotnet\s+test\b|\b(?:cabal|stack|nimble|dub)\s+test\b|"
            r"\b(?:npm|bun)\s+(?:run\s+)?test\b|\bdeno\s+test\b|\bmvn\b.*\btest\b|\bgradlew?\b.*\btest\b|\bant\b.*\btest\b|"
            r"\b(?:testthat|test_check|busted|bats|jasmine|rcmdcheck|karma|cucumber-js)\b|devtools::(?:test|check)\b|\bplaywright\s+test\b|\bR\s+CMD\s+check\b|"
            r"(?:^|[\s/])(?:ava|trial|lab|robot|pybot)(?:\s|$)|\bstestr\s+run\b|\b(?:nodeunit|qunit|vows|zope-testrunner|ert-run-tests-batch-and-exit|buttercup)\b|\bct_run\b|\brebar3\s+(?:ct|eunit)\b|\bmake\s+(?:ct|eunit)\b|\b(?:nose2|nosetests|behave)\b"
        ),
        Category.TEST,
        0.5,
        "the check runs tests",
    ),
)


def _commands(facts: Facts, check: str | None) -> list[str]:
    # The line that failed says what ran; the whole block also holds set-up commands (installs).
    out = [c for c in (check, facts.failed_line or facts.failing_command) if c]
    return list(dict.fromkeys(out))


_TEST_COMMAND = next(p for p, category, _, _ in _COMMAND_RULES if category is Category.TEST)


def _failing_part(command: str, facts: Facts) -> str:
    """The part of a compound command the failure is in, when the log tells: a test runner that reported
    failing tests ran, so the commands before it in the line ran to their end (under `&&` they succeeded;
    under `;` the line's status is the later command's) and their tools say nothing of the failure."""
    if not facts.failing_tests:
        return command
    parts = [p for p in SEPARATOR.split(command) if p]
    runners = [i for i, part in enumerate(parts) if _TEST_COMMAND.search(part)]
    return " && ".join(parts[runners[-1] :]) if runners else command


def command_signals(facts: Facts, check: str | None) -> list[Signal]:
    signals: list[Signal] = []
    for whole in _commands(facts, check):
        command = _failing_part(whole, facts)
        if rule := _command_rule(command):
            _, category, weight, reason = rule
            kind: Kind = "check" if whole == check else "command"
            signals.append(Signal(category, weight, f"{reason} (`{command[:80]}`)", kind))
    return _through_wrapper(facts, signals)


def _command_rule(command: str) -> tuple[re.Pattern[str], Category, float, str] | None:
    """The first of _COMMAND_RULES the command matches (most specific first)."""
    return next((rule for rule in _COMMAND_RULES if rule[0].search(command)), None)


# The command the failing line's wrapper ran (Facts.ran_command: `npm test` ran `eslint src`), as the
# log's own evidence of the tool that failed: a rule of its own (`command:ran-lint`), apart from the
# wrapper's name; the parts that do nothing the failure could be about left out (syntaxcheck.INERT).
RAN_RULE = "ran"


def _ran_signal(facts: Facts) -> Signal | None:
    """The category of the tool the wrapper ran, when every part of what it ran that may have failed
    names a tool of one route (a part no rule knows, `gulp`, `size-limit`, may be what failed: none).
    Failing tests pick their runner's part (_failing_part); else a failing summary of one kind in the
    step picks among parts of two kinds (`eslint src && node --test`, npm 7+ saying neither failed)."""
    if not facts.ran_command:
        return None
    command = _failing_part(facts.ran_command, facts)
    parts = [p for p in SEPARATOR.split(command) if p and not INERT.match(p)]
    rules = [None if script_run(part) else _command_rule(part) for part in parts]  # a script's name is no tool
    known = [rule for rule in rules if rule is not None]
    if not parts or len(known) < len(parts):
        return None
    categories = list(dict.fromkeys(rule[1] for rule in known))
    if any(not same_route(c, categories[0]) for c in categories):
        failed = {s.category for s in facts.summaries if s.failed}
        categories = [c for c in categories if c in failed]
        if len(categories) != 1:
            return None
    _, category, weight, reason = next(rule for rule in known if rule[1] is categories[0])
    ran = f"{reason}: the wrapper ran `{command[:80]}`"
    return Signal(category, weight, ran, "command", rule=f"{RAN_RULE}-{category.value}")


def _through_wrapper(facts: Facts, signals: list[Signal]) -> list[Signal]:
    """The wrapper's own command beside what it ran: the command of another route (`npm test` whose
    script ran `eslint src`, `tox -e lint` running flake8) says the wrapper's name, not the tool that
    failed, so it weighs less and does not vouch."""
    ran = _ran_signal(facts)
    if ran is None:
        return signals
    why = f" (but the wrapper ran `{(facts.ran_command or '')[:60]}`)"
    named = [
        replace(s, weight=min(s.weight, PASSED_WEIGHT), reason=s.reason + why, discounted=True)
        if s.kind == "command" and not same_route(s.category, ran.category)
        else s
        for s in signals
    ]
    return [*named, ran]
