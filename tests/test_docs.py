"""The documentation site: build it (tools/build_docs.py) and read it in a real browser (Debian's headless chromium,
driven by playwright, served on loopback): every page loads and has its title, its images load, its internal
links lead somewhere; screenshots of the home page and one chapter go to _site_screens/.

Skips (with the reason) when the docs tools (mkdocs, mkdocs-material, mkdocstrings) or playwright are not
installed, or no chromium is found (`apt-get install -y chromium`; or set $CHROMIUM to a binary)."""
import functools, http.server, importlib.util, json, os, re, shutil, sys, threading, urllib.error, urllib.request
from pathlib import Path
from urllib.parse import urljoin, urldefrag, urlparse
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/"tools"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

def _missing(*mods): return [m for m in mods if importlib.util.find_spec(m) is None]

def _chromium():
    for c in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if c and Path(c).exists(): return c

def _need_docs_tools():
    miss = _missing("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers")
    if miss: pytest.skip(f"docs tools not installed ({', '.join(miss)}): pip install -e '.[dev]'")

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _need_docs_tools()
    import build_docs
    return build_docs.build(tmp_path_factory.mktemp("site"))

def test_index_links_every_chapter():
    "The home page (and so README.md) links every chapter notebook."
    idx = (ROOT/"nbs/index.ipynb").read_text()
    chapters = [p.stem for p in sorted((ROOT/"nbs").glob("[0-9]*.ipynb"))]
    missing = [c for c in chapters if f"nbs/{c}.ipynb" not in idx]
    assert not missing, f"nbs/index.ipynb does not link {missing}"

def test_site_builds(site):
    import build_docs
    for nb in build_docs.notebooks():
        page = site/build_docs.page_name(nb).replace(".md", ".html")
        assert page.exists(), page
        html = page.read_text()
        assert build_docs.title(nb) in html
        for c in json.loads(nb.read_text())["cells"]:      # every figure saved in the notebook is on its page
            n = sum("image/png" in o.get("data", {}) for o in c.get("outputs", []))
            if n and not any(d.startswith("hide") for d in build_docs.directives("".join(c["source"]))):
                assert f"img/{nb.stem}_" in html, f"{nb.name}: figure missing from its page"
        prose = re.sub(r"(?<!>)<code>[^<]*</code>", "", html)    # inline code in prose may name a directive
        assert not re.search(r"#\|\s*(export|hide|default_exp|slow|paper|eval)", prose), f"{page.name}: nbdev directive left in the page"
        assert "google.colab" not in html, f"{page.name}: the hidden Colab install cell is shown"
    n = 0
    for m in build_docs.modules():            # every exported function and class has an API entry
        api, src = (site/f"api/{m}.html").read_text(), (ROOT/f"mech_steer/{m}.py").read_text()
        names = re.search(r"__all__ = \[(.*?)\]", src, re.S)
        for name in re.findall(r"'(\w+)'", names.group(1)) if names else []:
            if re.search(rf"^(?:def|class) {name}\b", src, re.M):   # (constants set by tuple unpacking are not listed)
                assert f'id="mech_steer.{m}.{name}"' in api, f"api/{m}: {name} has no entry"; n += 1
    assert n > 100, n

@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                                directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = _chromium()
    if exe is None: pytest.skip("chromium not found: apt-get install -y chromium (or set $CHROMIUM)")
    if _missing("playwright"): pytest.skip("playwright not installed: pip install playwright (it drives the system chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium-profile")), executable_path=exe,
                                                   headless=True, args=FLAGS, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()

def test_pages_in_browser(browser, site, server):   # browser first: without chromium it skips before building
    import build_docs
    ctx = browser
    ctx.route(lambda url: not url.startswith(server), lambda route: route.abort())   # nothing leaves the machine
    pages = [(build_docs.page_name(nb).replace(".md", ".html"), build_docs.title(nb)) for nb in build_docs.notebooks()]
    pages += [(f"api/{m}.html", f"mech_steer.{m}") for m in build_docs.modules()]
    page, links, errors = ctx.new_page(), {}, []
    page.on("pageerror", lambda e: errors.append(str(e)))
    shots = ROOT/"_site_screens"; shots.mkdir(exist_ok=True)
    for path, title in pages:
        r = page.goto(server + path, wait_until="load")
        assert r is not None and r.ok, f"{path}: {r and r.status}"
        assert title in page.title(), f"{path}: title {page.title()!r} lacks {title!r}"
        assert title in page.locator("article h1").first.inner_text(), f"{path}: heading lacks {title!r}"
        assert page.locator("nav.md-nav--primary").count() > 0, f"{path}: no sidebar"
        imgs = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0])")
        bad = [src for src, ok in imgs if not ok]
        assert not bad, f"{path}: images that do not load: {bad}"
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if href.startswith(server): links.setdefault(href, path)
        if path == "index.html": page.screenshot(path=str(shots/"home.png"), full_page=False)
        if path.startswith("05_"):
            page.screenshot(path=str(shots/"chapter.png"), full_page=False)
            fig = page.locator("article img[src^='img/']").first      # and the chapter's first figure, in place
            fig.scroll_into_view_if_needed(); page.screenshot(path=str(shots/"chapter_figure.png"), full_page=False)
    assert not errors, f"javascript errors: {errors[:5]}"
    # chapter order in the sidebar is the reading order
    page.goto(server + "index.html")
    side = [t.strip() for t in page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link", "els => els.map(e => e.textContent)")]
    order = [side.index(t) for _, t in pages[1:len(build_docs.notebooks())] if t in side]
    assert len(order) == len(build_docs.notebooks()) - 1 and order == sorted(order), f"sidebar not in chapter order: {side}"
    # every internal link leads to a page, and its #anchor exists there
    broken, html = [], {}
    for href, src in links.items():
        url, frag = urldefrag(href)
        if url not in html:
            try: html[url] = urllib.request.urlopen(url).read().decode("utf-8", "replace")
            except urllib.error.HTTPError as e: html[url] = None
        if html[url] is None: broken.append(f"{src} -> {href}")
        elif frag and f'id="{frag}"' not in html[url]: broken.append(f"{src} -> {href} (no anchor)")
    assert not broken, f"broken internal links: {broken[:10]}"
    assert (shots/"home.png").stat().st_size > 10_000 and (shots/"chapter.png").stat().st_size > 10_000
