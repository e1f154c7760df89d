"""Checks no specialist fixes (a link checker, a size budget, a docs site's broken reference): the rules decide
"no specialist" on their findings and say so, and such a finding beside a failure a specialist fixes decides
nothing (real tool output, tests/facts/data/README.md)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from remediate.facts import extract_facts
from remediate.models import Category, Facts
from remediate.triage import rule_verdict, triage
from remediate.triage.agent import fallback
from remediate.triage.verdict import NOBODY_BESIDE
from tests.facts import framing
from tests.facts.samples import DATA

FRAMES: list[Callable[..., bytes]] = [framing.travis, framing.github_actions]

NOBODY_S = [
    ("awesome_bot.txt", "awesome_bot README.md", "awesome_bot"),
    ("size_limit.txt", "npx size-limit", "size-limit"),
    ("size_limit0.txt", "npx size-limit", "size-limit"),
    ("hugo_ref_not_found.txt", "hugo", "hugo"),
    ("linkinator1_silent.txt", "linkinator _gh_pages --recurse --silent", "linkinator"),
    ("linkinator7.txt", "linkinator _gh_pages --recurse", "linkinator"),
    ("markdown_link_check315.txt", "markdown-link-check README.md", "markdown-link-check"),
    ("markdown_link_check3.txt", "markdown-link-check README.md", "markdown-link-check"),
    ("npm11_publish_noauth.txt", "npm publish", "npm-publish"),
    ("npm6_publish_noauth.txt", "npm publish", "npm-publish"),
    ("npm11_publish_conflict.txt", "npm publish", "npm-publish"),
    ("npm6_publish_conflict.txt", "npm publish", "npm-publish"),
    ("npm11_publish_forbidden.txt", "npm publish", "npm-publish"),
    ("npm6_publish_forbidden.txt", "npm publish", "npm-publish"),
    ("twine_forbidden.txt", "twine upload dist/*", "twine"),
    ("twine_exists.txt", "twine upload dist/*", "twine"),
    ("twine_nocreds.txt", "twine upload dist/*", "twine"),
    ("twine1_exists.txt", "twine upload dist/*", "twine"),
    ("twine1_forbidden.txt", "twine upload dist/*", "twine"),
    ("cargo195_publish_no_token.txt", "cargo publish --registry acme", "cargo-publish"),
    ("cargo195_publish_refused.txt", "cargo publish --registry acme", "cargo-publish"),
    ("git_push_fetch_first.txt", "git push origin gh-pages", "git-push"),
    ("git_push_non_ff.txt", "git push origin gh-pages", "git-push"),
    ("git_push_hook_declined.txt", "git push origin gh-pages", "git-push"),
    ("gh_pages_push_declined.txt", "npx gh-pages -d dist", "git-push"),
    ("jekyll_liquid.txt", "bundle exec jekyll build", "jekyll"),
    ("jekyll_syntax.txt", "bundle exec jekyll build", "jekyll"),
    ("sphinx_linkcheck.txt", "make -C docs linkcheck", "sphinx-linkcheck"),
    ("sphinx5_linkcheck.txt", "make -C docs linkcheck", "sphinx-linkcheck"),
    ("color/commitlint_plain.txt", "npx commitlint --from HEAD~1", "commitlint"),
    ("color/commitlint_color.txt", "npx commitlint --from HEAD~1", "commitlint"),
    ("color/htmlproofer3_plain.txt", "bundle exec htmlproofer ./_site", "html-proofer"),
    ("htmlproofer3_internal.txt", "bundle exec htmlproofer --disable-external ./_site", "html-proofer"),
    ("blc078_recursive.txt", "npx blc http://localhost:4000/ -ro", "broken-link-checker"),
    ("linkchecker1021_http.txt", "linkchecker http://localhost:4000/", "linkchecker"),
    ("linkchecker1021_file.txt", "linkchecker _site/index.html", "linkchecker"),
    ("color/bundlesize017_plain.txt", "npm run bundlesize", "bundlesize"),
    ("bundlesize017_ci.txt", "npm run bundlesize", "bundlesize"),
    ("bundlesize018.txt", "npm run bundlesize", "bundlesize"),
    ("bundlewatch04.txt", "npx bundlewatch", "bundlewatch"),
    ("npm_check_dist_generated.txt", "npm run check-dist", "generated-files"),
]


def framed(frame: Callable[..., bytes], command: str, sample: str) -> Facts:
    return extract_facts(frame(command, (DATA / sample).read_text()))


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize(("sample", "command", "tool"), NOBODY_S)
async def test_a_check_no_specialist_fixes_is_decided_no_specialist_and_the_run_says_why(
    frame: Callable[..., bytes], sample: str, command: str, tool: str
) -> None:
    f = framed(frame, command, sample)
    found = [e for e in f.errors if e.tool == tool]
    assert found and all(e.no_specialist and e.category is Category.UNKNOWN for e in found)
    assert (f.category, f.category_basis) == (Category.UNKNOWN, "failing-step-records")
    verdict = rule_verdict(f)
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason
    assert "a failure no specialist fixes" in verdict.reason and tool in verdict.reason

    async def no_model() -> object:
        raise AssertionError("the rules decided: no model call")

    result = await triage(f, open_client=no_model)  # type: ignore[arg-type]
    assert result.route is None and result.decided_by == "rules" and result.category is Category.UNKNOWN
    assert result.reason.startswith("no specialist handles unknown failures: a failure no specialist fixes")


def test_records_of_no_category_whose_meaning_is_their_caller_s_still_decide_nothing() -> None:
    """A program's usage errors (argparse, Go's flag package) are records of no category whose meaning is the
    caller's or the program's, no check's finding: the rules find no signal, as before."""
    f = framed(framing.travis, "python check.py", "usage_errors.txt")
    assert f.errors and not any(e.no_specialist for e in f.errors)
    assert f.category is Category.UNKNOWN and f.confidence == 0.0
    verdict = rule_verdict(f)
    assert not verdict.signals and not verdict.decided


