"""Whose code a package pip builds is, the project's own or a third party's, from what pip says of where each package
comes from before it builds it. One reading for pip's parser (parsers.deps) and for the reading where that parser is
left out (installedbuilds), so both give one answer.

The project's own: a folder or an archive of its tree, which pip names by its path (`Processing /home/runner/work/x/x`,
`Processing ./vendor/x`, an editable checkout of it: `Obtaining file:///home/runner/work/x/x`). A third party's: one
pip fetched, from an index (`Collecting x`) or a VCS repository (`Obtaining x from git+https://...#egg=x`, what
`-e git+URL#egg=x` prints): pip clones that repository into its own `src` folder at the ref the requirement pins, so
its code is the repository's, and what the project can change is the requirement (the ref, the URL), not that code;
an archive pip downloads (`Collecting https://host/x-1.0.tar.gz`) is so too. A job installing its own repository or
archive by its URL reads the same way: pip's words do not tell that URL from another's.
A build pip shows with no local source named before it is read as fetched: pip says which source is local, and without
its word the package is not known to be the project's.
pip 21.3 on prepares a PEP 517 package's metadata (`Preparing metadata (pyproject.toml)`, `Preparing editable metadata
(pyproject.toml)`) right after naming its source and before it knows its name: a backend that builds to answer
(meson-python runs meson and ninja there) fails there, under no `Building wheel for x`. That build is the source pip
named last (`prepare`): the project's own after `Processing ./.` or `Obtaining file:///...`, a fetched one's after
`Collecting x`.

Each pattern is anchored at a line's start and tried after a prefix test: linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from remediate.facts.lazyregex import Regex

# pip fetching a package from an index (`Collecting x`, `Collecting x==1.0 (from -r requirements.txt (line 2))`)
PIP_COLLECTING = r"^Collecting (?P<name>[A-Za-z0-9][\w.-]*)"
_COLLECTING = Regex(PIP_COLLECTING)
# pip collecting a requirement given by its URL alone prints the URL, no name: a VCS URL before pip 21 (pip 20.3:
# `Collecting git+file:/srv/acme/cartext.git@master (from -r requirements.txt (line 2))`), an sdist's URL in every
# version (20.3 and 24.3: `Collecting http://host/cartext-0.1.0.tar.gz`; a wheel's they name, `Collecting x==1.0`).
# The package is the URL's `#egg=` name, else its repository's or its archive's (see _url_name)
_COLLECTING_URL = Regex(r"^Collecting (?P<url>(?:git|hg|svn|bzr)\+\S+|https?://\S+)")
_EGG = Regex(r"(?:^|&)egg=(?P<name>[A-Za-z0-9][\w.-]*)")
# an sdist's file name, `NAME-VERSION.EXT` (the version the part after the last hyphen: a hyphen is in no normalized
# version, `-` in a name is kept: `cart-ext-0.1.0.tar.gz`)
_SDIST = Regex(r"^(?P<name>[A-Za-z0-9][\w.-]*?)-\d[\w.!+]*\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|zip)$")
# a forge's archive of a repository at a ref (the host and path), which names the repository, not the package's
# version: GitHub's, Gitea's and Forgejo's `HOST/OWNER/REPO/archive/REF.zip` (`/archive/refs/heads/main.zip` too),
# GitLab's `HOST/GROUP[/SUB]/REPO/-/archive/REF/REPO-REF.tar.gz`, `codeload.github.com/OWNER/REPO/zip/REF`: the package
# is the repository's name (as for a VCS URL), never the ref's file name read as an sdist's (`release-2.0.zip`)
_FORGE_ARCHIVE = Regex(
    r"^[^/]+/[^/]+/(?P<name>[A-Za-z0-9][\w.-]*)/archive/|^[^/]+/(?:[^/]+/)+(?P<lab>[A-Za-z0-9][\w.-]*)/-/archive/|"
    r"^codeload\.github\.com/[^/]+/(?P<coded>[A-Za-z0-9][\w.-]*)/"
)
# pip's words that the next package comes from the project's tree: a path, not a name (pip names it when it builds)
_LOCAL_SOURCE = Regex(r"^(?:Processing \.{0,2}/|Obtaining file://)")
# an editable VCS requirement pip clones (`Obtaining x from git+https://...#egg=x`; a local checkout is `file://`)
_VCS_CHECKOUT = Regex(r"^Obtaining (?P<name>[A-Za-z0-9][\w.-]*) from (?!file:)")
# the line starts that may name a source: the prefix test before the patterns
SOURCE_STARTS = ("Processing ", "Obtaining ", "Collecting ")
# the name a build of the project's own tree is known by before pip names it (`prepare`): no package is named so
OWN_TREE = "<own tree>"


def package_name(name: str) -> str:
    """A distribution's name as pip compares them (PEP 503), without the punctuation pip prints after it."""
    return re.sub(r"[-_.]+", "-", name.strip(",.:'\"`")).lower()


