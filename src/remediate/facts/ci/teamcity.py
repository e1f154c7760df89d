"""TeamCity: a build's steps (`Step 1/3: Test (Command Line)`) and the step whose process failed, in the build log as
TeamCity's "Download full build log" writes it (jetbrains.com/help/teamcity/build-log.html).

Each line of that log opens with its time and its status, `[12:00:00] : ` (normal), `i: ` (verbose), `W: `
(warning), `E: ` (error), then the indentation of its block's nesting and the block's name (`[Step 2/3] `, a nested
block's `[docker] `), which reader.clean_line takes off, so a tool's line reads as it printed it. TeamCity's own lines
(as the logs quoted in jonnyzzz/TeamCity.Virtual#22, jonnyzzz/TeamCity.Node#60 and #113 and
JetBrains/teamcity-unity-plugin#44 show them): a step's opening `Step 2/3: Test (Command Line)` at the top level; in
it the runner's `Starting: /opt/buildAgent/temp/agentTmp/custom_script123` and `in directory: ...`, the process's
`Process exited with code 1`, then the build problem TeamCity raises for its failure condition "the build process exit
code is not zero", `Process exited with code 1 (Step: Test (Command Line))` (failures.JOB_FAILURES), and `Step Test
(Command Line) failed`. The steps after a failing one do not run (their default condition: "if all previous steps
finished successfully"). The log never shows a Command Line step's script: the failing step is named, its command
is unknown."""

from __future__ import annotations

from remediate.facts.lazyregex import Regex
from remediate.facts.view import View

# A step's opening (its name, then its runner's in parentheses; the time it took in the tree's copy, `(1s)`).
_STEP = Regex(r"^Step \d{1,3}/\d{1,3}: (?P<name>.{1,300}?)(?: \((?:\d{1,4}[hms]:?){1,3}\))?$")
# The runner's own lines about a step (facts/ci/framing.runner_line): its opening, its process's start and end, its
# failure; the server's version the log opens with.
TEAMCITY_RUNNER = Regex(
    r"^(?:Step \d{1,3}/\d{1,3}: |Starting: \S*agentTmp/|in directory: |Step .{1,300} \([^()]{1,100}\) failed$"
    r"|TeamCity server version is )"
)


def teamcity_steps(view: View) -> list[tuple[int, str]]:
    """Each step's opening line and its name with its runner's (`Test (Command Line)`)."""
    steps: list[tuple[int, str]] = []
    for line in view.lines:
        if line.text.startswith("Step "):
            m = _STEP.match(line.text)
            if m:
                steps.append((line.no, m["name"]))
    return steps
