"""Run the comparison chapter's held-out paper jobs outside the notebook (same arguments and folders as its `paper` cells, so a
later `python tools/render_paper.py 10` reuses every generation): each topic of Bhalla et al.'s pairs files, then the project's
word topics, every method, layer and edit size chosen on validation prompts, reported on test prompts.

    python bench/held_out_run.py [topic ...]      # default: all, in the chapter's order; resumable
"""
import sys, time, warnings
from mech_steer.models import load_model, repo_root, shared_dir
from mech_steer.compare import held_out_compare, METHODS, DEFAULT_EDIT_SIZES

HO = dict(topics=["coffee", "football", "San Francisco", "snow"], project=["dogs", "snow", "san_francisco"], methods=list(METHODS),
          layers=None, n_val=24, n_test=96, edit_sizes=DEFAULT_EDIT_SIZES, max_new_tokens=32, refine=1)
OUT = repo_root()/"results"/"compare_chapter"/"held_out"

def main(only=()):
    S1 = shared_dir()/"seed-data"/"interp_interv"
    lm = load_model()
    jobs = [(t, t, S1/f"{t}_pairs.csv") for t in HO["topics"]] + [(f"{c} (project pairs)", c, None) for c in HO["project"]]
    hkw = {k: HO[k] for k in ("methods", "layers", "n_val", "n_test", "edit_sizes", "max_new_tokens", "refine")}
    for key, concept, pairs in jobs:
        if only and key not in only and concept not in only: continue
        t0 = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            h = held_out_compare(concept, pairs=pairs, prompts=S1/"prompts.csv", lm=lm, out=OUT/key.replace(" ", "_"), progress=True,
                                 workers=None, **hkw)
        print(f"== {key}: {h.run['generations']} generations, {time.time() - t0:.0f} s; phases {h.run['phases']}", flush=True)
        print(h.test.drop(columns=["why", "val_fluency"]).round(3).to_string(index=False), flush=True)
        for m, v in h.choice.items():
            if v["status"] != "ok": print(f"  {m}: {v['status']}: {v['why']}", flush=True)

if __name__ == "__main__": main(sys.argv[1:])
