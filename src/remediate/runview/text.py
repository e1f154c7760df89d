"""`remediate trace`: the run record as a tree, every attribute under its full name."""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from remediate.runrecord import RunRecord, SpanRecord
from remediate.terminal import visible
from remediate.trace import CONTENT_ATTRIBUTES

# Transport details of the SDK's span; true but not what a reader of a run asks.
_NOISE = ("server.", "http.", "url.", "anthropic.request.id", "gen_ai.response.id", "gen_ai.provider.name")


def _line(text: str) -> str:
    """One terminal line: control characters and newlines shown as escapes."""
    return visible(text).replace("\n", "\\n")


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ",".join(_value(v) for v in value) + "]"
    return _line(str(value))


def label(span: SpanRecord) -> Text:
    text = Text(_line(span.name), style="bold" if span.parent_id is None else "")
    text.append(f" {span.seconds:.3f}s", style="dim")
    if span.status == "ERROR":
        text.append(f" ERROR {_line(span.status_description or '')}", style="red")
    shown = [
        f"{key}={_value(v)}"
        for key, v in span.attributes.items()
        if key not in CONTENT_ATTRIBUTES and not key.startswith(_NOISE)
    ]
    if shown:
        text.append(" " + " ".join(shown), style="dim")
    return text


def text_tree(record: RunRecord) -> Tree:
    title = f"run record {record.path}"
    if record.earlier_runs:
        title += f" (latest run; {record.earlier_runs} earlier run(s) in this file not shown)"
    tree = Tree(Text(_line(title)))

    def grow(node: Tree, span: SpanRecord) -> None:
        for child in record.children(span):
            grow(node.add(label(child)), child)

    for top in record.children(None):
        grow(tree.add(label(top)), top)
    return tree
