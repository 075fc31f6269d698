"""Build the documentation site from the notebooks with MkDocs (pure Python; no Quarto needed).

    python tools/build_docs.py            # writes the site to _site/ (open _site/index.html)
    python tools/build_docs.py --site DIR # somewhere else

Every notebook in nbs/ becomes one page (index.ipynb the home page, the chapters in file-name order = reading
order): its prose, its code, the outputs saved in it (text, tables, figures), nothing executed. Cells whose
first directive is `#| hide` (setup, Colab install) are left out, and `#|` directive lines are removed, as
nbdev's own docs do. Each module of mech_steer gets an API page listing every name in its `__all__`
(mkdocstrings, read from the source without importing it). Links in the notebooks' markdown to
`nbs/<chapter>.ipynb` (as README.md has them) or `<chapter>.ipynb` become links to the chapter pages; links to
`figures/*.png` or `../figures/*.png` show the repository's figures. The build is strict: a broken link, a page
missing from the sidebar or an API object that cannot be found fails it.

The markdown is staged in _docs_src/ (git-ignored); mkdocs.yml holds the theme and extensions. `nbdev_docs`
(Quarto) keeps working from settings.ini for users who have Quarto.
"""
import argparse, base64, configparser, json, re, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, STAGE = ROOT/"nbs", ROOT/"_docs_src"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDE = ("hide", "include: false", "include:false")
COLAB_SVG = "https://colab.research.google.com/assets/colab-badge.svg"
# a local copy of the badge, so pages show it offline (the notebooks link Colab's own)
BADGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20" role="img" aria-label="Open in Colab">'
         '<rect width="117" height="20" rx="3" fill="#555"/><rect x="22" width="95" height="20" rx="3" fill="#f9ab00"/>'
         '<circle cx="11" cy="10" r="5.5" fill="none" stroke="#f9ab00" stroke-width="3"/>'
         '<text x="69" y="14" fill="#fff" font-family="Verdana,sans-serif" font-size="11" text-anchor="middle">'
         'Open in Colab</text></svg>')

# MathJax 2 served from the jupyter-server-mathjax package (a dev requirement), not from a CDN: maths renders offline.
MATHJAX = """window.MathJax = {config: ["TeX-AMS-MML_HTMLorMML-full.js"],
  tex2jax: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]], processEscapes: true, processEnvironments: true,
            ignoreClass: ".*|", processClass: "arithmatex"},
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null}, showMathMenu: false, messageStyle: "none"};
"""
# every figure on a page links to its full-size image (wide figures are shrunk to the column; a click shows them legibly)
ENLARGE = """function enlargeFigures() {
  document.querySelectorAll("article img").forEach(function (img) {
    if (img.closest("a") || img.src.endsWith(".svg")) return;
    var a = document.createElement("a");
    a.href = img.src; a.target = "_blank"; a.className = "enlarge"; a.title = "open the full-size figure";
    img.replaceWith(a); a.appendChild(img);
  });
}
if (window.document$) { window.document$.subscribe(enlargeFigures); } else { document.addEventListener("DOMContentLoaded", enlargeFigures); }
"""
MATHJAX_PARTS = ("MathJax.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions", "fonts/HTML-CSS/STIX-Web/woff", "jax/output/HTML-CSS",
                 "jax/element", "localization/en", "LICENSE")     # the combined config holds the TeX input and HTML-CSS output code

def mathjax_dir() -> Path:
    "MathJax's files in the installed jupyter-server-mathjax package (found without importing it: it needs a server)."
    import importlib.util
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("The docs serve MathJax from the jupyter-server-mathjax package: pip install -e '.[dev]' (or pip install jupyter-server-mathjax).")
    return Path(list(spec.submodule_search_locations)[0])/"static"

def copy_mathjax(dest: Path):
    src = mathjax_dir()
    for part in MATHJAX_PARTS:
        if (src/part).is_dir(): shutil.copytree(src/part, dest/part)
        else: (dest/part).parent.mkdir(parents=True, exist_ok=True); shutil.copy(src/part, dest/part)