def test_a_dead_link_beside_failing_tests_in_one_step_decides_nothing_and_the_tests_go_first() -> None:
    """`make -k check` ran pytest, then the link checker: both failed. "No specialist" would leave the tests
    unfixed, and the dead link does not explain them (it does not outrank the tests as a build error does)."""
    output = (DATA / "pytest_failures.txt").read_text() + (DATA / "awesome_bot.txt").read_text()
    f = extract_facts(framing.travis("make -k check", output, 2))
    assert f.failing_tests and any(e.no_specialist for e in f.errors)
    verdict = rule_verdict(f)
    assert not verdict.decided and NOBODY_BESIDE in verdict.reason, verdict.reason
    routed = fallback(f, verdict, verdict.reason)
    assert routed.route is not None and routed.route.specialist == "tests"


def test_a_dead_link_in_its_own_step_beside_failing_tests_decides_nothing() -> None:
    log = framing.travis_commands(
        [
            ("pytest tests", (DATA / "pytest_failures.txt").read_text(), 1),
            ("awesome_bot README.md", (DATA / "awesome_bot.txt").read_text(), 1),
        ]
    )
    verdict = rule_verdict(extract_facts(log))
    assert not verdict.decided, verdict.reason


@pytest.mark.parametrize("frame", FRAMES)
def test_a_size_budget_after_a_lint_script_that_passed_is_the_size_budget_s(frame: Callable[..., bytes]) -> None:
    """npm 6 echoes each script it starts (`> shopcart@1.0.0 lint /dir` over `> eslint src`): the words of a
    script that started (and passed) are no failure's keywords, so they no longer outvote size-limit's verdict."""
    f = framed(frame, "npm test", "npm6_lint_passed_size_limit.txt")
    assert (f.category, f.category_basis) == (Category.UNKNOWN, "failing-step-records")
    verdict = rule_verdict(f)
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason


