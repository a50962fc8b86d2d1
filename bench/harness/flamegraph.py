"""A flame graph (SVG) from collapsed stacks: one box per frame, as wide as its share of the
samples, callers below callees; hovering a box shows its frame and samples.

Written here rather than taken from a library: the well-known renderers (flamegraph.pl,
async-profiler's converter) are not on the registries this project installs from, and the
picture needs nothing more than nested rectangles.
"""
import zlib
from collections import Counter
from html import escape

WIDTH = 1200
ROW = 16
MIN_WIDTH = 0.3  # px: narrower boxes are left out (their samples stay in the parent's width)
COLOURS = ("#e8603c", "#ee8a3a", "#f1a73f", "#e5c13f", "#d9773a")


def _tree(stacks: Counter) -> dict:
    root = {"name": "all", "samples": 0, "children": {}}
    for stack, samples in stacks.items():
        root["samples"] += samples
        node = root
        for frame in stack.split(";"):
            node = node["children"].setdefault(frame, {"name": frame, "samples": 0, "children": {}})
            node["samples"] += samples
    return root


def _depth(node: dict) -> int:
    return 1 + max((_depth(child) for child in node["children"].values()), default=0)


def render(stacks: Counter, title: str) -> str:
    root = _tree(stacks)
    total = root["samples"] or 1
    height = (_depth(root) + 2) * ROW
    boxes = []

    def draw(node, x, depth):
        width = node["samples"] / total * WIDTH
        if width < MIN_WIDTH:
            return
        y = height - (depth + 1) * ROW
        label = f"{node['name']} ({node['samples']} samples, {node['samples'] / total * 100:.1f} %)"
        text = escape(node["name"][: int(width / 7)]) if width > 21 else ""
        boxes.append(f'<g><title>{escape(label)}</title><rect x="{x:.2f}" y="{y}" width="{width:.2f}" '
                     f'height="{ROW - 1}" fill="{COLOURS[zlib.crc32(node["name"].encode()) % len(COLOURS)]}"/>'
                     f'<text x="{x + 2:.2f}" y="{y + ROW - 4}">{text}</text></g>')
        offset = x
        for child in sorted(node["children"].values(), key=lambda c: c["name"]):
            draw(child, offset, depth + 1)
            offset += child["samples"] / total * WIDTH

    draw(root, 0.0, 0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="monospace" font-size="11">'
            f'<text x="4" y="12" font-size="13">{escape(title)}</text>' + "".join(boxes) + "</svg>\n")
