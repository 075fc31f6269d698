"Numbers quoted in prose (chapters' Markdown, README) equal the JSON the paper run wrote (see tools/quoted.py)."
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/"tools"))
import quoted

def test_quoted_numbers_match_their_json():
    bad = quoted.check()
    assert not bad, "quoted numbers differ from figures/*.json (run python tools/quoted.py --write):\n" + "\n".join(bad)

def test_readme_quotes_its_numbers_from_json():
    text = (ROOT/"README.md").read_text()
    assert len(list(quoted.MARK.finditer(text))) >= 5, "README.md should tie its result numbers to figures/*.json"

def test_the_check_catches_a_wrong_number(tmp_path, monkeypatch):
    (tmp_path/"x.json").write_text(json.dumps({"a": {"rate": 0.4167, "n": [12, 24]}, "t": 515.2}))
    monkeypatch.setattr(quoted, "ROOT", tmp_path.parent)
    real = quoted.lookup
    monkeypatch.setattr(quoted, "lookup", lambda k, figures=None: real(k, tmp_path))
    good = "succeeds in 0.42<!--n:x/a/rate--> of 24<!--n:x/a/n/1--> prompts (42%<!--n:x/a/rate--> ), 8.6<!--n:x/t|/60:.1f--> min"
    assert all(w == m["num"] for m, w in quoted.marks(good)), [(m["num"], w) for m, w in quoted.marks(good)]
    wrong = "succeeds in 0.50<!--n:x/a/rate--> of replies"
    (m, w), = quoted.marks(wrong)
    assert w == "0.42" and m["num"] == "0.50"
    assert quoted._rewrite(wrong) == "succeeds in 0.42<!--n:x/a/rate--> of replies"
    (m, w), = quoted.marks("a 1.0<!--n:x/a/missing-->")
    assert isinstance(w, quoted.NumberError) and "missing" in str(w)
    (m, w), = quoted.marks("a 3<!--n:nofile/a-->")
    assert isinstance(w, quoted.NumberError) and "does not exist" in str(w)

def test_keys_with_spaces_and_stray_markers(tmp_path, monkeypatch):
    (tmp_path/"x.json").write_text(json.dumps({"L22 logit": {"0.2": 0.4167}}))
    real = quoted.lookup
    monkeypatch.setattr(quoted, "lookup", lambda k, figures=None: real(k, tmp_path))
    (m, w), = quoted.marks("reaches 0.42<!--n:x/L22 logit/0.2--> at 0.2")
    assert m["key"] == "x/L22 logit/0.2" and w == "0.42"
    monkeypatch.setattr(quoted, "sources", lambda: [("t", "reaches about<!--n:x/L22 logit/0.2--> at 0.2")])
    assert any("not right after a number" in b for b in quoted.check())
