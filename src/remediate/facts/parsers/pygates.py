"""Python gates a CI job fails on a rule of the project's own rather than a linter's: xenon's complexity ranks,
interrogate's docstring coverage, import-linter's contracts between the project's packages. Each is a lint failure:
the code is changed (or the project's threshold or contract) to pass, as with a linter.

xenon (radon's cyclomatic complexity, A best to F) logs each rank over its limit and exits 1: `ERROR:xenon:block
"src/shop/rules.py:1 rate" has a rank of C` (`--max-absolute`), `ERROR:xenon:module 'src/shop/rules.py' has a rank of
C` (`--max-modules`), `ERROR:xenon:average complexity is ranked B` (`--max-average`).

interrogate prints `RESULT: FAILED (minimum: 80.0%, actual: 0.0%)` under `--fail-under` (under `-v`, inside a line of
dashes below its table), `RESULT: PASSED (...)` when the coverage is enough.

import-linter (`lint-imports`) prints each contract's name and `KEPT` or `BROKEN`, `Contracts: 0 kept, 2 broken.`,
then under `Broken contracts` each broken one's name, underlined, and its forbidden imports: `shop.pricing is not
allowed to import shop.api:` over the chain, `- shop.pricing -> shop.util (l.2)`, `  shop.util -> shop.api (l.1)`.
It names modules, not files: whether `shop.pricing` is `src/shop/pricing.py` or `shop/pricing.py` it does not say.

pyupgrade rewrites each file whose syntax it would modernise, prints `Rewriting FILE` and exits 1 (so do its kin
that share its frame: yesqa, django-upgrade, add-trailing-comma): the check is the rewrite, run as a gate (pre-commit
runs it so; its hooks of theirs are lint there, precommit.hook_category), each file a lint record."""

from __future__ import annotations

import re
from dataclasses import field

from remediate.facts.parsers.base import Findings, Found, LineRules, Parser, Rule, plain, scan_with, state
from remediate.facts.parsers.handlers import evidence, record, verdict
from remediate.facts.view import View
from remediate.models import Category

_XENON = LineRules[Found](
    Rule(
        r'^ERROR:xenon:block "(?P<file>[^":]+\.pyw?):(?P<line>\d+) (?P<name>[^"]+)" has a rank of (?P<rank>[A-F])$',
        record("complexity", message="{name} has a complexity rank of {rank}"),
        starts="ERROR:xenon:block ",
    ),
    Rule(
        r"^ERROR:xenon:module '(?P<file>[^']+\.pyw?)' has a rank of (?P<rank>[A-F])$",
        record("complexity", message="the module has a complexity rank of {rank}"),
        starts="ERROR:xenon:module ",
    ),
    Rule(
        r"^ERROR:xenon:average complexity is ranked (?P<rank>[A-F])$",
        record("complexity", message="the average complexity is ranked {rank}"),
        starts="ERROR:xenon:average ",
    ),
)
XENON = Parser(tool="xenon", category=Category.LINT, parse=scan_with(_XENON, plain("xenon")))

# interrogate centres its result in dashes under `-v` (its table's width), plain without
_INTERROGATE = LineRules[Found](
    Rule(
        r"^-* ?RESULT: FAILED \(minimum: (?P<minimum>[\d.]+)%, actual: (?P<actual>[\d.]+)%\) ?-*$",
        record("fail-under", message="docstring coverage {actual}% is below the minimum {minimum}%"),
        has=("RESULT: FAILED (minimum: ",),
    ),
    Rule(r"^-* ?RESULT: PASSED \(minimum: ", verdict(5.0), has=("RESULT: PASSED (minimum: ",)),
)
INTERROGATE = Parser(tool="interrogate", category=Category.LINT, parse=scan_with(_INTERROGATE, plain("interrogate")))


@state
class _Contracts:
    view: View
    found: Findings = field(default_factory=lambda: Findings(tool="import-linter"))
    broken: bool = False  # under the `Broken contracts` heading
    contract: str = ""  # the broken contract whose imports follow


def _counts(st: _Contracts, no: int, m: re.Match[str]) -> None:
    st.found.seen = True
    st.found.mark(no, 9.0 if int(m["broken"]) else 5.0)


def _underline(st: _Contracts, no: int, _m: re.Match[str]) -> None:
    """A heading's underline: the line above names a broken contract once the `Broken contracts` heading came."""
    i = st.view.index.get(no, 0)
    above = st.view.lines[i - 1].text.strip() if i else ""
    if above == "Broken contracts":
        st.broken = True
    elif st.broken:
        st.contract = above
        st.found.mark(no - 1, 7.0)


def _forbidden(st: _Contracts, no: int, m: re.Match[str]) -> None:
    said = f"{st.contract}: {m['importer']} is not allowed to import {m['imported']}"
    st.found.error(no, said, code="broken-contract")


_CONTRACTS = LineRules[_Contracts](
    Rule(r"^Contracts: \d+ kept, (?P<broken>\d+) broken\.$", _counts, starts="Contracts: ", ends=" broken."),
    Rule(r"^-{3,}$", _underline, starts="---", continues=True, when=lambda st, _no: st.found.seen),
    Rule(
        r"^(?P<importer>[\w.]+) is not allowed to import (?P<imported>[\w.]+):$",
        _forbidden,
        has=(" is not allowed to import ",),
        when=lambda st, _no: st.broken,
    ),
    # the chain's first import, where the importing module takes the forbidden path
    Rule(r"^-\s+[\w.]+ -> [\w.]+ \(l\.", evidence(8.0), starts="- ", has=(" -> ",), when=lambda st, _no: st.broken),
)
IMPORT_LINTER = Parser(
    tool="import-linter", category=Category.LINT, parse=scan_with(_CONTRACTS, lambda view: _Contracts(view))
)

_REWRITTEN = LineRules[Found](
    Rule(
        r"^Rewriting (?P<file>[\w./-]+\.pyi?)$",
        record("rewritten", message="rewritten to the form the check requires"),
        starts="Rewriting ",
    ),
)
PYUPGRADE = Parser(tool="pyupgrade", category=Category.LINT, parse=scan_with(_REWRITTEN, plain("pyupgrade")))
