"End-to-end: the README's main job, `mech-steer generate`, on the offline default model."
import json, subprocess, sys, shutil
import pytest

def _run(*args):
    exe = shutil.which("mech-steer") or sys.executable
    cmd = [exe, *args] if exe.endswith("mech-steer") else [exe, "-m", "mech_steer.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900)

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
    r = _run("generate", "--model", "no-such-org/no-such-model")
    assert r.returncode == 2 and "not available offline" in r.stderr
    r = _run("generate", "--layer", "30")
    assert r.returncode == 2 and "out of range" in r.stderr
