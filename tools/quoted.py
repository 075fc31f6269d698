"""Numbers quoted in prose come from the JSON the paper run wrote.

A number in a Markdown cell of a chapter (or in README.md, rendered from nbs/index.ipynb) is tied to a key of a
`figures/<chapter>.json` file by an HTML comment right after it, invisible once rendered:

    CAA succeeds in 0.92<!--n:10_compare/per_concept/dogs/caa/by_size/0.4--> of replies
    a full render takes 95<!--n:render_times/total_seconds|/60:.0f--> minutes

The key is the JSON file's name (without `.json`) and the path inside it, `/`-separated (list items by index).
After `|`, an optional scale (`*100`, `/60`) and a Python format spec (`:.2f`, `:.0%`); without a spec the value
is printed with as many decimals as the quoted text has. A `%` at the end of the quoted text multiplies by 100.

    python tools/quoted.py --check      # every marked number equals its JSON value (exit 1 and a list if not)
    python tools/quoted.py --write      # rewrite every marked number from the JSON (notebooks and README)
    python tools/quoted.py --list       # every marked number, its key and its JSON value

`tools/render_paper.py` runs `--write` after a render; `tests/test_numbers.py` runs the check.
"""
from __future__ import annotations
import argparse, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = re.compile(r"(?<![\w.])(?P<num>(?:(?<![^\s(\[])[-+])?(?:\d[\d,]*)?\.?\d+(?:[eE][-+]?\d+)?)(?P<pct>%?)<!--n:(?P<key>[^|>]+?)(?:\|(?P<fmt>[^>\s]*))?-->")
ANY = re.compile(r"<!--n:")         # every marker, parsed or not: one MARK does not match is an error

class NumberError(ValueError): pass

def lookup(key: str, figures: Path | None = None):
    "The JSON value at `file/path/...` under `figures/`."
    figures = figures or ROOT/"figures"
    name, *path = key.split("/")
    f = figures/f"{name}.json"
    if not f.exists(): raise NumberError(f"{key}: {f.name} does not exist in {figures}")
    x = json.loads(f.read_text())
    for i, p in enumerate(path):
        if isinstance(x, list):
            if not p.lstrip("-").isdigit() or not -len(x) <= int(p) < len(x): raise NumberError(f"{key}: no item {p!r} in a list of {len(x)}")
            x = x[int(p)]
        elif isinstance(x, dict):
            if p not in x: raise NumberError(f"{key}: no key {p!r} at {'/'.join([name, *path[:i]])} (keys: {sorted(x)[:12]})")
            x = x[p]
        else: raise NumberError(f"{key}: {'/'.join([name, *path[:i]])} is a {type(x).__name__}, not an object")
    if isinstance(x, bool) or not isinstance(x, (int, float)): raise NumberError(f"{key}: the value {x!r} is not a number")
    return x

def _decimals(num: str) -> int:
    if "e" in num.lower(): return -1
    return len(num.split(".")[1]) if "." in num else 0

def render_value(value, num: str, pct: str, fmt: str | None) -> str:
    "The quoted text for `value`, formatted as `fmt` says, else like the current text `num` (plus `pct`)."
    fmt = fmt or ""
    scale, spec = re.match(r"^([*/][\d.eE+-]+)?(?::(.*))?$", fmt).groups() if re.match(r"^([*/][\d.eE+-]+)?(?::(.*))?$", fmt) else (None, None)
    if scale is None and spec is None and fmt: raise NumberError(f"bad format {fmt!r}: use e.g. '/60:.1f', '*100', ':.2f'")
    v = float(value)
    if scale: v = v * float(scale[1:]) if scale[0] == "*" else v / float(scale[1:])
    if spec:
        out = format(v, spec)
        if spec.endswith("%"): out = out[:-1]     # the '%' is the quoted text's own
        return out
    if pct: v *= 100
    d = _decimals(num)
    if d < 0: return f"{v:.2g}"
    out = f"{v:,.{d}f}" if "," in num else f"{v:.{d}f}"
    return "0" + out[2:] if out.startswith("-0") and float(out) == 0 else out

def marks(text: str):
    "Every marked number in `text`: (match, key, quoted, expected-from-JSON or the error)."
    for m in MARK.finditer(text):
        try: want = render_value(lookup(m["key"]), m["num"], m["pct"], m["fmt"])
        except NumberError as e: want = e
        yield m, want

def sources():
    "Markdown sources that may quote numbers: every notebook's Markdown cells, and README.md."
    for nb in sorted((ROOT/"nbs").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        for i, c in enumerate(cells):
            if c["cell_type"] == "markdown": yield f"{nb.relative_to(ROOT)} cell {i}", "".join(c["source"])
    yield "README.md", (ROOT/"README.md").read_text()

def check() -> list[str]:
    "Problems: a marked number that differs from its JSON value, or a key that does not resolve."
    bad = []
    for where, text in sources():
        n_any, n_ok = len(ANY.findall(text)), sum(1 for _ in MARK.finditer(text))
        if n_any != n_ok: bad.append(f"{where}: {n_any - n_ok} marker(s) '<!--n:...-->' not right after a number or not well formed")
        for m, want in marks(text):
            if isinstance(want, NumberError): bad.append(f"{where}: {m['num']}{m['pct']}: {want}")
            elif want != m["num"]: bad.append(f"{where}: quotes {m['num']}{m['pct']} for {m['key']}, the JSON says {want}{m['pct']}")
    return bad

def _rewrite(text: str) -> str:
    out, last = [], 0
    for m, want in marks(text):
        if isinstance(want, NumberError): raise want
        out += [text[last:m.start("num")], want]; last = m.end("num")
    return "".join(out) + text[last:]

def write() -> int:
    "Rewrite every marked number in the notebooks' Markdown cells from the JSON; returns how many changed."
    n = 0
    for nb in sorted((ROOT/"nbs").glob("*.ipynb")):
        raw = nb.read_text(); d = json.loads(raw); changed = False
        for c in d["cells"]:
            if c["cell_type"] != "markdown": continue
            src = "".join(c["source"]); new = _rewrite(src)
            if new != src:
                n += sum(1 for a, b in zip(MARK.finditer(src), MARK.finditer(new)) if a["num"] != b["num"])
                c["source"] = new.splitlines(keepends=True); changed = True
        if changed: nb.write_text(json.dumps(d, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    return n

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true"); g.add_argument("--write", action="store_true"); g.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list:
        for where, text in sources():
            for m, want in marks(text): print(f"{where}: {m['num']}{m['pct']}  {m['key']}  -> {want}")
    elif a.write:
        n = write()
        import subprocess
        subprocess.run([sys.executable, "tools/render_readme.py"], cwd=ROOT, check=True)
        print(f"{n} quoted numbers updated from figures/*.json; README.md rendered")
    else:
        bad = check()
        for b in bad: print(b)
        if bad: sys.exit(1)
        print(f"{sum(1 for _, t in sources() for _ in MARK.finditer(t))} quoted numbers match figures/*.json")

if __name__ == "__main__":
    main()
