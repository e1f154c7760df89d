"""The hosts a failing test's section names in its frames, for a client whose error names none.

Python's urllib says what it met without the host: `urllib.error.URLError: <urlopen error [Errno -2] Name or service
not known>`, `<urlopen error [Errno 111] Connection refused>`, `urllib.error.HTTPError: HTTP Error 503: Service
Unavailable`, and so does axios (`AxiosError: Request failed with status code 502`). The host is in the test's own
section, in the frames above the error: pytest prints a frame's arguments (`host = 'api.invalid', h = <...>`, from
urllib's do_open; `host = '127.0.0.1:18599'`) and its source (`urlopen(f"http://127.0.0.1:18503/rates/{c}")`), Jest
its code frame (axios.get of the template literal `http://127.0.0.1:18502/quotes/${symbol}`), unittest the source
line of each frame (`urlopen(f"http://api.invalid/v1/rates/{currency}", timeout=5)`). Read only there:
elsewhere in the log a URL may be anyone's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from remediate.facts.lazyregex import Regex
from remediate.facts.meaning.network import Host, whose
from remediate.facts.runnersections import FAILING, FRAMES_LINES, ends, heading

# A host in a frame: pytest's argument `host = 'x'` (a port dropped: urllib's req.host keeps it), a quoted URL's
# authority (a string in the source: '', "", f"", a template literal)
_FRAME_HOST = Regex(
    r"(?:^|, )host = '(?P<arg>\[[0-9A-Fa-f:.]{2,45}\]|[\w.-]{1,253})(?::\d{1,5})?'|"
    r"[\"'`](?:https?|wss?)://(?:[^@/\s\"'`]{0,200}@)?(?P<url>\[[0-9A-Fa-f:.]{2,45}\]|[\w.-]{1,253})",
    needles="host = '|://",
)


def test_sections(lines: Sequence[str]) -> Iterator[Sequence[str]]:
    """Each failing test's section in `lines` (a heading of runnersections.FAILING up to the next heading, a line
    that ends any of them, or FRAMES_LINES), its heading left out."""
    start: int | None = None
    for i, text in enumerate(lines):
        head = _heads_test(text)
        if start is not None and (head or ends(FAILING, text) or i - start > FRAMES_LINES):
            yield lines[start + 1 : i]
            start = None
        if head:
            start = i
    if start is not None:
        yield lines[start + 1 : start + 1 + FRAMES_LINES]


def _heads_test(text: str) -> bool:
    """Whether `text` heads a failing test's section (runnersections.FAILING): one whose heading names no test
    (unittest.loader's verdict on a module it could not import) heads none."""
    headed = heading(FAILING, text)
    return headed is not None and headed[1]["name"] is not None


def frame_hosts(section: Sequence[str]) -> tuple[Host, ...]:
    """The hosts the section's frames name (_FRAME_HOST), in order, each once."""
    names: dict[str, None] = {}
    for text in section:
        for m in _FRAME_HOST.finditer(text):
            names.setdefault(m["arg"] or m["url"], None)
    return tuple(Host(name, whose(name)) for name in names)
