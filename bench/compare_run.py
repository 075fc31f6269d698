"""The whole `mech-steer compare` run (the README's main job): wall time, peak memory, and the share of fitting,
generation and scoring, measured in one run.

    python bench/compare_run.py            # warm: converted model, SAE and tuned lens taken from the cache
    python bench/compare_run.py --cold     # cold: a fresh, empty cache (converts the model, trains the SAE, fits the lens)

Extra arguments go to `mech-steer compare` (e.g. `--concept snow`). The run writes into a new temporary folder.
With `--record` (the paper run of the README's numbers) the timings go to `figures/main_job.json` under `cold` or
`warm`, with the run's table (each rate with its 95% Wilson interval); the README quotes that file.
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cold", action="store_true", help="run with an empty cache folder (MECH_STEER_CACHE)")
    ap.add_argument("--keep", default=None, help="copy the output folder here afterwards")
    ap.add_argument("--record", action="store_true", help="write the timings and the table to figures/main_job.json")
    a, rest = ap.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="mech_steer_bench_"))
    env = dict(os.environ)
    if a.cold: env["MECH_STEER_CACHE"] = str(work/"cache")
    exe = shutil.which("mech-steer")
    cmd = ([exe] if exe else [sys.executable, "-m", "mech_steer.cli"]) + ["compare", "--out", str(work/"out"), "--quiet", *rest]
    print("running:", " ".join(cmd), "(cold cache)" if a.cold else "(warm cache)", flush=True)
    t0 = time.time()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.time() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024      # kB on Linux
    if p.returncode != 0:
        print(p.stdout[-3000:], p.stderr[-3000:]); sys.exit(p.returncode)
    run = json.loads((work/"out"/"run.json").read_text())
    st = json.loads((work/"out"/"settings.json").read_text())
    ph = run["phases"]
    steer = [m for m in st["methods"] if m != "prompting"]
    print(f"model {st['model']}, {st['site']}, concept {st['concept']['name']}, {len(steer)} steering methods x "
          f"{len(st['edit_sizes'])} edit sizes x {st['prompts']['n']} prompts (+ unsteered{' and prompting' if 'prompting' in st['methods'] else ''}), "
          f"{run['generations']} generations of up to {st['max_new_tokens']} tokens, {run['threads']} torch threads")
    print(f"wall time (process, incl. imports): {wall:.1f} s = {wall / 60:.1f} min; inside compare(): {run['wall_seconds']:.1f} s")
    print(f"peak memory (max RSS of the process): {peak:.0f} MB")
    tot = sum(ph.get(k, 0.0) for k in ("fit", "generate", "score"))
    print("phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in ph.items()))
    print("shares of fit + generate + score: " + ", ".join(f"{k} {ph.get(k, 0.0) / tot:.1%}" for k in ("fit", "generate", "score")))
    if a.record: record(work/"out", st, run, wall, peak, "cold" if a.cold else "warm", rest)
    if a.keep: shutil.copytree(work/"out", a.keep, dirs_exist_ok=False)
    shutil.rmtree(work, ignore_errors=True)

def record(out: Path, st: dict, run: dict, wall: float, peak: float, key: str, rest: list):
    "Merge this run's timings (under `key`) and its table into figures/main_job.json."
    import pandas as pd
    from mech_steer.metrics import wilson
    f = Path(__file__).resolve().parent.parent/"figures"/"main_job.json"
    res = json.loads(f.read_text()) if f.exists() else {}
    t = pd.read_csv(out/"table.csv")
    rows = {}
    for _, r in t.iterrows():
        k = round(float(r["success"]) * int(r["n"]))
        rows.setdefault(r["method"], {})[f"{r['edit_size_target']:g}"] = dict(
            success=float(r["success"]), ci=list(wilson(k, int(r["n"]))), n=int(r["n"]), fluency=float(r["fluency"]),
            edit_size=float(r["edit_size"]))
    res.update(command="mech-steer compare " + " ".join(rest), model=st["model"], site=st["site"], concept=st["concept"]["name"],
               prompts=st["prompts"]["n"], edit_sizes=st["edit_sizes"], max_new_tokens=st["max_new_tokens"], table=rows,
               generations=run["generations"])
    res[key] = dict(wall_seconds=round(wall, 1), wall_minutes=round(wall / 60, 2), inside_compare_seconds=run["wall_seconds"],
                    peak_memory_mb=round(peak), peak_memory_gb=round(peak / 1024, 2), phases=run["phases"],
                    threads=run["threads"], workers=run.get("workers"), cpu_cores=os.cpu_count())
    f.write_text(json.dumps(res, indent=1) + "\n")
    print(f"recorded in {f}")

if __name__ == "__main__": main()
