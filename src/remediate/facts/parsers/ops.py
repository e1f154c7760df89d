"""Operations tools: ansible-lint (its default two-line form and `-f pep8`, and both in releases before 5),
puppet-lint (`WARNING: MESSAGE on line N (check: NAME)`, behind `FILE - ` with `--with-filename` as
puppetlabs_spec_helper's `rake lint` runs it; a CI fails on its warnings with `--fail-on-warnings`),
Terraform's (and OpenTofu's) diagnostics (`terraform validate`, `plan`: `Error: ...` with `on FILE line N`; `terraform
init`'s provider and module installation errors), and `terraform fmt -check` (the files it would rewrite, one per
line); cfn-lint, AWS CloudFormation's linter (0.x and 1.x: `E3012 'abc' is not of type 'integer'` over its place
`templates/bucket.yaml:16:7`; `-f parseable`: `FILE:L:C:L2:C2:CODE:MESSAGE`); checkov's failed policy checks."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Regex, Rule, plain, scan_with
from remediate.facts.parsers.handlers import record, summary
from remediate.models import Category, Severity

_RULE_ID = r"(?P<code>[a-z][\w-]*(?:\[[\w-]+\])?)(?:\[/\])?"  # pep8 shows `name[casing][/]` (a markup leftover)
# ansible-lint 5+: "name[casing]: All names should ..."; before 5 a number: "403 Package installs should not use latest"
_HEADLINE = Regex(rf"^(?:{_RULE_ID}:|(?P<code2>\d{{3}})) (?P<msg>.+)$")
_WARNING = " (warning)"  # a rule the project's warn_list names: it fails nothing


def _ansible_place(st: Found, no: int, m: re.Match[str]) -> bool:
    """ansible-lint's default form: `rule-id: message` and, on the next line, `file:line[:col] detail`."""
    head = _HEADLINE.compiled.match(st.view.text(no - 1))
    if head is None:
        return False
    if head["msg"].endswith(_WARNING):
        st.found.mark(no, 3.0)
        return True
    at, column = int(m["line"]), int(m["col"]) if m["col"] else None
    st.found.error(no - 1, head["msg"], file=m["file"], at=at, column=column, code=head["code"] or head["code2"])
    st.found.mark(no, 8.0)
    return True


def _ansible_pep8(st: Found, no: int, m: re.Match[str]) -> None:
    if m["msg"].endswith(_WARNING):
        st.found.mark(no, 3.0)
    else:
        record()(st, no, m)


_YAML_PLACE = r"^(?P<file>\S+?\.ya?ml):(?P<line>\d+)(?::(?P<col>\d+))?"
_ANSIBLE = LineRules[Found](
    # -f pep8 (before 5, -p): "site.yml:4:13: name[casing][/]: All names ...", "site.yml:4: [E403] Package installs ..."
    Rule(
        rf"{_YAML_PLACE}: (?:{_RULE_ID}: |\[(?P<code2>E\d{{3}})\] )(?P<msg>.+)$", _ansible_pep8, has=(".yml:", ".yaml:")
    ),
    Rule(rf"{_YAML_PLACE}(?: .*)?$", _ansible_place, has=(".yml:", ".yaml:")),
    # "Failed: 8 failure(s), 2 warning(s) in 1 files processed of 1 encountered. ..."
    Rule(r"^Failed: (?P<failed>\d+) failure\(s\), \d+ warning\(s\)", summary(9.0), starts="Failed: "),
)

ANSIBLE_LINT = Parser(tool="ansible-lint", category=Category.LINT, parse=scan_with(_ANSIBLE, plain("ansible-lint")))

_BOX = r"(?:\u2502 )?"  # Terraform frames a coloured diagnostic in `│ ` (gone with -no-color)
_TF_HEAD = Regex(rf"^{_BOX}(?P<level>Error|Warning): (?P<msg>.+)$")
_TF_SOURCE = Regex(rf"^{_BOX}\s+(?:\d+:|\u2502|on )")  # the quoted source lines under the place


