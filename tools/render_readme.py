"""Render nbs/index.ipynb to README.md without Quarto (nbdev_readme needs Quarto, which is not installable here).

Markdown cells are copied as they are; code cells that are not hidden become ```python blocks, with their
text outputs. Run from the repository root: python tools/render_readme.py [--check]
"""
import json, sys
from pathlib import Path

def render(nb_path="nbs/index.ipynb") -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb["cells"]:
        src = "".join(c["source"]).strip()
        if not src: continue
        if c["cell_type"] == "markdown": parts.append(src)
        elif c["cell_type"] == "code" and not src.startswith(("#| hide", "#|hide")):
            lines = [l for l in src.splitlines() if not l.startswith("#|")]
            parts.append("```python\n" + "\n".join(lines) + "\n```")
            outs = [("".join(o.get("text", "")) or "".join(o.get("data", {}).get("text/plain", ""))) for o in c.get("outputs", [])]
            outs = [o.strip() for o in outs if o.strip()]
            if outs: parts.append("```\n" + "\n".join(outs) + "\n```")
    return "\n\n".join(parts) + "\n"

if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        if Path("README.md").read_text() != text: sys.exit("README.md is out of date: run python tools/render_readme.py")
    else: Path("README.md").write_text(text)
