"""Error records carry repository-relative paths, whatever workspace the CI runner used; repeated
errors are grouped."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.paths import BuildDirectories, repo_relative, workspace_roots
from remediate.facts.repo import FileIndex
from tests.facts import framing

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("path", "relative"),
    [
        ("/home/runner/work/pandas/pandas/pandas/core/frame.py", "pandas/core/frame.py"),
        ("/Users/runner/work/app/app/src/main.ts", "src/main.ts"),
        ("D:\\a\\repo\\repo\\src\\lib.rs", "src/lib.rs"),
        ("/__w/tool/tool/cmd/main.go", "cmd/main.go"),
        ("/builds/group/proj/app/models.py", "app/models.py"),
        ("/home/travis/build/owner/repo/lib/x.rb", "lib/x.rb"),
        ("/opt/hostedtoolcache/Python/3.12.1/x64/lib/python3.12/site-packages/a.py", None),
        ("src/already/relative.py", None),
    ],
)
def test_hosted_runner_layouts(path: str, relative: str | None) -> None:
    assert repo_relative(path) == (relative if relative is not None else path)


def test_a_workspace_the_log_names_wins_over_the_default_layout() -> None:
    roots = workspace_roots(["Initialized empty Git repository in /builds/group/sub/proj/.git/"])
    assert roots == ["/builds/group/sub/proj/"]
    assert repo_relative("/builds/group/sub/proj/app/x.py", roots) == "app/x.py"
    jenkins = workspace_roots(["Building in workspace /var/lib/jenkins/workspace/shop"])
    assert repo_relative("/var/lib/jenkins/workspace/shop/src/a.py", jenkins) == "src/a.py"
    assert workspace_roots(["Initialized empty Git repository in /x/.git/"]) == []  # too broad to strip


MYPY = "/home/runner/work/shop/shop/shop/cart.py:12: error: Incompatible return value type  [return-value]\n"
MYPY += "Found 1 error in 1 file (checked 3 source files)\n"
PYTEST = """_________________________________ test_total _________________________________
/home/runner/work/shop/shop/tests/test_cart.py:8: in test_total
    assert total([1, 2]) == 4
