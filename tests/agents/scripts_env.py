"""Scripted cassettes of the environment fixtures whose check needs what the project installed
(its own `node_modules`); tests/agents/scripts.py merges them into its SCRIPTS. Same rules as
there: every turn states what the request must hold."""

from __future__ import annotations

from collections.abc import Callable

from remediate.replay import Cassette
from tests.agents.scripting import CHECK_PASSED, SONNET, TESTS_TOOLS, Script


def js_own_node_modules() -> Cassette:
    s = Script(SONNET, "js-own-node-modules: the quote passes kilograms to parcel-tariff's rateFor, which takes grams.")
    s.turn(
        [
            ("read_file", {"path": "src/quote.js"}),
            ("search", {"pattern": r"function rateFor", "glob": "*.js"}),
        ],
        text=(
            "Both failures are priced in the lightest band: 490 is the EU's first band for a 2.5 kg parcel, and the "
            "1.2 kg domestic line is 440 (390 + 50 handling). The weight reaching rateFor is wrong: read the quote "
            "and the tariff's contract."
        ),
        tools=TESTS_TOOLS,
        contains=("- language: javascript", "a 2.5 kg parcel to the EU pays the 10 kg band", "490 !== 1290"),
    )
    s.turn(
        [
            (
                "edit_file",
                {
                    "path": "src/quote.js",
                    "old_text": "  return rateFor(parcel.zone, parcel.weightKg);",
                    "new_text": (
                        "  // rateFor's bands are in grams.\n"
                        "  return rateFor(parcel.zone, Math.round(parcel.weightKg * 1000));"
                    ),
                },
            )
        ],
        text=(
            "rateFor(zone, grams) compares the weight with bands in grams, but parcels carry weightKg: 2.5 is read as "
            "2.5 g. Convert at the call, rounded to whole grams; the tariff package itself is right."
        ),
        results={0: ("parcel.weightKg", "require('parcel-tariff')"), 1: ("function rateFor(zone, grams)",)},
    )
    s.turn([("run_check", {})], results={0: ("edited src/quote.js",)})
    return s.finish(
        "parcelCents in src/quote.js passed the parcel's weight in kilograms to parcel-tariff's rateFor, whose bands "
        "are in grams, so every parcel was priced in the lightest band.",
        "Convert to grams at the call: rateFor(parcel.zone, Math.round(parcel.weightKg * 1000)).",
        results={0: (CHECK_PASSED, "# pass 3")},
    )


ENV_SCRIPTS: dict[str, Callable[[], Cassette]] = {
    "js-own-node-modules": js_own_node_modules,
}

__all__ = ["ENV_SCRIPTS"]
