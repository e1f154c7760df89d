"""bench/samples_proxy.py: each stored sample triaged with and without the modules that read it."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from bench.samples_proxy import (
    DATA,
    OTHER_CIS,
    WRAPPERS,
    _others,
    aggregate,
    can_be_rival,
    ci_of,
    commands,
    dump,
    half_of,
    harder_log,
    judge,
    judge_passing,
    log_of,
    passed_samples,
    passing_log,
    passing_rival,
    passing_table,
    rival_among,
    traced_run,
    variants_table,
    wrapped_as,
    xtraced,
)

from remediate.facts import extract_facts


def test_a_tools_samples_share_a_half() -> None:
    assert half_of("pip20_conflict.txt") == half_of("pip8_missing.txt")
    assert {half_of(name) for name in ("pip_x.txt", "npm_x.txt", "ruff_x.txt", "gcc_x.txt", "go_x.txt")} == {
        "fit",
        "check",
    }


def test_mypy_left_out_reads_as_a_tool_no_parser_knows() -> None:
    outcome = judge(DATA / "mypy.txt")
    assert outcome is not None
    assert outcome.answer == "type"
    assert outcome.modules == ["mypy"]  # the module that reads it, left out
    assert outcome.decided == (outcome.why == "")
    assert aggregate([outcome]) == {
        "samples": 1,
        "decided": int(outcome.decided),
        "right": int(outcome.decided and outcome.proxy == "type"),
        "named": 0,
        "named_as_other": 0,
    }


def test_a_sample_the_rules_only_name_is_counted_apart() -> None:
    # pip that could not reach its index: infra, named and never decided alone; counted apart from the decided
    # samples, and a decision of another kind with its modules left out counts as one
    name = "pip23_outside_index_unresolved.txt"
    outcome = judge(DATA / name, commands()[name])
    assert outcome is not None and outcome.named and outcome.answer == "infra"
    other = outcome.model_copy(update={"decided": True, "proxy": "dependency"})
    same = outcome.model_copy(update={"decided": False})
    assert aggregate([other, same]) == {"samples": 0, "decided": 0, "right": 0, "named": 2, "named_as_other": 1}


def test_a_sample_is_framed_under_the_command_that_made_it() -> None:
    command = commands()["mypy.txt"]
    assert command.startswith("mypy ")
    log = log_of(DATA / "mypy.txt", command)
    assert f"$ {command}".encode() in log
    assert f'The command "{command}" exited with 1.'.encode() in log
    assert log_of(DATA / "mypy.txt", None) == (DATA / "mypy.txt").read_bytes()


def _step(log: bytes) -> list[str]:
    """The failing step's lines: from the last `$ ` command Travis echoes to its exit line."""
    lines = log.decode().split("\n")
    start = max(i for i, line in enumerate(lines) if "\x1b[0K$ " in line)
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("travis_time:end:"))
    return lines[start : end + 1]


def test_a_row_that_says_the_same_inherits_the_command_above_only_when_asked() -> None:
    plain, inherited = commands(), commands(inherit=True)
    assert "ruff_check_concise.txt" not in plain
    assert inherited["ruff_check_concise.txt"] == inherited["ruff_check_full.txt"] + " --output-format concise"
    assert inherited["karma_jasmine_dots.txt"].endswith(" --reporters dots")
    assert {k: v for k, v in inherited.items() if k in plain} == plain  # a row's own command stays
    assert "duckdb_parser_error.txt" not in inherited  # it opens with no command and says no "the same"


def test_the_wrapper_variant_hides_the_command_behind_a_script_and_shows_xtrace_for_half() -> None:
    shown = {}
    for name, command in commands().items():
        log = harder_log(DATA / name, command, "wrapper")
        if log == log_of(DATA / name, command):
            continue  # a sample with CI framing of its own stays as it is
        step = _step(log)
        assert step[0].endswith(tuple(f"$ {w}" for w in WRAPPERS))
        assert command not in step[0] and f'The command "{command}"' not in log.decode()
        shown[name] = step[1] == f"+ {xtraced(command)[0][2:]}"
        assert shown[name] == (wrapped_as(name) == "traced")
        assert log == harder_log(DATA / name, command, "wrapper")  # deterministic
    assert 0.4 < sum(shown.values()) / len(shown) < 0.6
    assert xtraced("cd build && cmake .. ; make") == ["+ cd build", "+ cmake ..", "+ make"]