def _url_name(url: str) -> str:
    """The package a URL requirement names: its `#egg=` fragment, else for a VCS URL its repository's last path part
    without the ref pip checks out and `.git` (`git+https://github.com/acme/cartext.git@v1.2` -> `cartext`; a
    repository named apart from its package is not told here), for an archive's its sdist file name's NAME
    (`https://host/cartext-0.1.0.tar.gz` -> `cartext`), for a forge's archive of a repository its repository's
    (`https://github.com/acme/cartext/archive/main.zip` -> `cartext`). "" when the URL names none (no path; an archive
    named with no version outside a forge's shape, `https://host/main.zip`)."""
    url, _, fragment = url.partition("#")
    if (egg := _EGG.compiled.search(fragment)) is not None:
        return egg["name"]
    scheme, sep, rest = url.partition("://")
    path = rest.partition("/")[2] if sep else scheme.partition(":")[2]  # without the host (`file:/path` has none)
    if "+" not in url.partition(":")[0]:  # an archive: a VCS URL's scheme is `git+https`, `git+file` and the like
        if sep and (forge := _FORGE_ARCHIVE.compiled.match(rest)) is not None:
            return forge["name"] or forge["lab"] or forge["coded"]
        sdist = _SDIST.compiled.match(path.rpartition("/")[2])
        return sdist["name"] if sdist is not None else ""
    return path.partition("@")[0].rstrip("/").rpartition("/")[2].removesuffix(".git")


@dataclass
class PipSources:
    """pip's words on where packages come from, read line by line (`read`), and whose each build is (`build`)."""

    local: bool = False  # pip named a source in the project's tree
    fetched: set[str] = field(default_factory=set)  # packages pip fetched: from an index, a VCS repository, a URL
    built: dict[str, bool] = field(default_factory=dict)  # packages pip built: whether each is the project's own
    last: str | None = None  # the source pip named last: a fetched package's name, OWN_TREE, or "" (none known)

    def read(self, text: str) -> None:
        """Take what a line of pip's says of a source, if it says any."""
        if not text.startswith(SOURCE_STARTS):
            return
        if text.startswith("Collecting "):
            if (url := _COLLECTING_URL.match(text)) is not None:
                self.last = package_name(_url_name(url["url"]))
            elif (m := _COLLECTING.match(text)) is not None:
                self.last = package_name(m["name"])
            else:
                return
            if self.last:
                self.fetched.add(self.last)
            return
        if (m := _VCS_CHECKOUT.match(text)) is not None:
            self.last = package_name(m["name"])
            self.fetched.add(self.last)
        elif _LOCAL_SOURCE.match(text) is not None:
            self.local, self.last = True, OWN_TREE

    def prepare(self) -> str | None:
        """The package whose metadata pip says it prepares (the module's note): the source it named last, recorded
        as built (OWN_TREE's own); None when pip named none."""
        if not self.last:
            return None
        self.built[self.last] = self.last == OWN_TREE
        return self.last

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