def settings():
    cp = configparser.ConfigParser(delimiters=["="]); cp.read(ROOT/"settings.ini"); return cp["DEFAULT"]

def notebooks():
    "index first, then the chapters in reading (file-name) order; `_`-prefixed notebooks are private."
    nbs = sorted(p for p in NBS.glob("*.ipynb") if not p.name.startswith(("_", ".")) and p.stem != "index")
    return [NBS/"index.ipynb", *nbs]

def page_name(nb: Path) -> str: return "index.md" if nb.stem == "index" else f"{nb.stem}.md"

def title(nb: Path) -> str:
    "The notebook's first `# ` heading (its page title)."
    for c in json.loads(nb.read_text())["cells"]:
        if c["cell_type"] == "markdown":
            m = re.search(r"^# (.+)$", "".join(c["source"]), re.M)
            if m: return m.group(1).strip()
    return nb.stem

def directives(src: str) -> list[str]:
    return [l[3:].strip() if l.startswith("#| ") else l[2:].strip() for l in src.splitlines() if l.startswith("#|")]

def fix_links(md: str, chapters: set[str], nb_dir: Path = NBS) -> str:
    """Repository-relative links (as README.md has them) -> page links; figures -> the copied figures; links to other
    files of the repository (data/README.md, a module) -> the file on the repository's host; the Colab badge -> the
    local copy."""
    def sub(m):
        url = m.group(1)
        u = re.match(r"^(?:\.\./|\./)?(?:nbs/)?([\w-]+)\.ipynb(#.*)?$", url)
        if u and u.group(1) in chapters: return f"]({u.group(1)}.md{u.group(2) or ''})"
        if re.match(r"^(?:\.\./|\./)?figures/", url): return "](" + re.sub(r"^(?:\.\./|\./)?", "", url) + ")"
        if not re.match(r"^([a-z]+:|#|/)", url):          # relative: the notebook's folder, else the repository root
            f = url.split("#")[0]
            for base in (nb_dir, ROOT):
                t = (base/f).resolve()
                if f and t.exists() and ROOT in t.parents:
                    s = settings(); return f"]({s['git_url']}/blob/{s.get('branch', 'main')}/{t.relative_to(ROOT).as_posix()})"
        return f"]({url})"
    return re.sub(r"\]\(([^)\s]+)\)", sub, md.replace(COLAB_SVG, "assets/colab-badge.svg"))

def fence(text: str, lang: str = "") -> str:
    n = max([3, *[len(r) + 1 for r in re.findall(r"`{3,}", text)]])
    return f"{'`'*n}{lang}\n{text.rstrip()}\n{'`'*n}"

def outputs_md(outs, stem: str, k: list) -> list[str]:
    parts = []
    for o in outs:
        t = o["output_type"]
        if t == "stream":
            txt = ANSI.sub("", "".join(o["text"]))
            if txt.strip(): parts.append('<div class="nb-output" markdown>\n\n' + fence(txt, "text") + "\n\n</div>")
        elif t == "error":
            parts.append('<div class="nb-output nb-error" markdown>\n\n' + fence(ANSI.sub("", "\n".join(o["traceback"])), "text") + "\n\n</div>")
        elif t in ("display_data", "execute_result"):
            d = o.get("data", {})
            img = next((m for m in ("image/png", "image/jpeg") if m in d), None)
            if img:
                k[0] += 1; name = f"img/{stem}_{k[0]}.{img.split('/')[1]}"
                (STAGE/name).write_bytes(base64.b64decode("".join(d[img])))
                parts.append(f'![output {k[0]} of {stem}]({name})')
            elif "image/svg+xml" in d: parts.append('<div class="nb-output">' + "".join(d["image/svg+xml"]) + "</div>")
            elif "text/html" in d: parts.append('<div class="nb-output">\n' + "".join(d["text/html"]) + "\n</div>")
            elif "text/markdown" in d: parts.append("".join(d["text/markdown"]))
            elif "text/plain" in d:
                parts.append('<div class="nb-output" markdown>\n\n' + fence(ANSI.sub("", "".join(d["text/plain"])), "text") + "\n\n</div>")
    return parts

