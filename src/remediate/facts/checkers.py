"""Which checker a failing step ran, as its command says: the tool each part of the command runs and its kind
(checker_of: `flake8 src`, `npm run lint` that ran `eslint src`, a task named for a check such as `make lint`), the
checker a recipe line make or just echoed runs (echoed_checker), and each echoed checker's lines when a make run
echoed checkers of several kinds (echoed_recipes), and the checker whose rows a failing step's output holds
(step_checker).

facts/located.py reads the findings such a checker placed in files as records of its kind; facts/failingtests.py
asks which tool a part of a command runs (command_tool).
"""

from __future__ import annotations

from remediate.facts.commands import build_tool, tool_named
from remediate.facts.lazyregex import Regex
from remediate.facts.syntaxcheck import command_parts
from remediate.facts.tasks import check_task, other_work, task_runner, worded_check
from remediate.facts.view import View
from remediate.facts.wrappers import wraps
from remediate.models import Category

# The kinds of check whose findings are placed in files (a test runner's are its failing tests, an installer's
# its packages), and the build's: a compiler's errors are placed so too (gcc's and Go's `path:line:col: msg`).
CHECKER_KINDS = frozenset((Category.LINT, Category.TYPE, Category.FORMAT, Category.BUILD))
# How much of the command's words name its tool in the records (`perlcritic`, `cargo clippy`).
MAX_TOOL = 40


def checker_of(
    failed: str | None, ran: str | None, kinds: frozenset[Category] = CHECKER_KINDS
) -> tuple[str, Category] | None:
    """The checker the failing line runs (facts.commands), else the one its wrapper ran (`npm run lint` ran
    `eslint src`): its name and kind. A line that only runs wrappers (`tox -e lint`, `nox -s lint`, `npm test`:
    the command rules take tox, nox and `npm test` for test runners) is read for what its wrapper reported
    running first, as the triage weighs it (triage.commands: the wrapper's name is discounted). Every part of the
    command (a compound command's, syntaxcheck.command_parts: `cd`, `echo` and the like aside) must run a checker,
    all of one kind: a part of another kind or none known (`flake8 . && pytest`, `mypy src || exit 1`) may be
    what failed, and then None. `kinds`: the kinds of tool asked for (an installer's, for facts.installs). A line
    naming no such tool may run a task or a script named for one (_tasked: `make lint`, `script/lint`)."""
    wrapped = all(wraps(part) for part in command_parts(failed or "") or [""])
    for command in (ran, failed) if wrapped and ran else (failed, ran):
        parts = command_parts(command or "")
        named = [command_tool(part) for part in parts]
        if not any(named):
            continue  # no tool it names is known: a wrapper, whose script may
        found = {n[1] for n in named if n}
        if not all(named) or len(found) != 1 or not found <= kinds:
            # the wrappers' own names (tox, nox, `npm test`) say no tool: their session's or script's name may
            return _tasked(failed, kinds) if wrapped and command == failed else None
        tools = dict.fromkeys(n[0] for n in named if n)
        return "/".join(tools)[:MAX_TOOL], found.pop()
    return _tasked(failed, kinds) or _tasked(ran, kinds)


def step_checker(
    view: View, span: tuple[int, int], failed: str | None, ran: str | None, checker: tuple[str, Category]
) -> tuple[str, Category]:
    """The checker whose rows the failing step's output (`span`) holds, where the command runs `checker`
    (checker_of): the one a recipe make echoed running names it better than a task's name (echoed_checker); and
    where only the name of a task or a script says the kind (_tasked), the tool that printed its own report there
    (checkerreports.reported_checker) does: `./ci/lint.sh` that ran mypy failed on types
    (tests/facts/data/wrapper_script_lint_mypy.txt). The name decides only rows no such tool printed."""
    if (echoed := echoed_checker(view, span, failed, ran)) is not None:
        return echoed
    if not named_only(failed, ran, checker):
        return checker  # the command names the tool
    from remediate.facts.checkerreports import reported_checker  # imported late: most steps a parser read

    reported = reported_checker(view, span)
    return reported if reported is not None and reported[1] in CHECKER_KINDS else checker


def named_only(failed: str | None, ran: str | None, checker: tuple[str, Category]) -> bool:
    """Whether `checker` is only the name of a task or a script the failing line, or what its wrapper ran, runs
    (_tasked: `yarn lint`, `make lint`, `script/lint`), not a tool the command names."""
    return checker in (_tasked(failed, CHECKER_KINDS), _tasked(ran, CHECKER_KINDS))


# Task runners that echo each recipe line before running it (GNU make, just), and stop at the first that fails.
_ECHOING = frozenset(("make", "gmake", "just"))


def echoed_checker(
    view: View, span: tuple[int, int], failed: str | None, ran: str | None = None
) -> tuple[str, Category] | None:
    """The checker the last recipe line echoed in `span` (the failing step's output) runs, when the failing line,
    or what its script ran (a script's xtrace: `+ make lint`), only runs tasks of a runner that echoes its recipes
    (_ECHOING: `make lint`): make stops at the first recipe
    line that fails, so the last one it echoed is the one that failed, and its tool, not the task's name, says
    what kind of check failed (`make lint` running `flake8 src`, then `mypy src` that failed:
    tests/facts/data/wrapper_make_lint_mypy.txt). None when no echoed line names a known checker, or the last one
    is no checker (a test runner's)."""
    if not any(_echoing(command) for command in (failed, ran)):
        return None
    first, last = span
    echoed: tuple[str, Category] | None = None
    for line in view.within(first, last):
        if (named := _echo_of(line.text)) is not None:
            echoed = named
    return echoed if echoed is not None and echoed[1] in CHECKER_KINDS else None


