"""The project's own modules, as its manifests name them (facts/manifests.py), and what they decide with the
source tree: a missing module under one of them is the project's own (the build's), a third party's stays a
dependency. Logs are real tool output (tests/facts/data/README.md); the trees are made in tmp_path as the ones
that printed them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from remediate.facts import extract_facts
from remediate.facts.manifests import MAX_MANIFEST_BYTES, own_modules, read_manifest
from remediate.facts.meaning import missing_of
from remediate.facts.repo import repo_tree
from remediate.models import Category, OwnModule
from remediate.triage import rule_verdict
from remediate.triage.patterns import OWN_MODULE
from tests.facts.test_meaning import read, travis


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _names(root: Path) -> set[tuple[str, str]]:
    return {(m.name, m.ecosystem) for m in own_modules(root)}


_GO_SHOP = {"tax/tax.go": 'package tax\n\nimport "example.com/shop/rates"\n', "cart/cart.go": "package cart\n"}


def test_each_manifest_names_the_modules_the_code_imports(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "go.mod": "// the shop\nmodule example.com/shop // its path\n\ngo 1.19\n",
            "go.work": "go 1.19\n\nuse (\n\t.\n\t./tools // generators\n)\nuse ../elsewhere\n",
            "tools/go.mod": 'module "example.com/shoptools"\n',
            "Cargo.toml": '[workspace]\nmembers = ["crates/*", "../outside"]\n',
            "crates/rates/Cargo.toml": '[package]\nname = "shop-rates"\n[lib]\nname = "rates_core"\n',
            "crates/notes.txt": "a file, no member",
            "package.json": '{"name": "shop", "workspaces": {"packages": ["packages/*"]}}',
            "packages/rates/package.json": '{"name": "@shop/rates"}',
            "pyproject.toml": '[project]\nname = "Shop-Cart"\n',
            "src/shopcart/__init__.py": "",
            "src/shopcli.py": "",
            "src/data/readme.txt": "no package",
        },
    )
    assert _names(tmp_path) == {
        ("example.com/shop", "go"),
        ("example.com/shoptools", "go"),
        ("shop_rates", "cargo"),
        ("rates_core", "cargo"),
        ("shop", "npm"),
        ("@shop/rates", "npm"),
        ("shop_cart", "python"),
        ("shopcart", "python"),
        ("shopcli", "python"),
    }
    assert OwnModule(name="rates_core", manifest="crates/rates/Cargo.toml", ecosystem="cargo") in own_modules(tmp_path)


@pytest.mark.parametrize(
    "files",
    [
        {"Cargo.toml": "[package\nname = 'shop'"},  # TOML that does not parse
        {"package.json": '["shop"]'},  # JSON, but no object
        {"package.json": '{"name": 7, "workspaces": "packages/*"}'},  # the wrong types
        {"pyproject.toml": "[project]\nname = 'shop'\n", "src": "a file, not the layout's folder"},
        {"go.mod": "\x00\xff\xfe binary"},
        {"go.mod": "go 1.19\n"},  # no module directive
        {"package.json": '{"workspaces": ["a\\u0000b", "packages/*\\u0000"]}'},  # NUL in a pattern
        {"Cargo.toml": '[workspace]\nmembers = ["a\\u0000b"]\n'},
    ],
)
def test_a_broken_manifest_names_nothing_and_raises_nothing(tmp_path: Path, files: dict[str, str]) -> None:
    _write(tmp_path, files)
    assert {name for name, _ in _names(tmp_path)} <= {"shop"}
    assert not any(eco in {"cargo", "npm", "go"} for _, eco in _names(tmp_path))


def test_dependency_names_no_path_can_hold_read_nothing_and_raise_nothing(tmp_path: Path) -> None:
    # a dependency's name becomes a path under node_modules where the lockfile names no bins (Yarn, pnpm): a NUL in
    # it made pathlib raise ValueError out of extract_facts; a name climbing out of the source is not followed
    deps = {"a\u0000b": "1", "../../outside": "1", "typescript": "5"}
    _write(tmp_path / "outside", {"package.json": '{"bin": {"leak": "x.js"}}'})
    repo = _write(
        tmp_path / "repo", {"package.json": json.dumps({"name": "shop", "dependencies": deps}), "yarn.lock": ""}
    )
    _write(repo / "node_modules" / "typescript", {"package.json": '{"bin": {"tsc": "bin/tsc"}}'})
    tree = repo_tree(repo)
    assert "tsc" in tree.commands and "leak" not in tree.commands
    assert extract_facts(b"/bin/sh: 1: tsc: not found\n", source=repo).repo is not None


def test_a_manifest_outside_the_source_or_past_the_bound_is_not_read(tmp_path: Path) -> None:
    outside = _write(tmp_path / "other", {"go.mod": "module example.com/other\n"})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "go.mod").symlink_to(outside / "go.mod")
    assert _names(repo) == set()
    (repo / "go.mod").unlink()
    _write(repo, {"go.mod": "// " + "x" * MAX_MANIFEST_BYTES + "\nmodule example.com/late\n"})
    assert _names(repo) == set()


def test_a_workspace_pattern_lists_no_folder_a_symlink_leads_out_of_the_source_to(tmp_path: Path) -> None:
    outside = _write(tmp_path / "other", {"lib/package.json": '{"name": "outside-lib"}\n'})
    repo = _write(tmp_path / "repo", {"package.json": '{"name": "shop", "workspaces": ["escape/*", "packages/**"]}\n'})
    _write(repo / "packages", {"rates/package.json": '{"name": "@shop/rates"}\n'})
    (repo / "escape").symlink_to(outside, target_is_directory=True)
    (repo / "packages" / "out").symlink_to(outside, target_is_directory=True)
    listed: list[str] = []
    watching = True

    def hook(event: str, args: tuple[object, ...]) -> None:
        if watching and event == "os.scandir" and args and isinstance(args[0], (str, Path)):
            listed.append(str(args[0]))

    sys.addaudithook(hook)  # stays: `watching` turns it off
    try:
        names = _names(repo)
    finally:
        watching = False
    assert names == {("shop", "npm"), ("@shop/rates", "npm")}
    assert not [p for p in listed if "escape" in p or "other" in p or p.endswith("/out")], listed


def test_a_relative_or_symlinked_source_s_own_manifests_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--source .` or a symlink to the project: its manifests are inside it once both are resolved
    pyproject = '[project]\nname = "shop"\n[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    repo = _write(tmp_path / "repo", {"pyproject.toml": pyproject, "src/shop/__init__.py": ""})
    (tmp_path / "link").symlink_to(repo, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for source in (Path("repo"), tmp_path / "link"):
        assert read_manifest(source, "pyproject.toml") == pyproject
        assert repo_tree(source).editable  # pytest's pythonpath holds the package


@pytest.mark.parametrize(
    ("data", "command", "go_mod", "category", "decided"),
    [
        # the module's own package, moved or never committed: the build's, decided as where go's report lines show
        # the main module (the facts' category reads the tree too); without go.mod (the log alone shows no package
        # of the main module) go_unplaced leaves it a dependency, undecided
        ("gobuild119_own_package_missing.txt", "go build ./...", True, Category.BUILD, True),
        ("govet119_own_package_missing.txt", "go vet ./...", True, Category.BUILD, True),
        ("gobuild119_own_package_missing.txt", "go build ./...", False, Category.DEPENDENCY, False),
        # another host's module go.mod lacks: a dependency, decided once go.mod tells the main module's path
        ("gobuild119_third_party_unplaced.txt", "go build ./...", True, Category.DEPENDENCY, True),
        ("gobuild119_third_party_unplaced.txt", "go build ./...", False, Category.DEPENDENCY, False),
    ],
)
def test_go_mod_s_module_tells_a_missing_package_of_the_main_module_from_another_s(
    tmp_path: Path, data: str, command: str, go_mod: bool, category: Category, decided: bool
) -> None:
    # real Go 1.19 output in module example.com/shop: `tax/tax.go:3:8: no required module provides package ...`
    _write(tmp_path, {**_GO_SHOP, **({"go.mod": "module example.com/shop\n\ngo 1.19\n"} if go_mod else {})})
    facts = extract_facts(travis(command, read(data)), source=tmp_path)
    assert {e.category for e in facts.errors} == {category}
    verdict = rule_verdict(facts)
    assert verdict.decided is decided and (verdict.category is category or not decided), verdict.reason


_CARGO = {
    "crates/shop/Cargo.toml": '[package]\nname = "shop"\n[dependencies]\nshop-rates = { path = "../rates" }\n',
    "crates/shop/src/lib.rs": "use shop_rates::tariff::rate;\n",
    "crates/rates/Cargo.toml": '[package]\nname = "shop-rates"\n',
    "crates/rates/src/lib.rs": "pub mod tariffs {}\n",
}


@pytest.mark.parametrize(("members", "category"), [('["crates/*"]', Category.BUILD), ("[]", Category.DEPENDENCY)])
def test_a_workspace_member_s_crate_is_the_project_s_own(tmp_path: Path, members: str, category: Category) -> None:
    # real cargo 1.95 output: `unresolved import \`shop_rates::tariff\`` (a module of a path dependency renamed);
    # its folder is crates/rates, so only the member's [package] name tells shop_rates is the workspace's
    _write(tmp_path, {**_CARGO, "Cargo.toml": f"[workspace]\nmembers = {members}\n"})
    log = travis("cargo build --offline", read("cargo195_workspace_member_module_unresolved.txt"))
    facts = extract_facts(log, source=tmp_path)
    assert [e.category for e in facts.errors] == [category]
    verdict = rule_verdict(facts)
    # the own crate's module is decided the build's; rustc's unlinked crate alone stays a guess (a crate or a module)
    assert verdict.category is category and verdict.decided is (category is Category.BUILD), verdict.reason


@pytest.mark.parametrize(
    ("root", "own"),
    [
        ({"package.json": '{"name": "shop", "workspaces": ["packages/*"]}'}, True),
        ({"package.json": '{"name": "shop"}', "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n"}, True),
        ({"package.json": '{"name": "shop", "workspaces": []}'}, False),
    ],
)
def test_a_file_of_a_workspace_package_is_the_project_s_own(tmp_path: Path, root: dict[str, str], own: bool) -> None:
    # real npm 11 / Node 20 output: `Cannot find module '@shop/rates/lib/tariff'`, a file of the workspace's
    # package @shop/rates renamed (npm's workspaces or pnpm's, the loader's words are node's); without the
    # workspace it reads as a third party's, decided dependency
    _write(tmp_path, {**root, "packages/rates/package.json": '{"name": "@shop/rates"}'})
    log = travis("npm test", read("node20_workspace_package_subpath_missing.txt"))
    facts = extract_facts(log, source=tmp_path)
    verdict = rule_verdict(facts)
    assert (Category.DEPENDENCY in {e.category for e in facts.errors}) is not own
    assert (verdict.decided and verdict.category is Category.DEPENDENCY) is not own, verdict.reason
    # a file below the workspace's own package, which npm links from the source: the code's, decided build
    assert (verdict.decided and verdict.category is Category.BUILD) is own, verdict.reason


_NPM_WORKSPACE = {
    "package.json": '{"name": "shop", "workspaces": ["packages/*"]}',
    "packages/rates/package.json": '{"name": "@shop/rates"}',
    "packages/cart/package.json": '{"name": "@shop/cart"}',
}
_GO_RATES = {"go.mod": "module example.com/shop/rates\n\ngo 1.19\n", "cart/cart.go": "package cart\n"}
_GO_WORK = {
    "go.work": "go 1.19\n\nuse (\n\t./shop\n\t./rates\n)\n",
    "shop/go.mod": "module example.com/shop\n",
    "shop/tax/tax.go": "package tax\n",
    "rates/go.mod": "module example.com/shop/rates\n",
}
_CARGO_WORKSPACE = {**_CARGO, "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n'}


@pytest.mark.parametrize(
    ("data", "command", "tree", "below", "log_tells"),
    [
        ("go119_build_own_module_child_missing.txt", "go build ./...", _GO_RATES, "example.com/shop/rates", False),
        ("go119_work_module_package_missing.txt", "go build ./...", _GO_WORK, "example.com/shop/rates", False),
        # cargo's own line says it built shop-rates from a folder (`Compiling shop-rates v0.1.0 (/x/crates/rates)`):
        # the log alone tells the crate is the build's (meaning.cargo_crates)
        (
            "cargo195_workspace_crate_nested_module_unresolved.txt",
            "cargo build --offline",
            _CARGO_WORKSPACE,
            "shop_rates",
            True,
        ),
        ("node20_workspace_package_subpath_missing.txt", "npm test", _NPM_WORKSPACE, "@shop/rates", False),
    ],
)
def test_a_missing_name_below_a_module_the_build_links_is_the_build_s_with_the_source_only(
    tmp_path: Path, data: str, command: str, tree: dict[str, str], below: str, log_tells: bool
) -> None:
    # Real go 1.19, cargo 1.95 and npm 11 / node 20 output: a package, module or file below one of the project's own
    # modules that its build takes from the source (go.mod's or a go.work's module, a path dependency's crate, an npm
    # workspace's package) was not found: the module was, so what it lacks is the code's (moved, renamed, never
    # committed), decided build. Without --source the log alone cannot tell whose the name is (never build, decided),
    # unless the build's own lines name the module as one it built from the source (log_tells).
    log = travis(command, read(data))
    facts = extract_facts(log, source=_write(tmp_path, tree))
    said = next(m for e in facts.errors if (m := missing_of(e.message, (), e.file, (), [below + "x", below])))
    assert said.within == below and said.own_file and not said.third_party
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.BUILD, verdict.reason
    assert OWN_MODULE not in verdict.reason
    alone = rule_verdict(extract_facts(log))
    assert (alone.decided and alone.category is Category.BUILD) is log_tells, alone.reason


def test_a_failing_suite_s_report_of_a_file_below_a_workspace_package_is_the_build_s(tmp_path: Path) -> None:
    # Real Jest 29.7.0 (npm 11 / node 20) in packages/cart of an npm workspace: the suite fails to run on
    # `Cannot find module '@shop/rates/lib/tariff' from 'src/cart.js'`, a file of the workspace's package renamed.
    # The failing test's own report names it (triage/beneath): with the source, a file of the code the tests load
    # is not there, decided build, not the test failure Jest counts; without it, never build, decided.
    log = travis("npx jest --ci", read("jest29_workspace_package_subpath_missing.txt"))
    facts = extract_facts(log, source=_write(tmp_path, _NPM_WORKSPACE))
    assert [t.message for t in facts.failing_tests] == [
        "Cannot find module '@shop/rates/lib/tariff' from 'src/cart.js'"
    ]
    verdict = rule_verdict(facts)
    assert verdict.decided and verdict.category is Category.BUILD, verdict.reason
    assert "@shop/rates/lib/tariff" in verdict.reason
    alone = rule_verdict(extract_facts(log))
    assert not (alone.decided and alone.category is Category.BUILD), alone.reason


def test_the_own_package_itself_not_linked_stays_unsure(tmp_path: Path) -> None:
    # Real npm 11 / node 20 at the root of a workspace never installed: `Cannot find module '@shop/rates'`, the own
    # package's own name. Its link is missing where the code ran (an install step, a path, a rename): no name below
    # it, so the rules do not decide which (OWN_MODULE), and no one calls it a third party's dependency.
    log = travis("npm test -w @shop/cart", read("node20_workspace_package_not_linked.txt"))
    facts = extract_facts(log, source=_write(tmp_path, _NPM_WORKSPACE))
    assert not [e for e in facts.errors if e.category is Category.DEPENDENCY], facts.errors
    verdict = rule_verdict(facts)
    assert not verdict.decided and OWN_MODULE in verdict.reason, verdict.reason


@pytest.mark.parametrize(("pyproject", "own"), [('[project]\nname = "shopcart"\n', True), ("", False)])
def test_pyproject_s_name_tells_the_package_a_truncated_tree_does_not_list(
    tmp_path: Path, pyproject: str, own: bool
) -> None:
    # real pytest 9 output: `No module named 'shopcart.rates'` (moved to shopcart.pricing.rates); the tree's
    # summary lists the fixtures before src/shopcart/ and is cut there, so only the manifest names the package
    _write(tmp_path, {f"fixtures/case_{i:03}.json": "{}" for i in range(400)})
    _write(tmp_path, {"src/shopcart/__init__.py": "", "pyproject.toml": pyproject})
    facts = extract_facts(travis("python -m pytest", read("pytest9_src_layout_module_moved.txt")), source=tmp_path)
    assert facts.repo is not None and facts.repo.truncated and "src/shopcart/" not in facts.repo.tree
    assert (Category.DEPENDENCY in {e.category for e in facts.errors}) is not own


def test_a_recursive_member_pattern_reads_at_most_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `packages/**` matches every folder below packages/: the walk stops at MAX_GLOB paths, sorted after
    _write(tmp_path, {"package.json": '{"workspaces": ["packages/**"]}'})
    _write(tmp_path, {f"packages/p{i}/package.json": f'{{"name": "p{i}"}}' for i in range(5)})
    assert {name for name, _ in _names(tmp_path)} == {f"p{i}" for i in range(5)}
    monkeypatch.setattr("remediate.facts.manifests.MAX_GLOB", 2)
    assert len(_names(tmp_path)) <= 2


def test_pnpm_s_and_lerna_s_workspaces_name_their_packages(tmp_path: Path) -> None:
    pnpm = (
        "# the shop\npackages:\n  - 'packages/*' # libraries\n\n  - \"apps/*\"\n  - '!**/test/**'\ncatalog:\n  - x/*\n"
    )
    _write(tmp_path, {"pnpm-workspace.yaml": pnpm, "lerna.json": '{"packages": ["tools/*"]}'})
    _write(
        tmp_path,
        {
            f"{d}/{n}/package.json": f'{{"name": "@shop/{n}"}}'
            for d, n in [("packages", "rates"), ("apps", "web"), ("tools", "gen"), ("x", "not-listed")]
        },
    )
    assert {name for name, _ in _names(tmp_path)} == {"@shop/rates", "@shop/web", "@shop/gen"}
    _write(tmp_path, {"pnpm-workspace.yaml": "packages: ['packages/*', \"apps/*\"]  # flow\n", "lerna.json": "[]"})
    assert {name for name, _ in _names(tmp_path)} == {"@shop/rates", "@shop/web"}


def test_pnpm_s_workspace_file_is_read_as_yaml(tmp_path: Path) -> None:
    # a flow list over several lines (as pnpm's own docs and formatters leave long lists), an anchor and an alias
    pnpm = "packages: [\n  'packages/*',\n  \"apps/*\",\n]\ncatalog: &c\n  react: ^18\nbuild: *c\n"
    _write(tmp_path, {"pnpm-workspace.yaml": pnpm})
    _write(
        tmp_path,
        {f"{d}/{n}/package.json": f'{{"name": "@shop/{n}"}}' for d, n in [("packages", "rates"), ("apps", "web")]},
    )
    assert {name for name, _ in _names(tmp_path)} == {"@shop/rates", "@shop/web"}


@pytest.mark.parametrize(
    "pnpm",
    [
        "packages:\n\t- 'packages/*'\n",  # a tab indenting: YAML's scanner refuses it
        "packages:\n  - 'packages/*'\nsince: 2024-13-45\n",  # a timestamp no calendar holds
        "packages: 'packages/*'\n",  # not a list
        "[" * 5000 + "]" * 5000,  # nesting past what the parser's stack holds, or not
        "- packages/*\n",  # a list, not a mapping
    ],
)
def test_a_pnpm_workspace_file_that_does_not_read_names_no_package(tmp_path: Path, pnpm: str) -> None:
    _write(tmp_path, {"pnpm-workspace.yaml": pnpm, "packages/rates/package.json": '{"name": "@shop/rates"}'})
    assert _names(tmp_path) == set()


def test_a_nested_go_module_the_tree_shows_is_the_project_s_own(tmp_path: Path) -> None:
    _write(tmp_path, {"go.mod": "module example.com/shop\n", "tools/gen/go.mod": "module example.com/shoptools\n"})
    assert {name for name, _ in _names(tmp_path)} == {"example.com/shop"}  # the root's alone, without the tree
    repo = extract_facts(travis("go build ./...", read("gobuild119_own_package_missing.txt")), source=tmp_path).repo
    assert repo is not None and {m.name for m in repo.modules} == {"example.com/shop", "example.com/shoptools"}


@pytest.mark.parametrize(("go_mod", "decided"), [("module shop\n\ngo 1.19\n", True), (None, False)])
def test_a_module_path_without_a_host_tells_the_main_module_too(
    tmp_path: Path, go_mod: str | None, decided: bool
) -> None:
    # real Go 1.19 `go build ./...`: `no required module provides package github.com/acme/rates` (the log's line is
    # the same whatever the main module's path). Under `module shop` no path with a host is the main module's: a
    # module go.mod lacks, decided; without go.mod in the tree (only .go files) the log alone cannot tell (COMPILED)
    _write(tmp_path, {**_GO_SHOP, **({"go.mod": go_mod} if go_mod else {})})
    facts = extract_facts(travis("go build ./...", read("gobuild119_third_party_unplaced.txt")), source=tmp_path)
    verdict = rule_verdict(facts)
    assert verdict.category is Category.DEPENDENCY and verdict.decided is decided, verdict.reason