def nb_to_md(nb: Path, chapters: set[str], colab: str) -> str:
    cells, parts, k = json.loads(nb.read_text())["cells"], [], [0]
    if nb.stem != "index" and "colab.research.google.com" not in nb.read_text():   # the notebook has no badge yet
        cells = cells[:1] + [{"cell_type": "markdown", "source": f"[![Open In Colab]({COLAB_SVG})]({colab}/{nb.name})"}] + cells[1:]
    for c in cells:
        src = "".join(c["source"])
        if not src.strip(): continue
        if c["cell_type"] == "markdown": parts.append(fix_links(src, chapters))
        elif c["cell_type"] == "code":
            dirs = directives(src)
            if any(d.startswith(HIDE) for d in dirs): continue
            code = "\n".join(l for l in src.splitlines() if not l.startswith("#|")).strip("\n")
            if code.strip(): parts.append(fence(code, "python"))
            parts += outputs_md(c.get("outputs", []), nb.stem, k)
    return "\n\n".join(parts) + "\n"

def modules():
    return sorted(p.stem for p in (ROOT/"mech_steer").glob("*.py") if not p.stem.startswith("_"))

def stage():
    "Write the markdown pages, images, figures and API pages to _docs_src/; return the sidebar (nav)."
    if STAGE.exists(): shutil.rmtree(STAGE)
    for d in ("img", "api", "assets", "figures"): (STAGE/d).mkdir(parents=True)
    (STAGE/"assets/colab-badge.svg").write_text(BADGE)
    (STAGE/"assets/mathjax-config.js").write_text(MATHJAX)
    (STAGE/"assets/enlarge.js").write_text(ENLARGE)
    copy_mathjax(STAGE/"assets/mathjax")
    (STAGE/"assets/extra.css").write_text(".nb-output pre, .nb-output code { background: #f7f7f7; }\n"
                                          ".nb-output { margin-top: -0.8em; }\n.nb-error code { color: #b00; }\n"
                                          "article a.enlarge img { cursor: zoom-in; }\n")
    for f in (ROOT/"figures").glob("*.*"): shutil.copy(f, STAGE/"figures"/f.name)   # PNGs and their numbers (.json)
    nbs = notebooks(); chapters = {nb.stem for nb in nbs}
    s = settings(); colab = f"https://colab.research.google.com/github/{s['user']}/{s['repo']}/blob/{s.get('branch', 'main')}/nbs"
    for nb in nbs: (STAGE/page_name(nb)).write_text(nb_to_md(nb, chapters, colab))
    api = []
    for m in modules():
        (STAGE/f"api/{m}.md").write_text(f"# mech_steer.{m}\n\n::: mech_steer.{m}\n")
        api.append({f"mech_steer.{m}": f"api/{m}.md"})
    return [{"Home": "index.md"}, {"Chapters": [{title(nb): page_name(nb)} for nb in nbs[1:]]}, {"API reference": api}]

def build(site: Path | str = ROOT/"_site", quiet: bool = True) -> Path:
    "Stage the pages and build the site into `site` (strict: any warning fails). Returns the site folder."
    import logging
    from mkdocs.config import load_config
    from mkdocs.commands.build import build as mk_build
    from mkdocs.exceptions import Abort
    site = Path(site).resolve()
    nav = stage()
    if quiet: logging.getLogger("mkdocs").setLevel(logging.WARNING)
    cfg = load_config(str(ROOT/"mkdocs.yml"), nav=nav, site_dir=str(site), docs_dir=str(STAGE), strict=True)
    try: mk_build(cfg)
    except Abort as e: raise SystemExit(f"docs build failed: {e}")
    return site

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", default=str(ROOT/"_site"), help="output folder (default _site/)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    out = build(a.site, quiet=not a.verbose)
    print(f"built {len(notebooks())} notebook pages and {len(modules())} API pages into {out} in {time.time()-t0:.1f}s")