# A recipe's checker make echoed, and the lines of the failing step's output it may have printed: (first, last).
Echoed = tuple[tuple[int, int], tuple[str, Category]]


def echoed_recipes(view: View, span: tuple[int, int], failed: str | None, ran: str | None = None) -> list[Echoed]:
    """Each checker's recipe make echoed in `span`, with the lines it printed, when the failing line or what its
    script ran runs an echoing task runner (_ECHOING) and it echoed checkers of more than one kind: `make -k` goes
    on past a failing recipe and `make -j` runs several at once, so the last checker echoed is not every finding's
    (echoed_checker). A recipe's lines run from its echo to the next one that follows output; checkers echoed one
    after the other with no output between in a parallel run (`make -j2`, each recipe's first line as it starts;
    one at a time, the first printed nothing) share their lines, and their findings are of no one kind
    (Category.UNKNOWN: the rules abstain) unless all are of one. The lines above the first echo are the first
    recipe's. Empty when one kind of checker was echoed, or none."""
    echoing = [command for command in (failed, ran) if _echoing(command)]
    if not echoing:
        return []
    parallel = any(_parallel(command) for command in echoing)
    first, last = span
    bursts: list[tuple[int, dict[str, Category]]] = []  # each burst's first line and its checkers
    output = True  # a line that is no echo came since the last echo
    for line in view.within(first, last):
        if not line.text.strip():
            continue
        named = _echo_of(line.text)
        if named is None:
            output = True
            continue
        if output or not parallel or not bursts:  # one recipe at a time: an echo after an echo printed nothing
            bursts.append((line.no, {}))
        bursts[-1][1][named[0]] = named[1]
        output = False
    if len({kind for _, tools in bursts for kind in tools.values() if kind in CHECKER_KINDS}) < 2:
        return []
    starts = [no for no, _ in bursts] + [last + 1]
    found: list[Echoed] = []
    for i, (_no, tools) in enumerate(bursts):
        kinds = set(tools.values())
        kind = kinds.pop() if len(kinds) == 1 else Category.UNKNOWN
        if kind in CHECKER_KINDS or kind is Category.UNKNOWN:  # a test runner's recipe: no checker's rows
            lines = (first if i == 0 else starts[i], starts[i + 1] - 1)
            found.append((lines, ("/".join(tools)[:MAX_TOOL], kind)))
    return found


# make's and just's jobs option: `-j`, `-j2`, `-kj 4`, `--jobs=3` (`-j1` runs one recipe at a time).
_JOBS = Regex(r"(?:^|\s)(?:-[a-zA-Z]*j\s*(?P<short>\d*)|--jobs(?:[= ](?P<long>\d+))?)(?=\s|$)")


def _parallel(command: str | None) -> bool:
    """Whether the task runner's command runs several recipes at once (_JOBS)."""
    m = _JOBS.search(command or "")
    return m is not None and (m["short"] or m["long"] or "") != "1"


def _echoing(command: str | None) -> bool:
    parts = command_parts(command or "")
    return bool(parts) and all(task_runner(part) in _ECHOING for part in parts)


def _echo_of(text: str) -> tuple[str, Category] | None:
    """The tool a line names when the line is that tool's command line as a recipe echoes it: unindented, its first
    word the tool's (`mypy --strict src`; not ruff's hint `Run ruff check --fix`)."""
    if not text or text[0].isspace() or (named := tool_named(text)) is None:
        return None
    return named if text.split(maxsplit=1)[0].rsplit("/", 1)[-1] == named[0].split()[0] else None


def _tasked(command: str | None, kinds: frozenset[Category]) -> tuple[str, Category] | None:
    """The check a task runner's task or a project's script is named for (tasks.check_task: `make lint`, `gulp
    lint`, `invoke lint`, `script/lint`, `npm run typecheck`), when every part of the command runs one such task,
    all of one kind among `kinds` (`script/lint && script/build`: the build may be what failed); the command names
    the tool."""
    parts = command_parts(command or "")
    tasks = [check_task(part) for part in parts]
    found = {t[1] for t in tasks if t}
    if not parts or not all(tasks) or len(found) != 1 or not found <= kinds:
        return None
    return " ".join(parts)[:MAX_TOOL], found.pop()


def command_tool(part: str) -> tuple[str, Category] | None:
    """The tool a command runs (its words the rule matched: `perlcritic`, `cargo clippy`) and its kind, or the
    build tool it runs when it only builds (commands.build_tool)."""
    if (named := tool_named(part)) is not None:
        # a tool's name inside a task's name whose words say another kind (`make fmt-check-ruff`: ruff's formatter,
        # not its linter) does not say which of the tool's checks ran, nor one whose words say other work (`make
        # mypy-report`) that the check ran
        return named if worded_check(part) in (None, named[1]) and not other_work(part) else None
    built = build_tool(part)
    return (built, Category.BUILD) if built else None