def test_xtraced_traces_an_or_list_as_bash_runs_it() -> None:
    # `bash -xc` of the list is the reference, harmless commands standing for the tools (each handler runs: the part
    # before it failed, as in a failing sample); bash traces a group's commands one by one and never prints `||`
    for command in (
        "false || (echo hint; exit 1)",
        "false || { echo failed; exit 1; }",
        "false || true; echo docs",
        "true && false || echo fallback",
        "false || :\necho next",
    ):
        run = subprocess.run(["bash", "-xc", command], capture_output=True, text=True, check=False)
        assert xtraced(command) == [line for line in run.stderr.splitlines() if line.startswith("+ ")], command


def test_a_readme_command_s_escaped_bars_read_as_bash_runs_them() -> None:
    # GFM splits a table row at every `|` not escaped, inside a code span too: the README writes `\|\|`, GitHub
    # renders (and the bench reads) `||`
    found = commands(inherit=True)
    assert found["mypy24_or_true_then_docs_script.txt"] == "mypy pkg || true; ./scripts/check_docs.sh"
    assert found["tap_dot.txt"] == "node tapetest/cart.js | tap-dot"
    assert not any("\\|" in command for command in found.values())
    # and no row's code span holds a bare `|`: GitHub would end the cell there (`mypy pkg` alone, the rest lost)
    rows = [line for line in (DATA / "README.md").read_text().splitlines() if line.startswith("| ")]
    bare = [row[:60] for row in rows for span in re.findall(r"`([^`]+)`", row) if re.search(r"(?<!\\)\|", span)]
    assert not bare, bare


def test_the_noisy_variant_prints_real_install_chatter_before_the_output_under_the_same_command() -> None:
    command = commands()["mypy.txt"]
    step = _step(harder_log(DATA / "mypy.txt", command, "noisy"))
    assert step[0].endswith(f"$ {command}")
    text = "\n".join(step)
    assert text.index("SetuptoolsDeprecationWarning") < text.index("npm WARN") < text.index("pkg/calc.py:4: error")
    assert len(step) > 80
    assert harder_log(DATA / "mypy.txt", command, "framed") == log_of(DATA / "mypy.txt", command)


def test_the_steps_variant_puts_a_passing_step_of_another_tools_report_before_or_after_the_failing_one() -> None:
    found = commands(inherit=True)
    before, framed = 0, 0
    for name in sorted(found)[::11]:  # a spread of the samples: every one is framed alike
        log = harder_log(DATA / name, found[name], "steps")
        if log == log_of(DATA / name, found[name]):
            continue  # a sample with CI framing of its own stays as it is
        other, passed = passing_rival(name)
        tool = re.match(r"[a-z]*", name)
        assert passed == f"{found[other]} || true" and tool and not other.startswith(tool.group())
        framed += 1
        text = log.decode(errors="replace")
        assert (
            f'The command "{passed}" exited with 0.' in text and f'The command "{found[name]}" exited with 1.' in text
        )
        assert (DATA / other).read_text(errors="replace").splitlines()[0] in text
        before += text.index(f"$ {passed}") < text.index(f"$ {found[name]}")
        assert log == harder_log(DATA / name, found[name], "steps")  # deterministic
    assert framed > 60 and 0.3 < before / framed < 0.7