def _tf_place(st: Found, no: int, m: re.Match[str]) -> None:
    """A diagnostic's place (`on main.tf line 12, in resource "x" "y":`): the record, its message
    the headline one or two lines above and the detail sentence after the quoted source."""
    head = next((h for h in (_TF_HEAD.compiled.match(st.view.text(no - k)) for k in (1, 2)) if h), None)
    if head is None:
        return
    if head["level"] == "Warning":
        st.found.mark(no, 3.0)
        return
    detail = ""
    for line in st.view.after(no, 8):
        text = line.text
        if text.startswith(("\u2575", "\u2577")) or _TF_HEAD.compiled.match(text):
            break
        bare = text.removeprefix("\u2502").strip()
        if bare and not _TF_SOURCE.compiled.match(text):
            detail = bare
            st.found.mark(line.no, 8.0)
            break
    message = f"{head['msg']}: {detail}" if detail else head["msg"]
    st.found.error(no, message, file=m["file"], at=int(m["line"]), code=head["msg"])
    st.found.mark(no - 1, 8.0)


INSTALL_DETAIL_WITHIN = 12  # lines of the paragraph under an installation error (Terraform wraps at ~78 columns)


def _tf_install(st: Found, no: int, m: re.Match[str]) -> None:
    """`terraform init` could not get a provider or a module: a dependency record whose message
    carries the paragraph below it (the registry's answer, joined across Terraform's wrapping), so
    a registry out of reach (`503 Service Unavailable returned from ...`, `no such host`) reads as
    the environment's and `no available releases match the given constraints` as the project's."""
    words: list[str] = []
    for line in st.view.after(no, INSTALL_DETAIL_WITHIN):
        text = line.text.removeprefix("\u2502").strip()
        if line.text.startswith(("\u2575", "\u2577")) or (not text and words):
            break
        if text:
            words.append(text)
            st.found.mark(line.no, 8.0)
    message = f"{m['msg']}: {' '.join(words)}" if words else m["msg"]
    st.found.error(no, message, code=m["msg"], tool="terraform init", category=Category.DEPENDENCY, weight=9.0)


# `on main.tf line 3`: a line number follows (` line ` alone is in nearly every log).
_LINE_NUMBER = tuple(f" line {digit}" for digit in "0123456789")

_TERRAFORM = LineRules[Found](
    Rule(rf"^{_BOX}\s+on (?P<file>\S+) line (?P<line>\d+)(?:, in .+)?:$", _tf_place, has=_LINE_NUMBER, ends=":"),
    Rule(
        rf"^{_BOX}Error: (?P<msg>Failed to (?:query available provider packages|"
        r"install provider(?: from shared cache)?|download module))$",
        _tf_install,
        has=("Error: Failed to ",),
    ),
)

TERRAFORM = Parser(tool="terraform", category=Category.CONFIG, parse=scan_with(_TERRAFORM, plain("terraform")))

# `terraform fmt -check` lists the files it would rewrite (with -diff, each before its diff).
_TF_FMT = LineRules[Found](
    Rule(
        r"^(?P<file>[\w./-]+\.(?:tf|tfvars|tftest\.hcl))$",
        record(tool="terraform fmt", code="fmt", message="{file} is not formatted (terraform fmt)", weight=7.0),
        ends=(".tf", ".tfvars", ".hcl"),
    ),
)

TERRAFORM_FMT = Parser(tool="terraform fmt", category=Category.FORMAT, parse=scan_with(_TF_FMT, plain("terraform fmt")))


# puppet-lint 3: the check's name closes the line; the file leads it under `--with-filename`.
_PUPPET = LineRules[Found](
    Rule(
        r"^(?:(?P<file>\S+\.pp) - )?(?P<level>ERROR|WARNING): (?P<msg>.+) on line (?P<line>\d+) "
        r"\(check: (?P<code>\w+)\)$",
        record(),
        ends=")",
        has=("(check: ",),
    ),
)
PUPPET_LINT = Parser(tool="puppet-lint", category=Category.LINT, parse=scan_with(_PUPPET, plain("puppet-lint")))