E   assert 3 == 4
=========================== short test summary info ============================
FAILED tests/test_cart.py::test_total - assert 3 == 4
"""


def test_records_from_a_github_runner_are_repo_relative(tmp_path: Path) -> None:
    f = extract_facts(framing.github_actions("mypy shop", MYPY))
    assert [e.file for e in f.errors] == ["shop/cart.py"]
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "cart.py").write_text("x = 1\n")
    with_source = extract_facts(framing.github_actions("mypy shop", MYPY), source=tmp_path)
    assert [e.file for e in with_source.errors] == ["shop/cart.py"]
    assert with_source.repo is not None and with_source.repo.files_named == ["shop/cart.py"]


def test_a_gitlab_nested_group_workspace_read_from_the_log() -> None:
    out = "Initialized empty Git repository in /builds/acme/team/shop/.git/\n" + MYPY.replace(
        "/home/runner/work/shop/shop/", "/builds/acme/team/shop/"
    )
    f = extract_facts(framing.gitlab("mypy shop", out))
    assert [e.file for e in f.errors] == ["shop/cart.py"]


def test_repeated_errors_are_one_group_with_the_first_instance_whole() -> None:
    f = extract_facts(Path(__file__).parent / "data" / "pytest_grouped.txt", budget_tokens=400)
    assert len(f.errors) == 1
    first = f.errors[0]
    assert first.code == "DeprecationWarning" and first.repeats == 11 and first.also_at == ["tests/test_dep.py:7"]
    assert "test_uses_old_api[0]" in first.message  # the first instance, not a later one
    assert "E       DeprecationWarning: old_api is deprecated, use new_api" in f.excerpt
    assert len(f.failing_tests) == 12


def test_a_path_printed_relative_to_a_subdirectory_is_found_in_the_source(tmp_path: Path) -> None:
    # go test names files relative to their package, JUnit by class file, a tool run in a
    # sub-package relative to it: the one file of the source whose path ends like it is taken.
    for rel in (
        "calc/calc_test.go",
        "src/test/java/com/ex/AppTest.java",
        "packages/web/src/app.ts",
        "a/util.py",
        "b/util.py",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    (tmp_path / "node_modules" / "dep").mkdir(parents=True)
    (tmp_path / "node_modules" / "dep" / "app.ts").write_text("x\n")
    index = FileIndex(tmp_path)
    assert index.find("calc_test.go") == "calc/calc_test.go"
    assert index.find("AppTest.java") == "src/test/java/com/ex/AppTest.java"
    assert index.find("src\\app.ts") == "packages/web/src/app.ts"  # node_modules is not the project's
    assert index.find("util.py") is None  # two fit equally: no guess
    assert index.find("b/util.py") == "b/util.py"
    assert index.find("missing.py") is None


def test_go_test_records_name_the_package_file_when_the_source_is_given(tmp_path: Path) -> None:
    (tmp_path / "calc").mkdir()
    (tmp_path / "calc" / "calc_test.go").write_text("package calc\n")
    f = extract_facts((DATA / "go_test.txt").read_bytes(), source=tmp_path)
    assert "calc/calc_test.go" in [e.file for e in f.errors]
    assert f.repo is not None and f.repo.files_named == ["calc/calc_test.go"]


# ---------------------------------------------------------------------- build directories

SHAPES = ("bare", "github_actions", "gitlab", "jenkins", "travis", "circleci")


def _framed(shape: str, command: str, output: str) -> bytes:
    return output.encode() if shape == "bare" else getattr(framing, shape)(command, output)


@pytest.mark.parametrize("shape", SHAPES)
def test_paths_printed_from_an_out_of_tree_make_directory_are_repo_relative(shape: str) -> None:
    # Real GNU make 4.3 + gcc 12 output: `make -k` at the root of /home/runner/work/calc/calc runs
    # `make -C lib/build` and `make -C build`, each compiling `../src/<file>.c`. The same printed
    # path names two files; the directory make says it entered tells which.
    out = (DATA / "make_recursive_out_of_tree.txt").read_text()
    f = extract_facts(_framed(shape, "make -k", out))
    assert [(e.file, e.line, e.column) for e in f.errors] == [("lib/src/util.c", 1, 25), ("src/main.c", 1, 25)]


@pytest.mark.parametrize(
    ("name", "command"),
    [("meson_compile.txt", "meson compile -C build"), ("ninja_relative_builddir.txt", "ninja -C b2")],
)
def test_paths_printed_from_a_ninja_build_directory_are_repo_relative(name: str, command: str) -> None:
    # ninja names the directory absolute (meson compile -C build) or as given (ninja -C b2);
    # the compiler's `../src/main.c` is relative to it.
    out = (DATA / name).read_text()
    for log in (out.encode(), framing.github_actions(command, out), framing.gitlab(command, out)):
        assert [e.file for e in extract_facts(log).errors] == ["src/main.c"]


def test_with_the_source_a_joined_build_path_is_the_file_it_names(tmp_path: Path) -> None:
    for rel in ("src/main.c", "lib/src/util.c"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("int x;\n")
    f = extract_facts((DATA / "make_recursive_out_of_tree.txt").read_bytes(), source=tmp_path)
    assert [e.file for e in f.errors] == ["lib/src/util.c", "src/main.c"]
    assert f.repo is not None and f.repo.files_named == ["lib/src/util.c", "src/main.c"]


def _tree(root: Path, *files: str) -> Path:
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("int x;\n")
    return root


@pytest.mark.parametrize("shape", SHAPES)
def test_a_path_printed_while_sibling_makes_are_open_is_kept_as_printed(shape: str) -> None:
    # Real GNU make 4.3 + gcc 12 output of `make -j2 -k`: the top Makefile runs `make -C lib/build`
    # and `make -C app/build` at once; both are entered before either leaves, and both compilers'
    # `../src/...` errors print while both are open. Either directory may have printed each path:
    # no guess (the latest entered would make lib's error `app/src/util.c`).
    out = (DATA / "make_parallel_siblings.txt").read_text()
    f = extract_facts(_framed(shape, "make -j2 -k", out))
    assert [(e.file, e.line) for e in f.errors] == [("../src/util.c", 1), ("../src/main.c", 1)]


def test_with_the_source_a_sibling_path_is_the_reading_that_exists(tmp_path: Path) -> None:
    log = (DATA / "make_parallel_siblings.txt").read_bytes()
    f = extract_facts(log, source=_tree(tmp_path / "a", "lib/src/util.c", "app/src/main.c"))
    assert [e.file for e in f.errors] == ["lib/src/util.c", "app/src/main.c"]
    # Both readings of `../src/util.c` exist: still no guess, the path stays as printed.
    f = extract_facts(log, source=_tree(tmp_path / "b", "lib/src/util.c", "app/src/util.c", "app/src/main.c"))
    assert [e.file for e in f.errors] == ["../src/util.c", "app/src/main.c"]


def test_build_directories_of_sibling_makes() -> None:
    lines = [
        "make: Entering directory '/ws'",
        "make[1]: Entering directory '/ws/a/build'",
        "make[1]: Entering directory '/ws/b/build'",  # make -j: a sibling, not inside /ws/a/build
        "../x.c:1:1: error: e",
        "make[2]: Entering directory '/ws/b/build/sub'",
        "../y.c:1:1: error: e",
        "make[2]: Leaving directory '/ws/b/build/sub'",
        "make[1]: Leaving directory '/ws/a/build'",
        "../z.c:1:1: error: e",
        "make[1]: Leaving directory '/ws/b/build'",
        "../w.c:1:1: error: e",
    ]
    dirs = BuildDirectories(enumerate(lines, start=1))
    assert dirs.at(4) == ("/ws/a/build", "/ws/b/build")
    assert dirs.choices("../x.c", 4) == ["/ws/a/x.c", "/ws/b/x.c"]
    assert dirs.resolve("../x.c", 4) == "../x.c"  # two readings: as printed
    assert dirs.choices("../../x.c", 4) == ["/ws/x.c"]  # both readings name one file
    assert dirs.resolve("../y.c", 6) == "/ws/b/build/y.c"  # one directory at the innermost level
    assert dirs.resolve("../z.c", 9) == "/ws/b/z.c"  # /ws/a/build left; its sibling is still open
    assert dirs.resolve("../w.c", 11) == "/w.c"
    assert dirs.at(12) == ("/ws",)


def test_build_directories_resolve_makes_each_reading_relative_and_asks_the_tree() -> None:
    # One place makes a record's path repository-relative: the workspace's `relative` applies to
    # every reading and to the path kept as printed; `find` picks the one reading the tree holds.
    lines = [
        "make[1]: Entering directory '/home/travis/build/o/r/a/build'",
        "make[1]: Entering directory '/home/travis/build/o/r/b/build'",
        "../x.c:1:1: error: e",
    ]
    dirs = BuildDirectories(enumerate(lines, start=1))
    relative = partial(repo_relative, roots=())
    assert dirs.resolve("../x.c", 3, relative) == "../x.c"  # two readings, no tree: as printed
    tree = {"b/x.c"}
    assert dirs.resolve("../x.c", 3, relative, lambda p: p if p in tree else None) == "b/x.c"
    assert dirs.resolve("../x.c", 3, relative, lambda p: None) == "../x.c"  # neither exists
    assert dirs.resolve("/home/travis/build/o/r/c.c", 3, relative) == "c.c"  # printed whole: relative


def test_build_directories_follow_make_nesting_and_ninja() -> None:
    lines = [
        "make[1]: Entering directory '/ws/a'",
        "make[2]: Entering directory `/ws/a/build'",  # an older make's quotes
        "../x.c:1:1: error: e",
        "make[2]: Leaving directory `/ws/a/build'",
        "../y.c:1:1: error: e",
        "make[1]: Leaving directory '/ws/a'",
        "../z.c:1:1: error: e",
        "ninja: Entering directory `out'",
        "ninja: Entering directory `out2/sub'",
        "../w.c:1:1: error: e",
    ]
    dirs = BuildDirectories(enumerate(lines, start=1))
    assert dirs.resolve("../x.c", 3) == "/ws/a/x.c"
    assert dirs.resolve("../y.c", 5) == "/ws/y.c"  # back in /ws/a after the inner make left
    assert dirs.resolve("../z.c", 7) == "../z.c"  # no directory in effect: as printed
    assert dirs.resolve("../w.c", 10) == "out2/w.c"  # the latest ninja directory
    assert dirs.resolve("../../../w.c", 10) == "../../../w.c"  # leaves the tree it was joined to
    assert dirs.resolve("src/w.c", 10) == "src/w.c"  # only `../` paths are relative to the build
    assert dirs.resolve("..\\w.c", 10) == "out2/w.c"
    assert dirs.resolve("../x.c", None) == "../x.c"


def test_a_groups_other_places_are_repo_relative_like_its_record() -> None:
    # Real gcc 12 output: one missing `;` in three functions of one file, named by absolute path.
    f = extract_facts(framing.github_actions("make", (DATA / "gcc_absolute_repeated.txt").read_text()))
    (only,) = f.errors
    assert (only.file, only.line, only.repeats) == ("src/a.c", 1, 2)
    assert only.also_at == ["src/a.c:2", "src/a.c:3"]
