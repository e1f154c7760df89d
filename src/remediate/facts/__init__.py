"""Failure facts: typed, redacted, budgeted excerpts from any CI log.

    facts = extract_facts(Path("job.log"), source=Path("."), budget_tokens=2000, secrets=[...])

No model runs here. The log is streamed in bounded memory (scan.py), the lines around what looks
like failure evidence are read back, cleaned and redacted (view.py), the CI's structure and each
tool's errors are parsed (ci.py, parsers/), and a failure excerpt that keeps original line numbers
is cut to the token budget (excerpt.py).
"""

from remediate.facts.excerpt import estimate_tokens
from remediate.facts.extract import extract_facts, parse_budget
from remediate.facts.reader import FactsInputError
from remediate.facts.redact import PLACEHOLDER, Redactor

__all__ = ["PLACEHOLDER", "FactsInputError", "Redactor", "estimate_tokens", "extract_facts", "parse_budget"]
