"""Cut the failure excerpt: the most telling lines of the view that fit a token budget.

Every view line gets a score (the tool parsers' evidence, else the generic scorer), weighted by
where it sits: inside the failing step/command it counts more, the later the better; after the
job's failure (cleanup steps) and inside echoed step scripts it counts less; a line whose shape
was already seen many times counts less. Then, greedily: the failing step header and failure line,
the last lines before the failure, then blocks of context around the best lines until the budget
is spent. Blocks keep original line numbers; the excerpt shows each block under a header.
In interleaved output of tasks run in parallel (turbo, pnpm -r, yarn workspaces, ctest -V), a
block is its seed's own task's lines, and lines of tasks that reported no failure are no context.

One job per module: build (build_excerpt, the order of the steps above), scores (each line's weighted
score), steps (where a line sits: the failing steps, the primary one, after the job's failure, Travis'
after stages), telling (which lines tell what went wrong, and whether two lines are one report),
instances (an error's first complete instance, a long one cut to its telling lines), window (the
contiguous output before the failure, passing over tables and passing runs) with tables (a list's or a
table's rows), lead (the first error, seeded before the best lines), seeds (the block around each best
line), blocks (a seed's block of context), grow (the tiers in which blocks are seeded and widened),
widen (growing the chosen blocks a line at each edge), roll (the failing steps' counts of what failed and
the failing tests they name, their room held before the reports' lines, and the head of each named test's report the
blocks cut), selector (what is chosen and what it costs),
clip (a long line's head, telling middle and tail) and render (the excerpt's text: block headers,
folded runs of identical lines and alike frames, the token estimate).
"""

from remediate.facts.excerpt.build import build_excerpt
from remediate.facts.excerpt.clip import MAX_LINE_CHARS, render_line
from remediate.facts.excerpt.render import (
    FRAMES,
    HEADER,
    HEADER_COST,
    REPEATS,
    REPEATS_COST,
    Excerpt,
    estimate_tokens,
    identical_runs,
    numbered,
    run_key,
)
from remediate.facts.excerpt.telling import ERROR_SCORE, FAILURE_SCORE, Telling, one_report, telling

__all__ = [
    "ERROR_SCORE",
    "FAILURE_SCORE",
    "FRAMES",
    "HEADER",
    "HEADER_COST",
    "MAX_LINE_CHARS",
    "REPEATS",
    "REPEATS_COST",
    "Excerpt",
    "Telling",
    "build_excerpt",
    "estimate_tokens",
    "identical_runs",
    "numbered",
    "one_report",
    "render_line",
    "run_key",
    "telling",
]
