"""The check a task or a script is named for: a task runner's task (`make lint`, `gulp lint`, `invoke lint`,
`just fmt-check`, `npm run typecheck`, `./gradlew lint`) or a project's own script (`script/lint`,
`./scripts/check-format.sh`) runs a tool the log may not name (make and invoke echo nothing of what they ran; a
script runs what it likes), but its name says which kind of check the project meant it to be. Read only to place
a checker's findings in files (facts.located) when no tool is known: a name is the project's word, weaker than a
tool's own."""

from __future__ import annotations

from remediate.facts.commands import command_rule, program_at, task_words
from remediate.facts.lazyregex import Regex
from remediate.facts.syntaxcheck import command_parts
from remediate.models import Category

# Task runners whose arguments name tasks (options and their values aside), as a command line starts them.
_RUNNER = Regex(
    r"^(?:\S*/)?(?:make|gmake|just|invoke|inv|rake|gulp|grunt|task|mage|npm|yarn|pnpm|bun|composer|tox|nox|turbo|"
    r"lerna|nx|ant|gradlew?|mix)$"
)
# What may stand before the runner (`npx gulp lint`, `bundle exec rake lint`, `python -m nox -s lint`, the
# environment's settings: `NO_INTERACTION=1 make test`).
_LAUNCHER = Regex(r"^(?:npx|bunx|pnpx|bundle|exec|(?:\S*/)?env|-m|python[\d.]*|[A-Za-z_][A-Za-z0-9_]{0,60}=\S{0,200})$")
# An interpreter a project's script is started by (`bash ci/lint.sh`, `sh -e ./scripts/test.sh`, `node
# scripts/lint.js`, `python tools/check_format.py`): the word after it and its options is the script.
_INTERPRETER = Regex(r"^(?:\S*/)?(?:(?:ba|da|z|k)?sh|node(?:js)?|ruby|perl|php|python[\d.]*)$")
# An interpreter's option (`-e`, `-eux`, `-Ilib`, `--max-old-space-size=4096`); `-o pipefail` and `-eo pipefail`
# take a value. Code an option gives (`bash -c 'make lint'`, `node -e '...'`) is quoted: no script.
_CODE = Regex(r"[\"'();]")
_OPTION = Regex(r"^(?:--?|\+)[A-Za-z][\w-]{0,40}(?:=\S{0,200})?$")
_VALUED = Regex(r"^[-+][a-z]{0,8}o$")
# A project's own script: a path to it (`script/lint`, `./lint.sh`, `ci/check-style.sh`).
_SCRIPT = Regex(r"^(?:\S*/)?(?P<name>[\w.-]{1,60}?)(?:\.(?:sh|bash|py|rb|js|mjs|cjs|pl|php|ps1|cmd|bat))?$")
_PARTS = Regex(r"[:_./-]")
_LINT_WORDS = frozenset(("style", "codestyle", "checkstyle", "stylecheck", "cs", "phpcs", "sniff", "sniffs"))
_FORMAT_WORDS = frozenset(("fmt", "format", "formatting", "formatted", "prettier"))
_TYPE_WORDS = frozenset(("typecheck", "typechecking", "types", "typing", "typings", "tsc", "mypy"))
_TEST_WORDS = frozenset(("test", "tests", "unittest", "unittests", "spec", "specs", "prove"))
# Words of a task or a script that installs the project's dependencies (`make deps`, `npm run install-deps`,
# `./ci/install_dependencies.sh`, `make requirements`: cookiecutter's `pip install -r requirements.txt`). Not
# `make depend` (makedepend: a build's header dependencies), `./bootstrap` (autotools' generator of configure),
# `make install` (the build's own files).
_DEPENDENCY_WORDS = frozenset(("deps", "dependencies", "requirements"))
# Words of a task that does more than test (`build-and-test`, `install-test-deps`, `test-docs`).
_NOT_TEST_WORDS = frozenset(("build", "compile", "install", "setup", "deploy", "docs", "doc", "release", "bench"))
_NOT_TEST_WORDS |= _DEPENDENCY_WORDS
# Words of a task or a script that does other work than the check its other words or a tool's name in it say
# (`make mypy-report` renders mypy's report, `./scripts/eslint-config-gen.sh` writes ESLint's configuration, `make
# install-ruff`, `npm run prettier-update`): it names no check. Not `docs` (`make lint-docs` lints them) nor `config`
# (`make yamllint-config` may check it).
_OTHER_WORK_WORDS = frozenset(("report", "reports", "gen", "generate", "install", "setup", "update", "upgrade", "bump"))
_CHECKS = frozenset((Category.LINT, Category.FORMAT, Category.TYPE, Category.TEST))
_MAKES = frozenset(("make", "gmake"))
# A runner's own verbs before the task (`npm run lint`, `turbo run lint`, `composer run-script cs`).
_VERBS = frozenset(("run", "run-script", "exec", "r"))
# A word that is a path or a file (`--gulpfile gulpfile2.js`'s value, `docs/`): no task.
_VALUE = Regex(r"[/.]")
MAX_WORDS = 12  # words of a part looked at for its task