def test_a_variant_judges_the_samples_plain_framing_decides(tmp_path: Path) -> None:
    command = commands()["mypy.txt"]
    plain, wrapped = judge(DATA / "mypy.txt", command), judge(DATA / "mypy.txt", command, "wrapper")
    assert plain is not None and wrapped is not None
    assert (wrapped.answer, wrapped.modules) == (plain.answer, plain.modules)  # the answer and modules: plain's
    assert (plain.shown, wrapped.shown) == ("", wrapped_as("mypy.txt"))
    rows = variants_table({"framed": [plain], "wrapper": [wrapped]}).splitlines()
    assert [row.split(" | ")[0] for row in rows[2:]] == ["| framed"] * 2 + ["| wrapper"] * 2 + [
        f"| wrapper {wrapped.shown}"
    ] * 2
    fit = judge(DATA / "pip20_editable_git_ref.txt", commands()["pip20_editable_git_ref.txt"], "noisy")
    assert fit is not None and fit.half == "fit"
    assert plain.half == "check"
    dump([fit, plain, wrapped], tmp_path / "fit.jsonl")
    dumped = [json.loads(line)["sample"] for line in (tmp_path / "fit.jsonl").read_text().splitlines()]
    assert dumped == ["pip20_editable_git_ref.txt"]  # a check-half sample is never written out


def _reframed(variant: str, every: int) -> Iterator[tuple[str, str, bytes]]:
    """Every `every`th sample with a command that the variant frames anew: its name, command and log (a sample with CI
    framing of its own stays as it is)."""
    found = commands(inherit=True)
    for name in sorted(found)[::every]:
        log = harder_log(DATA / name, found[name], variant)
        if log != log_of(DATA / name, found[name]):
            yield name, found[name], log


def _traced(name: str) -> bool:
    """Whether the sample holds `+ cmd` lines: a traced script's output, or a tool's alike to it."""
    return any(line.startswith("+ ") for line in (DATA / name).read_text(errors="replace").splitlines())


# The steps' names where the CI's log names its steps only (the cisteps variant's names of the rival's and the sample's)
_NAMED_STEPS = {
    "cloudbuild": ('Step #0 - "step-0"', 'Step #1 - "step-1"'),
    "teamcity": ("step-0 (Command Line)", "step-1 (Command Line)"),
}


def test_the_cisteps_variant_runs_a_passing_step_before_the_failing_one_on_other_cis() -> None:
    seen: set[str] = set()
    for name, command, log in _reframed("cisteps", 11):
        other, passed = passing_rival(name)
        if _traced(name) and ci_of(name) == "jenkins":
            # A sample that is a traced script's output (`sh -xe SCRIPT`) shows its own commands there: the failing
            # one is the script's traced command (`python -m pytest ...`), not the framed `sh -xe SCRIPT`.
            continue
        facts = extract_facts(log)
        statuses = [(s.command[:60].strip(), s.exit_code) for s in facts.steps]  # Azure's task names are cut
        passing, failing = (passed[:60].strip(), 0), (command[:60].strip(), 1)
        if ci_of(name) in _NAMED_STEPS:  # a CI whose log names its steps and never shows their commands
            before, own = _NAMED_STEPS[ci_of(name)]
            passing, failing = (before, 0), (own, 1)
        if ci_of(name) == "gitlab-page":  # colours stripped: no echo shows a pass, the last opens the failure
            assert (passed[:60].strip(), None) in statuses and failing in statuses, (name, statuses)
        else:
            assert passing in statuses and failing in statuses, (name, ci_of(name), statuses)
        assert (DATA / other).read_text(errors="replace").splitlines()[0] in log.decode(errors="replace")
        seen.add(ci_of(name))
    assert seen == set(OTHER_CIS)


def test_samples_whose_run_passed_are_known_by_name_or_their_rows_exit_0() -> None:
    passed = passed_samples()
    assert {
        "hadolint2151_warnings_passed.txt",
        "puppet_lint301_warnings_passed.txt",
        "clang_tidy_warnings.txt",
    } <= passed
    assert "npm6_lint_passed_size_limit.txt" not in passed  # eslint passed inside a failing `npm test`
    assert "puppet_lint301_fail_on_warnings.txt" not in passed  # exit 1
    assert "wrapper_tox4_verbose_lint.txt" not in passed  # tox's `lint: exit 0` of a passing command among others
    assert judge(DATA / "hadolint2151_warnings_passed.txt") is None  # not scored as a failing step's output
    # a retried test that passed, the run passing; beside a test failing on every retry, or with pytest-rerunfailures'
    # --fail-on-flaky (exit 7), the run failed
    assert {"pytest_rerunfailures16_rerun_passed.txt", "jest29_retry_passed.txt"} <= passed
    assert not {n for n in passed if "flaky" in n}, passed


