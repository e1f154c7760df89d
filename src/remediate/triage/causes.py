"""The words of a log that name a cause the content signals (patterns.py) and the failing tests'
reports (beneath.py) both read: a framework's settings missing or wrong, an environment variable unset,
a query the database rejected."""

from __future__ import annotations

import re

# A framework's settings that are missing or wrong (Django's ImproperlyConfigured: an empty SECRET_KEY, no
# DJANGO_SETTINGS_MODULE), and Python's KeyError for a name os.environ lacks (a required environment variable
# unset): the configuration the code runs with, not the code.
# The exception as raised (`ImproperlyConfigured: ...`), not a source line a traceback shows (`raise
# ImproperlyConfigured(`, an import); not Django's `ImproperlyConfigured: Error loading psycopg2 or psycopg module`
# (MySQLdb, ...): a database driver not installed, the dependency's (its ModuleNotFoundError names it).
# node-config's `Configuration property "db.host" is not defined`: a setting its config files lack; pydantic-settings'
# `ValidationError: 2 validation errors for Settings` (a settings class: `Field required` for an unset variable).
SETTINGS = re.compile(
    r"\bImproperlyConfigured: (?!Error loading )|\bConfiguration property \"[\w.-]{1,200}\" is not defined|"
    r"\bValidationError: \d{1,4} validation errors? for \w{0,60}Settings\b"
)


# (Ruby's ENV.fetch raises `KeyError: key not found: "NAME"`, which RSpec prints as the class over the message,
# indented on the next line.)
_ENVIRON = re.compile(r"<frozen os>|\bos\.py(?:\", line |:)\d+|\bos\.environ\[|\bENV\.fetch\(")


# PyYAML's (and SnakeYAML's, libyaml's under Psych) words for where its parser was when a document did not parse
# (`while scanning a simple key`, `while parsing a block mapping`): its own nouns only, since an application's error
# says the same of what it parsed (`error while parsing a response`), which is no configuration file.
YAML_CONTEXT = (
    r"while (?:scanning|parsing) (?:for the next token|an? (?:block|flow|simple|quoted|plain|"
    r"double|single|node|directive|tag|anchor|alias)\b)"
)


KEY_ERROR = re.compile(
    r"\bKeyError:(?: '(?P<py>[A-Z][A-Z0-9_]{2,80})'|\s{1,40}key not found: \"(?P<rb>[A-Z][A-Z0-9_]{2,80})\")"
)


SQL_ERROR = re.compile(
    r"\b(?:Binder|Catalog|Parser|Conversion) Error\b|\b(?:Runtime|Database|Compilation) Error in model\b|"
    r"\bFailure in model\b|sqlite3\.OperationalError|psycopg2?\.errors\.|no such (?:column|table)\b|"
    r"\b(?:column|relation) \"?[\w.]+\"? does not exist"
)


def unset_variables(text: str) -> frozenset[str]:
    """The environment variables a Python traceback says os.environ lacks (`KeyError: 'DATABASE_URL'` raised
    in os.py's __getitem__ or on an `os.environ[...]` line): upper-case names, as environment variables are."""
    if not _ENVIRON.search(text):
        return frozenset()
    return frozenset(py or rb for py, rb in KEY_ERROR.findall(text))


def settings_said(text: str) -> str:
    """What the text says of the settings the code runs with ("" when nothing)."""
    if m := SETTINGS.search(text):
        return f"the settings are missing or wrong ({m.group(0).rstrip(': ')})"
    if unset := unset_variables(text):
        return f"a required environment variable is unset ({', '.join(sorted(unset))[:80]})"
    return ""


# An assertion's own words (not `expected ... but found`, which PyYAML's parser says too), JUnit 5's
# AssertionFailedError among them.
ASSERTION = re.compile(
    r"\bAssertion(?:Failed)?Error\b|^\s*assert\s|\bassert(?:Equals?|That|True|False)\b|\bexpect\(", re.MULTILINE
)