def check_task(part: str) -> tuple[str, Category] | None:
    """The task a part of a command runs (its name) and the kind of check that name says, else None. Every task
    it names must say the same kind (`gulp build lint`: the build may be what failed); an option's value that is
    a path or a file (`--gulpfile gulpfile2.js`, `-C docs/`) is no task."""
    names = _task_names(part)[1]
    kinds = [_named_kind(name) for name in names]
    if not names or None in kinds or len(set(kinds)) != 1:
        return None
    kind = kinds[0]
    return (names[0], kind) if kind is not None else None


def named_test_task(part: str) -> str | None:
    """The test task or script a part of a command runs (`make test`, `make check`, `./run-tests.sh`,
    `script/test`, `npm run test:unit`), else None: every task it names is named for tests and for nothing else
    (`make all test`, `ci/run-build-and-tests.sh`: the build may be what failed). GNU's `make check` runs the
    tests (Automake's test driver, Perl's and PHP's harnesses); a script named `check` may run anything."""
    runner, names = _task_names(part)
    tested = [_tests_named(name, runner in _MAKES) for name in names]
    return " ".join(part.split()[:MAX_WORDS]) if tested and all(tested) else None


def installing_task(command: str) -> str | None:
    """The task or script a command runs that is named for installing the project's dependencies (`make deps`,
    `./scripts/install-deps.sh`, `npm run deps`; every part of the command runs one or an installer), else None.
    Its installer may print what other tools' output shares (`Could not find package`, pip's `Could not build wheels
    for`), read there as an installer's words (facts.installs); a name that also says a check (`lint-deps`) is the
    check's."""
    parts = command_parts(command)
    tasks = [_installing(part) for part in parts]
    if not any(tasks) or not all(task or _installer(part) for task, part in zip(tasks, parts, strict=True)):
        return None
    return " && ".join(" ".join(part.split()[:MAX_WORDS]) for part in parts)


def _installing(part: str) -> bool:
    """Whether every task a part of a command runs is named for installing dependencies, and it runs one."""
    names = _task_names(part)[1]
    return bool(names) and all(
        _DEPENDENCY_WORDS.intersection(_tokens(name)) and not _named_kind(name) for name in names
    )


def _installer(part: str) -> bool:
    """Whether a part of a command runs an installer (`make deps && npm ci`)."""
    rule = command_rule(part)
    return rule is not None and rule[1] is Category.DEPENDENCY


def _tokens(name: str) -> list[str]:
    return [t for t in _PARTS.split(name.lower()) if t]


def _tests_named(name: str, make: bool) -> bool:
    tokens = _tokens(name)
    if make and tokens == ["check"]:
        return True
    return bool(_TEST_WORDS.intersection(tokens)) and not _NOT_TEST_WORDS.intersection(tokens) and not _named_kind(name)


