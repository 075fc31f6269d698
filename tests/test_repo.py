"Repository-level checks: README rendered from index, two commands present, CI runs the README's test command."
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def test_readme_in_sync():
    r = subprocess.run([sys.executable, "tools/render_readme.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_two_commands_first():
    blocks = re.findall(r"```bash\n(.*?)\n```", (ROOT/"README.md").read_text(), re.S)
    assert len(blocks) >= 2
    assert "mech-steer compare" in blocks[0] and "torch==2.13.0" in blocks[0]
    assert "nbdev_test" in blocks[1] and "pytest" in blocks[1]
    assert "README.md" in (ROOT/".ci/run").read_text()   # CI takes its test command from the README