def test_an_npm_auth_error_without_a_packed_tarball_is_the_registry_s_not_a_publish_s() -> None:
    """npm 6's `E401 Unable to authenticate` ends an install with a bad token too: only after the tarball's
    `npm notice 📦` (a publish packs first) is it a publish refused; without, the registry refused the token."""
    output = (DATA / "npm6_publish_noauth.txt").read_text()
    unpacked = "\n".join(line for line in output.splitlines() if not line.startswith("npm notice"))
    assert "Unable to authenticate" in unpacked
    assert [(e.tool, e.code) for e in extract_facts(unpacked.encode()).errors] == [("npm-registry", "E401")]
    f = extract_facts(output.encode())
    assert [(e.tool, e.code) for e in f.errors] == [("npm-publish", "E401")]


def test_an_http_error_outside_twine_s_upload_is_no_upload_s() -> None:
    output = (DATA / "twine1_exists.txt").read_text()
    assert not extract_facts(output.replace("Uploading distributions to", "Reading").encode()).errors
    assert [e.code for e in extract_facts(output.encode()).errors] == ["400"]


@pytest.mark.parametrize(
    ("name", "code", "why"),
    [
        ("git_push_fetch_first.txt", "rejected", "rejected (fetch first)"),
        ("git_push_non_ff.txt", "rejected", "rejected (non-fast-forward)"),
        ("git_push_hook_declined.txt", "remote-rejected", "rejected by the remote (pre-receive hook declined)"),
    ],
)
def test_a_push_the_remote_refused_is_one_record_of_its_branch(name: str, code: str, why: str) -> None:
    f = extract_facts((DATA / name).read_bytes())
    assert [(e.tool, e.code, e.message) for e in f.errors] == [
        ("git-push", code, f"push of gh-pages to gh-pages {why}")
    ]
    assert "error: failed to push some refs to 'https://github.com/acme/shop.git'" in f.excerpt


def test_jekyll_s_liquid_exception_is_one_record_of_its_page_not_ruby_s_backtrace() -> None:
    """Jekyll prints the page's Liquid error, its banner, then Ruby's backtrace of the same error: one record."""
    included = extract_facts((DATA / "jekyll_liquid.txt").read_bytes())
    assert [(e.tool, e.code, e.file) for e in included.errors] == [
        ("jekyll", "liquid", "docs/_posts/2019-07-01-release.md")
    ]
    assert included.errors[0].message.startswith("Could not locate the included file 'missing-note.html'")
    syntax = extract_facts((DATA / "jekyll_syntax.txt").read_bytes())
    assert [(e.file, e.message) for e in syntax.errors] == [
        ("index.md", "Liquid syntax error (line 4): 'for' tag was never closed")
    ]


@pytest.mark.parametrize("name", ["sphinx_linkcheck.txt", "sphinx5_linkcheck.txt"])
def test_sphinx_linkcheck_s_broken_rows_are_records_the_ok_row_none(name: str) -> None:
    f = extract_facts((DATA / name).read_bytes())
    assert [(e.tool, e.code, e.file) for e in f.errors] == [
        ("sphinx-linkcheck", "broken", None),
        ("sphinx-linkcheck", "404", None),
    ]
    assert f.errors[1].message.startswith("index, line 4: broken link http://127.0.0.1:18931/missing/api.html (404 ")


def _travis_deploy(sample: str) -> bytes:
    return framing.travis_deploy((DATA / "dpl1_gem_install.txt").read_text(), (DATA / sample).read_text())


