"End-to-end: the README's main job, `mech-steer generate`, on the offline default model."
import json, os, subprocess, sys, shutil
import pytest

def _run(*args, env=None):
    exe = shutil.which("mech-steer") or sys.executable
    cmd = [exe, *args] if exe.endswith("mech-steer") else [exe, "-m", "mech_steer.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=None if env is None else {**os.environ, **env})

def test_generate_end_to_end(tmp_path):
    out = tmp_path/"gen.json"
    r = _run("generate", "--max-new-tokens", "12", "--prompts", "Tell me about your weekend.", "What should I cook tonight?",
             "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert "clean" in r.stdout and "steered" in r.stdout
    res = json.loads(out.read_text())
    assert len(res["clean"]) == len(res["steered"]) == 2
    assert res["clean"] != res["steered"]                      # the vector changes the greedy completions
    assert all(abs(e - 0.15) < 1e-3 for e in res["edit_size"])   # relative strength = measured edit size
    again = _run("generate", "--max-new-tokens", "4", "--prompts", "Hi there", "--json", str(out))
    assert again.returncode == 2 and "never overwritten" in again.stderr   # results are not overwritten

def test_bad_input_exit_codes():
    r = _run("generate", "--model", "no-such-org/no-such-model", env={"HF_HUB_OFFLINE": "1"})     # never the network in a test
    assert r.returncode == 2 and "not available offline" in r.stderr and "HF_HUB_OFFLINE" in r.stderr
    r = _run("generate", "--layer", "30")
    assert r.returncode == 2 and "out of range" in r.stderr

def test_compare_end_to_end(tmp_path):
    "`mech-steer compare` on the default model, small: files written, same command = same table, other settings refused."
    out = tmp_path/"cmp"
    args = ("compare", "--concept", "dogs", "--methods", "caa", "probe", "prompting", "--edit-sizes", "0.2", "0.4",
            "--n-prompts", "3", "--max-new-tokens", "8", "--out", str(out), "--quiet")
    r = _run(*args)
    assert r.returncode == 0, r.stderr[-2000:]
    for f in ("results.jsonl", "table.csv", "table.md", "bottleneck.csv", "cosines.csv", "tradeoff.png", "settings.json", "run.json"):
        assert (out/f).exists(), f
    settings = json.loads((out/"settings.json").read_text())
    assert settings["model"] == "SmolLM2-135M-Instruct" and settings["layer"] == 12 and settings["library_version"]
    table, n_lines = (out/"table.csv").read_text(), len((out/"results.jsonl").read_text().splitlines())
    assert n_lines == 1 + 3 * (1 + 1 + 2 * 2)                 # header + unsteered, prompting, 2 methods x 2 sizes, 3 prompts each
    again = _run(*args)
    assert again.returncode == 0, again.stderr[-2000:]
    assert (out/"table.csv").read_text() == table                # same command, same table
    assert len((out/"results.jsonl").read_text().splitlines()) == n_lines   # nothing generated twice
    other = _run(*["2" if a == "3" else a for a in args])      # 2 prompts instead of 3, same folder
    assert other.returncode == 2 and "other settings" in other.stderr
