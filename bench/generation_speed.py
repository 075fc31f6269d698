"""Generation speed on the default model: ours against the model's own `generate`, steered against unsteered,
and the machine's arithmetic bound for the same work, all measured in one run.

Run: python bench/generation_speed.py [--batches 8 64] [--new 32] [--reps 3] [--layer 15]

For each batch size it prints generated tokens per second of
  - `stock`: transformers' `model.generate` inside `intervene` (what `mech_steer.generate` did before its own loop);
  - `ours`: `mech_steer.interventions.generate` (own decode loop, shared chat prefix, GQA attention without copies);
  - `ours steered`: the same with a relative Add at resid_post.L on every position;
  - `bound`: the tokens per second if the run did nothing but its matrix products, each timed here on its real shapes
    (every Linear of the model on the real prompt tokens, the shared prefix counted once, for the prefill, and on
    [B] rows per decode step); attention,
    norms and sampling come on top, so no implementation reaches it.
Greedy decoding with the chat template, 32 new tokens, no early stop (every row makes all its tokens).
With `--bf16` it also loads the model with bfloat16 weights (`load_model(dtype="bfloat16")`; CPUs with AVX512-BF16
multiply bf16 several times faster than fp32) and prints its speed and how many greedy tokens agree with fp32.
"""
import argparse, os, statistics, time
import torch
import torch.nn.functional as F
from mech_steer.models import load_model
from mech_steer.interventions import Intervention, Add, generate, intervene

PROMPTS = ["Tell me about your weekend.", "Write a short poem about the sea.", "What should I cook tonight?",
           "Describe your ideal job.", "Explain how rain forms.", "Give me three tips for learning to draw.",
           "What is a good name for a cat?", "Summarise the plot of a mystery novel you like."]

def stock(lm, prompts, ivs, new, batch):
    "The previous path: the model's own generate inside `intervene` (left padding, DynamicCache)."
    out = []
    for i in range(0, len(prompts), batch):
        enc = lm.encode(lm.chat(prompts[i:i + batch]), padding_side="left")
        with intervene(lm, ivs) as hd, torch.no_grad():
            hd.set_prompt(enc["input_ids"], enc["attention_mask"])
            g = lm.model.generate(**enc, max_new_tokens=new, do_sample=False, pad_token_id=lm.pad_id, eos_token_id=None,
                                  temperature=None, top_p=None, top_k=None)
        out += g[:, enc["input_ids"].shape[1]:].tolist()
    return out

def _time(f, reps=3):
    f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

def matmul_bound(lm, B, prompt_tokens, new) -> float:
    "Seconds the run's matrix products alone take: every Linear (and the unembedding) at its real shapes."
    lins = [m for m in lm.model.modules() if isinstance(m, torch.nn.Linear) and m is not lm.lm_head]
    W_U = lm.W_U.detach()
    def step(rows, logits_rows):
        xs = {m.in_features: torch.randn(rows, m.in_features) for m in lins}
        def run():
            with torch.no_grad():
                for m in lins: F.linear(xs[m.in_features], m.weight)
                F.linear(torch.randn(logits_rows, W_U.shape[1]), W_U)
        return _time(run)
    return step(prompt_tokens, B) + (new - 1) * step(B, B)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", type=int, nargs="+", default=[8, 64])
    ap.add_argument("--new", type=int, default=32)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--layer", type=int, default=15)
    ap.add_argument("--bf16", action="store_true", help="also time bfloat16 weights")
    a = ap.parse_args()
    torch.set_num_threads(os.cpu_count())
    lm = load_model()
    v = torch.randn(lm.d_model, generator=torch.Generator().manual_seed(0))
    iv = Intervention(f"resid_post.{a.layer}", Add(v, relative=True), strength=0.1, positions="all")
    print(f"{lm.name}, {torch.get_num_threads()} threads, greedy, chat template, {a.new} new tokens, best of {a.reps} runs")
    for B in a.batches:
        prompts = (PROMPTS * (B // len(PROMPTS) + 1))[:B]
        kw = dict(max_new_tokens=a.new, batch_size=B, chat=True, stop_at_eos=False)
        n_tok = B * a.new
        enc = lm.encode(lm.chat(prompts))
        P = int(enc["attention_mask"].shape[1])
        from mech_steer.interventions import _shared_prefix
        L = _shared_prefix(enc)
        needed = L + int(enc["attention_mask"].sum()) - B * L          # real prompt tokens, the shared prefix once
        res = {}
        # interleave the variants so a change in machine load hits them alike
        times = {k: [] for k in ("stock", "ours", "ours steered")}
        runs = {"stock": lambda: stock(lm, prompts, [], a.new, B), "ours": lambda: generate(lm, prompts, [], **kw),
                "ours steered": lambda: generate(lm, prompts, [iv], **kw)}
        for f in runs.values(): f()                                                # warm-up
        for _ in range(a.reps):
            for k, f in runs.items():
                t = time.perf_counter(); f(); times[k].append(time.perf_counter() - t)
        same = stock(lm, prompts, [], a.new, B) == generate(lm, prompts, [], **kw).tokens
        bound = matmul_bound(lm, B, needed, a.new)
        for k, ts in times.items(): res[k] = n_tok / min(ts)
        print(f"batch {B:3d} (prompts padded to {P} tokens, {L} shared): " + ", ".join(f"{k} {x:.0f} tok/s" for k, x in res.items())
              + f", bound {n_tok / bound:.0f} tok/s (matrix products only)")
        print(f"   ours/stock = {res['ours'] / res['stock']:.2f}x, steered/unsteered = {res['ours steered'] / res['ours']:.3f}, "
              f"ours at {res['ours'] * bound / n_tok:.0%} of the bound; greedy tokens identical to stock: {same}")
        if a.bf16:
            lm16 = load_model(dtype="bfloat16")
            ref = generate(lm, prompts, [], **kw).tokens
            f16 = {"ours": lambda: generate(lm16, prompts, [], **kw), "ours steered": lambda: generate(lm16, prompts, [iv], **kw)}
            t16 = {k: [] for k in f16}
            for f in f16.values(): f()
            for _ in range(a.reps):
                for k, f in f16.items():
                    t = time.perf_counter(); f(); t16[k].append(time.perf_counter() - t)
            r16 = {k: n_tok / min(ts) for k, ts in t16.items()}
            got = generate(lm16, prompts, [], **kw).tokens
            agree = sum(x == y for p, q in zip(ref, got) for x, y in zip(p, q)) / sum(map(len, ref))
            print(f"   bf16 weights: ours {r16['ours']:.0f} tok/s ({r16['ours'] / res['stock']:.2f}x fp32 stock), steered/unsteered "
                  f"{r16['ours steered'] / r16['ours']:.3f}; greedy tokens equal to fp32: {agree:.0%} ({sum(p == q for p, q in zip(ref, got))} of {B} rows)")
            del lm16

if __name__ == "__main__":
    main()
