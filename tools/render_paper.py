"""Re-render the paper: run the chapters with the `slow` and `paper` flags, keeping their outputs in the notebooks.

    python tools/render_paper.py                 # every chapter that changed since its last render
    python tools/render_paper.py 04 10_compare   # these chapters (by number or name)
    python tools/render_paper.py --force 10      # re-render even if nothing changed
    python tools/render_paper.py --list          # what would run, and the last render's times

Each chapter runs in a fresh Python process (a fresh kernel) from `nbs/`, as `nbdev_test` runs it, with every cell
executed except `#| eval: false` ones. Its figures and `figures/<chapter>.json` are written into a staging copy of
`figures/`; only when the whole notebook has run are the executed notebook (cleaned by `nbdev_clean`) and the
changed figures moved into place. An interrupted or failed chapter leaves its notebook and figures untouched.

Resuming: a chapter whose code cells, library source and data are unchanged since its last successful render is
skipped (the state is in `.cache/render_paper/state.json`), so after an interruption the same command continues
where it stopped. Within a chapter, fitted artifacts (activation caches, SAEs, tuned lenses, comparison folders) are
reused from `$MECH_STEER_CACHE` and `results/`; a missing entry is rebuilt.

Afterwards the quoted numbers in the prose and README are rewritten from `figures/*.json` (`tools/quoted.py
--write`), and the wall time of each chapter goes to `figures/render_times.json`.
"""
from __future__ import annotations
import argparse, hashlib, json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, FIGS = ROOT/"nbs", ROOT/"figures"
STATE = ROOT/".cache"/"render_paper"/"state.json"
TIMES = FIGS/"render_times.json"
FLAGS = ("slow", "paper")

def chapters() -> list[Path]:
    return sorted(p for p in NBS.glob("[0-9][0-9]_*.ipynb"))

def resolve(names) -> list[Path]:
    "Chapter notebooks from names like `04`, `04_saes` or `nbs/04_saes.ipynb`."
    allc = chapters()
    if not names: return allc
    out = []
    for n in names:
        stem = Path(n).stem
        hit = [p for p in allc if p.stem == stem or p.stem.split("_")[0] == stem.zfill(2)]
        if len(hit) != 1: sys.exit(f"render_paper: no chapter {n!r}; chapters are {', '.join(p.stem for p in allc)}")
        out += hit
    return list(dict.fromkeys(out))

def directives(src: str) -> dict:
    "nbdev directives at the top of a code cell (`#| key value`)."
    d = {}
    for line in src.splitlines():
        m = re.match(r"\s*#\|\s*([\w-]+:?)\s*(.*)", line)
        if m: d[m[1]] = m[2].strip()
        elif line.strip() and not line.strip().startswith("#"): break
    return d

def _code_hash(nb: Path) -> str:
    "What a render depends on: the notebook's code cells, the library, the project's data and this script."
    h = hashlib.sha256()
    for c in json.loads(nb.read_text())["cells"]:
        if c["cell_type"] == "code": h.update("".join(c["source"]).encode()); h.update(b"\0")
    for p in sorted((ROOT/"mech_steer").glob("*.py")) + sorted((ROOT/"data").rglob("*")) + [Path(__file__)]:
        if p.is_file() and p.name != "_modidx.py": h.update(p.name.encode()); h.update(p.read_bytes())
    return h.hexdigest()[:16]

def _load(p: Path, default):
    try: return json.loads(p.read_text())
    except (FileNotFoundError, json.JSONDecodeError): return default

def _save(p: Path, obj):
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp"); tmp.write_text(json.dumps(obj, indent=1) + "\n"); os.replace(tmp, p)

