"""What the commands say: the user's check command, the command the log shows failing, and what a
wrapper (`npm test`, `tox -e lint`) ran, each matched to the tool of one category."""

from __future__ import annotations

from remediate.facts.commands import COMMAND_RULES, command_rule, named_by
from remediate.facts.lazyregex import Regex
from remediate.facts.shellquotes import split_unquoted
from remediate.facts.syntaxcheck import SEPARATOR, command_parts
from remediate.facts.tasks import other_work
from remediate.facts.wrappers import script_run
from remediate.facts.xtrace import SCRIPT_SHELL, ShellOptions, list_status, options_after, shell_options
from remediate.models import Category, Facts, Severity
from remediate.triage.routes import same_route
from remediate.triage.signal import PASSED_WEIGHT, Kind, Signal, weighed_down


def _commands(facts: Facts, check: str | None) -> list[str]:
    # The line that failed says what ran; the whole block also holds set-up commands (installs).
    out = [c for c in (check, facts.failed_line or facts.failing_command) if c]
    return list(dict.fromkeys(out))


_TEST_COMMAND = next(rule for rule in COMMAND_RULES if rule[1] is Category.TEST)


def _failing_part(command: str, facts: Facts, shell: ShellOptions | None = None) -> str:
    """The part of a compound command the failure is in, when the log tells: a test runner that reported
    failing tests ran, so the commands before it in the line ran to their end (under `&&` they succeeded;
    under `;` the line's status is the later command's) and their tools say nothing of the failure. A runner
    no rule names (`spin test`, `./run_tests.sh`, `make check`) ran after the block's last install, which
    reports no failing tests: the parts from there on are where they came from. `shell`: the options of the shell that
    ran it (xtrace.shell_options; None: not known)."""
    listed = _may_have_failed(command, shell)
    parts = [part for _, part in listed]
    split = [p.strip() for p in split_unquoted(SEPARATOR, command) if p.strip()]
    whole = command if parts == split else " && ".join(parts)  # a part left out (forgiven, handled): the others
    if not facts.failing_tests:
        return _shown_part(listed, facts, shell or ShellOptions()) or whole
    runners = [i for i, part in enumerate(parts) if named_by(_TEST_COMMAND, part)]  # not `tee pytest.log`
    if not runners:
        runners = [i + 1 for i, part in enumerate(parts) if _installs(part)]
    return " && ".join(parts[runners[-1] :]) if runners and runners[-1] < len(parts) else whole


# A checker's option to exit 0 whatever it finds (flake8's, ruff's, pylint's `--exit-zero`): its part passed.
_EXITS_ZERO = Regex(r"(?:^|\s)--exit-zero(?=\s|$)")


def _may_have_failed(command: str, shell: ShellOptions | None = None) -> list[tuple[str, str]]:
    """The parts of a failing command line whose status may be its own, each with the operator before it, as bash runs
    its lists (xtrace.list_status: `a || exit 1` reads a, `a || true` leaves a out, `npm ci || npm install` reads
    `npm install`, a part run under `set +e` before another is forgiven, a pipeline's members but its last without
    pipefail), but one whose checker exits 0 whatever it finds (`flake8 --exit-zero && mypy pkg`: flake8's findings
    showed, mypy failed)."""
    options = shell or ShellOptions()
    kept = list_status(command, options.errexit, options.pipefail).failable
    failable = [(op, part) for op, part in kept if not _EXITS_ZERO.search(part)]
    return failable or kept or [("&&", p) for p in split_unquoted(SEPARATOR, command) if p]


def _shown_part(listed: list[tuple[str, str]], facts: Facts, shell: ShellOptions) -> str | None:
    """The last part whose tool's kind the failing output shows failing (an error record that votes, a failing
    summary), and the parts after it no rule names: that part ran and failed, so the parts before it ran to their end
    and say nothing of the failure (`pip install ruff && ruff check .` showing ruff's findings failed on them, not on
    the install; `cargo fmt --check && cargo clippy` showing clippy's), and a later tool a rule names that the shell
    never ran after it failed printed nothing (_ran_after_failing: `ruff check . && mypy .` showing only ruff's). A
    later part no rule names (`./ci/check.sh`) may be what failed, in words no reader read: it stays; so does a later
    named one the shell ran (`;` without errexit: its output may be the failure no reader read), and a part whose
    kind shows only warnings may have passed. An installer's part decides only when what shows is an installer's
    failure."""
    errors = {e.category for e in facts.errors if e.votes and e.severity is Severity.ERROR}
    shown = errors | {s.category for s in facts.summaries if s.failing}
    shown.discard(Category.UNKNOWN)
    parts = [part for _, part in listed]
    rules = [command_rule(part) for part in parts]
    ran = [i for i, rule in enumerate(rules) if rule is not None and rule[1] in shown]
    if not ran:
        return None
    last = ran[-1]
    went_on = [False] * (last + 1) + _ran_after_failing(listed, last, shell)
    kept = [part for i, part in enumerate(parts) if i >= last and (i == last or rules[i] is None or went_on[i])]
    return " && ".join(kept) if len(kept) < len(parts) else None


