"A wheel that works anywhere: built from this checkout, installed into a fresh virtual environment, run from an empty folder."
import os, subprocess, sys, sysconfig, venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def _run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)

def test_wheel_in_a_fresh_venv(tmp_path):
    r = _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path/"wheel")])
    assert r.returncode == 0, r.stderr
    whl = next((tmp_path/"wheel").glob("mech_steer-*.whl"))
    env = tmp_path/"venv"
    venv.create(env, with_pip=True)
    py = env/"bin"/"python"
    # the dependencies (torch, transformers, ...) come from this environment's site-packages, read through a .pth file:
    # nothing is downloaded, and this environment's own (editable) mech_steer is not seen, since .pth files inside a
    # directory added this way are not processed
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site/"zz_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    r = _run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(whl)])
    assert r.returncode == 0, r.stderr
    empty = tmp_path/"empty"; empty.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MECH_STEER_DATA")}
    where = _run([str(py), "-c", "import mech_steer.models as m; print(m.__file__); print(m.data_dir())"], cwd=empty, env=clean)
    assert where.returncode == 0, where.stderr
    mod, data = where.stdout.split()
    assert Path(mod).is_relative_to(site), mod                                  # the installed copy, not this checkout
    assert Path(data) == site/"mech_steer"/"_data" and (Path(data)/"concepts"/"dogs_pairs.csv").exists(), data
    exe = env/"bin"/"mech-steer"
    h = _run([str(exe), "compare", "--help"], cwd=empty, env=clean)
    assert h.returncode == 0 and "--concept" in h.stdout, h.stderr
    c = _run([str(exe), "compare", "--concept", "dogs", "--methods", "caa", "prompting", "--edit-sizes", "0.2", "--n-prompts", "2",
              "--max-new-tokens", "4", "--workers", "1", "--quiet", "--out", "out"], cwd=empty, env=clean)
    assert c.returncode == 0, c.stderr[-2000:]
    assert (empty/"out"/"table.csv").exists() and "caa" in (empty/"out"/"table.csv").read_text()
    assert not (empty/"data").exists()                                          # nothing written where the datasets are looked for
