"""Secret redaction. Everything that leaves `facts` (and every tool output) passes through here.

API contract used across layers:
    r = Redactor(secrets=["..."]); clean = r.redact(text); r.counts -> {rule: n}

Properties the rest of the system relies on:
- idempotent: redacting already-redacted text changes nothing and counts nothing new
  (placeholders are never touched, and `redact` runs its rules to a fixpoint);
- line-preserving: no rule removes a newline (a multi-line PEM key keeps its line count), so
  callers may redact a block of lines as one string and split it again;
- fast on megabyte strings: every rule is guarded by a cheap literal pre-check where it can be.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import math
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from remediate.facts.dumplines import Piece, dump_runs, fold_pieces, fold_runs
from remediate.facts.indent import indent_of
from remediate.facts.lazyregex import LiteralAutomaton, Regex
from remediate.facts.teamcityescape import ESCAPED, OPENS

PLACEHOLDER = "[REDACTED:{rule}]"
PLACEHOLDER_RE = Regex(r"\[REDACTED:[a-z0-9_]+\]")

# Caller secrets shorter than this are not scrubbed by value: replacing every 3-letter word
# that happens to equal a secret would destroy the log and still not protect a secret that short.
MIN_SECRET_LEN = 6

_WINDOW_BEFORE = 64
_WINDOW_AFTER = 700
# How far after a command's name its credential option may come (command_credential, _command_then): curl's list of
# URLs (`curl -O URL -O URL ... -u USER:PASS`) runs long, as do a MySQL client's connection options before `-pPASS`.
# A cleaned line keeps about 3 KB (reader.MAX_LINE_BYTES' head and tail), and reader._kept_tail redacts a cut line's
# tail with more than this before it.
COMMAND_REACH = 2048

_Replacer = Callable[["re.Match[str]"], str]
_Memo = dict[str, tuple[str, "Counter[str]"]]  # segment -> (its redaction, the counts it added)
# A value a fold's joined lines show (Redactor._folds_read): its placeholder, its text, and its pieces on each line.
_Fold = tuple[str, str, list[tuple[int, int, int, str]]]


class Rule(NamedTuple):
    """One pattern-based rule. `hints` are literals, one of which must occur for the rule to run."""

    name: str
    pattern: Regex
    hints: tuple[str, ...] = ()
    group: int | str = 0  # which group to replace (0 = whole match)
    check: Callable[[str], bool] | None = None  # called with the text of `group`
    # The check where the pattern's `vouching` group matched: a key whose name says what it holds vouches for its value.
    vouched: Callable[[str], bool] | None = None
    # Line-scoped rules never span a newline and are case-insensitive: their pattern is written in
    # lower case and runs on the lower-cased text, only in windows around a (lower-case) hint.
    # That keeps them fast on megabyte strings; replacements use the original text's spans.
    line_scoped: bool = False
    reach: int = _WINDOW_AFTER  # how far after a hint its line-scoped match may end (its window)
    # A value its group `quote` (or another `...quote`: _opening_quote) opens is the quoted run whole, to its closing
    # quote (quoted_end), where `check` takes it whole; else the match's value as the pattern reads it.
    quoted: bool = False
    # A pattern every match holds, searched first where no literal is (`hints`): a rule whose match opens with a word of
    # any letters runs only on a text where it finds one (a search that opens with a literal skips to it).
    screen: Regex | None = None

    def check_of(self, m: re.Match[str]) -> Callable[[str], bool] | None:
        """The check `m`'s value passes: `vouched` where the match's key's name vouches for it, else `check`."""
        if self.vouched is not None and m.group("vouching") is not None:
            return self.vouched
        return self.check


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_PEM_END = Regex(r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PEM_BODY_LINE = Regex(r"[^\S\n]{0,64}[A-Za-z0-9+/=]{16,}[^\S\n]{0,64}")
MAX_PEM_LINES = 256  # more than any key's body has (an 8192-bit RSA key's is about 100 lines of 64 characters)

_PLACEHOLDER_VALUE = Regex(
    r"""^(?:\*+|x{4,}|X{4,}|<[^>]*>|\$\{\{?[^}]*\}?\}|\$[A-Za-z_][A-Za-z0-9_]*|%\(?[A-Za-z_]*\)?s|\{[^}]*\}|
    (?:true|false|null|none|nil|undefined|redacted|changeme|required|optional|string|secret|password|token)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def looks_secret(value: str) -> bool:
    """A value assigned to a secret-named key that looks generated rather than descriptive."""
    value = value.strip("'\"`")
    if len(value) < 8 or _PLACEHOLDER_VALUE.match(value) or value.startswith(("./", "~/", "[")) or _a_path(value):
        return False
    has_alpha = any(c.isalpha() for c in value)
    # Generated secrets mix in digits or symbols; identifiers, paths and dotted names do not. A generator's letters
    # alone (and base64's `/` and `+`) are one too where they read as no words (_generated_letters).
    has_other = any(c.isdigit() or c in "!@#$%^&*+=?~" for c in value)
    if not (has_alpha and (has_other or _generated_letters(value))):
        return False
    return shannon_entropy(value) >= min(3.0, math.log2(len(value)) - 0.2)


def _a_path(value: str, generated: Callable[[str], bool] = looks_secret) -> bool:
    """A value that opens with `/` and reads as a path, not as base64 that happens to (its alphabet holds `/`: a
    generated AWS secret key may open with one, `/gI54HNeIRAus9N5y0B+k8Ec`, and hold more, `/mL3zQmFF+ow/T3Z10Zs2qhL`,
    a path's names after it where a script joined them, `/mL3zQmFF+ow/T3Z10Zs2qhL/test/app.js`): the segments it opens
    with in base64's alphabet (a path's `.`, `-` or `_` ends them) are names (`/usr/include/c++/12`, `/home/runner`),
    or their text read without the `/` is no generated run (`generated`'s). A generated key's segments are pieces of one
    run."""
    if not value.startswith("/"):
        return False
    lead: list[str] = []
    for segment in value[1:].split("/"):
        if not _BASE64_SEGMENT.fullmatch(segment):
            break
        lead.append(segment)
    if not "".join(lead):
        return True
    return all(_NAME_SEGMENT.fullmatch(segment) for segment in lead if segment) or not generated("".join(lead))


_BASE64_SEGMENT = Regex(r"[A-Za-z0-9+]*={0,2}")
# A path's segment as a name reads: lower case with digits (`x86`, `c++`, `tmpa8xk2`), words in CamelCase with a
# version after (`Python3`, `myRepo`, `CancellationTokenSource`), an acronym (`QT`, `SDK`, `README`). A generated
# run's pieces switch case and digits inside a word: all of a key's segments read as names one time in thousands.
_NAME_SEGMENT = Regex(r"[a-z0-9+]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*[0-9]*|[A-Z]{1,8}[0-9]*")
_BASE64_LETTERS = Regex(r"[A-Za-z/+_\-]+={0,2}")
_VOWELS = frozenset("aeiouAEIOU")
MIN_GENERATED_LETTERS = 16  # a credential's length: an API token's, a client secret's (a word or a short name is less)


def _generated_letters(value: str) -> bool:
    """A value of letters only, or of base64's alphabet without digits (`/`, `+`, base64url's `-` and `_`, `=`'s
    padding), that a generator made rather than a writer: a credential's length, both cases (_letters_run), and
    letters that read as no words. Words, and the CamelCase names made of them (`CancellationTokenSource`), are two
    letters in five vowels; a generator's letters one in five (`QSroGsfSjlnMOFIgUdkXwQe`), so fewer than three in ten
    is the line between."""
    letters = _letters_run(_unprefixed(value))
    return letters is not None and sum(c in _VOWELS for c in letters) * 10 < len(letters) * 3


# A token's issuer's short prefix and its dot (Vault's legacy `s.`, `hvs.`): base64's alphabet holds `_` and `-`, so a
# prefix joined by them is part of the letters' run already, but a dot would end it.
_ISSUER_PREFIX = Regex(r"[A-Za-z]{1,3}\.(?=[A-Za-z])")


def _unprefixed(value: str) -> str:
    """`value` without its issuer's short prefix (_ISSUER_PREFIX), if it opens with one."""
    prefix = _ISSUER_PREFIX.match(value)
    return value[prefix.end() :] if prefix else value


def _letters_run(value: str) -> list[str] | None:
    """The letters of a value of base64's alphabet without digits, of a credential's length and both cases (a
    sentence's word, a constant's name and a path's are one); None for any other value."""
    if not _BASE64_LETTERS.fullmatch(value):
        return None
    letters = [c for c in value if c.isalpha()]
    if len(letters) < MIN_GENERATED_LETTERS or value.isupper() or value.islower():
        return None
    return letters


# What parts the names a value may join (vouched_secret): base64's and base64url's symbols.
_NAME_SEPARATORS = Regex(r"[/+_\-=]+")


def vouched_secret(value: str) -> bool:
    """A value under a key whose name says it holds a secret (secret_assignment's `vouching`: `client_secret`,
    `NPM_TOKEN`, `api_key`): the name vouches, so the value need not also look generated (looks_secret) - a generator's
    letters read with a word's vowels in one random 24-letter value in 16, a 24-character base64 key has no digit in
    one in 60. Letters of a credential's length in both cases (_letters_run) that open the value (a script may join a
    path to it: `KEY/src/app.c`) are the value unless they are names joined (`CancellationTokenSource`,
    `refs/heads/featureBranch`: every part a name, _NAME_SEGMENT), as a placeholder, a path, one case (`YOUR_API_KEY`,
    `value_from_env`) or a short word are no value either."""
    if looks_secret(value):
        return True
    value = value.strip("'\"`")
    if _PLACEHOLDER_VALUE.match(value) or value.startswith(("./", "~/", "[")) or _a_path(value, vouched_secret):
        return False
    head = _BASE64_LETTERS.match(_unprefixed(value))
    if head is None or _letters_run(head.group()) is None:
        return False
    if all(_NAME_SEGMENT.fullmatch(part) for part in _NAME_SEPARATORS.split(head.group()) if part):
        return False
    return shannon_entropy(head.group()) >= min(3.0, math.log2(len(head.group())) - 0.2)


AUTH_SCHEMES = frozenset({"bearer", "basic", "token", "digest", "negotiate", "bot", "apikey", "key"})


# Words a short value of a password-named key is when it is code or a template, not a secret.
_NOT_A_SHORT_SECRET = frozenset(
    {
        "str",
        "bytes",
        "int",
        "bool",
        "any",
        "self",
        "cls",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "empty",
        "unset",
        "hidden",
        "masked",
        "secret",
        "text",
        "string",
        "input",
        "value",
        "varchar",
    }
)


# A YAML block scalar's header (`|`, `>`, a chomping and an indentation indicator: `|-`, `>+`, `|2-`): its value is the
# indented lines after it (Redactor._block_scalars), not the indicator, nor the indicator and the escaped line end after
# it in a JSON string a level or more down (`|\\n`: _DEEP_BLOCK_OPENS). A TeamCity message's value escapes `|` as
# `||` (teamcityescape), which its decoded reading keeps (decoded_text: `||n` would read as a line end); the escaped
# line end percent-encoded in a URL's query (`|%5Cn`: Redactor._quotes_read reads it decoded) is the indicator's too.
_BLOCK_INDICATOR = r"(?:\|\||[|>])[-+1-9]{0,2}"
_BLOCK_INDICATOR_VALUE = Regex(rf"{_BLOCK_INDICATOR}(?:\\+n|(?:%5[cC])+n)?")


def short_secret(value: str) -> bool:
    """A 1-7 character value of a password-named key: redacted unless it is a type, a keyword, a
    placeholder (`***`, `$VAR`, `<...>`), a path or a block scalar's indicator."""
    value = value.strip("'\"`")
    return (
        bool(value)
        and value.lower() not in _NOT_A_SHORT_SECRET
        and not _BLOCK_INDICATOR_VALUE.fullmatch(value)
        and not _PLACEHOLDER_VALUE.match(value)
        and not value.startswith(("/", "./", "~", "$", "%", "{", "<"))
        and not set(value) <= {"*", "x", "X", "."}
    )


# A name in code rather than a value: a dotted attribute (`args.password`, `settings.DB_PASSWORD`) or an identifier
# whose snake_case words name what it holds (`db_password`, `SECRET_TOKEN`), as a traceback's source line prints it.
_CODE_NAME = Regex(
    r"^(?:[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+|(?:[a-z0-9]+_)*(?:pass(?:word)?|secret|token|key|pwd)(?:_[a-z0-9]+)*)$"
)


def _names_a_value(value: str) -> bool:
    return bool(_CODE_NAME.match(value.lower()))


# What ends a value of the word rules (short_password, long_password): a quoted value holding one is quoted_password's.
_WORD_ENDS = frozenset(" \t\"'`,;(){}[]<>=")


def _beyond_a_word(value: str) -> bool:
    return not _WORD_ENDS.isdisjoint(value)


def _password_given(value: str) -> bool:
    """A password as a command's option or a USER:PASSWORD pair gives it: any short_secret but a number (a port, as in
    `host:8080`, or a uid:gid)."""
    return short_secret(value) and not value.isdigit()


MAX_QUOTED_VALUE = 256  # a passphrase's length at most (long_password's): a quote that closes no nearer opens no value


def quoted_end(text: str, start: int, quote: str) -> int | None:
    """Where the value that `quote` (a quote character, after as many backslashes as the levels of JSON it is inside)
    opened before `start` ends: its closing quote, at the same level (`\\"` in a JSON string); a quote escaped deeper
    is the value's (`\\"` inside `"..."`, `\\\\\\"` inside a JSON string's `\\"...\\"`, xtrace's `'\\''` inside
    `'...'`). None where none closes on the line within MAX_QUOTED_VALUE characters."""
    char, level = quote[-1], len(quote) - 1
    limit = min(len(text), start + MAX_QUOTED_VALUE + 1)
    i = start
    while i < limit and text[i] != "\n":
        n = 0  # the backslashes at i
        while i + n < limit and text[i + n] == "\\":
            n += 1
        if i + n < limit and text[i + n] == char:
            if n <= level:  # the quote's own backslashes, or fewer: the enclosing string's end
                if not (char == "'" and n == 0 and text.startswith("'\\''", i)):
                    return i
                n += 3  # bash's quote inside a quoted word, `'\\''`
            elif level == 0 and n % 2 == 0:
                return i + n  # escaped backslashes, then the closing quote
            n += 1  # the escaped quote with its backslashes
        i += max(n, 1)
    return None


def _auth_check(value: str) -> bool:
    value = value.strip("'\"")
    return (
        len(value) >= 6
        and value.lower() not in AUTH_SCHEMES
        and not set(value) <= {"*"}
        and not _PLACEHOLDER_VALUE.match(value)
    )


# The fields of a Terraform output's (terraform_sensitive): `"sensitive": true`, `"type": "string"` and a string's
# `"value"` (its characters, and JSON's escapes but a quote's: Go's encoder writes `&` as `\u0026`). A quote is
# escaped as the levels of JSON it is inside are (percent-encoded in a URL's query, `%22`, it is read decoded:
# Redactor._quotes_read). Each opens with its key's name, its quote looked behind: a literal the search skips to,
# where a pattern opening with `\\*"` would read a run of backslashes once a start.
_JQ = r'\\*"'
_SENSITIVE_TRUE = rf'sensitive(?<="sensitive){_JQ}[^\S\n]*:[^\S\n]*true[^\S\n]*'
_TYPED = rf"{_JQ}type{_JQ}[^\S\n]*:[^\S\n]*{_JQ}[a-z]{{1,16}}{_JQ}[^\S\n]*"
_JSON_VALUE = (
    rf'value(?<="value){_JQ}[^\S\n]*:[^\S\n]*{_JQ}'
    rf'(?P<value>(?:[^"\\\n]|\\+(?:u[0-9a-fA-F]{{4}}|[/bfnrt])){{1,4096}}){_JQ}'
)


def _session_cookie(value: str) -> bool:
    """A Cookie header's pairs, or a Set-Cookie header's value (cookie_header), that hold a value a session's could be:
    one of a credential's length, no placeholder (_auth_check)."""
    return any(_auth_check(pair.partition("=")[2] if "=" in pair else pair) for pair in value.split(";"))


_B62 = r"A-Za-z0-9"
# Names ending in one of these are secret-bearing keys (GITHUB_TOKEN, db_password, api-key...). `pass` as a compound
# name's last word (DB_PASS, SMTP_PASS; a test runner's `--- PASS: TestX2` is a result), `auth` and `pat` (a personal
# access token: GH_PAT, AZURE_DEVOPS_PAT) as words of their own (NPM_AUTH, docker's config `"auth":`): BYPASS, COMPASS,
# OAUTH, GIT_ASKPASS, COMPAT, XDG_DATA_PATH, PAT_COUNT are not; and assigned (`=`, or `:` then a space or a quote):
# Erlang's `elixir_erl_pass:translate/2` is a function. `secret` also as any word of a name (Rails' SECRET_KEY_BASE,
# Vault's SECRET_ID), unless its last word says what the name describes, not what it holds (_SECRET_ABOUT).
_SECRET_ABOUT = ("name", "path", "file", "dir", "url", "uri", "arn", "ref", "length", "len", "size", "count", "type")
# A JSON string's escaped quote and tab (`\"`, `\t`: a command line or an .npmrc line logged inside JSON) read as the
# quote and the blank they stand for; the decoded-line reader (_unescaped_where_secret) cannot decode them, since the
# line would no longer be the JSON string it is.
_QUOTE = r"(?:\\*[\"'])"  # as many backslashes as the levels of JSON it is inside (`\\\"` in a JSON string's JSON)
_BLANKS = r"(?:[^\S\n]|\\+t)*"
_TAB = r"(?:\t|\\+t)"
_ASSIGNED_NEXT = rf"(?={_QUOTE}?{_BLANKS}(?:=|:(?:[\s\"']|\\+[\"t])))"
# A key's name that says it is one (`api_key`, `client-key`, `signing.key`): a key alone names no secret (`cacheKey`).
_NAMED_KEY = (
    r"(?:api|access|secret|private|signing|encryption|ssh|deploy|master|client|license|app|account|"
    r"storage|auth|service|subscription)[_.-]?key"
)
_SECRET_KEY_NAME = (
    r"(?:token|secret|passw(?:or)?d|passphrase|pwd|credentials?|"
    rf"(?:[_.-]pass|(?<![a-z0-9])(?:auth|pat)){_ASSIGNED_NEXT}|"
    rf"secret[_.-][a-z0-9_.-]{{0,64}}?[a-z0-9]{_ASSIGNED_NEXT}"
    + "".join(f"(?<!{word})" for word in _SECRET_ABOUT)
    + f"|{_NAMED_KEY})"
)

# A secret's name that vouches for its value (vouched_secret): one a word before it joins (`client_secret`, `NPM_TOKEN`,
# camel case's `accessToken` in the lower-cased text, `DB_PASS`), or a compound of its own (`api_key`, `secret_id`).
# A word alone may be prose's (`Unexpected token: Identifier`), whose value must look generated (looks_secret).
_VOUCHING = rf"(?P<vouching>(?<=[a-z0-9])|(?<=[a-z0-9][_.-])|(?={_NAMED_KEY}|secret[_.-]))?"

# A .netrc entry's login or account token (netrc_password), after a blank or on a line of its own.
_NETRC_LOGIN = r"(?:(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)(?:login|account)[^\S\n]+\S{1,256})"

# A .pgpass line's field (a `\:` its colon) and its fields after the host to the password (pgpass_password).
_PGPASS_FIELD = r"(?:[^\s:\"'\\]|\\.)"
_PGPASS_TAIL = rf":(?:\d{{1,5}}|\*)(?::{_PGPASS_FIELD}{{1,63}}){{2}}:"

# A cookie jar's gap between fields where its tabs were expanded (blanks, at least one) or shown as `^I` (`cat -A`), and
# a field there (no blank, no `^` a gap's).
_JAR_GAP = r"(?:[^\S\n]+|\^I)"
_JAR_FIELD = r"[^\s\\^]"

# A legacy Vault token (vault_token): its prefix, its body, and no more of a word after it; in the lower-cased text.
_LEGACY_VAULT = r"[sbr]\.[A-Za-z0-9_-]{24,1024}(?![\w.-])"
_LEGACY_VAULT_FOLDED = _LEGACY_VAULT.replace("A-Za-z", "a-z")
# The keys that hold a token in Vault's JSON and YAML output (`-format=json`: `auth.client_token`, `data.id`), quoted or
# not, a JSON level's escapes before a quote.
_VAULT_KEY = r"(?<![\w.-])\\*\"?(?:client_token|id|token)\\*\"?"


def _legacy_vault_token(value: str) -> bool:
    """A legacy Vault token's body (after its `s.`, `b.` or `r.`) as a generator made it (vouched_secret)."""
    return vouched_secret(value[2:])


_COMPOUND_PASS = ("_pass", "-pass", ".pass")
# A password's name (short_password, long_password): the word, or `pass` / `pwd` as a compound name's last word.
_PASSWORD_NAME = rf"(?:passw(?:or)?d|passphrase|[_.-](?:pass|pwd){_ASSIGNED_NEXT})"
_PASSWORD_HINTS = ("passw", "passphrase", *_COMPOUND_PASS, "_pwd", "-pwd", ".pwd")


# A shell's xtrace of one command (`+ `, deeper subshells `++ `), after whatever a CI puts before a line (GitHub's
# timestamp, Jenkins' timestamper's `[...]`): the lines stdin_credential reads.
_TRACED = r"(?:[^\n]{0,64}?[^\S\n])?\+{1,8}[^\S\n]"
_ECHOED = (
    rf"^{_TRACED}(?:echo(?:[^\S\n]+-[neE]{{1,3}})*|printf(?:[^\S\n]+--)?(?:[^\S\n]+'?%s(?:\\n)?'?)?)"
    r"[^\S\n]+(?P<value>[^\n]{1,512})$"
)
# up to three lines between the echo and the reader: the pipeline's other commands (`+ base64 -d`) and what they print
# as the subshells race; not another echo (its argument is not what the reader reads)
_TRACED_BETWEEN = rf"(?:(?!{_TRACED}(?:echo|printf)\b)[^\n]{{0,512}}\n){{0,3}}"
# The commands that read a credential from stdin, each (a literal its traced line holds: the rule's hint, its words):
# `login --password-stdin` (docker's, podman's, helm registry's, buildah's, skopeo's, oras'), `gh auth login
# --with-token`, `chpasswd`, `passwd --stdin`, Vault's `vault login -` and a `KEY=-` argument (`token=-`, `password=-`:
# developer.hashicorp.com/vault/docs/commands/login, "-" reads stdin), a Secret's file read from stdin (`kubectl create
# secret generic NAME --from-file=KEY=/dev/stdin`). Each pattern opens with a literal: tried where it starts alone.
_STDIN_READERS = (
    ("--password-stdin", r"--password-stdin\b"),
    ("--with-token", r"--with-token\b"),
    ("chpasswd", r"\bchpasswd\b"),
    ("passwd --stdin", r"\bpasswd[^\S\n]+--stdin\b"),
    ("vault", r"\bvault[^\S\n]+login\b(?:[^\S\n]+\S{1,256}){0,16}?[^\S\n]+(?:[\w-]{1,64}=)?-(?=[^\S\n]|$)"),
    ("/dev/stdin", r"--from-(?:env-)?file=(?:[^\s=]{1,253}=)?/dev/stdin\b"),
)
_STDIN_READER = rf"[^\n]{{0,512}}?(?:{'|'.join(words for _hint, words in _STDIN_READERS)})"
_STDIN_HINTS = tuple(hint for hint, _words in _STDIN_READERS)


# One word's piece of a command line as a shell reads it (_command_then): a quoted run (to its closing quote, or the
# line's end where the quote is cut), bash's `\'` (xtrace prints a quote inside a quoted word as `'\''`), or one other
# character. A run is read whole, never again (atomic): what a quote holds ends no command, and a line of quotes costs
# one pass.
_SHELL_PIECE = r"""(?>'[^'\n]*'?|"[^"\n]*"?)|\\'|[^\n'"\\]|\\(?!')"""


def _command_then(name: str) -> str:
    """A command's name (a pattern, in lower case) and its words after it: up to COMMAND_REACH pieces of its line
    (_SHELL_PIECE), never past the name's next occurrence (each reads to the next, so a line of many stays linear),
    nor past the command's end outside quotes: `&&`, `||`, `;`, a pipe or a `&` between blanks (`./login.sh; mkdir -p
    build` gives login no `-p`; `--init-command='SET a=1; SET b=2'` ends nothing)."""
    end = rf"\b{name}\b|&&|\|\||;|[^\S\n][|&][^\S\n]"
    return rf"\b{name}\b(?:(?!{end})(?:{_SHELL_PIECE})){{0,{COMMAND_REACH}}}?"


# A character of a generated value (secret_assignment), in the lower-cased text: a letter, a digit, the symbols
# generators mix in, and any other letter or symbol that is not ASCII (`Grüße-4f9a`: a value the rule would cut at `ü`,
# its head too short to be one, its tail shown). Quotes, brackets, separators and blanks end it.
_VALUE_CHAR = r"[^\s\x00-\x1f\x7f\"'`(),:;<>\[\\\]{|}A-Z]"
_NUMBER = r"\d+(?:[.,]\d+)?"
# A number and the noun it counts (`2 unresolved calls`, `8 characters`): a label's words, not its value.
_COUNT = rf"{_NUMBER}[^\S\n]+[a-z]+(?:[^\S\n]|$)"
_VALUE_END = r"(?=\\*[\s\"'`,;)}\]]|$)"  # what may follow a short value (whole), its quote escaped in a JSON string
# What follows a name assigned (the rules above, where a name is a common word's end: `author`, `path`).
_ASSIGNED = ("=", ":", '"', "'", " ", "\t", "\\")
_AUTH_KEY = tuple(f"auth{after}" for after in _ASSIGNED)
_PAT_KEY = tuple(f"pat{after}" for after in _ASSIGNED)

_YAML_COUNT = Regex(_COUNT)
# The words of a tool's verdict on a password (a login's, a validator's: `password: authentication failed`, `password:
# is required`, `password: must be at least 8 characters`): a message in a mapping's shape, not a passphrase.
_VERDICT_ON_IT = Regex(
    r"\b(?:fail(?:ed|ure|s)?|invalid|incorrect|wrong|required|missing|denied|expired|mismatch(?:ed)?|must|"
    r"cannot|can't|too (?:short|long|weak)|(?:is|are|was) (?:not|empty|blank|set|unset|too))\b"
)
# What may come before a YAML file's line as a log shows it (in lower case, as line-scoped rules read): a CI's
# timestamp or bracketed tag (_CI_TAG), docker compose's `service-1  | `, a diff's `+` or `-`; then the line's
# indentation and its list items' dashes.
_CI_TAG = (
    r"\[?\d{4}-\d\d-\d\d[t ][\d:.,]{5,20}(?:z|[+-]\d\d:?\d\d)?\]?[^\S\n]|\[[^\]\n]{1,64}\][^\S\n]"
    r"|[a-z0-9_.-]{1,64}[^\S\n]+\|[^\S\n]"
)
_YAML_LINE_PREFIX = rf"(?:{_CI_TAG}|[+-]){{0,3}}[^\S\n]*(?:-[^\S\n]+){{0,8}}"
# A file's line inside a JSON string (`kubectl get configmap -o json`'s `"app.yaml": "db:\\n  password: a b\\n"`, the
# same a level down in its last-applied-configuration annotation: `\\\\n`): the string's text opens a line, as does each
# escaped line end at any level (a level's `\\n` the decoded reading reads as a line end already: _read_decoded), and
# the line ends at the next one or at the string's closing quote. From a run of backslashes' first only: linear.
_JSON_TEXT_LINE = r'(?:(?<!\\)\\+n|:[^\S\n]*\\*")[^\S\n]*(?:-[^\S\n]+){0,8}'
_JSON_TEXT_END = r'[^\S\n]*(?:\\+[nr]|\\*")'
# A YAML block scalar under a secret's key (`password: |`, `token: >-`, `db_password: |2 # from vault`), as `kubectl
# create configmap -o yaml`, `cat values.yaml` and Ansible's diff print one: its value is the lines after it indented
# deeper than the key, blank lines between them (yaml.org/spec/1.2.2/#81-block-scalar-styles); and a single-quoted
# scalar its line does not close (PyYAML's and yq's `password: 'two words`, the next lines to the closing quote:
# #732-single-quoted-style); and a double-quoted one its line leaves open (PyYAML's and yq's fold of a long one,
# `password: "first half\` then `    \ second half"`: #731-double-quoted-style), its escapes `\"` and `\\` no
# closing quote. Its line is the key's alone (after a CI's prefix, a list item's dash). Found by its line's end first
# (_BLOCK_OPENS: an indicator, or a quote and no other but escaped ones, `''` or a backslash's), then read whole in
# lower case (_BLOCK_HEADER). A JSON line's `"key": "value",` closes its quote: the search fails there, each string
# read once, possessively (a quote after `: ` is never inside a string read before: an escaped one has a backslash
# before it), which keeps the screen cheap on JSON lines (6.8 MB of them in pieces of 2,000 lines: 32 ms, 57 with it).
_BLOCK_OPENS = Regex(
    rf":[^\S\n]+(?:{_BLOCK_INDICATOR}(?:[^\S\n]+#[^\n]*)?[^\S\n]*|'(?:[^'\n]|'')*"
    r'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+\\?)$',
    re.MULTILINE,
)
# A block scalar's header two or more JSON levels down (a file's text in kubectl's last-applied-configuration
# annotation, a Helm release's manifest in `kubectl get secret -o json`): its line ends are an escape's escape (`\\n`,
# `\\\\n`: a newline's backslash escaped once a level), which a line read decoded keeps (one level: the `n` after an
# escaped backslash is no escape). Such a line is read once more with those escapes as its line ends.
_DEEP_LINE_END = r"(?<!\\)(?:\\\\)+n"
_DEEP_LINE_ENDS = Regex(_DEEP_LINE_END)
_DEEP_BLOCK_OPENS = Regex(rf": {_BLOCK_INDICATOR}{_DEEP_LINE_END}")
MAX_QUOTED_LINES = 32  # a quoted scalar's lines at most (a passphrase folded): a quote no nearer closes is no value's
_HEADER_KEY = (
    rf"(?P<marker>[+-]?)[^\S\n]*(?:-[^\S\n]+){{0,8}}"
    rf"(?P<key>(?P<key_quote>[\"']?)[a-z0-9_.-]{{0,64}}?(?:{_PASSWORD_NAME}|{_SECRET_KEY_NAME})(?P=key_quote)):[^\S\n]+"
    rf"(?:{_BLOCK_INDICATOR}(?:[^\S\n]+#[^\n]*)?[^\S\n]*|(?P<quote>[\"'])(?P<head>[^\n]*))"
)
_BLOCK_HEADER = Regex(rf"(?P<prefix>(?:{_CI_TAG}){{0,3}}){_HEADER_KEY}")
# A header's line may open a string that holds the file's text (`{"app.yaml":"password: |\n  ...`, kubectl's JSON;
# `##teamcity[message text='password: ||n  ...`): the string's opening opens the file's first line. Read in the line's
# last MAX_OPENED_HEADER characters only (a key's name and a quoted head's after the opening): one try a line.
_OPENED_BLOCK_HEADER = Regex(rf"(?P<prefix>)(?P<opening>[^\n]*?(?::[^\S\n]*\\*\"|[a-z]=')){_HEADER_KEY}")
MAX_OPENED_HEADER = 256
_CI_PREFIX = Regex(rf"(?:{_CI_TAG}){{0,3}}", re.IGNORECASE)
# GitHub Actions' runner prints an action's step in its `Run` group (actions/runner, Runner.Worker/Handlers/Handler.cs,
# PrintActionDetails): `with:` then an input a line, `  NAME: VALUE`, then `env:` and the step's variables the same way,
# then `##[endgroup]`; each value as given, a value over lines on lines of their own, unindented. The runner masks only
# what it was told is secret (`***`): an input or a variable named as a secret's (`password`, `api-key`, `NPM_TOKEN`)
# whose value came from a plain variable or the workflow's text is printed as it is, whatever its shape.
# A .properties line whose dotted key opens it and is a secret's name (a password's, a token's, a secret's, a named
# key's), its value the rest of the line after a blank, a `:` or a `=` (java.util.Properties reads the three alike:
# docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-; `db.password Sup3r secret`,
# `app.jwt.token a b`, `app.secret=s3cr3t value`, `payments.api.key: two words`). A blank parts a sentence's words too
# (`db.password was rotated`): there a value only where the line is a properties file's, a dotted key's line next to
# it (`a.b=value`, `a.b: value`, or a file written with blanks, `a.b value`, as `cat` printed it), or where the value
# is one word that looks generated (looks_secret). A password's line with `=` or `:` is properties_password's and
# yaml_password's.
_PROPERTIES_KEY_NAME = rf"(?:(?P<password>passw(?:or)?d|passphrase)|token|secret|credentials?|{_NAMED_KEY})"
# The screen, one search over the folded text for every name: a dot, the key's last words, the name, then a blank or a
# separator and a value (a JSON line's `"token": "x"` has a quote after its name; `api.key`'s dot is its name's own).
# Its literal dot is found fast: 16 ms over 6.8 MB of JSON lines, where a search a name (six) cost 110.
_PROPERTIES_KEY_TAIL = Regex(
    rf"\.(?:[a-z0-9_-]{{0,64}}?{_PROPERTIES_KEY_NAME}|key)"
    r"(?:[^\S\n]+[^\s=:]|[^\S\n]*[=:][^\S\n]*[^\s=:\"'`])"
)
_PROPERTIES_VALUE = Regex(
    rf"^(?P<prefix>(?:{_CI_TAG}){{0,3}})[^\S\n]*(?=[a-z0-9_-]{{1,64}}\.)[a-z0-9_.-]{{0,128}}?{_PROPERTIES_KEY_NAME}"
    r"(?:[^\S\n]+|(?P<separator>[^\S\n]*[=:][^\S\n]*))(?P<value>[^\s=:\"'`][^\n]{0,255}?)[^\S\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
# The same line in a JSON string two levels down (kubectl's last-applied-configuration annotation of a ConfigMap's
# `application.properties`, as `--save-config` writes it; a level down is read decoded, where its `\n` is a line end
# already: _read_decoded): the string's text or an escaped line end opens it, the next escaped line end or the string's
# closing quote ends it (_JSON_TEXT_LINE, _JSON_TEXT_END). Tried only around the screen's hits on the line.
_JSON_PROPERTIES_VALUE = Regex(
    rf"{_JSON_TEXT_LINE}(?=[a-z0-9_-]{{1,64}}\.)[a-z0-9_.-]{{0,128}}?{_PROPERTIES_KEY_NAME}"
    r"(?:[^\S\n]+|(?P<separator>[^\S\n]*[=:][^\S\n]*))(?P<value>[^\s=:\"'`\\][^\n]{0,255}?)"
    rf"(?={_JSON_TEXT_END})",
    re.IGNORECASE,
)
MAX_PROPERTIES_KEY = 200  # a hit's dot at most this far after its line's opening: the key's words (128) and the opening
# A dotted key's line: its `=` or `:`, or (its key in lower case, as a file's keys are and a class's name is not) a
# blank.
_DOTTED_KEY_LINE = (
    r"(?:(?i:[a-z0-9_-]{1,64}(?:\.[a-z0-9_-]{1,64})+[^\S\n]*[=:])|[a-z0-9_-]{1,64}(?:\.[a-z0-9_-]{1,64})+"
    r"[^\S\n]+[^\s=:\\])"
)
_PROPERTIES_LINE = Regex(rf"[^\S\n]*{_DOTTED_KEY_LINE}[^\n]*")
# The same in a JSON string: its opening, or an escaped line end, then the dotted key's line's head.
_JSON_PROPERTIES_LINE = Regex(rf"[^\S\n]*{_JSON_TEXT_LINE}{_DOTTED_KEY_LINE}")
_RUNNER_SECTION = Regex(rf"^(?P<prefix>(?:{_CI_TAG})?)(?:with|env):[^\S\n]*$", re.MULTILINE | re.IGNORECASE)
_RUNNER_ENTRY = Regex(r"  (?P<name>[^\s:]{1,128}):(?:[^\S\n](?P<value>[^\n]*))?")
_RUNNER_GROUP_END = Regex(r"##\[(?:end)?group\][^\n]*|(?:with|env):[^\S\n]*", re.IGNORECASE)
_RUNNER_SECRET_NAME = Regex(rf"[a-z0-9_.-]{{0,64}}?(?:{_PASSWORD_NAME}|{_SECRET_KEY_NAME}): ")
MAX_RUNNER_LINES = 256  # a step's inputs and variables, a value's lines among them: a group longer is no runner's


# Code's words in a value (a traceback's source line: `password = self.password or default`, `password =
# getpass(prompt)`): a call's or an index's bracket, a quote, a dotted name.
_CODE_IN_VALUE = Regex(r"[()\[\]\"'`]|(?<![\w.])[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\b")


def _yaml_password(value: str) -> bool:
    """A YAML line's plain scalar that is a password the word rules would cut (_beyond_a_word), not a placeholder
    (short_secret), a name in code, a count (`rabbit_password: 2 unresolved calls`, as short_password reads a label)
    or a tool's word on the password (_VERDICT_ON_IT: `password: authentication failed for user ci`), and a plain
    scalar: a `: ` or a closing `:` would make the line no mapping of one key (`Password: su: Authentication
    failure`, a prompt and what followed it), an opening bracket at its end a structure's field as a program prints
    it (Rust's `{:#?}`: `password: Some(`)."""
    return (
        _beyond_a_word(value)
        and short_secret(value)
        and not _names_a_value(value)
        and _YAML_COUNT.match(value.lower()) is None
        and _VERDICT_ON_IT.search(value.lower()) is None
        and ": " not in value
        and value[-1] not in ":([{"
    )


def _properties_value(value: str) -> bool:
    """A .properties line's value after its `=` or `:`: words (_yaml_password's), not code."""
    return _yaml_password(value) and not _CODE_IN_VALUE.search(value)


RULES: list[Rule] = [
    Rule(
        "pem_private_key",
        Regex(
            r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----"
            # The body never holds five dashes, so the search for END stops at the next marker
            # (linear on repeated BEGIN markers) and within 16 KB (larger than any real key).
            r"(?:(?:[^-]|-(?!----)){0,16384}?-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----"
            # no END marker in this text (cut or truncated): take the base64 body lines that follow, and a line shorter
            # than a body's that ends the text (the cut: a JSON string's `\n` or `\/` cut in two too)
            r"|(?:[^\S\n]{0,64}(?:\\n|\n)[^\S\n]{0,64}[A-Za-z0-9+/=]{16,})*"
            r"(?:[^\S\n]{0,64}(?:\\n|\n)[^\S\n]{0,64}[A-Za-z0-9+/=]{1,15}\\?\Z|\\\Z)?)"
        ),
        hints=("PRIVATE KEY",),
    ),
    Rule(
        "github_token",
        Regex(r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_.\-]{36,1000}"),
        hints=("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    ),
    Rule("github_pat", Regex(r"github_pat_[A-Za-z0-9_]{22,255}"), hints=("github_pat_",)),
    Rule("anthropic_key", Regex(r"sk-ant-[A-Za-z0-9_\-]{20,}"), hints=("sk-ant-",)),
    Rule(
        "openai_key",
        Regex(
            r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,}"
            r"|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"
            rf"|sk-[{_B62}]{{48}}"
        ),
        hints=("sk-",),
    ),
    Rule(
        "aws_access_key",
        Regex(r"(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA)[A-Z0-9]{16}"),
        hints=("AKIA", "ASIA", "ABIA", "ACCA", "AIDA", "AROA", "AGPA", "ANPA", "ANVA", "AIPA"),
    ),
    Rule(
        "slack_webhook",
        Regex(r"https://hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{16,}"),
        hints=("hooks.slack",),
    ),
    Rule(
        "slack_token",
        Regex(r"xox[abposer]-[A-Za-z0-9\-]{10,}|xapp-\d-[A-Za-z0-9\-]{10,}"),
        hints=("xox", "xapp-"),
    ),
    # Stripe's secret and restricted keys (its publishable `pk_` keys are meant to be seen) and webhook secrets.
    Rule(
        "stripe_key",
        Regex(r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,255}|whsec_[A-Za-z0-9]{24,255}"),
        hints=("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"),
    ),
    Rule("npm_token", Regex(r"npm_[A-Za-z0-9]{36}"), hints=("npm_",)),
    Rule("pypi_token", Regex(r"pypi-AgE[A-Za-z0-9_\-]{40,}"), hints=("pypi-",)),
    Rule(
        "google_api_key",
        Regex(r"AIza[0-9A-Za-z_\-]{35}|ya29\.[0-9A-Za-z_\-]{20,}|GOCSPX-[0-9A-Za-z_\-]{20,}"),
        hints=("AIza", "ya29.", "GOCSPX-"),
    ),
    Rule(
        "gitlab_token",
        Regex(
            r"(?:glpat|gldt|glrt|glptt|glcbt|gloas|glsoat|glffct|glimt|glagent|glft|glsbt|glwt)-"
            r"[0-9A-Za-z_\-]{20,}|GR1348941[0-9A-Za-z_\-]{20,}"
        ),
        hints=("gl", "GR1348941"),
    ),
    Rule(
        "jwt",
        Regex(r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*"),
        hints=("eyJ",),
    ),
    # HashiCorp Vault's tokens, as `vault token create`, `vault login` and `vault print token` print them: `hvs.` a
    # service token's, `hvb.` a batch token's, `hvr.` a recovery token's (developer.hashicorp.com/vault/docs/concepts/
    # tokens#token-prefixes).
    Rule("vault_token", Regex(r"\bhv[sbr]\.[A-Za-z0-9_\-]{24,1024}"), hints=("hvs.", "hvb.", "hvr.")),
    # Vault's legacy tokens (before 1.10: `s.` a service token's, 24 base62; `b.` a batch token's, `r.` a recovery
    # token's) hold no prefix that says Vault alone (`s.` opens many words): only where Vault is named on the line
    # before one (`vault login s.X`, `vault token lookup s.X`, `VAULT_TOKEN=s.X`, `X-Vault-Token: s.X`), or in a row of
    # Vault's output tables (`token    s.X` from `vault login`, `vault token create`, `vault write auth/.../login`;
    # `id    s.X` from `vault token lookup`) or of the same output as JSON or YAML (`-format=json`: `"client_token":
    # "s.X"` under `auth`, `"id": "s.X"` under `data`). The name vouches for the token's body (vouched_secret). Each
    # `vault` reads to the next at most (a line of many stays linear).
    Rule(
        "vault_token",
        Regex(rf"vault(?:(?!vault)[^\n]){{0,{COMMAND_REACH}}}?(?<![\w.-])(?P<value>{_LEGACY_VAULT_FOLDED})"),
        hints=("vault",),
        group="value",
        check=_legacy_vault_token,
        line_scoped=True,
        reach=COMMAND_REACH + 1100,
    ),
    Rule(
        "vault_token",
        Regex(
            rf"(?:(?:token|id)(?<![\w.-]token)(?<![\w.-]id)[^\S\n]+|{_VAULT_KEY}[^\S\n]*:[^\S\n]*\\*\"?)"
            rf"(?P<value>{_LEGACY_VAULT})"
        ),
        group="value",
        check=_legacy_vault_token,
        screen=Regex(r"\.[A-Za-z0-9_\-]{24}"),  # the token's body after its dot: a search that skips to each dot
    ),
    # A PEM private key base64-encoded whole, as a kubeconfig's `client-key-data` holds it (`kubectl config view --raw`
    # prints it), or a Helm value or a variable: `-----BEGIN ` encodes as `LS0tLS1CRUdJTi`, and its head decoded says
    # what it is (a certificate's is public: `client-certificate-data` stays).
    Rule(
        "pem_private_key",
        Regex(r"LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,16384}={0,2}"),
        hints=("LS0tLS1CRUdJTi",),
        check=lambda value: b"PRIVATE KEY-----" in base64.b64decode(value[: min(96, len(value) // 4 * 4)]),
    ),
    Rule(
        "url_credentials",
        Regex(r"://[^\s:/@\"'<>]{1,256}:(?P<value>(?:[^\s@/\"'<>]|@(?=[^\s/\"'<>?#]{0,256}@)){1,256})@"),
        hints=("://",),
        group=1,
    ),
    # A URL whose user is a token and has no password (`https://TOKEN@host`, as pip's and git's docs show a token
    # login): a user that looks generated (looks_secret), long as a token is; `git@`, `deploy@` and names are kept.
    Rule(
        "url_token_user",
        Regex(r"://(?P<value>[^\s:/@\"'<>]{16,256})@"),
        hints=("://",),
        group=1,
        check=looks_secret,
    ),
    # An Azure Storage shared access signature's signature (`...&sp=r&sig=BASE64%3D`; its other fields say what it
    # grants, the signature is the credential): learn.microsoft.com/rest/api/storageservices/create-service-sas.
    Rule(
        "azure_sas_signature",
        Regex(r"[?&;]sig=(?P<value>[A-Za-z0-9%+/=]{16,256})"),
        hints=("sig=",),
        group=1,
    ),
    # A value Terraform was told is sensitive, as `terraform output -json` prints it (`"sensitive": true, "type":
    # "string", "value": "..."`, its keys sorted, a line each), `terraform show -json` and `terraform state pull` (the
    # value first, `"sensitive": true` after it; one line or a line each): plan and apply print `(sensitive value)`,
    # but these print the value itself (developer.hashicorp.com/terraform/language/values/outputs#sensitive). Its
    # quotes escaped as the levels of JSON it is inside are (a JSON log's message). One rule a order, as
    # stdin_credential's.
    *(
        Rule("terraform_sensitive", Regex(order), hints=("sensitive",), group="value")
        for order in (
            rf"{_SENSITIVE_TRUE},\s{{0,64}}(?:{_TYPED},\s{{0,64}})?{_JQ}{_JSON_VALUE}",
            rf"{_JSON_VALUE}[^\S\n]*,\s{{0,64}}(?:{_TYPED},\s{{0,64}})?{_JQ}{_SENSITIVE_TRUE}\b",
        )
    ),
    # npm's credentials in .npmrc, keyed by registry (`//registry.npmjs.org/:_authToken=`, `:_auth=` the base64 of
    # `user:password`, `:_password=`): docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration; and as
    # `npm config set KEY VALUE` sets one, a blank between.
    Rule(
        "npmrc_auth",
        Regex(r":_(?:authtoken|auth|password)(?:[^\S\n]*=[^\S\n]*|[^\S\n]+)[\"']?(?P<value>[^\s\"']+)"),
        hints=(":_auth", ":_password"),
        group=1,
        check=_auth_check,
        line_scoped=True,
    ),
    # A .netrc's entry (`machine HOST login USER password PASSWORD`, its tokens on one line or on lines of their own, as
    # `cat ~/.netrc` prints it; curl's, git's and ftp's credentials file: everything.curl.dev/usingcurl/netrc): the
    # token after `password`, in an entry a `machine` or `default` opens, with its login (prose: "default password").
    Rule(
        "netrc_password",
        Regex(
            rf"\b(?:machine[^\S\n]+\S{{1,256}}|default){_NETRC_LOGIN}{{1,2}}"
            r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)password[^\S\n]+(?P<value>\S{1,256})"
        ),
        hints=("password",),
        group="value",
        check=_password_given,
    ),
    # A .pgpass line (`HOST:PORT:DATABASE:USER:PASSWORD`, `*` any field, `\:` a colon in one: postgresql.org/docs/
    # current/libpq-pgpass.html) as a word (a bracket may open it: a test's id, `test_x[h:5432:db:u:PW]`): `cat
    # ~/.pgpass`'s line, an xtraced `echo 'db:5432:app:ci:PW' > ~/.pgpass`; a path a script joined after it, or the
    # bracket that opened it (`[h:5432:db:u:PW]: ...`), ends it.
    # Five fields exactly (an IPv6 address has more), the port's a number or `*` (a Maven coordinate's is a name).
    Rule(
        "pgpass_password",
        Regex(
            rf"(?<![^\s\"'=\[(])[^\s:\"'\\]{{1,253}}{_PGPASS_TAIL}(?P<value>{_PGPASS_FIELD}{{1,256}})(?=[\s\"'/\])]|$)"
        ),
        group="value",
        check=_password_given,
        screen=Regex(rf"{_PGPASS_TAIL}{_PGPASS_FIELD}"),
    ),
    # A value piped into a command that reads its credential from stdin (`echo "$PASS" | docker login -u ci
    # --password-stdin`, as docs.docker.com/reference/cli/docker/login advises; the others: _STDIN_READERS; a
    # here-string's `<<< "$PASS"` bash's xtrace does not print): a shell's xtrace prints each command of the pipeline
    # on a line of its own, the echo's argument expanded, in either order (the subshells race), other commands of the
    # pipeline (`base64 -d`, `tr -d`) between. Read in both orders, the echo's whole argument: one rule per order, as
    # stdlib `re` names a group once in a pattern (no alternation of the two).
    *(
        Rule("stdin_credential", Regex(order, re.MULTILINE), hints=_STDIN_HINTS, group="value", check=_password_given)
        for order in (
            rf"{_ECHOED}(?=\n{_TRACED_BETWEEN}{_TRACED}{_STDIN_READER})",
            rf"^{_TRACED}{_STDIN_READER}[^\n]*\n{_TRACED_BETWEEN}{_ECHOED}",
        )
    ),
    Rule(
        "authorization_header",
        Regex(
            r"(?:(?:proxy-)?authorization|x-api-key|api-key|private-token|x-auth-token|x-jfrog-art-api)"
            r"[\"']?[^\S\n]*[:=][^\S\n]*[\"']?"
            r"(?:(?:bearer|basic|token|digest|negotiate|bot|apikey|key)[^\S\n]+)?"
            r"(?P<value>[^\s\"',;]+)"
        ),
        hints=("authorization", "api-key", "private-token", "auth-token", "art-api"),
        group=1,
        check=_auth_check,
        line_scoped=True,
    ),
    # An HTTP request's cookies (`> Cookie: _ga=GA1.2; sessionid=VALUE`, as `curl -v`, `wget -d` and a logged request's
    # headers print them) are the session a client holds: the header's value whole, every pair; a response's
    # `Set-Cookie: sessionid=VALUE; Path=/; HttpOnly` its first pair, the rest its attributes (RFC 6265 4.1, 5.4).
    # A package's name (`"cookie": "^0.5.0"`, `cookie-parser`) holds no `name=value` pair; pairs whose values are all
    # short (`lang=en`) or placeholders are no session's.
    Rule(
        "cookie_header",
        Regex(
            r"(?<![a-z0-9-])(?:set-(?P<set>)cookie|cookie)[\"']?[^\S\n]*:[^\S\n]*\\*[\"']?"
            r"(?(set)[^\s=;,\"'\\]{1,256}=)(?P<value>(?(set)[^\s;=\"'\\]{1,4096}"
            r"|[^\s=;,\"'\\]{1,256}=[^\n\"'\\]{1,4096}?(?=[^\S\n]*(?:$|\\*[\"']))))"
        ),
        hints=("cookie",),
        group="value",
        check=_session_cookie,
        line_scoped=True,
        reach=4096 + _WINDOW_BEFORE,  # a header's pairs whole, a site's dozens of cookies
    ),
    # The cookies a client stored: curl's and wget's cookie jar (`curl -c FILE`, `wget --save-cookies FILE`), as `cat`
    # prints it, in Netscape's format (a cookie a line, seven fields apart by tabs, the value last: curl.se/docs/
    # http-cookies.html), its tabs escaped as the levels of JSON it is inside are (`\\t`, which the decoded reading
    # keeps); its tabs expanded into blanks (a CI's console, `expand`, `column -t`) or shown as `^I` (`cat -A`, whose
    # `$` at the line's end is no value's); and `curl -v`'s line as it stores one (`* Added cookie NAME="VALUE" for
    # domain HOST, ...`). A short value (`lang en`) or a placeholder is no session's (_auth_check). One rule a shape,
    # as stdin_credential's.
    *(
        Rule("cookie_jar", Regex(shape), hints=hints, group="value", check=_auth_check)
        for shape, hints in (
            (
                rf"{_TAB}(?:TRUE|FALSE){_TAB}[^\t\n\\]{{1,1024}}{_TAB}(?:TRUE|FALSE){_TAB}\d{{1,20}}{_TAB}"
                rf"[^\s\\]{{1,256}}{_TAB}(?P<value>[^\s\\\"']{{1,4096}})",
                ("\tTRUE\t", "\tFALSE\t", "\\tTRUE", "\\tFALSE"),
            ),
            (
                rf"(?<=\S){_JAR_GAP}(?:TRUE|FALSE){_JAR_GAP}{_JAR_FIELD}{{1,1024}}{_JAR_GAP}(?:TRUE|FALSE){_JAR_GAP}"
                rf"\d{{1,20}}{_JAR_GAP}{_JAR_FIELD}{{1,256}}(?:[^\S\n]+|(?P<caret>\^I))"
                r"(?P<value>(?(caret)(?:[^\s\\\"'$]|\$(?![\s\\\"']|\Z))|[^\s\\\"']){1,4096})",
                (" TRUE ", " FALSE ", "^ITRUE^I", "^IFALSE^I"),
            ),
            (
                r'\b(?:Added|Replaced) cookie [^\s=]{1,256}=\\*"(?P<value>[^"\\\n]{1,4096})\\*" for domain ',
                ("ed cookie ",),
            ),
        )
    ),
    # A USER:PASSWORD pair under an `auth` name (`DEPLOY_AUTH=deploy:PASSWORD`, `auth: "ci:PASSWORD"`, as HTTP's basic
    # auth and many tools' settings take it): the password, however short. Before secret_assignment, which would
    # read the user for the value (a value has no `:`) and leave the password after its placeholder, out of its reach.
    Rule(
        "user_password",
        Regex(
            rf"(?<![a-z0-9])auth{_ASSIGNED_NEXT}[\"']?[^\S\n]*[:=][^\S\n]*[\"']?"
            r"[^\s:\"'/@]{1,256}:(?P<value>[^\s\"']{1,256})"
        ),
        hints=_AUTH_KEY,
        group=1,
        check=_password_given,
        line_scoped=True,
    ),
    # A password in a YAML mapping's line (`cat config.yml`, `docker compose config`, `helm template`, GitHub's echo of
    # a step's `with:` and `env:`, Ansible's diff): the line is its key and a plain scalar, to the line's end or a ` #`
    # comment, and the scalar is the value whole, blanks and all (yaml.org/spec/1.2.2/#733-plain-style), where the
    # word rules below would take its first word. The line that is that mapping (after a CI's prefix, a diff's `+` or
    # `-`, a list's `- `), or a label's after other text (`Generated password: correct horse battery`, `config set
    # password: two words`), whose value the word rules read as starting there too: the rest of the line is the rest
    # of it, to a quote (the end of the string it is inside: `{"message":"Generated password: a b"}`), unless it
    # holds a bracket (a parenthesis the value is inside: `(using password: YES)`); its name a word, or a word's part
    # after a separator (a class's `CreatePassword: migrating`, a Rails migration's, is no label). A count, a tool's
    # verdict, a `: ` (`Password: su: Authentication failure`) are no value (_yaml_password): the word rules read them,
    # as they read a value of one word here.
    Rule(
        "yaml_password",
        Regex(
            rf"(?:(?:^{_YAML_LINE_PREFIX}|{_JSON_TEXT_LINE}(?P<json>))(?P<line>)|(?<=[^\S\n]))"
            r"(?P<key_quote>[\"']?)(?(line)[a-z0-9_.-]{0,64}?|(?:[a-z0-9_.-]{0,63}?(?:[_.-]|(?=[_.-])))?)"
            rf"{_PASSWORD_NAME}(?P=key_quote):[^\S\n]+"
            r"(?P<value>[^\s#&*!|>'\"%@`\[\]{},](?:(?(line)[^\n]|[^\n\"'`()\[\]{}<>])){0,255}?)"
            rf"(?=[^\S\n]*$|[^\S\n]+#|(?(json){_JSON_TEXT_END}|(?!))|(?(line)(?!)|\\*[\"'`]))",
            re.MULTILINE,
        ),
        hints=_PASSWORD_HINTS,
        group="value",
        check=_yaml_password,
        line_scoped=True,
    ),
    # A password in a .properties or an INI file's line, or a Makefile's (`spring.datasource.password=Sup3r secret`,
    # `password = two words`): java.util.Properties reads the value to the line's end, blanks and `#` and all
    # (docs.oracle.com/javase/8/docs/api/java/util/Properties.html#load-java.io.Reader-), as Python's configparser and
    # make do. Only where the line is that file's: the key opens it (after a CI's prefix) and is dotted (no shell
    # variable is), or a blank stands beside its `=` (no shell assignment has one: `DB_PASSWORD=x make deploy` is the
    # value `x` and a command, long_password's). Its `key: value` is yaml_password's; its `key value`, and a token's, a
    # secret's or a named key's line, are Redactor._properties_values' (screened once for every name: this rule's
    # windows around every `key` and `token` of a JSON log cost five times its own). Code (`password =
    # self.password or ''`) and the values the YAML line's value is not (_yaml_password) are no value.
    Rule(
        "properties_password",
        Regex(
            rf"(?:^{_YAML_LINE_PREFIX}|{_JSON_TEXT_LINE}(?P<json>))"
            rf"(?:[a-z0-9_-]{{1,64}}(?=\.)[a-z0-9_.-]{{0,64}}?{_PASSWORD_NAME}[^\S\n]*="
            rf"|[a-z0-9_.-]{{0,64}}?{_PASSWORD_NAME}(?:[^\S\n]+=|=(?=[^\S\n])))[^\S\n]*"
            rf"(?P<value>[^\s\"'`][^\n]{{0,255}}?)(?=[^\S\n]*$|(?(json){_JSON_TEXT_END}|(?!)))",
            re.MULTILINE,
        ),
        hints=_PASSWORD_HINTS,
        group="value",
        check=_properties_value,
        line_scoped=True,
    ),
    # A value that is a secret's name followed by ` = ` is the next assignment's name (`auth=aws_secret_access_key =
    # VALUE`, a credentials file's line in a query), as is a quoted one followed by `:` (`auth="SecretAccessKey":
    # "VALUE"`, a JSON object in a query), read whole (atomic): the match gives way to the one that name starts. Any
    # other value is the value, whatever follows (`aws_secret_access_key=VALUE =`: no name follows).
    Rule(
        "secret_assignment",
        Regex(
            rf"{_VOUCHING}{_SECRET_KEY_NAME}{_QUOTE}?{_BLANKS}(?:[:=](?!=)|=>){_BLANKS}(?P<quote>\\*[\"'`])?"
            rf"(?>(?=(?P<named>[a-z0-9_.-]{{0,64}}?{_SECRET_KEY_NAME}(?!{_VALUE_CHAR})))|)"
            rf"(?P<value>(?>{_VALUE_CHAR}{{8,}}))(?(named)(?!{_QUOTE}?{_BLANKS}(?:=(?!=)|:)))"
        ),
        # `pass`, `auth` and `pat` as the rule reads them: windows around every `PASSED`, `Author:` or `path` would cost
        hints=(
            "token",
            "secret",
            "passw",
            "passphrase",
            "pwd",
            "credential",
            "key",
            *_COMPOUND_PASS,
            *_AUTH_KEY,
            *_PAT_KEY,
        ),
        group="value",
        check=looks_secret,
        vouched=vouched_secret,
        line_scoped=True,
        quoted=True,
    ),
    # A quoted password that holds what ends the word rules' values below (a blank: `PASSWORD="correct horse battery
    # staple"`, `--password 'a b'`; a comma, a bracket, `=`): the quoted run whole, to its closing quote (quoted_end),
    # however many blanks it holds, as the shell, YAML and JSON read it; or an assignment a quote opens before its name
    # (bash's xtrace prints `export 'DB_PASS=x y'`), to that quote's end. Before short_password and long_password, which
    # would take its first word and show the rest; a value they take whole is theirs, as before.
    Rule(
        "quoted_password",
        Regex(
            rf"(?:(?P<word_quote>[\"'])[a-z0-9_.-]{{0,64}}?{_PASSWORD_NAME}=(?![=\"'\\])"
            rf"|{_PASSWORD_NAME}{_QUOTE}?{_BLANKS}(?::(?!=)|=(?!=)|=>){_BLANKS}(?P<quote>\\*[\"'`]))(?P<value>)"
        ),
        hints=_PASSWORD_HINTS,
        group="value",
        check=lambda value: _beyond_a_word(value) and short_secret(value) and not _names_a_value(value),
        line_scoped=True,
        quoted=True,
    ),
    # Passwords are often short and plain (`password=hunter2`): entropy cannot judge them, the
    # key's name does. Only a whole short value (followed by an end), never a prefix of a longer one. A number is no
    # password where the words say what it counts: a label's number followed by a noun (`rabbit_password: 2 unresolved
    # calls`, `password: 8 characters`; an assignment's next word is a command: `PASSWORD=1234 make deploy`), or any
    # number after "a password" (a kind of value, not one: `sudo -V`'s `Number of tries to enter a password: 3`). A
    # JSON string's escaped quotes around an empty value (`password=\\"\\"`) hold no value, nor does a TeamCity
    # message's escaped quote (`password=|'hunter2|'`: the decoded line's reading, decoded_line, reads the value).
    Rule(
        "short_password",
        Regex(
            r"(?:(?:(?<=\ba )|(?<=\ban ))(?P<kind>)|(?<!\ba )(?<!\ban ))"
            rf"(?:{_PASSWORD_NAME}|secret){_QUOTE}?{_BLANKS}"
            r"(?:(?P<label>:)(?!=)|=(?!=)|=>)[^\S\n]*(?:\\*[\"'`])?"
            rf"(?!\|')(?(kind)(?!{_NUMBER}{_VALUE_END}))(?(label)(?!{_COUNT}))"
            rf"(?P<value>[^\s\"'`,;(){{}}\[\]<>=]{{1,7}})(?<!\\){_VALUE_END}"
        ),
        hints=(*_PASSWORD_HINTS, "secret"),
        group="value",
        check=short_secret,
        line_scoped=True,
    ),
    # A password of 8 characters or more in plain words (`password=correcthorsebatterystaple`, `DB_PASSWORD=Grüße/
    # Winter`): entropy cannot judge a passphrase any more than a short password, the key's name does (a secret's or
    # a token's value is generated: secret_assignment's looks_secret judges it). Only a value
    # that is the rest of its line or quoted whole, or an assignment's (`=`) before a blank (`PASSWORD=x make deploy`):
    # a label's first word in a sentence (`password: authentication failed`) is no value. Code's names are kept
    # (_names_a_value: `password=args.password`, `PASSWORD=DB_PASSWORD`).
    Rule(
        "long_password",
        Regex(
            rf"{_PASSWORD_NAME}{_QUOTE}?{_BLANKS}(?:(?P<label>:)(?!=)|=(?!=)|=>){_BLANKS}(?P<quote>\\*[\"'`])?"
            r"(?P<value>[^\s\"'`,;(){}\[\]<>=]{8,256})(?<!\\)"
            r"(?(quote)(?=\\*[\"'`])|(?(label)[^\S\n]*$|(?=\s|$)))"
        ),
        hints=_PASSWORD_HINTS,
        group="value",
        check=lambda value: short_secret(value) and not _names_a_value(value),
        line_scoped=True,
    ),
    # A command's option that takes a password or a token as its next word or after `=` (`--password VALUE`, `gh
    # ... --token VALUE`, `az login --federated-token VALUE`), a login's `-p VALUE` (docker, podman, helm registry,
    # oras: `login -u USER -p PASSWORD`), the
    # MySQL clients' `-pVALUE` (no space: a word after `-p ` is a database) and curl's `-u USER:PASSWORD` / `--user`
    # (curl.se/docs/manpage.html#-u). BuildKit's `--secret id=...,src=...` names a file, not a value: not one here.
    Rule(
        "command_credential",
        Regex(
            r"(?:(?<!\S)(?P<option_quote>[\"'])?--(?:password|passwd|pass|token|api-?key|access-token|auth-token|"
            r"federated-token)"
            r"(?:=|[^\S\n]+)"
            # keytool's and jarsigner's `-storepass`, `-keypass`, `-srcstorepass` (`-storepass:env NAME` names one),
            # OpenSSL's `-passin pass:VALUE` (docs.openssl.org/master/man1/openssl-passphrase-options)
            r"|(?<!\S)-(?:src|dest)?(?:store|key)pass[^\S\n]+|(?<!\S)-pass(?:in|out|word)?[^\S\n]+pass:"
            rf"|{_command_then('login')}[^\S\n]-p[^\S\n]+|{_command_then('sshpass')}[^\S\n]-p[^\S\n]*"
            rf"|{_command_then('mysql(?:dump|admin|import|sh|check)?')}[^\S\n](?P<mysql_quote>[\"'])?-p(?=[^\s-])"
            rf"|{_command_then('curl')}[^\S\n](?:-u[^\S\n]*|--user(?:=|[^\S\n]+))(?P<user>))"
            r"(?P<quote>[\"'])?(?(user)[^\s:\"']{1,256}:)(?P<value>[^\s\"']{1,256})"
        ),
        hints=(
            "-pass",
            "storepass",
            "keypass",
            "--token",
            "--api",
            "--access-token",
            "--auth-token",
            "--federated-token",
            "login",
            "sshpass",
            "mysql",
            "curl",
        ),
        group="value",
        check=_password_given,
        line_scoped=True,
        reach=COMMAND_REACH + 600,
        quoted=True,
    ),
]


# The CI commands that declare a value secret, each the value as the rest of its line. GitHub Actions' workflow command
# `echo "::add-mask::$TOKEN"` (`##[add-mask]` is its older spelling; docs.github.com/actions/reference/workflows-and-
# actions/workflow-commands#masking-a-value-in-a-log) and Azure Pipelines' logging commands `##vso[task.setsecret]VALUE`
# and `##vso[task.setvariable variable=NAME;issecret=true]VALUE` (learn.microsoft.com/azure/devops/pipelines/scripts/
# logging-commands: SetSecret, SetVariable; the agent reads the area, the action and the property names in any case).
# The runner masks the value in every later line, but a log that shows the command (set -x, a runner that is not the
# CI's) shows the value, and the value may be printed before it. (GitLab declares masked variables in the project's
# settings, never in the log: the runner prints `[MASKED]`, and there is nothing to learn.)
_ADD_MASK = Regex(
    r"(?:::add-mask::|##\[add-mask\]|##vso\[task\.setsecret\]"
    r"|##vso\[task\.setvariable [^\]\n]{0,1000}?\bissecret[^\S\n]*=[^\S\n]*true[^\S\n]*(?:;[^\]\n]{0,1000})?\])"
    r"(?P<value>[^\n]*)",
    re.IGNORECASE,
)
ADD_MASK_HINTS = ("::add-mask::", "##[add-mask]", "##vso[", "##VSO[")  # as the commands are written
MAX_MASKED = 64


def masked_values(text: str) -> list[str]:
    """The values `text`'s declarations (_ADD_MASK) declare secret: each the rest of its line, as the runner reads it
    (the closing quote of an echo under `set -x` left out), unless already redacted or a variable's name."""
    if not any(hint in text for hint in ADD_MASK_HINTS):
        return []
    values = (m.group("value").strip().rstrip("\"'`").rstrip() for m in _ADD_MASK.finditer(text))
    return [v for v in values if len(v) >= MIN_SECRET_LEN and not _unexpanded(v)]


def _unexpanded(value: str) -> bool:
    """A value as a script names it, not as it ran (`$TOKEN`, `${{ secrets.KEY }}`, `$(cat key)`, `%KEY%`, `***`), or
    already redacted: learnt, it would redact every mention of the variable."""
    return bool(_PLACEHOLDER_VALUE.match(value) or PLACEHOLDER_RE.fullmatch(value)) or "$" in value or value[:1] == "%"


def _encoded_forms(secret: str) -> set[str]:
    """The secret itself, URL-encoded, and base64-encoded at every alignment inside a larger blob."""
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
    raw = secret.encode()
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw).decode()
        # Drop characters that depend on neighbouring bytes: the first ones (prefix bytes)
        # and the last ones (padding / partial group).
        start = 0 if pad == 0 else (pad * 8 + 5) // 6
        end = len(encoded.rstrip("="))
        tail_bits = (pad + len(raw)) * 8 % 6
        if tail_bits:
            end -= 1
        core = encoded[start:end]
        if len(core) >= MIN_SECRET_LEN:
            forms.add(core)
        for alphabet in (core.replace("+", "-").replace("/", "_"),):
            if len(alphabet) >= MIN_SECRET_LEN:
                forms.add(alphabet)
    return {f for f in forms if len(f) >= MIN_SECRET_LEN}


class Redactor:
    """Scrubs caller secrets (and their encodings) and well-known token shapes from text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._exact: list[str] = []
        self.counts: Counter[str] = Counter()
        self.learned = 0  # how many times `learn` added values: a caller that redacted text before may redo it
        # Values the text showed secret: its own declarations (learn_masked), as declared, and the values the facts'
        # last wall found (extract._walled): a run's other redactors learn them from here (learn_masks), and they are
        # never written anywhere.
        self.masks: tuple[str, ...] = ()
        # While a list: every value a pattern rule replaces is appended (the facts' last wall learns them, see
        # extract._walled); a caller's value, a PEM key's lines or a Secret's data are not.
        self.found: list[str] | None = None
        self._finds_exact = False  # whether `found` takes the known values too (a probe's, see probe)
        self.learn(secrets)

    def probe(self) -> Redactor:
        """A redactor with this one's values (a caller's, the learnt) and rules that counts apart and records in `found`
        every value it replaces, a known value too: it reads text the run does not show (frames a redraw joined,
        view._learn_split), to learn where a value crosses a cut."""
        probe = Redactor()
        probe._exact, probe.found, probe._finds_exact = self._exact, [], True
        return probe

    def learn(self, secrets: Iterable[str]) -> bool:
        """Scrub these values too from now on; whether any was new."""
        values = set(self._exact)
        for s in secrets:
            if len(s) >= MIN_SECRET_LEN:
                values |= _encoded_forms(s)
        if len(values) == len(self._exact):
            return False
        self._exact = sorted(values, key=len, reverse=True)
        self.learned += 1
        return True

    def learn_masked(self, text: str) -> None:
        """Scrub from now on the values `text` declares secret (masked_values)."""
        self.learn_masks(masked_values(text))

    def learn_masks(self, values: Iterable[str]) -> None:
        """Scrub from now on these declared values, up to MAX_MASKED of them in all: each value is searched for in
        every text redacted, so a log of thousands of declarations would be slow."""
        new = [v for v in dict.fromkeys(values) if v not in self.masks][: MAX_MASKED - len(self.masks)]
        if new:
            self.masks += tuple(new)
            self.learn(new)

    def redact(self, text: str) -> str:
        # Fixpoint: a replacement can shorten the text between two placeholders and so give a
        # later pass a new boundary; iterate until nothing changes (almost always one pass).
        # One memo for the whole call: a segment's redaction depends only on the segment, so the
        # checking pass (and the pieces a late match leaves) reuse what was already computed.
        memo: _Memo = {}
        folds, plain = self._folds_read(text), text  # on its lines as printed: a placeholder changes a line's width
        for _ in range(4):
            new = self._pass(text, memo)
            if new == text:
                break
            text = new
        return self._folds_united(plain, text, folds) if folds else text

    # ------------------------------------------------------------------ internals

    def _pass(self, text: str, memo: _Memo) -> str:
        """Redact the text between existing placeholders (placeholders themselves are never touched)."""
        if "[REDACTED:" in text and PLACEHOLDER_RE.search(text):
            parts = PLACEHOLDER_RE.split(text)
            seps = PLACEHOLDER_RE.findall(text)
            # Text cut by many placeholders repeats its segments (a log line printed thousands of
            # times): each distinct segment is redacted once, its counts replayed for the others.
            out = [self._segment_once(parts[0], memo)]
            for sep, part in zip(seps, parts[1:], strict=True):
                out.append(sep)
                out.append(self._segment_once(part, memo))
            return "".join(out)
        return self._segment_once(text, memo)

    def _segment_once(self, text: str, memo: _Memo) -> str:
        if len(text) < MIN_SECRET_LEN:
            return text  # shorter than any rule's shortest match and any caller secret
        known = memo.get(text)
        if known is not None:
            self.counts.update(known[1])
            return known[0]
        before = self.counts.copy()
        result = self._redact_segment(text, memo)
        memo[text] = (result, self.counts - before)
        return result

    def _redact_segment(self, text: str, memo: _Memo) -> str:
        """`text` holds no placeholder. After any replacement, the rest runs on the pieces between
        the new placeholders, so no later rule can match across (or inside) one."""
        if not text:
            return text
        # A Secret's object first: a placeholder another rule put inside it would cut the object in two segments.
        if (data := self._secret_object_data(text)) != text:
            return self._pass(data, memo)
        if (bodies := self._block_scalars(text)) != text:
            return self._pass(bodies, memo)
        if (inputs := self._runner_inputs(text)) != text:
            return self._pass(inputs, memo)
        if (properties := self._properties_values(text)) != text:
            return self._pass(properties, memo)
        for value in self._exact:
            if value in text:
                self.counts["caller_secret"] += text.count(value)
                if self._finds_exact and self.found is not None:
                    self.found.append(value)
                return self._pass(text.replace(value, PLACEHOLDER.format(rule="caller_secret")), memo)
        # A line's escapes (JSON's `\\/`, `\\u0041`, `\\n`, a URL's `%2F`, TeamCity's `|n`) read decoded, and only so: a
        # rule that stopped at an escape would redact a value's head and leave its tail without the name it follows, and
        # a command's reach read as printed would cross the line end an escape stands for.
        if (dumped := self._dumps_read(text, memo)) != text:
            return self._pass(dumped, memo)
        if (read := self._read_decoded(text, memo)) is not None:
            return read
        if (quoted := self._quotes_read(text, memo)) != text:
            return self._pass(quoted, memo)
        present = _hints_in(text)
        for rule in RULES:
            if (rule.hints and present.isdisjoint(rule.hints)) or (rule.screen and not rule.screen.search(text)):
                continue
            new = self._sub_lines(rule, text) if rule.line_scoped else rule.pattern.sub(self._replacer(rule), text)
            if new != text:
                return self._pass(new, memo)
        if (tails := self._pem_bodies_above_end(text)) != text:
            return self._pass(tails, memo)
        return text

    def _quotes_read(self, text: str, memo: _Memo) -> str:
        """`text` with each line that holds a percent-encoded quote or backslash (_ENCODED_QUOTE) read once more with
        them decoded (quotes_decoded), its secrets' spans mapped back: the decoded reading keeps them (a JSON string
        would end at one), so a JSON object in a URL's query hides its keys' names (`%22accessToken%22%3A%22V%22`) from
        every rule. Tried before the rules read the text as printed (they read it after, between its placeholders): a
        rule would read an encoded key's name for another key's value (`auth=%22SecretAccessKey%22%3A%22V%22`)."""
        if not any(hint in text for hint in _ENCODED_QUOTE_HINTS):
            return text
        lines = text.split("\n")
        for k, line in enumerate(lines):
            plain = quotes_decoded(line)[0] if "%" in line else line
            if plain != line:
                lines[k] = self._read_line_decoded(line, plain, memo, quotes=True)
        return "\n".join(lines)

    def _pem_bodies_above_end(self, text: str) -> str:
        """A private key whose BEGIN marker is not in this text (a view window, a piece the view reads at a time, opens
        inside the key): the base64 lines right above its END marker, redacted with the marker. Each walk up stops at
        the first other line, so the cost stays linear however many markers there are."""
        if "PRIVATE KEY" not in text:
            return text
        out: list[str] = []
        pos = 0
        for m in _PEM_END.finditer(text):
            start = top = text.rfind("\n", 0, m.start()) + 1
            if text[start : m.start()].strip():
                continue  # the marker is not alone on its line
            for _ in range(MAX_PEM_LINES):
                above = text.rfind("\n", pos, top - 1) + 1 if top > pos else -1
                if above < pos or top == 0 or not _PEM_BODY_LINE.fullmatch(text, above, top - 1):
                    break
                top = above
            if top < start:
                self.counts["pem_private_key"] += 1
                out += [text[pos:top], PLACEHOLDER.format(rule="pem_private_key"), "\n" * text.count("\n", top, start)]
                pos = m.end()
        return "".join(out) + text[pos:] if out else text

    def _block_scalars(self, text: str) -> str:
        """`text` with the body of each YAML block scalar under a secret's key (_BLOCK_HEADER) redacted, line by line
        (each line's indentation kept): the lines after the header indented deeper than its key, to the first that is
        not (a blank line is the body's); a quoted scalar's, its head on the key's line and the lines to its closing
        quote. A body line that is a template's (`{{ .Values.password }}`) or already redacted is kept. One pass over
        the lines after each header: linear. A line that holds a block two or more JSON levels down is read with its
        escaped line ends as line ends (_deep_block_scalars)."""
        return self._shallow_block_scalars(self._deep_block_scalars(text))

    def _deep_block_scalars(self, text: str) -> str:
        """`text` with each line that holds a block scalar's header two or more JSON levels down (_DEEP_BLOCK_OPENS)
        read as the lines its escaped line ends part, its bodies redacted there and the escapes put back."""
        # The key's colon and one blank (as YAML emitters write a mapping's line): the literal prefix the search
        # skips to, one pass over a JSON line's text, where `:[^\S\n]+` tried at every colon costs twice.
        if "\\\\" not in text or _DEEP_BLOCK_OPENS.search(text) is None:
            return text
        lines = text.split("\n")
        for k, line in enumerate(lines):
            if _DEEP_BLOCK_OPENS.search(line) is None:
                continue
            ends = [m.span() for m in _DEEP_LINE_ENDS.finditer(line)]
            starts = [0, *(end for _, end in ends)]
            pieces = [line[a:b] for a, b in zip(starts, [*(start for start, _ in ends), len(line)], strict=True)]
            read = self._shallow_block_scalars("\n".join(pieces)).split("\n")
            if len(read) == len(pieces):  # always (the reader keeps lines); stay safe anyway
                lines[k] = "".join(piece + line[a:b] for piece, (a, b) in zip(read, [*ends, (0, 0)], strict=True))
        return "\n".join(lines)

    def _shallow_block_scalars(self, text: str) -> str:
        """_block_scalars over `text`'s own lines."""
        if not _may_open_block(text):
            return text
        out: list[str] = []
        pos = 0
        for m in _BLOCK_OPENS.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            header = _block_header(fold_case(text[start : m.end()])) if start >= pos else None
            if header is None:
                continue  # no secret's key, or a line inside a body already read
            for first, last in _block_body(text, start, header):
                out += [text[pos:first], self._block_placeholder(text[first:last])]
                pos = last
        return "".join(out) + text[pos:] if out else text

    def _runner_inputs(self, text: str) -> str:
        """`text` with the values of the inputs and variables named as a secret's that a GitHub Actions runner printed
        in a step's `with:` and `env:` sections (_RUNNER_SECTION, _runner_values) redacted. One pass over each
        section's lines: linear."""
        if not _may_print_runner_inputs(text):
            return text
        out: list[str] = []
        pos = 0
        for m in _RUNNER_SECTION.finditer(text):
            for first, last in _runner_values(text, m) if m.start() >= pos else ():
                out += [text[pos:first], self._value_placeholder("actions_input", text[first:last])]
                pos = last
        return "".join(out) + text[pos:] if out else text

    def _properties_values(self, text: str) -> str:
        """`text` with the values of the .properties lines of secrets' keys (_PROPERTIES_VALUE) redacted: after a `=` or
        a `:`, a value of words (_properties_value; one word is the word rules'); after a blank, where the line is a
        file's: a dotted key's line next to it, or a generated value. A number is a password's value only (`max-token
        512` is a count)."""
        if "." not in text:
            return text
        out: list[str] = []
        pos = 0
        for m, beside in _properties_lines(text):
            if m.start() < pos:
                continue
            value = m.group("value")
            if m.group("separator") is not None:
                taken = not m.group("password") and _properties_value(value)
            else:
                generated = not _beyond_a_word(value) and vouched_secret(value)
                counted = value.isdigit() and not m.group("password")
                taken = generated or (_file_s_value(value) and not counted and beside(text, m))
            if taken:
                out += [text[pos : m.start("value")], self._value_placeholder("properties_password", value)]
                pos = m.end("value")
        return "".join(out) + text[pos:] if out else text

    def _block_placeholder(self, value: str) -> str:
        return self._value_placeholder("yaml_block_scalar", value)

    def _value_placeholder(self, rule: str, value: str) -> str:
        self.counts[rule] += 1
        if self.found is not None:
            self.found.append(value)
        return PLACEHOLDER.format(rule=rule)

    @staticmethod
    def may_open_values_across_lines(text: str) -> bool:
        """Whether `text` may hold what opens a value over lines (values_across_lines): a block scalar's or a quoted
        scalar's header, a Kubernetes Secret's kind. A cheap screen: a caller reads lines above its text only for it."""
        return _may_print_secret_object(text) or _may_open_block(text) or _may_print_runner_inputs(text)

    def values_across_lines(self, text: str) -> str:
        """`text`, placeholders and all, with the values a YAML block scalar's body or a Kubernetes Secret's data prints
        on its lines redacted: a caller that redacted the text in pieces reads the pieces joined once more, the
        header or the kind in one piece and the values in the next (view._values_across_pieces)."""
        return self._secret_object_data(self._runner_inputs(self._block_scalars(text)))

    def secret_objects(self, text: str) -> str:
        """`text` with the values of the Kubernetes Secrets it prints redacted, alone: a line about to be cut
        (reader._secrets_read_whole) is read so before the rules see it."""
        return self._secret_object_data(text)

    def _secret_object_data(self, text: str) -> str:
        """The values under `data:` and `stringData:` of a Kubernetes Secret printed as YAML or JSON (`kubectl get
        secret -o yaml`, `kubectl create secret ... --dry-run=client -o yaml`, a manifest `cat`, `-o json | jq -c .`):
        every value there is the secret's, whatever its key is named (`tls.key`, `.dockerconfigjson`), base64 only
        encodes it (kubernetes.io/docs/concepts/configuration/secret). A data block counts when the object holding it
        (its YAML mapping or JSON object, a `kind: List`'s item: _object_ids; a one-line JSON object's:
        _inline_secret_values) says `kind: Secret`, before or after it (kubectl sorts the keys: data before kind),
        however far."""
        if not _may_print_secret_object(text):
            return text
        blocks, inline = _K8S_SECRET_KIND.search(text) is not None, '"Secret' in text  # `\\"Secret\\"` too
        if not (blocks or inline):
            return text
        lines = text.split("\n")
        found = self._secret_blocks(lines) if blocks else False
        found = (inline and self._inline_secrets(lines)) or found
        return "\n".join(lines) if found else text

    def _secret_blocks(self, lines: list[str]) -> bool:
        """The data blocks of the Secrets printed over several lines, redacted in `lines`; whether any was."""
        objects, secrets = _object_ids(lines)
        found, read_to = False, 0
        for i, line in enumerate(lines):
            opener = _K8S_DATA_OPEN.fullmatch(line) if i >= read_to and "ata" in line else None
            if opener is None or objects[i] not in secrets:
                continue
            read, end = self._secret_entries(lines, i + 1, len(opener.group("indent")))
            found, read_to = found or read, end  # an opener inside a block already read is not read again: linear
        return found

    def cut_secret_data(self, text: str) -> str:
        """`text`, the head of a one-line JSON document whose line was cut after it (reader._LineBuffer: a line beyond
        WHOLE_LINE_BYTES) and says `"Secret"` after it, with the data values of the objects the cut leaves open redacted
        as a Secret's: `kubectl get secret -o json` sorts its keys, data before kind."""
        lines = text.split("\n")
        return "\n".join(lines) if self._inline_secrets(lines, cut_secret=True) else text

    def _inline_secrets(self, lines: list[str], *, cut_secret: bool = False) -> bool:
        """The data values of the Secrets printed as one-line JSON (and with `cut_secret`, of every object a line leaves
        open), redacted in `lines`; whether any was."""
        found = False
        for i, line in enumerate(lines):
            if "ata" not in line or ('"Secret' not in line and not cut_secret):
                continue
            spans = [(a, b) for a, b in _inline_secret_values(line, cut_secret=cut_secret) if _data_value(line[a:b])]
            if not spans:
                continue
            out, pos = [], 0
            for start, end in spans:
                if start >= pos:  # a value inside one already redacted (a Secret in a data value's string) is gone
                    out += [line[pos:start], self._data_placeholder()]
                    pos = end
            lines[i], found = "".join(out) + line[pos:], True
        return found

    def _secret_entries(self, lines: list[str], first: int, indent: int) -> tuple[bool, int]:
        """The values of the data block's entries from line `first` on (deeper than `indent`), redacted in `lines`; a
        block scalar's (`key: |`) lines redacted whole. Whether any was, and the line after the block."""
        found, scalar = False, -1  # scalar: the indent of the block scalar's key, while reading its lines
        j = first
        for j in range(first, len(lines)):
            line = lines[j]
            depth = indent_of(line)
            if not line.strip() or 0 <= scalar < depth:
                if line.strip() and not PLACEHOLDER_RE.fullmatch(line.strip()):
                    lines[j], found = line[:depth] + self._data_placeholder(), True
                continue
            if depth <= indent or line.strip() in ("}", "},"):
                return found, j
            entry, scalar = _K8S_ENTRY.fullmatch(line), -1
            if entry is None:
                continue
            value = entry.group("value")
            if value[0] in "|>":
                scalar = depth
            elif _data_value(value):
                start, end = entry.span("value")
                lines[j], found = line[:start] + self._data_placeholder() + line[end:], True
        return found, j + 1

    def _data_placeholder(self) -> str:
        self.counts["k8s_secret_data"] += 1
        return PLACEHOLDER.format(rule="k8s_secret_data")

    def _read_decoded(self, text: str, memo: _Memo) -> str | None:
        """`text` with each line that has escapes to decode (decoded_line: `\\u0041KIA...`, `https:\\/\\/u:p@`,
        `"token":"ab\\/cd"` in a JSON string, `%2F` in a URL's query, `./login.sh\\nmkdir -p build`) read decoded, its
        secrets' spans mapped back to the line as printed (_mapped_back: a value goes whole however many escapes it
        holds, and a reader that decodes the line finds none), and the runs of lines between them read as printed;
        None where no line has escapes to decode (the rules read the text as printed)."""
        if "\\" not in text and "%" not in text and OPENS not in text:
            return None
        if (piped := self._pipelines_read(text)) != text:
            return self._pass(piped, memo)
        lines = text.split("\n")
        decoded = [(k, plain) for k, line in enumerate(lines) if (plain := decoded_text(line)) != line]
        if not decoded:
            return None
        out: list[str] = []
        last = 0  # the first line not yet read
        for k, plain in decoded:
            if k > last:
                out.append(self._pass("\n".join(lines[last:k]), memo))
            out.append(self._read_line_decoded(lines[k], plain, memo))
            last = k + 1
        if last < len(lines):
            out.append(self._pass("\n".join(lines[last:]), memo))
        return "\n".join(out)

    def _dumps_read(self, text: str, memo: _Memo) -> str:
        """`text` with each run of a dump's lines (dumplines.dump_runs: a hex dump's, curl --trace-ascii's) read as the
        stream it shows, whole across the lines that cut it, every piece of what the rules replace there redacted on
        every line (the hex digits of its bytes too); where the spans cannot be told, every piece of the run."""
        if "\n" not in text or _DUMP_LINE_START.search(text) is None:  # a line alone: no run (the search costs 2%)
            return text
        lines = text.split("\n")
        edits: dict[int, list[tuple[int, int, str]]] = {}
        for pieces, readings in dump_runs(lines):
            spans = _united([span for stream in readings for span in self._stream_spans(stream, memo)])
            for line, a, b, placeholder in _pieces_of(pieces, spans):
                edits.setdefault(line, []).append((a, b, placeholder))
        for k, line_edits in edits.items():
            lines[k] = _edited(lines[k], line_edits)
        return "\n".join(lines) if edits else text

    def _stream_spans(self, stream: str, memo: _Memo) -> list[tuple[int, int, str]]:
        """The spans of a dump's stream its redaction replaces, each with its placeholder; the whole stream where they
        cannot be told."""
        redacted = self._pass(stream, memo)
        if redacted == stream:
            return []
        return _spans_or_whole(stream, redacted)

    def _folds_read(self, text: str) -> list[_Fold]:
        """What the rules replace in `text`'s runs of lines a wrap cut from one (dumplines.fold_runs), read joined where
        a rule's hint is near an edge (_fold_hinted): each value across an edge, or just below one (_below: a value the
        wrap put below its name), as the pieces of its lines (_pieces_of); but a `:`-separated field's (_FIELD_RULES: a
        line joined to the next reads as one of a pgpass line's). The rules read the lines apart too (_folds_united)."""
        if "\n" not in text:
            return []
        lines, folds = text.split("\n"), list[_Fold]()
        for first, last in fold_runs(lines):
            if not any(
                _fold_hinted(lines[k], lines[k + 1]) or self._cut_known(lines[k], lines[k + 1])
                for k in range(first, last)
            ):
                continue
            pieces = fold_pieces(lines, first, last)
            joined, edges = "".join(lines[first : last + 1]), [piece.start for piece in pieces[1:]]
            for a, b, placeholder in self._spans_near(joined, edges):
                if placeholder not in _FIELD_RULES and any(_below(joined, a, b, edge) for edge in edges):
                    folds.append((placeholder, joined[a:b], list(_pieces_of(pieces, [(a, b, placeholder)]))))
        return folds

    def _spans_near(self, joined: str, edges: list[int]) -> list[tuple[int, int, str]]:
        """The spans a probe's redaction (counted apart: a value counts once, _folds_united) replaces in `joined` read
        _FOLD_BEFORE characters either side of each edge (the windows of edges near together one): a run of long lines
        costs its edges, not its lines again."""
        windows: list[tuple[int, int]] = []
        for edge in edges:
            lo, hi = max(0, edge - _FOLD_BEFORE), edge + _FOLD_BEFORE
            windows[-1:] = [(windows[-1][0], hi)] if windows and lo <= windows[-1][1] else [*windows[-1:], (lo, hi)]
        spans: list[tuple[int, int, str]] = []
        for lo, hi in windows:
            part = joined[lo:hi]
            redacted = self.probe().redact(part)
            if redacted != part:
                read = _spans_or_whole(part, redacted)
                spans += [(lo + a, lo + b, placeholder) for a, b, placeholder in read]
        return spans

    def _cut_known(self, above: str, below: str) -> bool:
        """Whether a value the redactor knows (a caller's, a declared one) is cut by the edge between two lines of a
        fold: no rule's hint says so."""
        near = above[-_FOLD_BEFORE:] + below[:_FOLD_BEFORE]
        return any(value in near and value not in above and value not in below for value in self._exact)

    def _folds_united(self, plain: str, redacted: str, folds: list[_Fold]) -> str:
        """`redacted` (`plain`'s redaction) with the values of folds (_folds_read) replaced on every line that shows a
        piece of one (redact.united: what either reading replaced); each counted where no piece of it was replaced by
        the lines' own reading (which counted it)."""
        lines, out = plain.split("\n"), redacted.split("\n")
        edits: dict[int, list[tuple[int, int, str]]] = {}
        for placeholder, value, pieces in folds:
            read = len(out) == len(lines) and any(_read_at(lines[k], out[k], a, b) for k, a, b, _ in pieces)
            if read and len({k for k, *_ in pieces}) == 1:
                continue  # a value on one line is its own reading's, where that reading replaced any of it
            for line, a, b, _ in pieces:
                edits.setdefault(line, []).append((a, b, placeholder))
            if len(out) == len(lines) and not read:
                self.counts[placeholder[len("[REDACTED:") : -1]] += 1
                if self.found is not None:
                    self.found.append(value)
        if len(out) != len(lines):  # cannot happen (rules keep line ends); stay safe anyway
            return self._pass("\n".join(_edited(line, edits.get(k, [])) for k, line in enumerate(lines)), {})
        for k, line_edits in edits.items():
            out[k] = united(lines[k], out[k], _edited(lines[k], line_edits))
        return "\n".join(out)

    def _pipelines_read(self, text: str) -> str:
        """`text` with the values piped into a reader of stdin redacted (_PIPELINE_RULES), its lines read together as
        printed: a pipeline's line with escapes (`printf '%s\\n' VALUE`) would be read decoded, alone."""
        for rule in _PIPELINE_RULES:
            if any(hint in text for hint in rule.hints):
                text = rule.pattern.sub(self._replacer(rule), text)
        return text

    def _read_line_decoded(self, line: str, plain: str, memo: _Memo, *, quotes: bool = False) -> str:
        """`line` as its decoded form `plain` (decoded_line's, or with `quotes` quotes_decoded's) reads redacted, mapped
        back to the line as printed (shown decoded, on one line, where the spans cannot be told: _one_line)."""
        redacted = self._pass(plain, memo)
        if redacted == plain:
            return line
        mapped = _mapped_back(line, plain, (quotes_decoded if quotes else decoded_line)(line)[1], redacted)
        if mapped is None:
            return _one_line(redacted)
        if self.found is not None:
            self.found.extend(mapped[1])  # the values as printed too: a probe cuts them where a redraw did
        return mapped[0]

    def _sub_lines(self, rule: Rule, text: str) -> str:
        lowered = fold_case(text)
        # Windows around each hint, clipped to its line: a match starts at most a few dozen characters before its hint,
        # and a value the window's end cuts (a credential of kilobytes: a key file's base64 in a variable) is redacted
        # to the end of its word, which its rule would have taken whole.
        spans = _merge([span for hint in rule.hints for span in _hint_windows(text, lowered, hint, rule.reach)])
        if not spans:
            return text
        placeholder = PLACEHOLDER.format(rule=rule.name)
        out: list[str] = []
        pos = 0
        for w_start, w_end in spans:
            for m in rule.pattern.finditer(lowered, w_start, w_end):
                v_start, v_end = m.span(rule.group)
                if v_start < pos:
                    continue
                quote = _opening_quote(m) if rule.quoted else None
                check = rule.check_of(m)
                if quote and (whole := _whole_quoted(check, text, v_start, quote)):
                    v_end = whole
                elif check is not None and not check(text[v_start:v_end]):
                    continue
                if v_end == w_end and (after := _WORD_END.search(text, v_end)) is not None:
                    v_end = after.start()
                self.counts[rule.name] += 1
                if self.found is not None:
                    self.found.append(text[v_start:v_end])
                out.append(text[pos:v_start])
                out.append(placeholder)
                pos = v_end
        out.append(text[pos:])
        return "".join(out)

    def _replacer(self, rule: Rule) -> _Replacer:
        placeholder = PLACEHOLDER.format(rule=rule.name)

        def replace(m: re.Match[str]) -> str:
            whole = m.group(0)
            check = rule.check_of(m)
            if check is not None and not check(m.group(rule.group)):
                return whole
            self.counts[rule.name] += 1
            if self.found is not None:
                self.found.append(m.group(rule.group))
            if rule.group == 0:
                # Keep line structure: a multi-line match keeps its newlines after the placeholder.
                return placeholder + "\n" * whole.count("\n")
            start, end = m.span(rule.group)
            base = m.start()
            return whole[: start - base] + placeholder + whole[end - base :]

        return replace


# What opens a dump's line (dumplines) after a line end: an offset of hex digits, the first a digit (a CI's timestamp
# before it), then a colon or a blank; or a letter first, then a colon (curl's past 40 KB, `a000: `: a text may hold
# none but such). A screen, which opens with the line end: a search that skips to each (`^` tried at every character
# cost a plain line 1.5x its redaction). A run's first line may open the text: its second follows.
_DUMP_LINE_START = Regex(
    r"\n(?:\[?\d{4}-\d\d-\d\d[Tt ][\d:.,]{5,20}Z?\]? )?(?:\d[0-9a-fA-F]{3,15}:? |[a-fA-F][0-9a-fA-F]{3,15}: )"
)
_K8S_SECRET_KIND = Regex(
    r"""^[^\S\n]*(?:-[^\S\n]+)?(?:kind:[^\S\n]*["']?Secret["']?|"kind":[^\S\n]*"Secret",?)[^\S\n]*$""", re.MULTILINE
)
_K8S_DATA_OPEN = Regex(
    r"""(?P<indent>[^\S\n]*(?:-[^\S\n]+)?)(?:(?:data|stringData):|"(?:data|stringData)":[^\S\n]*\{)[^\S\n]*"""
)
# An entry of the block: its key, its value without quotes or a JSON entry's comma (`|` or `>` opens a block scalar).
_K8S_ENTRY = Regex(
    r"""[^\S\n]*(?:"[^"\n]{1,253}"|[\w.\-]{1,253}):[^\S\n]*["']?(?P<value>[^\s"'][^"'\n]*?)["']?,?[^\S\n]*"""
)


def open_secret_data(text: str) -> int | None:
    """The column of the entries of the last data block `text` opens and leaves open to its end (`data:`,
    `stringData:`, `"data": {`; no later line at or left of its key's column): a window that ends inside a Secret's data
    has its kind below (kubectl sorts the keys), which the view reads down to (view._unread_around). None: no such
    block. Read from the end up to the first unindented line: linear."""
    if "ata" not in text:
        return None
    lowest = None  # the least indentation of the lines below the one read
    for line in reversed(text.split("\n")):
        if not line.strip():
            continue
        if "ata" in line and (opener := _K8S_DATA_OPEN.fullmatch(line)) is not None:
            column = len(opener.group("indent"))
            if lowest is None or column < lowest:
                return column + 1
        depth = indent_of(line)
        lowest = depth if lowest is None else min(lowest, depth)
        if lowest == 0:
            return None
    return None


def _block_header(line: str) -> re.Match[str] | None:
    """A block scalar's header read in `line` (folded to lower case): the line's own, or one a string opens."""
    if (header := _BLOCK_HEADER.fullmatch(line)) is not None:
        return header
    return _OPENED_BLOCK_HEADER.fullmatch(line, max(0, len(line) - MAX_OPENED_HEADER))


def _block_body(text: str, start: int, header: re.Match[str]) -> Iterator[tuple[int, int]]:
    """The spans of the values of a block scalar's body lines (see Redactor._block_scalars), `header` the match of its
    line, which starts at `start`. Each line's depth is read after the CI's prefix its header has (a timestamp, docker
    compose's `service-1  | `), and after a diff's `+` or `-` where the body's first line opens with the header's (else
    the header's dash was a list item's, whose key the dash indents: `- password: |`); in a diff, a line without it
    ends the body. A quoted scalar's body is its head and its lines to the closing quote."""
    opened = "opening" in header.re.groupindex  # the body's lines are the string's: no CI's prefix before them
    prefixed, marker, quote = header.end("prefix") > 0 and not opened, header.group("marker"), header.group("quote")
    at = start + header.end() + 1  # the next line's start
    if quote and (head := header.group("head").strip()):
        yield start + header.start("head"), start + header.start("head") + len(head)
    in_diff = bool(marker) and text.startswith(marker, _after_tags(text, at, prefixed))
    column = header.start("key") - header.end("marker" if in_diff else "opening" if opened else "prefix")
    for _ in range(MAX_QUOTED_LINES if quote else len(text)):
        if at > len(text):
            return
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        body = _after_tags(text, at, prefixed)
        if in_diff:
            if not text.startswith(marker, body):
                return
            body += 1
        closes = _closing_quote(text, quote, body, end) if quote else -1
        line = text[body : end if closes < 0 else closes]
        if value := line.strip():
            depth = indent_of(line)
            if depth <= column and closes < 0:
                return
            if _data_value(value):
                yield body + depth, body + depth + len(value)
        if closes >= 0:
            return
        at = end + 1


def _closing_quote(text: str, quote: str, start: int, end: int) -> int:
    """Where a YAML quoted scalar's `quote` closes in `text[start:end]`, or -1: not at an escaped quote, a single-quoted
    scalar's `''`, a double-quoted one's `\\"` (an odd run of backslashes before it)."""
    i = text.find(quote, start, end)
    while i >= 0 and (text.startswith("''", i) if quote == "'" else _backslashed(text, start, i)):
        i = text.find(quote, i + (2 if quote == "'" else 1), end)
    return i


def _backslashed(text: str, start: int, i: int) -> bool:
    """Whether `text[i]` follows an odd run of backslashes (from `start` on): escaped."""
    run = i
    while run > start and text[run - 1] == "\\":
        run -= 1
    return (i - run) % 2 == 1


def _after_tags(text: str, at: int, prefixed: bool) -> int:
    """Where the line at `at` starts after a CI's prefix (_CI_TAG: `prefixed`, its header had one), else `at`."""
    tags = _CI_PREFIX.match(text, at) if prefixed else None
    return tags.end() if tags else at


def _may_open_block(text: str) -> bool:
    """The screen of Redactor._block_scalars: a block scalar's or an open quoted scalar's header may stand in `text`."""
    return _passes(text, _BLOCK_SCREEN)


_Beside = Callable[[str, "re.Match[str]"], bool]  # whether a properties line's neighbours make it a file's


def _properties_lines(text: str) -> list[tuple[re.Match[str], _Beside]]:
    """The lines of `text` _PROPERTIES_VALUE reads, and those in a JSON string _JSON_PROPERTIES_VALUE reads, in order,
    each with how its neighbours are read: those where the screen (_PROPERTIES_KEY_TAIL) finds a key's tail."""
    low = fold_case(text)
    hits = [m.start() for m in _PROPERTIES_KEY_TAIL.finditer(low)]
    found: list[tuple[re.Match[str], _Beside]] = []
    for start in dict.fromkeys(low.rfind("\n", 0, hit) + 1 for hit in hits):
        if (m := _PROPERTIES_VALUE.match(text, start)) is not None:
            found.append((m, _beside_a_properties_line))
    if "\\" in text:
        spans = _merge(
            [(max(low.rfind("\n", 0, hit) + 1, hit - MAX_PROPERTIES_KEY), _line_end(text, hit)) for hit in hits]
        )
        for span_start, span_end in spans:
            found += [
                (m, _beside_a_json_properties_line) for m in _JSON_PROPERTIES_VALUE.finditer(text, span_start, span_end)
            ]
    return sorted(found, key=lambda pair: pair[0].start())


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _file_s_value(value: str) -> bool:
    """A .properties line's value read to its line's end (one word or more) that is a password: not code, a name in
    code, a count or a tool's word on it (_yaml_password's, a word alone too)."""
    if _CODE_IN_VALUE.search(value):
        return False
    return _yaml_password(value) or (short_secret(value) and not _beyond_a_word(value) and not _names_a_value(value))


def _beside_a_properties_line(text: str, line: re.Match[str]) -> bool:
    """Whether the line above or below `line`'s (after the CI's prefix its line has) is a dotted key's line
    (_PROPERTIES_LINE)."""
    prefixed = line.end("prefix") > line.start("prefix")
    above_end = line.start() - 1
    if above_end > 0:
        above = text.rfind("\n", 0, above_end) + 1
        if _PROPERTIES_LINE.fullmatch(text, _after_tags(text, above, prefixed), above_end):
            return True
    below = line.end() + 1
    if below < len(text):
        end = text.find("\n", below)
        end = len(text) if end < 0 else end
        return _PROPERTIES_LINE.fullmatch(text, _after_tags(text, below, prefixed), end) is not None
    return False


def _beside_a_json_properties_line(text: str, line: re.Match[str]) -> bool:
    """Whether the JSON string's line after `line`'s (_JSON_PROPERTIES_VALUE), or one of the lines before it on its
    line, within MAX_PROPERTIES_KEY characters, is a dotted key's line (_JSON_PROPERTIES_LINE)."""
    if _JSON_PROPERTIES_LINE.match(text, line.end("value")) is not None:
        return True
    above = max(text.rfind("\n", 0, line.start()) + 1, line.start() - MAX_PROPERTIES_KEY)
    return _JSON_PROPERTIES_LINE.search(text, above, line.start()) is not None


def _may_print_runner_inputs(text: str) -> bool:
    """The screen of Redactor._runner_inputs: a runner's `with:` or `env:` section may stand in `text`."""
    return _passes(text, _RUNNER_INPUTS_SCREEN)


def _runner_values(text: str, section: re.Match[str]) -> Iterator[tuple[int, int]]:
    """The spans of the values named as a secret's (_RUNNER_SECRET_NAME) in the runner's section `section` opens: each
    such entry's value on its line, and the lines after it that are no entry (its value's further lines), where the
    group's end (`##[endgroup]`, the next section) closes the section within MAX_RUNNER_LINES. Without that end (a
    YAML file's `env:` a `cat` printed, a section a piece cuts) only the entries before its first other line count:
    the lines after are the log's own."""
    prefixed = section.end("prefix") > section.start("prefix")
    at, held, contiguous = section.end() + 1, False, True
    spans: list[tuple[int, int]] = []
    kept = 0  # how many of `spans` stand without the group's end
    for _ in range(MAX_RUNNER_LINES):
        if at > len(text):
            break
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        body = _after_tags(text, at, prefixed)
        if _RUNNER_GROUP_END.fullmatch(text, body, end):
            yield from spans
            return
        entry = _RUNNER_ENTRY.fullmatch(text, body, end)
        if entry is not None:
            held = _RUNNER_SECRET_NAME.fullmatch(fold_case(entry.group("name")) + ": ") is not None
            value = (entry.group("value") or "").strip()
            if held and _runner_value(value):
                start = entry.start("value") + len(entry.group("value")) - len(entry.group("value").lstrip())
                spans.append((start, start + len(value)))
        else:
            contiguous = False
            value = text[body:end].strip()
            if held and _runner_value(value):
                start = body + len(text[body:end]) - len(text[body:end].lstrip())
                spans.append((start, start + len(value)))
        kept = len(spans) if contiguous else kept
        at = end + 1
    yield from spans[:kept]


def _runner_value(value: str) -> bool:
    """A runner's printed value that is one: not masked (`***`), not a placeholder (setup-node's `XXXXX-XXXXX-XXXXX`,
    a template's `${{ secrets.X }}`), not already redacted."""
    return _data_value(value) and not set(value) <= {"*", "x", "X", "-", "_", "."}


def _may_print_secret_object(text: str) -> bool:
    """The screen of Redactor._secret_object_data: a Kubernetes Secret's kind and data may stand in `text`."""
    return _passes(text, _SECRET_OBJECT_SCREEN)


# Redactor.may_open_values_across_lines' three screens, each a conjunction of two halves (_may_print_secret_object,
# _may_open_block, _may_print_runner_inputs): literals one of which a text holds, or a pattern it holds within a line.
# One table for both readings: a text's own screen (_passes) and its parts' (AcrossLinesScreen).
_Half = tuple[str, ...] | Regex
_ACROSS_LINES_HALVES: tuple[tuple[_Half, _Half], ...] = (
    (("Secret",), ("ata",)),
    ((": ",), _BLOCK_OPENS),
    (("with:", "env:", "WITH:", "ENV:"), _RUNNER_SECTION),
)
_SECRET_OBJECT_SCREEN, _BLOCK_SCREEN, _RUNNER_INPUTS_SCREEN = range(len(_ACROSS_LINES_HALVES))


def _holds(text: str, half: _Half) -> bool:
    """Whether `text` holds one of a half's literals, or its pattern."""
    if isinstance(half, tuple):
        return any(literal in text for literal in half)
    return half.search(text) is not None


def _passes(text: str, screen: int) -> bool:
    """Whether `text` holds both halves of a screen, its literals first (the pattern searched only where they are)."""
    first, second = _ACROSS_LINES_HALVES[screen]
    return _holds(text, first) and _holds(text, second)


class AcrossLinesScreen:
    """What a text holds of the halves of Redactor.may_open_values_across_lines' conjunctions, each asked once, when
    first needed (opens_across_lines). Each half is a literal or a pattern read within a line, so texts joined by
    newlines hold what their parts hold: a caller screens a run once and the lines above it apart
    (view._unread_around), never the run again with each."""

    __slots__ = ("_held", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._held: dict[tuple[int, int], bool] = {}

    def holds(self, screen: int, half: int) -> bool:
        held = self._held.get((screen, half))
        if held is None:
            held = self._held[screen, half] = _holds(self._text, _ACROSS_LINES_HALVES[screen][half])
        return held


def opens_across_lines(*parts: AcrossLinesScreen) -> bool:
    """may_open_values_across_lines of the parts' texts joined by newlines, from what each part holds: a screen passes
    where one part holds its first half and one its second (a pattern asked only where its literals stand)."""
    return any(
        any(part.holds(screen, 0) for part in parts) and any(part.holds(screen, 1) for part in parts)
        for screen in range(len(_ACROSS_LINES_HALVES))
    )


def _object_ids(lines: list[str]) -> tuple[list[int], set[int]]:
    """For each line, the object whose key it writes: a YAML mapping or a pretty-printed JSON object, told by the
    column its keys start at (a list item's `- ` opens a new one, a deeper key a child's, a `---` line a new document,
    a key the object already has the next object: `kubectl ... --local -o yaml` prints objects back to back; -1 for a
    blank line, a `---` or a JSON closer); and the objects that say `kind: Secret`. One pass: linear."""
    ids: list[int] = []
    secrets: set[int] = set()
    open_: list[tuple[int, int, set[str]]] = []  # (the keys' column, the object's id, its keys), the innermost last
    for line in lines:
        stripped = line.strip()
        if not stripped:  # a blank line (a block scalar's, a gap) closes nothing
            ids.append(-1)
            continue
        column = indent_of(line)
        item = stripped[:2] == "- "  # a list's item: a new mapping, its keys after the dash
        if item:
            stripped = stripped[1:].lstrip()
            column = len(line) - len(stripped)
        key = stripped.partition(":")[0] if ":" in stripped else ""
        if stripped == "---":
            open_.clear()
        while open_ and (open_[-1][0] > column or (open_[-1][0] == column and (item or key in open_[-1][2]))):
            open_.pop()
        if stripped == "---" or stripped[0] in "}]":
            ids.append(-1)
            continue
        if not open_ or open_[-1][0] < column:
            open_.append((column, len(ids), set()))
        if key:
            open_[-1][2].add(key)
        ids.append(open_[-1][1])
        if "Secret" in line and _K8S_SECRET_KIND.fullmatch(line):
            secrets.add(open_[-1][1])
    return ids, secrets


def _data_value(value: str) -> bool:
    """A Secret's data value that is a value: not empty, not a template's (`{{ .Values.x }}`, `${X}`, `<password>`)
    and not already redacted."""
    return (
        bool(value)
        and not (_PLACEHOLDER_VALUE.match(value) or PLACEHOLDER_RE.fullmatch(value))
        and "{{" not in value
        and "${" not in value
    )


MAX_JSON_DEPTH = 64
MAX_JSON_LEVELS = 2  # JSON in a JSON string in a JSON string: deeper, a line of nested escapes costs no more
# A JSON token on one line: a string (its escapes skipped) or a punctuator; numbers and literals are skipped over.
_JSON_TOKEN = Regex(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[{}\[\]:,]')


@dataclass(slots=True)
class _Open:
    """A JSON container open while reading a line (_inline_secret_values)."""

    is_object: bool
    is_data: bool = False  # the `data` or `stringData` object of its parent
    key: str | None = None  # the key whose value comes next (an object's)
    secret: bool = False  # the object said `"kind":"Secret"`
    values: list[tuple[int, int]] = field(default_factory=list)  # the spans of its data's string values


def _inline_secret_values(line: str, level: int = 0, *, cut_secret: bool = False) -> list[tuple[int, int]]:
    """The spans (inside the quotes) of the string values under `data` and `stringData` of each JSON object on `line`
    that says `"kind":"Secret"`, before or after its data, in order; and of the Secrets a string holds as JSON, up to
    MAX_JSON_LEVELS deep (_nested_secret_values). Read by the depth of the line's tokens, so a prefix (a timestamp)
    changes nothing, and an object a cut leaves open counts by what it said before the cut (with `cut_secret`, as a
    Secret: its line said so after the cut)."""
    spans: list[tuple[int, int]] = []
    stack: list[_Open] = []
    for m in _JSON_TOKEN.finditer(line):
        part, top = m.group(), stack[-1] if stack else None
        if level < MAX_JSON_LEVELS and part[0] == '"' and '\\"Secret\\"' in part:
            spans += _nested_secret_values(line, m.start() + 1, m.end() - 1, level + 1)
        if part in ("{", "[") and len(stack) >= MAX_JSON_DEPTH:
            break  # no object kubectl prints nests this deep: a hostile line's braces cost no more
        if part in ("{", "["):
            data = part == "{" and top is not None and top.key in ("data", "stringData")
            stack.append(_Open(is_object=part == "{", is_data=data))
        elif part in ("}", "]"):
            if stack and (closed := stack.pop()).secret:
                spans += closed.values
        elif top is None or not top.is_object:
            continue
        elif part in (":", ","):
            top.key = top.key if part == ":" else None
        elif top.key is None:
            top.key = part[1:-1].strip()  # a nested string's key (_nested_secret_values) has a blank beside it
        elif top.key == "kind" and part[1:-1].strip() == "Secret":
            top.secret = True
        elif top.is_data and len(stack) > 1:
            stack[-2].values.append((m.start() + 1, m.end() - 1))
    spans += [span for open_ in stack if open_.secret or cut_secret for span in open_.values]
    return sorted(spans)


def _nested_secret_values(line: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
    """The Secrets the JSON string `line[start:end]` holds as JSON (kubectl's last-applied-configuration annotation:
    the object as applied, in `kubectl get secret -o json`), read a level down: each escaped quote `\\"` read as
    ` "`, so the offsets stay the line's; a value's span ends before its closing quote's backslash."""
    inner = line[start:end].replace('\\"', ' "')
    return [(start + a, start + b - (line[start + b - 1] == "\\")) for a, b in _inline_secret_values(inner, level)]


# The escapes a tool prints a value in: a JSON string's `\\uXXXX` and `\\/`, a URL's `%XX`; and in a TeamCity service
# message, from its opening on, the message's (teamcityescape: `|n` is the end of a line its value holds, `|'` a quote).
_JSON_URL_ESCAPE = r"\\\\|\\u[0-9a-fA-F]{4}|\\/|\\n|%[0-9a-fA-F]{2}"
_ESCAPE = Regex(_JSON_URL_ESCAPE)
_MESSAGE_ESCAPE = Regex(rf"{_JSON_URL_ESCAPE}|\|(?:0x[0-9a-fA-F]{{4}}|.)")


def _decoded_escape(m: re.Match[str]) -> str:
    """The character an escape stands for (`\\n`, a JSON string's or a repr's newline: the end of a line its value
    holds, as a TeamCity message's `|n`), or the escape itself where decoding it would change what the text means to
    its reader: a quote, a backslash (`\\\\` too: the `n` after it is no escape), another control character (a JSON
    string would end or break), a lone surrogate."""
    escape = m.group(0)
    if escape in ("\\/", "\\n"):
        return "\n" if escape == "\\n" else "/"
    if escape == "\\\\":
        return escape  # an escaped backslash: the `n` or `/` after it is no escape
    if escape[0] == "|":
        return _decoded_message_escape(escape)
    code = int(escape[2:] if escape[0] == "\\" else escape[1:], 16)
    if code < 0x20 or code in (0x22, 0x5C, 0x7F) or 0xD800 <= code <= 0xDFFF or (escape[0] == "%" and code > 0x7E):
        return escape
    return chr(code)


def _decoded_message_escape(escape: str) -> str:
    """A TeamCity message's escape decoded (a newline's `|n` too: a value ends there), but a bar (`||` read as `|` would
    make the next pass read `||n` as a newline), a backslash (it would start a JSON escape), any other control
    character and an escape the format does not know, which stay as printed."""
    code = escape[1:]
    char = chr(int(code[2:], 16)) if len(code) == 6 else ESCAPED.get(code, escape)
    if char in ("|", "\\") or (len(char) == 1 and char not in "\n\r" and (char < " " or "\ud800" <= char <= "\udfff")):
        return escape
    return char


# The escapes that decode to one character wherever they are (_decoded_escape, _decoded_message_escape), looked up
# before the rest: a JSON line's `\\n` and `\\/`, a TeamCity message's `|n` and `|'`, by far the commonest.
_FIXED_ESCAPES = {
    "\\n": "\n",
    "\\/": "/",
    "\\\\": "\\\\",
    "|n": "\n",
    "|r": "\r",
    "|'": "'",
    "|[": "[",
    "|]": "]",
    "||": "||",
}

# Where a decoded line's escapes were (decoded_line): each escape decoded, the offset of its character in the decoded
# line and how many characters shorter it made the line.
_Shrinks = list[tuple[int, int]]


def decoded_text(line: str) -> str:
    """`line` decoded as decoded_line decodes it, without the places of its escapes: one substitution per region, so a
    line of escapes whose decoded reading finds nothing costs no more than a copy (the places are found only where a
    value is mapped back)."""
    message = line.find(OPENS)
    if "\\" not in line and "%" not in line and message < 0:
        return line
    userinfo = _userinfo_spans(line)

    def decoded(m: re.Match[str], offset: int = 0) -> str:
        escape = m.group()
        if escape in _FIXED_ESCAPES:
            return _FIXED_ESCAPES[escape]
        kept = userinfo and escape[0] == "%" and _inside(userinfo, m.start() + offset)
        return escape if kept else _decoded_escape(m)

    if message < 0:
        return _ESCAPE.sub(decoded, line)
    return _ESCAPE.sub(decoded, line[:message]) + _MESSAGE_ESCAPE.sub(lambda m: decoded(m, message), line[message:])


def decoded_line(line: str) -> tuple[str, _Shrinks]:
    """`line` with its JSON and URL escapes decoded where the decoded text is still a valid JSON string (see
    _decoded_escape), a TeamCity message's from its opening on (a value's `|n` a newline), and where they were; one
    level: an escape an escape made (`%2541`) is the next pass's."""
    message = line.find(OPENS)
    if "\\" not in line and "%" not in line and message < 0:
        return line, []
    escapes = _ESCAPE.finditer(line, 0, len(line) if message < 0 else message)
    found = itertools.chain(escapes, _MESSAGE_ESCAPE.finditer(line, message) if message >= 0 else ())
    return _decoded_at(line, found, _decoded_escape)


# A double quote or a backslash percent-encoded (`%22`, `%5C`): a JSON object or a quoted value in a URL's query or a
# form's body (`?state=%7B%22accessToken%22%3A%22V%22%7D`, a JSON string's `%5Cn` in it), which the decoded reading
# keeps (_decoded_escape; it decodes a single quote's `%27`); and a form's space before a quote (`%3A+%22`: Python's
# urlencode writes json.dumps' `": "` so), a `+` anywhere else being as likely a value's.
_ENCODED_QUOTE = Regex(r"%22|%5[cC]|\+(?=%22)")
_ENCODED_QUOTE_HINTS = ("%22", "%5C", "%5c")


def quotes_decoded(line: str) -> tuple[str, _Shrinks]:
    """`line` with its percent-encoded quotes and backslashes decoded (_ENCODED_QUOTE; a URL's userinfo's kept, as
    decoded_line keeps its escapes), and where they were (decoded_line's places)."""
    return _decoded_at(line, _ENCODED_QUOTE.finditer(line), lambda m: _ENCODED_QUOTE_CHARS[m.group()[-1]])


_ENCODED_QUOTE_CHARS = {"+": " ", "2": '"', "c": "\\", "C": "\\"}  # by an escape's last character


def _decoded_at(
    line: str, escapes: Iterable[re.Match[str]], char_of: Callable[[re.Match[str]], str]
) -> tuple[str, _Shrinks]:
    """`line` with each of `escapes` (in order) replaced by `char_of` it, where that is no escape itself (the escape
    kept) and the escape is no `%XX` of a URL's userinfo (_userinfo_spans), and where they were (decoded_line)."""
    out: list[str] = []
    shrinks: _Shrinks = []
    pos = shrunk = 0
    userinfo = _userinfo_spans(line)
    for m in escapes:
        char = char_of(m)
        if char == m.group(0) or (userinfo and m.group(0)[0] == "%" and _inside(userinfo, m.start())):
            continue
        out += [line[pos : m.start()], char]
        shrunk += len(m.group(0)) - 1
        shrinks.append((m.start() - shrunk + len(m.group(0)) - 1, shrunk))
        pos = m.end()
    return ("".join(out) + line[pos:], shrinks) if shrinks else (line, [])


# A URL's userinfo as printed (`://USER:PASSWORD@`, a JSON string's `:\\/\\/` too): its `%XX` escapes are its data (a
# password's `%40`, `%2F`, as git's and curl's docs tell to write them); decoded, they would end it where it does not.
_USERINFO = Regex(r":(?:\\?/){2}[^\s/\\@\"'<>]{1,256}@")


def _userinfo_spans(line: str) -> list[tuple[int, int]]:
    """The spans of `line`'s URLs' userinfo (_USERINFO), in order."""
    if "%" not in line or "/" not in line:
        return []
    return [m.span() for m in _USERINFO.finditer(line)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` is inside one of `spans` (in order, apart)."""
    k = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return k >= 0 and offset < spans[k][1]


def _raw_offset(shrinks: _Shrinks, offset: int) -> int:
    """Where the decoded line's `offset` (a character's start, or the end) is in the line as printed."""
    k = bisect.bisect_left(shrinks, (offset, -1)) - 1  # the last escape whose character is before `offset`
    return offset + (shrinks[k][1] if k >= 0 else 0)


def _literal_starts(plain: str, parts: list[str]) -> list[int] | None:
    """Where each of `parts` (the text a redaction kept between its placeholders, in order) starts in `plain`, each
    placeholder standing for at least one character; None unless there is exactly one such reading (a kept piece
    that also occurs inside a redacted value could be read two ways: the caller then shows the decoded line)."""
    first, last = parts[0], parts[-1]
    if not (plain.startswith(first) and plain.endswith(last)):
        return None
    inner = [k for k in range(1, len(parts) - 1) if parts[k]]
    earliest, pos = [], len(first)
    for k in inner:
        start = plain.find(parts[k], pos + 1)
        if start < 0:
            return None
        earliest.append(start)
        pos = start + len(parts[k])
    latest, end = [], len(plain) - len(last)
    if end < pos + 1:
        return None
    for k in reversed(inner):
        latest.append(start := plain.rfind(parts[k], 0, end - 1))
        end = start
    if earliest != latest[::-1]:
        return None
    starts = [0] * len(parts)
    for k, start in zip(inner, earliest, strict=True):
        starts[k] = start
    starts[-1] = len(plain) - len(last)
    return starts


def _mapped_back(line: str, plain: str, shrinks: _Shrinks, redacted: str) -> tuple[str, list[str]] | None:
    """`line` (as printed) with the spans that `redacted` (its decoded form `plain`, redacted) replaced by placeholders
    replaced by the same placeholders, and those spans as printed; None where the spans cannot be told for sure."""
    parts = PLACEHOLDER_RE.split(redacted)
    starts = _literal_starts(plain, parts)
    if starts is None:
        return None
    placeholders = PLACEHOLDER_RE.findall(redacted)
    kept = [
        (_raw_offset(shrinks, start), _raw_offset(shrinks, start + len(part)))
        for part, start in zip(parts, starts, strict=True)
    ]
    out: list[str] = []
    for k, (a, b) in enumerate(kept):
        out.append(line[a:b])
        if k < len(placeholders):
            out.append(placeholders[k])
    return "".join(out), [line[b:a] for (_, b), (a, _) in itertools.pairwise(kept)]


def _replaced_spans(plain: str, redacted: str) -> list[tuple[int, int, str]] | None:
    """The spans of `plain` that `redacted` (its redaction) replaced, each with its placeholder; None where they cannot
    be told for sure (_literal_starts)."""
    parts = PLACEHOLDER_RE.split(redacted)
    starts = _literal_starts(plain, parts)
    if starts is None:
        return None
    ends = [start + len(part) for part, start in zip(parts, starts, strict=True)]
    return list(zip(ends[:-1], starts[1:], PLACEHOLDER_RE.findall(redacted), strict=True))


def _spans_or_whole(plain: str, redacted: str) -> list[tuple[int, int, str]]:
    """The spans of `plain` its redaction `redacted` replaced (_replaced_spans); where they cannot be told, `plain`
    whole under the redaction's first placeholder (fail closed)."""
    return _replaced_spans(plain, redacted) or [(0, len(plain), PLACEHOLDER_RE.findall(redacted)[0])]


def united(plain: str, first: str, second: str) -> str:
    """`plain` with what either of its two redactions (`first`, `second`: read alone and read with other lines) replaced
    replaced; where the spans cannot be told, the line whole (fail closed)."""
    if second in (plain, first):
        return first
    if first == plain:
        return second
    spans = [_replaced_spans(plain, first), _replaced_spans(plain, second)]
    if spans[0] is None or spans[1] is None:
        return str(PLACEHOLDER_RE.findall(second)[0])
    return _edited(plain, _united(spans[0] + spans[1]))


def _united(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`spans` (of a stream's readings) in order, those that overlap one (its first's placeholder)."""
    out: list[tuple[int, int, str]] = []
    for a, b, placeholder in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
        else:
            out.append((a, b, placeholder))
    return out


def _pieces_of(pieces: list[Piece], spans: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, int, str]]:
    """Each span of a dump's stream as the pieces of its lines show it: (line, start, end, placeholder), its text's
    (where the line has a text column) and its hex digits' or cells' (where the line has them) apart. The pieces are
    in the stream's order: each span reads its own."""
    starts = [piece.start for piece in pieces]
    for a, b, placeholder in spans:
        for piece in pieces[max(0, bisect.bisect_right(starts, a) - 1) : bisect.bisect_left(starts, b)]:
            first, last = max(a, piece.start) - piece.start, min(b, piece.start + piece.count) - piece.start
            if first >= last:
                continue
            if piece.text_at >= 0:
                yield piece.line, piece.text_at + first, piece.text_at + last, placeholder
            if piece.hex_at:
                yield piece.line, piece.hex_at[first][0], piece.hex_at[last - 1][1], placeholder


def _edited(line: str, edits: list[tuple[int, int, str]]) -> str:
    """`line` with each of `edits` (start, end, placeholder; apart) replaced."""
    out: list[str] = []
    pos = 0
    for a, b, placeholder in sorted(edits):
        if a >= pos:
            out += [line[pos:a], placeholder]
            pos = b
    return "".join(out) + line[pos:]


def _one_line(redacted: str) -> str:
    """A decoded line, redacted, shown where its spans cannot be told (_mapped_back): its decoded line ends (a TeamCity
    message's `|n`, `|r`) written back as escapes, so the line stays one line."""
    return redacted.replace("\n", "|n").replace("\r", "|r")


def fold_case(text: str) -> str:
    """Lower case, one character for one: offsets in the result are offsets in `text`.

    `str.lower()` changes the length of a few characters (U+0130 `İ` becomes `i` + a combining
    dot), which would shift every later offset; a character whose lower case is longer is
    replaced by its first character instead, so the rules still see every key name (fail closed).
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else low[:1] for ch in text)


# How far from a fold's edge a rule's hint makes its lines read joined (Redactor._folds_read): a name before its value's
# head (a command's reach, a long value's), a value's prefix after the edge.
_FOLD_BEFORE, _FOLD_AFTER = 256, 64


def _fold_hinted(above: str, below: str) -> bool:
    """Whether a rule's hint is near the edge between two lines of a fold (_FOLD_BEFORE, _FOLD_AFTER); a URL's `://`
    only where an `@` is too (its credentials end at one)."""
    near = above[-_FOLD_BEFORE:] + below[:_FOLD_AFTER]
    hints = _hints_in(near)
    return bool(hints) and (hints != {"://"} or "@" in near)


def _read_at(plain: str, redacted: str, start: int, end: int) -> bool:
    """Whether `redacted` (a line's reading) replaced any of `plain`'s span from `start` to `end` (any, where its spans
    cannot be told)."""
    spans = _replaced_spans(plain, redacted) if redacted != plain else []
    return spans is None or any(a < end and start < b for a, b, _ in spans)


def _below(joined: str, start: int, end: int, edge: int) -> bool:
    """Whether a span of a fold's joined lines reaches below `edge`, from above it or _FOLD_AFTER characters below it
    at most (a value whose name, or a part of it, the wrap left on the line above: `"DB_PASSWORD":` / `"V"`), and what
    it takes below the edge from above it reads as the rest of a value, not as the next line's own word (a key's name
    and its `=` or `:`, a lower-case name, an xtrace's `+`, words: a value that ends its line, `KEY=V` / `OTHER=W`).
    """
    if end <= edge or start >= edge + _FOLD_AFTER:
        return False
    rest = joined[edge:end]
    words = _NAME_BELOW.fullmatch(rest) or not any(c.isalnum() for c in rest) or " " in rest or "\t" in rest
    return start >= edge or not (words or _OWN_KEY.match(joined, edge))


# What a line below a value opens with as its own: a lower-case name (a word, `token_accessor`).
_NAME_BELOW = Regex(r"[a-z_.-]*")


# A line's own key's name and its `=` or `:`, a value after it (base64's padding at a value's end is none).
_OWN_KEY = Regex(r"[A-Za-z_][\w.-]*[=:](?=[^=\s])")


# The rules that read `:`- or tab-separated fields, left out of a fold's joined reading (a line and the next as one).
_FIELD_RULES = frozenset(PLACEHOLDER.format(rule=rule) for rule in ("pgpass_password", "cookie_jar"))
# The rules that read a pipeline's lines together (Redactor._pipelines_read).
_PIPELINE_RULES = tuple(rule for rule in RULES if rule.name == "stdin_credential")
# Each set in one automaton: one pass over a text finds every hint it holds, where one `in` per hint (88) read it 88
# times (a view's redaction asks ~8,000 texts: 0.36 -> 0.06 CPU-s; as fast on a line of two characters).
_EXACT_HINTS = LiteralAutomaton(sorted({h for r in RULES if not r.line_scoped for h in r.hints}))
_FOLDED_HINTS = LiteralAutomaton(sorted({h for r in RULES if r.line_scoped for h in r.hints}))


def _hints_in(text: str) -> set[str]:
    """Every rule's hints present in `text`, found once for all rules (case-sensitive hints on the
    text, line-scoped rules' lower-case hints on its lower-cased form)."""
    return _found(_EXACT_HINTS, text) | _found(_FOLDED_HINTS, fold_case(text))


def _found(hints: LiteralAutomaton[str], text: str) -> set[str]:
    """The hints `text` holds (every occurrence is listed, overlapping ones too: each hint held is among them)."""
    literals = hints.literals
    return {literals[k] for k, _start, _end in hints.find(text, overlapping=True)}


# Where a value's word ends (_sub_lines): a blank, a quote, a list's separator, the text's end.
_WORD_END = Regex(r"[\s\"'`,;]|$")


def _window(text: str, i: int, reach: int) -> tuple[int, int]:
    """The window around a hint at `i`: a few dozen characters before it, the rest of its line
    after it, both bounded (searches bounded by the window: a long line with many hints stays linear)."""
    line_start = text.rfind("\n", max(0, i - _WINDOW_BEFORE), i) + 1
    line_end = text.find("\n", i, i + reach)
    if line_end < 0:
        line_end = min(len(text), i + reach)
    return max(line_start, i - _WINDOW_BEFORE), min(line_end, i + reach)


def _hint_windows(text: str, lowered: str, hint: str, reach: int) -> Iterator[tuple[int, int]]:
    """The union of the windows of every occurrence of `hint`, one span per overlapping run.

    Occurrences inside the current span only extend it, to the end of the last one's window
    (window ends grow with the position), so the loop jumps to that last occurrence: a line
    holding a hint every few characters costs one step per window, not one per occurrence.
    """
    i = lowered.find(hint)
    while i >= 0:
        start, end = _window(text, i, reach)
        while (k := lowered.rfind(hint, i + 1, end + len(hint) - 1)) > i:
            i = k
            end = max(end, _window(text, k, reach)[1])
        yield start, end
        i = lowered.find(hint, max(i + 1, end))


def _opening_quote(m: re.Match[str]) -> str | None:
    """The quote that opened a quoted rule's value: its pattern's last group named `...quote` that matched (a quote
    after a name, or bash's before a word it quotes whole: `'--password=a b'`, `'-pa b'`)."""
    return next((q for name, q in reversed(m.groupdict().items()) if q and name.endswith("quote")), None)


def _whole_quoted(check: Callable[[str], bool] | None, text: str, start: int, quote: str) -> int | None:
    """The end of the quoted value at `start` (quoted_end) where its rule takes it whole: neither blank at either end
    nor opening with a quote, escaped or not (a program's source: `"password: " + pw + " for "`; a JSON string's
    `"password=\\"x\\""`, whose quote is the string's), and `check` (the rule's for the match) passes."""
    end = quoted_end(text, start, quote)
    if end is None or end == start:
        return None
    value = text[start:end]
    if value[0].isspace() or value[-1].isspace() or value.lstrip("\\")[:1] in ("", '"', "'", "`"):
        return None
    return end if check is None or check(value) else None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """One-shot convenience for callers that do not need counts."""
    return Redactor(secrets).redact(text)