def _ran_after_failing(listed: list[tuple[str, str]], k: int, shell: ShellOptions) -> list[bool]:
    """Whether each part after part `k` may have run once `k` failed, as bash runs a list (3.2.4 Lists; 4.3.1 `-e`):
    `&&` skips a part, `||` runs it; `;` and a line end run the next unless errexit stopped the shell, which it does
    where `k` ended its `&&` chain (`a && b; c` runs c after a failed: errexit ignores a failure before a chain's last
    `&&`). Where errexit is not known, `;` runs the next (bash's default) and a line end does not (a CI's `run:` block
    stops at its failing line). Once a part ran after the failure, what the later ones did is not known: they may
    have run."""
    errexit = _errexit_at(listed, k, shell.errexit)
    state, chain_ended, out = "failed", True, []
    for op, _ in listed[k + 1 :]:
        if state == "failed" and op == "&&":
            chain_ended = False
        elif state == "failed":
            stops = op != "||" and (op == "\n" if errexit is None else errexit and chain_ended)
            state = "stopped" if stops else "went on"
        out.append(state == "went on")
    return out


def _errexit_at(listed: list[tuple[str, str]], k: int, errexit: bool | None) -> bool | None:
    """Whether errexit was on when part `k` ran: the shell's, as the `set` parts before it left it."""
    options = ShellOptions(errexit, None)
    for _, part in listed[: k + 1]:
        options = options_after(part, options)
    return options.errexit


def _installs(part: str) -> bool:
    rule = command_rule(part)
    return rule is not None and rule[1] is Category.DEPENDENCY


def command_signals(facts: Facts, check: str | None) -> list[Signal]:
    signals: list[Signal] = []
    line = facts.failed_line or facts.failing_command
    for whole in _commands(facts, check):
        command = _failing_part(whole, facts, shell_options(facts.failing_shell) if whole == line else None)
        if rule := command_rule(_running(command)):
            _, category, weight, reason = rule
            kind: Kind = "check" if whole == check else "command"
            signals.append(Signal(category, weight, f"{reason} (`{command[:80]}`)", kind))
    return _through_wrapper(facts, signals)


def _running(command: str) -> str:
    """The command without its parts named after a tool in words that say other work than run it (tasks.other_work:
    `make mypy-report`, `./scripts/eslint-config-gen.sh`): the tool's name there says nothing of what failed."""
    parts = [p for p in split_unquoted(SEPARATOR, command) if p]
    kept = [p for p in parts if not other_work(p)]
    return command if len(kept) == len(parts) else " && ".join(kept)


# The command the failing line's wrapper ran (Facts.ran_command: `npm test` ran `eslint src`), as the
# log's own evidence of the tool that failed: a rule of its own (`command:ran-lint`), apart from the
# wrapper's name; the parts that do nothing the failure could be about left out (syntaxcheck.command_parts).
RAN_RULE = "ran"


def _ran_signal(facts: Facts) -> Signal | None:
    """The category of the tool the wrapper ran, when every part of what it ran that may have failed
    names a tool of one route (a part no rule knows, `gulp`, `size-limit`, may be what failed: none).
    Failing tests pick their runner's part (_failing_part); else a failing summary of one kind in the
    step picks among parts of two kinds (`eslint src && node --test`, npm 7+ saying neither failed)."""
    if not facts.ran_command:
        return None
    command = _failing_part(facts.ran_command, facts, SCRIPT_SHELL)  # as its wrapper's `sh -c` ran it
    parts = command_parts(command)
    # a script's name is no tool, nor a tool's name in a task's whose words say other work
    rules = [None if script_run(part) or other_work(part) else command_rule(part) for part in parts]
    known = [rule for rule in rules if rule is not None]
    if not parts or len(known) < len(parts):
        return None
    categories = list(dict.fromkeys(rule[1] for rule in known))
    if any(not same_route(c, categories[0]) for c in categories):
        failed = {s.category for s in facts.summaries if s.failing}
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
        weighed_down(s, PASSED_WEIGHT, why) if s.kind == "command" and not same_route(s.category, ran.category) else s
        for s in signals
    ]
    return [*named, ran]