def other_work(part: str) -> bool:
    """Whether a task or the script a part of a command runs is named after a checking tool (commands.command_rule)
    or a check (`lint-install`) in words that say it does other work than run it (_OTHER_WORK_WORDS: `make
    mypy-report`, `./scripts/eslint-config-gen.sh`): then the name does not say the check ran."""
    return any(_other_work(name) for name in _task_names(part)[1])


def _other_work(name: str) -> bool:
    if not _OTHER_WORK_WORDS.intersection(_tokens(name)):
        return False
    rule = command_rule(name)  # an installer's or a builder's name says its own work (`make npm-install`)
    return (rule is not None and rule[1] in _CHECKS) or _worded_kind(name) is not None


def worded_check(part: str) -> Category | None:
    """The kind of check the words of the tasks or the script a part of a command runs say, whatever tool they name
    (`make fmt-check-ruff`: format), else None."""
    kinds = {_worded_kind(name) for name in _task_names(part)[1]}
    return kinds.pop() if len(kinds) == 1 else None


def task_runner(part: str) -> str:
    """The task runner a part of a command runs (`make` for `make lint`), or "" when it runs none."""
    return _task_names(part)[0]


def _task_names(part: str) -> tuple[str, list[str]]:
    """The task runner a part of a command runs (or "" for a project's script) and the tasks it names, from the part's
    program on (commands.program_at: `sudo make lint`, `do make -C $d lint`)."""
    words = part.split()[:MAX_WORDS]
    interpreted, words = _launched(words[program_at(words) or 0 :])
    if words and _RUNNER.match(words[0]):
        runner = words[0].rsplit("/", 1)[-1]
        return runner, [w for w in task_words(runner, words[1:]) if w not in _VERBS and not _VALUE.search(w)]
    if words and interpreted and _CODE.search(words[0]):
        return "", []  # code given by an option (`bash -c 'script/lint && script/test'`)
    if words and (interpreted or "/" in words[0] or words[0].endswith(".sh")):
        m = _SCRIPT.match(words[0])
        return "", [m["name"]] if m else []
    return "", []


def _launched(words: list[str]) -> tuple[bool, list[str]]:
    """The words from the task runner or the script on, what launches them aside (_LAUNCHER, an interpreter and
    its options), and whether an interpreter starts them: its first word is then a script, whatever its name."""
    interpreted = False
    while words:
        if _INTERPRETER.match(words[0]):
            interpreted, words = True, words[1:]
        elif interpreted and _VALUED.match(words[0]):
            words = words[2:]
        elif _LAUNCHER.match(words[0]) or (interpreted and _OPTION.match(words[0])):
            # `python -m nox -s lint`: a module's name follows, no script's
            interpreted, words = interpreted and words[0] != "-m", words[1:]
        else:
            break
    return interpreted, words


def _named_kind(name: str) -> Category | None:
    """The kind of check a task's name says (`lint`, `js-lint`, `lint:css`, `fmt-check`, `type-check`). A tool's name
    in it says its kind unless the name's words say another: `fmt-check-ruff` runs ruff's formatter, not its linter,
    and which of a tool's checks a name runs is then not known (None)."""
    if _other_work(name):
        return None
    rule = command_rule(name)  # a tool's name for its task (`tox -e flake8`, `rake rubocop`)
    worded = _worded_kind(name)
    if rule is not None and rule[1] in (Category.LINT, Category.FORMAT, Category.TYPE):
        return rule[1] if worded in (None, rule[1]) else None
    return worded


def _worded_kind(name: str) -> Category | None:
    """The kind of check a task name's words say, whatever tool it names."""
    tokens = _tokens(name)
    if any(t.endswith("lint") for t in tokens) or _LINT_WORDS.intersection(tokens):
        return Category.LINT
    if _FORMAT_WORDS.intersection(tokens):
        return Category.FORMAT
    if _TYPE_WORDS.intersection(tokens) or ("type" in tokens and "check" in tokens):
        return Category.TYPE
    return None
