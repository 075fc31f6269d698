"""How many parameters of the exported functions and classes are documented (issue: documentation as a reference).

A parameter counts as documented when the object's docstring lists it in a Google-style `Args:` section (what the
docs site's mkdocstrings renders as a table) or when fastcore's `docments` finds a comment beside it.

    python tools/doc_coverage.py              # per module: documented / all parameters; the least documented objects
    python tools/doc_coverage.py generate     # the undocumented parameters of these objects
"""
import importlib, inspect, re, sys
from pathlib import Path
from fastcore.docments import docments

# every module nbdev generates (a new chapter is counted without editing this file)
MODULES = sorted(p.stem for p in (Path(__file__).resolve().parents[1]/"mech_steer").glob("*.py") if not p.stem.startswith("_"))

def google_args(doc: str | None) -> set[str]:
    "Names listed under an `Args:` (or `Parameters:`) heading of a Google-style docstring."
    if not doc: return set()
    m = re.search(r"^\s*(Args|Arguments|Parameters):\s*$(.*?)(^\s*(Returns|Raises|Yields|Examples?|Notes?):|\Z)", doc, re.M | re.S)
    return set(re.findall(r"^\s{2,}\**(\w+)\s*(?:\([^)]*\))?:", m.group(2), re.M)) if m else set()

def params(obj) -> list[str]:
    try: sig = inspect.signature(obj)
    except (TypeError, ValueError): return []
    return [n for n, p in sig.parameters.items() if n not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]

def documented(obj) -> tuple[list[str], list[str]]:
    ps = params(obj)
    if not ps: return [], []
    named = google_args(inspect.getdoc(obj)) | (google_args(inspect.getdoc(obj.__init__)) if inspect.isclass(obj) else set())
    try: dm = docments(obj)
    except Exception: dm = {}
    ok = [p for p in ps if p in named or dm.get(p)]
    return ok, [p for p in ps if p not in ok]

def report(only=()):
    tot = [0, 0]; worst = []
    for m in MODULES:
        M = importlib.import_module(f"mech_steer.{m}")
        d = n = 0
        for name in getattr(M, "__all__", []):
            obj = getattr(M, name)
            if not callable(obj) or getattr(obj, "__module__", "") != M.__name__: continue
            ok, miss = documented(obj)
            if only and name not in only: continue
            if only: print(f"{m}.{name}: {len(ok)}/{len(ok) + len(miss)} documented; missing: {', '.join(miss) or 'none'}")
            d += len(ok); n += len(ok) + len(miss)
            if miss: worst.append((len(miss), f"{m}.{name}"))
        tot[0] += d; tot[1] += n
        if not only: print(f"{m:14s} {d:4d} / {n:4d} parameters documented")
    if not only:
        print(f"{'all':14s} {tot[0]:4d} / {tot[1]:4d}")
        print("most undocumented parameters:", ", ".join(f"{k} ({c})" for c, k in sorted(worst, reverse=True)[:12]))

if __name__ == "__main__": report(sys.argv[1:])