# Travis's deploy step (dpl 1.10.16 as travis-build runs it): the script passed, dpl stopped with its reason as its
# last line, travis-build said `failed to deploy`; no signal at all before (the script sample's `Connection refused`
# from scp was read as infra keywords)
@pytest.mark.parametrize(
    ("sample", "why"),
    [
        ("dpl1_script.txt", "Script failed with status 255"),
        ("dpl1_surge.txt", "Please add SURGE_TOKEN in Travis settings (get your token with 'surge token')"),
        ("dpl1_npm.txt", "missing api_token"),
    ],
)
def test_a_travis_deploy_dpl_stopped_is_no_specialist_s_with_dpl_s_reason(sample: str, why: str) -> None:
    f = extract_facts(_travis_deploy(sample))
    assert [(e.tool, e.code, e.message, e.no_specialist) for e in f.errors] == [
        ("dpl", "deploy-failed", f"the deploy failed: {why}", True)
    ]
    assert why in f.excerpt
    verdict = rule_verdict(f)
    assert verdict.category is Category.UNKNOWN and verdict.decided, verdict.reason
    assert "a failure no specialist fixes" in verdict.reason and "dpl" in verdict.reason


def test_failed_to_deploy_is_dpl_s_only_after_dpl_ran() -> None:
    # travis-build's words alone (a script echoing them, no dpl fold above) are no deploy's
    lone = extract_facts(framing.travis("./deploy.sh", "Uploading public/\nfailed to deploy"))
    assert not [e for e in lone.errors if e.tool == "dpl"]
    output = (DATA / "dpl1_npm.txt").read_text()
    # a deploy that went on (no `failed to deploy`) leaves no record either
    ran = extract_facts(framing.travis("dpl --provider=npm", output.replace("missing api_token", "")))
    assert not [e for e in ran.errors if e.tool == "dpl"]


def test_html_proofer_s_items_are_records_of_their_page_once_after_its_verdict() -> None:
    # the same missing page reported by two checks is one record; an external link's message keeps its first line
    f = extract_facts((DATA / "color/htmlproofer3_plain.txt").read_bytes())
    found = [(e.file, e.line, e.message) for e in f.errors if e.tool == "html-proofer"]
    assert found == [
        ("_site/docs/install.html", 3, "internal script app.js does not exist"),
        (
            "_site/index.html",
            None,
            "External link http://127.0.0.1:1/ failed: response code 0 means something's wrong.",
        ),
        ("_site/index.html", None, "External link http://127.0.0.1:18940/gone.html failed: 404 No error"),
        ("_site/index.html", 8, "image logo.png does not have an alt attribute"),
        ("_site/index.html", 8, "internal image logo.png does not exist"),
        ("_site/index.html", 6, "internally linking to docs/missing.html, which does not exist"),
        ("_site/index.html", 7, "linking to internal hash #pricing that does not exist"),
    ]
    # the items alone, without html-proofer's verdict (a run cut short), are no records
    cut = (DATA / "htmlproofer3_internal.txt").read_text().replace("HTML-Proofer found 6 failures!", "")
    assert not [e for e in extract_facts(cut.encode()).errors if e.tool == "html-proofer"]


def test_broken_link_checker_s_broken_rows_are_records_once_after_a_count_of_broken_links() -> None:
    # a recursive run lists a link under every page that links it: one record, at its first row
    f = extract_facts((DATA / "blc078_recursive.txt").read_bytes())
    assert [(e.code, e.message, e.log_line) for e in f.errors] == [
        ("HTTP_404", "broken link http://127.0.0.1:18971/docs/gone.html (HTTP_404)", 3),
        ("ERRNO_ECONNREFUSED", "broken link http://127.0.0.1:9/down (ERRNO_ECONNREFUSED)", 4),
        ("HTTP_404", "broken link http://127.0.0.1:18971/img/logo.png (HTTP_404)", 5),
        ("HTTP_404", "broken link http://127.0.0.1:18971/about.html (HTTP_404)", 10),
    ]
    # rows with no `Finished!` count after them (a run cut short) are no records
    rows = "\n".join(
        line for line in (DATA / "blc078_recursive.txt").read_text().splitlines() if "Finished!" not in line
    )
    assert not extract_facts(rows.encode()).errors