def child(nb: str, out: str):
    "Run one notebook in this process (cwd nbs/), every cell but `eval: false` ones; write the executed copy to `out`."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    os.environ.setdefault("MECH_STEER_RENDER", "paper")
    nbp = Path(nb).resolve()
    d = read_nb(nbp)
    t0, n = time.time(), [0]
    def pre(cell):
        if cell.cell_type != "code": return True
        if directives(cell.source).get("eval:", "").lower() == "false": return True
        cell.outputs, cell.execution_count = [], None
        n[0] += 1
        print(f"  [{time.time() - t0:6.0f} s] cell {cell.idx_}", flush=True)
        return False
    shell = CaptureShell(nbp)
    os.chdir(nbp.parent)
    try: shell.run_all(d, exc_stop=True, preproc=pre)
    except Exception:
        sys.stderr.write(shell.prettytb(fname=nbp) + "\n"); sys.exit(1)
    write_nb(d, out)
    print(f"  ran {n[0]} cells in {time.time() - t0:.0f} s", flush=True)

def render(nb: Path) -> float:
    "Render one chapter atomically; returns its wall time in seconds (raises SystemExit on failure)."
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix=f"render-{nb.stem}-") as tmp:
        tmp = Path(tmp); stage = tmp/"figures"
        shutil.copytree(FIGS, stage)
        before = {p.name: p.stat().st_mtime_ns for p in stage.iterdir()}
        env = dict(os.environ, MECH_STEER_FIGURES=str(stage), MECH_STEER_RENDER="paper")
        r = subprocess.run([sys.executable, __file__, "--child", str(nb), str(tmp/nb.name)], env=env)
        if r.returncode != 0: sys.exit(f"render_paper: {nb.stem} failed (its notebook and figures are untouched)")
        subprocess.run(["nbdev_clean", "--fname", str(tmp/nb.name)], cwd=ROOT, check=True)
        changed = [p for p in stage.iterdir() if p.is_file() and before.get(p.name) != p.stat().st_mtime_ns]
        for p in changed: shutil.copy2(p, tmp/("fig-" + p.name))
        for p in changed: os.replace(tmp/("fig-" + p.name), FIGS/p.name)
        os.replace(tmp/nb.name, nb)
    print(f"{nb.stem}: rendered in {time.time() - t0:.0f} s; figures written: {', '.join(p.name for p in changed) or 'none'}")
    return time.time() - t0

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("chapters", nargs="*", help="chapters by number or name (default: all)")
    ap.add_argument("--force", action="store_true", help="render even if unchanged since the last render")
    ap.add_argument("--list", action="store_true", help="show what would run and the last times; run nothing")
    ap.add_argument("--child", nargs=2, metavar=("NB", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: return child(*a.child)
    state, times = _load(STATE, {}), _load(TIMES, {"chapters": {}})
    todo = [(nb, _code_hash(nb)) for nb in resolve(a.chapters)]
    todo = [(nb, h) for nb, h in todo if a.force or state.get(nb.stem, {}).get("hash") != h]
    if a.list:
        for nb in resolve(a.chapters):
            last = times["chapters"].get(nb.stem)
            print(f"{nb.stem:18s} {'render' if any(nb == t for t, _ in todo) else 'up to date':10s} "
                  f"last: {'-' if last is None else f'{last:.0f} s'}")
        return
    if not todo: print("render_paper: every chapter asked for is up to date (use --force to render again)")
    t_all = time.time()
    for nb, h in todo:
        print(f"== {nb.stem}", flush=True)
        sec = render(nb)
        state[nb.stem] = dict(hash=h, seconds=round(sec, 1), finished=time.strftime("%Y-%m-%d %H:%M:%S"))
        _save(STATE, state)
        times["chapters"][nb.stem] = round(sec, 1)
        times.update(total_seconds=round(sum(times["chapters"].values()), 1), n_chapters=len(times["chapters"]),
                     n_chapters_in_book=len(chapters()), cpu_cores=os.cpu_count(),
                     torch_threads_per_process="default (one per core)", note="wall seconds of each chapter's last paper render")
        _save(TIMES, times)
    if todo:
        print(f"rendered {len(todo)} chapter(s) in {time.time() - t_all:.0f} s")
        subprocess.run([sys.executable, str(ROOT/"tools"/"quoted.py"), "--write"], cwd=ROOT, check=True)

if __name__ == "__main__":
    main()
