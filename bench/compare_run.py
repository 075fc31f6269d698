"""The whole `mech-steer compare` run (the README's main job): wall time, peak memory, and the share of fitting,
generation and scoring, measured in one run.

    python bench/compare_run.py            # warm: converted model, SAE and tuned lens taken from the cache
    python bench/compare_run.py --cold     # cold: a fresh, empty cache (converts the model, trains the SAE, fits the lens)

Extra arguments go to `mech-steer compare` (e.g. `--concept snow`). The run writes into a new temporary folder.
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cold", action="store_true", help="run with an empty cache folder (MECH_STEER_CACHE)")
    ap.add_argument("--keep", default=None, help="copy the output folder here afterwards")
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
    if a.keep: shutil.copytree(work/"out", a.keep, dirs_exist_ok=False)
    shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__": main()