def test_linkchecker_s_error_blocks_are_records_of_their_parent_file_and_line() -> None:
    files = extract_facts((DATA / "linkchecker1021_file.txt").read_bytes())
    assert [(e.file, e.line, e.message.split(":")[0]) for e in files.errors] == [
        ("_site/index.html", 1, "broken link css/missing.css"),
        ("_site/index.html", 2, "broken link docs/gone.html"),
        ("_site/docs/intro.html", 1, "broken link ../about.html"),
        ("_site/index.html", 3, "broken link img/logo.png"),
    ]
    # over HTTP the parent is a URL: no file, no line
    pages = extract_facts((DATA / "linkchecker1021_http.txt").read_bytes())
    assert next((e.file, e.line, e.message) for e in pages.errors) == (
        None,
        None,
        "broken link docs/gone.html: 404 File not found",
    )
    # the blocks without the verdict counting errors are no records
    cut = (DATA / "linkchecker1021_http.txt").read_text().replace("4 errors found.", "")
    assert not extract_facts(cut.encode()).errors


@pytest.mark.parametrize("name", ["color/bundlesize017_plain.txt", "bundlesize017_ci.txt", "bundlesize018.txt"])
def test_bundlesize_s_failing_file_is_a_record_its_passing_one_none(name: str) -> None:
    f = extract_facts((DATA / name).read_bytes())
    assert [(e.tool, e.file, e.message) for e in f.errors] == [
        ("bundlesize", "dist/app.js", "./dist/app.js is 29.98KB, over its maxSize 10KB")
    ]
    assert "PASS  ./dist/app.css" in f.excerpt


@pytest.mark.parametrize("frame", FRAMES)
def test_a_diff_of_committed_build_output_is_a_stale_output_check_and_of_sources_a_formatters(
    frame: Callable[..., bytes],
) -> None:
    # `npm run build && git diff --exit-code dist`: the minified bundle and its map differ from the committed
    # ones ("commit the generated files": other). Before: read as a formatter's diff, decided lint (format) 0.88
    f = framed(frame, "npm run check-dist", "npm_check_dist_generated.txt")
    assert [(e.tool, e.file, e.code) for e in f.errors] == [
        ("generated-files", "dist/cart.min.js", "stale-output"),
        ("generated-files", "dist/cart.min.js.map", "stale-output"),
    ]
    # the same diff of a source file (a formatter's or a generator of code) stays the diff check's: format
    text = (DATA / "npm_check_dist_generated.txt").read_text().replace("dist/cart.min.js.map", "src/cart.js")
    f = extract_facts(frame("npm run check-dist", text))
    assert f.category is Category.FORMAT and {e.tool for e in f.errors} == {"git-diff"}
    assert [e.file for e in f.errors] == ["dist/cart.min.js", "src/cart.js"]


def test_bundlewatch_s_failing_row_is_a_record_only_under_its_fail_verdict() -> None:
    text = (DATA / "bundlewatch04.txt").read_text()
    f = extract_facts(text.encode())
    assert [(e.file, e.message) for e in f.errors] == [("dist/app.js", "./dist/app.js is 3.08KB, over its maxSize 1KB")]
    # the row alone (no `bundlewatch FAIL` below: another tool's `FAIL x: 3KB > 1KB`) is no record
    assert not extract_facts(text.replace("bundlewatch FAIL", "").encode()).errors


def test_commitlint_s_count_is_no_lint_summary_without_its_parser() -> None:
    """commitlint 19's `✖   found 3 problems, 0 warnings` below the message it read (`⧗   input:`) counts the commit
    message's problems (a policy on the message, which no edit of the project's files changes): with its parser
    left out it is no linter's summary (before: decided lint 0.86 on it); with its parser, "no specialist"."""
    log = framing.github_actions("npx commitlint --from HEAD~1", (DATA / "commitlint19_conventional.txt").read_text())
    left_out = extract_facts(log, leave_out=frozenset({"javascript_cichecks"}))
    assert not left_out.summaries
    assert rule_verdict(left_out).category is not Category.LINT
    f = extract_facts(log)
    verdict = rule_verdict(f)
    assert verdict.decided and verdict.category is Category.UNKNOWN and f.errors[0].no_specialist, verdict.reason