def test_a_passed_sample_is_a_passing_step_the_rules_must_not_decide() -> None:
    command = commands(inherit=True)["hadolint2151_warnings_passed.txt"]
    log = passing_log(DATA / "hadolint2151_warnings_passed.txt", command)
    assert f'The command "{command}" exited with 0.'.encode() in log
    outcome = judge_passing(DATA / "hadolint2151_warnings_passed.txt", command)
    assert not outcome.decided and outcome.stored == ""
    assert f"| {outcome.half} | 1 | 0 | 0 |" in passing_table([outcome])


def test_the_scripted_variant_forgives_a_rival_inside_one_traced_script() -> None:
    seen: set[str] = set()
    for name, _, log in _reframed("scripted", 13):
        other, passed = passing_rival(name)
        if any(part.count("'") % 2 or part.count('"') % 2 for part in xtraced(passed)):
            # bench's xtraced splits at a `;` inside quotes (`Rscript -e 'load_all(); test_dir(...)'`), where bash
            # traces one command: no trace of the split part is read
            continue
        facts = extract_facts(log)
        rival = traced_run(other, passed.removesuffix(" || true"))[-1].removeprefix("+ ")  # the part that ran last
        statuses = {s.command: s.exit_code for s in facts.steps}
        # the rival's last traced command did not stop the script: its step passed (a rival runs no shell script, whose
        # own traces would look alike: passing_rival's pool)
        assert statuses.get(rival[:200]) == 0, (name, rival, statuses)
        seen.add("github" if facts.failing_step and facts.failing_step.startswith("Run ") else "buildkite")
    assert seen == {"github", "buildkite"}


def test_a_sample_added_to_the_pool_changes_only_the_rivals_it_wins() -> None:
    pool = _others()
    names = sorted(commands(inherit=True))[::17]
    moved = 0
    # a stride of the pool, and the rival one name has in it (so that some rival moves however the pool grows)
    won = rival_among(names[0], pool)[0]
    for added in (*pool[::53], *(p for p in pool if p[0] == won)):
        fewer = tuple(p for p in pool if p != added)
        for name in names:
            before, after = rival_among(name, fewer), rival_among(name, pool)
            assert before == after or after[0] == added[0], (name, added, before, after)
            moved += before != after
    assert 0 < moved < len(names)  # some samples win an added candidate, most keep theirs


def test_a_rival_is_a_shell_command_that_runs_no_script() -> None:
    assert can_be_rival("mypy --strict src") and can_be_rival("cmake --build build && cd build && ctest")
    assert not can_be_rival("add_subdirectory(external/googletest)")  # CMake's, a README row's: bash rejects it
    assert not can_be_rival("sh -xe SCRIPT") and not can_be_rival("./ci/run.sh")  # its own traces look like the job's
    names = {n for n, _ in _others()}
    assert "mypy.txt" in names
    assert not names & {"cmake325_subdirectory_empty.txt", "shx_bash_mypy.txt", "xtrace_dash_exit_tail_ruff.txt"}


def test_a_part_that_never_ran_is_not_traced() -> None:
    # bash traces a part of `a && b` when it runs: `bash -xc 'ruff check && mypy pkg'` printed `+ ruff check` and
    # ruff's findings alone (README: ruff017_check_then_mypy_not_run.txt, "mypy never ran")
    name = "ruff017_check_then_mypy_not_run.txt"
    command = commands(inherit=True)[name]
    assert traced_run(name, command) == ["+ ruff check"]
    script = harder_log(DATA / name, command, "scripted").decode()
    assert "+ ruff check\n" in script and "+ mypy pkg" not in script
    # the build failed: neither `cd build` nor ctest ran
    cmake = "cmake325_build_error_before_ctest.txt"
    assert traced_run(cmake, commands(inherit=True)[cmake]) == ["+ cmake --build build"]
    assert traced_run("mypy.txt", "cd pkg && mypy .") == ["+ cd pkg", "+ mypy ."]  # no row says a part never ran
