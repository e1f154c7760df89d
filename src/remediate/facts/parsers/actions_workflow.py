"""A GitHub Actions workflow that asks for what is not there: GitHub's runner, or an action it runs, refuses
the workflow's own words before any of the project's commands could fail. Each is a configuration record of
tool `github-actions` naming what the workflow asks for; unlike github_access's settings, an edit of the
workflow file fixes it (remediate/reach.py: a record that names its workflow file is a protected file's).

GitHub's runner cannot run here: the words are quoted from its source and its actions' (versions below), each
as the runner logs it (`##[error]WORDS`, read without the prefix: workflow_commands.unannotated), or an
action's `core.setFailed` prints it (`::error::WORDS`).
- The Actions service, as the runner's `Set up job` logs it: `Unable to resolve action `OWNER/REPO@REF`,
  repository not found` (or `, unable to find version `REF``, `, repository or version not found`; older
  runners `Unable to resolve actions. Repository not found : OWNER/REPO.`): the `uses:` names no action.
- actions/runner (v2.316.1-395, src/Runner.Worker/ActionManager.cs): `Can't find 'action.yml', 'action.yaml' or
  'Dockerfile' under 'PATH'. Did you forget to run actions/checkout before running your local action?` (or
  `for action 'REF'.`); .NET's Process.Start, which the runner's ProcessInvoker calls, for a step's
  `working-directory:` that is not there: `An error occurred trying to start process '/usr/bin/bash' with
  working directory 'DIR'. No such file or directory`; its template evaluator (src/Sdk/WorkflowParser,
  TemplateStrings `The template is not valid. {0}`, each error `FILE (Line: N, Col: M): MESSAGE`) and its
  expression parser (src/Sdk/Expressions/ParseException.cs: `Unrecognized named-value: 'X'. Located at position
  N within expression: EXPR`, `Unrecognized function: ...`).
- The setup actions, for a version the workflow asks for and no release has: setup-python (v7, src/find-python.ts)
  `The version 'X' with architecture 'A' was not found for OS.` (before its commit 2c3dd9e, December 2022: `Version
  X with arch A not found`), setup-node (v7, src/distributions/base-distribution.ts) and setup-go (v7,
  src/installer.ts) `Unable to find Node version 'X' for platform P and architecture A.` / `Unable to find Go version
  ...`, setup-java (v5.5, src/distributions/base-installer.ts) `No matching version found for SemVer 'X'.` (v2 to
  v4: `Could not find satisfied version for SemVer 'X'.`); for a `cache:` whose dependency file the repository does
  not have: setup-node's src/cache-restore.ts `Dependencies lock file is not found in DIR. Supported file patterns:
  ...`, setup-python's src/cache-distributions/cache-distributor.ts `No file in DIR matched to [PATTERNS], make sure
  you have checked out the target repository`, setup-go's src/cache-restore.ts `Dependencies file is not found in
  DIR. Supported file pattern: go.mod`.
- actions/upload-artifact (v7, src/upload/upload-artifact.ts) with `if-no-files-found: error`: `No files were found
  with the provided path: PATH. No artifacts will be uploaded.` (the same words with `warn`, its default, are a
  `##[warning]`: no failure, so not read)."""

from __future__ import annotations

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record
from remediate.models import Category

TOOL = "github-actions"
UNRESOLVED_ACTION = "unresolved-action"
MISSING_ACTION = "missing-action"
WORKING_DIRECTORY = "working-directory"
WORKFLOW_EXPRESSION = "workflow-expression"
TOOLCHAIN_VERSION = "toolchain-version"
CACHE_DEPENDENCY_FILE = "cache-dependency-file"
ARTIFACT_PATH = "artifact-path"

_SAID = r"^(?:::error::)?(?:Error: )?"  # an action's annotation, or the runner's line as its page shows it


def _not_a_warning(st: Found, no: int) -> bool:
    """The runner's `##[warning]` is read without its prefix too (workflow_commands.unannotated): a warning
    failed nothing."""
    line = st.view.get(no)
    return line is None or b"##[warning]" not in line.raw


def _rule(pattern: str, code: str, *, has: tuple[str, ...]) -> Rule[Found]:
    return Rule(_SAID + pattern, record(code, tool=TOOL), has=has, when=_not_a_warning)


_RULES = LineRules[Found](
    _rule(
        r"(?P<msg>Unable to resolve action `[^`]+`, (?:repository not found|unable to find version `[^`]+`|"
        r"repository or version not found)|Unable to resolve actions?\. Repositor(?:y|ies) not found ?: ?\S+?)\.?$",
        UNRESOLVED_ACTION,
        has=("Unable to resolve action",),
    ),
    _rule(
        r"(?P<msg>Can't find 'action\.yml', 'action\.yaml' or 'Dockerfile' (?:under|for action) '[^']+')\.",
        MISSING_ACTION,
        has=("Can't find 'action.yml'",),
    ),
    _rule(
        r"(?P<msg>An error occurred trying to start process '[^']+' with working directory '[^']+'\. "
        r"No such file or directory)$",
        WORKING_DIRECTORY,
        has=("An error occurred trying to start process ",),
    ),
    _rule(
        r"(?:The template is not valid\. |Error when evaluating '[\w-]+' for job '[^']+'\. )"
        r"(?P<file>\S+) \(Line: (?P<line>\d+), Col: (?P<col>\d+)\): (?P<msg>.+)$",
        WORKFLOW_EXPRESSION,
        has=("The template is not valid. ", "Error when evaluating '"),
    ),
    _rule(
        r"(?P<msg>Unrecognized (?:named-value|function): '[^']+'\. Located at position \d+ within expression: .+)$",
        WORKFLOW_EXPRESSION,
        has=("Unrecognized named-value: '", "Unrecognized function: '"),
    ),
    _rule(
        r"(?P<msg>The version '[^']+' with architecture '[^']+' was not found for .+?|"
        r"Version \S+ with arch \S+ not found|"
        r"Unable to find (?:Node|Go) version '[^']+' for platform \S+ and architecture \S+?|"
        r"(?:No matching version found|Could not find satisfied version) for [Ss]em[Vv]er '?[^\s']+?'?)\.? *$",
        TOOLCHAIN_VERSION,
        has=(
            "' was not found for ",
            " not found",
            "Unable to find Node version '",
            "Unable to find Go version '",
            "version found for SemVer",
            "Could not find satisfied version for ",
        ),
    ),
    _rule(
        r"(?P<msg>Dependencies (?:lock )?file is not found in \S+?)\. Supported file patterns?: \S+$|"
        r"(?P<msg2>No file in \S+ matched to \[.+\]), make sure you have checked out the target repository$",
        CACHE_DEPENDENCY_FILE,
        has=("Dependencies lock file is not found in ", "Dependencies file is not found in ", " matched to ["),
    ),
    _rule(
        r"(?P<msg>No files were found with the provided path: .+?)\. No artifacts will be uploaded\.$",
        ARTIFACT_PATH,
        has=("No files were found with the provided path: ",),
    ),
)

# The parser's own name (each parser has one); its records are github-actions', as github_access's are.
PARSER = Parser(tool="github-runner", category=Category.CONFIG, parse=scan_with(_RULES, plain("github-runner")))
