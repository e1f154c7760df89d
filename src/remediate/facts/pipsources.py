"""Whose code a package pip builds is, the project's own or a third party's, from what pip says of where each package
comes from before it builds it. One reading for pip's parser (parsers.deps) and for the reading where that parser is
left out (installedbuilds), so both give one answer.

The project's own: a folder or an archive of its tree, which pip names by its path (`Processing /home/runner/work/x/x`,
`Processing ./vendor/x`, an editable checkout of it: `Obtaining file:///home/runner/work/x/x`). A third party's: one
pip fetched, from an index (`Collecting x`) or a VCS repository (`Obtaining x from git+https://...#egg=x`, what
`-e git+URL#egg=x` prints): pip clones that repository into its own `src` folder at the ref the requirement pins, so
its code is the repository's, and what the project can change is the requirement (the ref, the URL), not that code.
A job installing its own repository by its URL reads the same way: pip's words do not tell that URL from another's.
A build pip shows with no local source named before it is read as fetched: pip says which source is local, and without
its word the package is not known to be the project's.

Each pattern is anchored at a line's start and tried after a prefix test: linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.lazyregex import Regex

# pip fetching a package from an index (`Collecting x`, `Collecting x==1.0 (from -r requirements.txt (line 2))`)
PIP_COLLECTING = r"^Collecting (?P<name>[A-Za-z0-9][\w.-]*)"
_COLLECTING = Regex(PIP_COLLECTING)
# pip before 21 collecting a requirement given by its VCS URL alone prints the URL, no name (pip 20.3: `Collecting
# git+file:/srv/acme/cartext.git@master (from -r requirements.txt (line 2))`); the package is the URL's `#egg=` name,
# else its repository's (see _url_name)
_COLLECTING_URL = Regex(r"^Collecting (?:git|hg|svn|bzr)\+(?P<url>\S+)")
_EGG = Regex(r"(?:^|&)egg=(?P<name>[A-Za-z0-9][\w.-]*)")
# pip's words that the next package comes from the project's tree: a path, not a name (pip names it when it builds)
_LOCAL_SOURCE = Regex(r"^(?:Processing \.{0,2}/|Obtaining file://)")
# an editable VCS requirement pip clones (`Obtaining x from git+https://...#egg=x`; a local checkout is `file://`)
_VCS_CHECKOUT = Regex(r"^Obtaining (?P<name>[A-Za-z0-9][\w.-]*) from (?!file:)")
# the line starts that may name a source: the prefix test before the patterns
SOURCE_STARTS = ("Processing ", "Obtaining ", "Collecting ")


def package_name(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503), without the punctuation pip prints after it."""
    return re.sub(r"[-_.]+", "-", name.strip(",.:'\"`")).lower()


def _url_name(url: str) -> str:
    """The package a VCS URL requirement names: its `#egg=` fragment, else its repository's last path part without
    the ref pip checks out and `.git` (`https://github.com/acme/cartext.git@v1.2` -> `cartext`; a repository named
    apart from its package is not told here). "" when the URL has no path."""
    url, _, fragment = url.partition("#")
    if (egg := _EGG.compiled.search(fragment)) is not None:
        return egg["name"]
    scheme, sep, rest = url.partition("://")
    path = rest.partition("/")[2] if sep else scheme.partition(":")[2]  # without the host (`file:/path` has none)
    return path.partition("@")[0].rstrip("/").rpartition("/")[2].removesuffix(".git")


@dataclass
class PipSources:
    """pip's words on where packages come from, read line by line (`read`), and whose each build is (`build`)."""

    local: bool = False  # pip named a source in the project's tree
    fetched: set[str] = field(default_factory=set)  # packages pip fetched: from an index or a VCS repository
    built: dict[str, bool] = field(default_factory=dict)  # packages pip built: whether each is the project's own

    def read(self, text: str) -> None:
        """Take what a line of pip's says of a source, if it says any."""
        if not text.startswith(SOURCE_STARTS):
            return
        if text.startswith("Collecting "):
            if (url := _COLLECTING_URL.match(text)) is not None:
                if name := _url_name(url["url"]):
                    self.fetched.add(package_name(name))
            elif (m := _COLLECTING.match(text)) is not None:
                self.fetched.add(package_name(m["name"]))
            return
        self.local = self.local or _LOCAL_SOURCE.match(text) is not None
        if (m := _VCS_CHECKOUT.match(text)) is not None:
            self.fetched.add(package_name(m["name"]))

    def build(self, name: str) -> bool:
        """Whether the package pip says it builds next (`Building wheel for x`, `Running setup.py develop for x`) is
        the project's own: a local source was named before it and the package was never fetched (the module's note)."""
        own = self.local and package_name(name) not in self.fetched
        self.built[package_name(name)] = own
        return own

    @property
    def own(self) -> set[str]:
        """The packages pip built that are the project's own."""
        return {name for name, own in self.built.items() if own}