# cfn-lint's rule ids: the letter is the level (E an error, W a warning, I informational; each fails the run by
# default, exit 2, 4 and 8 or'ed together), the first digit the family (E0 a template that does not parse, E1 its
# functions, E3 its resources' properties against the AWS schema).
_CFN_LEVELS = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.NOTE}
_CFN_HEAD = Regex(r"^(?P<code>[EWI]\d{4}) (?P<msg>.+)$")
_CFN_PLACE = r"^(?P<file>\S+?\.(?:ya?ml|json|template)):(?P<line>\d+):(?P<col>\d+)"
_CFN_FILES = (".yaml:", ".yml:", ".json:", ".template:")


def _cfn_record(st: Found, no: int, m: re.Match[str], code: str, message: str) -> None:
    at, column = int(m["line"]), int(m["col"])
    st.found.error(no, message, file=m["file"], at=at, column=column, code=code, severity=_CFN_LEVELS[code[0]])


def _cfn_place(st: Found, no: int, m: re.Match[str]) -> bool:
    """The default form's place: the finding is the rule id and message on the line above."""
    head = _CFN_HEAD.compiled.match(st.view.text(no - 1))
    if head is None:
        return False
    _cfn_record(st, no - 1, m, head["code"], head["msg"])
    st.found.mark(no, 8.0)
    return True


def _cfn_parseable(st: Found, no: int, m: re.Match[str]) -> None:
    _cfn_record(st, no, m, m["code"], m["msg"])


_CFN_LINT = LineRules[Found](
    Rule(rf"{_CFN_PLACE}$", _cfn_place, has=_CFN_FILES),
    Rule(rf"{_CFN_PLACE}:\d+:\d+:(?P<code>[EWI]\d{{4}}):(?P<msg>.+)$", _cfn_parseable, has=_CFN_FILES),
)
CFN_LINT = Parser(tool="cfn-lint", category=Category.LINT, parse=scan_with(_CFN_LINT, plain("cfn-lint")))


# checkov (2-3, any framework it scans: Terraform, CloudFormation, Kubernetes, Dockerfiles): each check `Check:
# CKV_AWS_24: "Ensure no security groups allow ingress ..."`, over `\tFAILED for resource: aws_security_group.web`
# (`PASSED` too without --quiet) and `\tFile: /main.tf:6-14` (the path under the scanned folder, from a `/`); each
# framework's count above them, `Passed checks: 7, Failed checks: 11, Skipped checks: 0`. Offline, checkov first
# prints the traceback of the guidelines API it could not reach, and goes on: the checks are the failure.
_CHECKOV_CHECK = Regex(r"^Check: (?P<code>CKV2?_[A-Z0-9]+_\d+): \"(?P<msg>.+)\"$")
_CHECKOV_FILE = Regex(r"^\s+File: /?(?P<file>\S+?):(?P<line>\d+)-\d+$")


def _checkov_failed(st: Found, no: int, m: re.Match[str]) -> bool:
    check = _CHECKOV_CHECK.compiled.match(st.view.text(no - 1))
    if check is None:
        return False
    below = next(iter(st.view.after(no, 1)), None)
    place = _CHECKOV_FILE.compiled.match(below.text) if below is not None else None
    file, at = (place["file"], int(place["line"])) if place else (None, None)
    message = f"{check['msg']} ({m['resource']})"
    st.found.error(no - 1, message, file=file, at=at, code=check["code"])
    st.found.mark(no, 8.0)
    return True


_CHECKOV = LineRules[Found](
    Rule(r"^\s+FAILED for resource: (?P<resource>\S+)$", _checkov_failed, has=("FAILED for resource: ",)),
    Rule(
        r"^Passed checks: \d+, Failed checks: (?P<failed>\d+), Skipped checks: \d+",
        summary(9.0),
        starts="Passed checks: ",
    ),
)
CHECKOV = Parser(tool="checkov", category=Category.LINT, parse=scan_with(_CHECKOV, plain("checkov")))
