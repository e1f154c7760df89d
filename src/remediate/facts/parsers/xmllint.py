"""libxml2's parse errors as xmllint prints them (`xmllint --noout FILE`, libxml2 2.9: `conf/app.xml:4: parser
error : Opening and ending tag mismatch: item line 4 and itm`, then the source line and a caret, not read). A file
that does not parse is a build failure as any source's, but what an XML file is (a build's descriptor, a document,
data) is not its own, and xsltproc and other libxml2 programs print the same line in docs builds: shown, no vote,
unless the step only checks the files (facts.syntaxcheck: `xmllint --noout`), where categorize makes it that
check's finding. libxml2's validity errors (`validity error :`, a DTD or schema the file breaks: erlang/otp's
docs target on the dev half, labelled other) are not read."""

from __future__ import annotations

import re

from remediate.facts.parsers.base import Found, LineRules, Parser, Rule, plain, scan_with
from remediate.models import Category


def _parse_error(st: Found, no: int, m: re.Match[str]) -> None:
    st.found.error(no, m["msg"], file=m["file"], at=int(m["line"]), code="parser-error", votes=False)


_RULES = LineRules[Found](
    Rule(r"^(?P<file>[^\s:]+):(?P<line>\d+): parser error : (?P<msg>.+)$", _parse_error, has=(": parser error : ",)),
)

PARSER = Parser(tool="xmllint", category=Category.BUILD, parse=scan_with(_RULES, plain("xmllint")))
