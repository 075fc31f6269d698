"""Diff-of-means extraction: mech_steer.vectors vs the `steering-vectors` package, same pairs, same layer, same token.

Usage: python bench/vectors_vs_steering_vectors.py [--n 32] [--layer 12] [--batch-size 16] [--peer-batch-size 1]

Pairs: CAA refusal A/B items from ../shared/seed-data/caa (read at the answer letter), or, when that folder is
absent, the project's refusal pairs (data/concepts/refusal_pairs.csv) turned into A/B items. Both libraries read
the output of block `layer` (our resid_post.<layer>) at the last token. The peer gets the texts without their
leading BOS string, since its tokenizer call adds one (with it, chat texts would start with two BOS tokens);
the peer runs at its default batch size (1) and at ours. `--double-bos` also reports the cosine when it gets them as they are. Prints both times and their ratio.
"""
import argparse, time, sys
import torch
import torch.nn.functional as F
from mech_steer.models import load_model
from mech_steer.data import load_pairs
from mech_steer.vectors import caa_pairs, caa_dir, open_pairs, pairs_as_ab, extract, diff_of_means, peer_vector

def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=32); ap.add_argument("--layer", type=int, default=12)
    ap.add_argument("--batch-size", type=int, default=16); ap.add_argument("--peer-batch-size", type=int, default=1)
    ap.add_argument("--threads", type=int, default=None); ap.add_argument("--double-bos", action="store_true")
    a = ap.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    lm = load_model()
    if caa_dir("refusal") is not None: pairs, src = caa_pairs(lm, "refusal", "ab", n=a.n, seed=0), "CAA refusal A/B (generate_dataset.json)"
    else: pairs, src = pairs_as_ab(lm, open_pairs(load_pairs("refusal"))).sample(a.n, 0), "project refusal pairs as A/B"
    site = f"resid_post.{a.layer}"
    print(f"model {lm.name}, {len(pairs)} pairs of {src}, layer {a.layer} ({site}), last token (the answer letter), "
          f"torch threads {torch.get_num_threads()}")
    warm = pairs.subset([0])                      # first-call overheads out of the timings
    extract(lm, warm, [site]); peer_vector(lm, warm, a.layer)
    t0 = time.perf_counter(); ours = diff_of_means(extract(lm, pairs, [site], batch_size=a.batch_size)); t_ours = time.perf_counter() - t0
    t0 = time.perf_counter(); theirs = peer_vector(lm, pairs, a.layer, batch_size=a.peer_batch_size); t_peer = time.perf_counter() - t0
    same = a.batch_size != a.peer_batch_size
    if same:                                      # the peer at our batch size too (its default is 1)
        t0 = time.perf_counter(); theirs_b = peer_vector(lm, pairs, a.layer, batch_size=a.batch_size); t_peer_b = time.perf_counter() - t0
    cos = float(F.cosine_similarity(ours.v, theirs, dim=0))
    print(f"mech_steer.vectors (batch {a.batch_size}):        {t_ours:7.2f} s")
    print(f"steering-vectors   (batch {a.peer_batch_size}):        {t_peer:7.2f} s")
    if same: print(f"steering-vectors   (batch {a.batch_size}):       {t_peer_b:7.2f} s")
    print(f"ratio steering-vectors / mech_steer: {t_peer / t_ours:.2f}x" + (f" (at batch {a.batch_size} both: {t_peer_b / t_ours:.2f}x)" if same else ""))
    print(f"cosine(ours, theirs) = {cos:.6f}; norms {ours.norm:.3f} vs {float(theirs.norm()):.3f}"
          + (f"; at batch {a.batch_size}: {float(F.cosine_similarity(ours.v, theirs_b, dim=0)):.6f}" if same else ""))
    if a.double_bos:
        from steering_vectors import train_steering_vector
        sv = train_steering_vector(lm.model, lm.tok, list(zip(pairs.pos, pairs.neg)), layers=[a.layer], read_token_index=-1, batch_size=a.peer_batch_size)
        print(f"cosine with the peer fed chat texts as they are (two BOS tokens): {float(F.cosine_similarity(ours.v, sv.layer_activations[a.layer].float().cpu(), dim=0)):.6f}")
    out = dict(ours_s=t_ours, peer_s=t_peer, ratio=t_peer / t_ours, cosine=cos)
    if same: out |= dict(peer_same_batch_s=t_peer_b, ratio_same_batch=t_peer_b / t_ours,
                         cosine_same_batch=float(F.cosine_similarity(ours.v, theirs_b, dim=0)))
    return out

if __name__ == "__main__": main()
