"""Steered vs unsteered batched generation speed, and cold vs warm load time, on the default model.

Run: python bench/generation_speed.py [--reps 5] [--layer 15] [--batch 8] [--new 32]
Prints tokens per second of each, the steered/unsteered ratio from this one run, and load times.
"""
import argparse, os, statistics, tempfile, time
import torch
from mech_steer.models import load_model
from mech_steer.interventions import Intervention, Add, generate

PROMPTS = ["Tell me about your weekend.", "Write a short poem about the sea.", "What should I cook tonight?",
           "Describe your ideal job.", "Explain how rain forms.", "Give me three tips for learning to draw.",
           "What is a good name for a cat?", "Summarise the plot of a mystery novel you like."]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--layer", type=int, default=15)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--new", type=int, default=32)
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-load (GGUF conversion) measurement")
    a = ap.parse_args()
    torch.set_num_threads(os.cpu_count())

    cold = float("nan")
    if not a.no_cold:
        with tempfile.TemporaryDirectory() as d:   # cold: GGUF conversion into an empty cache
            t = time.perf_counter(); load_model(cache=__import__("pathlib").Path(d)); cold = time.perf_counter() - t
    t = time.perf_counter(); lm = load_model(); warm = time.perf_counter() - t   # warm: the user's cache
    t = time.perf_counter(); lm = load_model(); warm2 = time.perf_counter() - t
    print(f"load: cold (convert GGUF) {cold:.1f} s, warm {warm:.2f} s, warm again {warm2:.2f} s")

    prompts = (PROMPTS * ((a.batch + len(PROMPTS) - 1) // len(PROMPTS)))[:a.batch]
    v = torch.randn(lm.d_model)
    iv = Intervention(f"resid_post.{a.layer}", Add(v, relative=True), strength=0.1, positions="all")
    kw = dict(max_new_tokens=a.new, batch_size=a.batch, chat=True, stop_at_eos=False)
    def tps(ivs):
        t = time.perf_counter(); g = generate(lm, prompts, ivs, **kw); dt = time.perf_counter() - t
        return sum(len(x) for x in g.tokens) / dt
    tps([]); tps([iv])   # warm-up
    base, steer = [], []
    for _ in range(a.reps):   # interleaved so drift hits both equally
        base.append(tps([])); steer.append(tps([iv]))
    b, s = statistics.median(base), statistics.median(steer)
    print(f"generation: batch {a.batch}, {a.new} new tokens, greedy, Add at resid_post.{a.layer} on all positions, {a.reps} reps")
    print(f"  unsteered {b:.1f} tok/s (runs: {', '.join(f'{x:.0f}' for x in base)})")
    print(f"  steered   {s:.1f} tok/s (runs: {', '.join(f'{x:.0f}' for x in steer)})")
    print(f"  ratio steered/unsteered = {s / b:.3f}")

if __name__ == "__main__":
    main()
