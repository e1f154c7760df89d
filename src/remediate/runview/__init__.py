"""Views of one run: the text tree (`remediate trace`) and the self-contained HTML page (`--html`)."""

from remediate.runview.page import render_page, write_page
from remediate.runview.text import text_tree

__all__ = ["render_page", "text_tree", "write_page"]
