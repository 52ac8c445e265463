"""The built site in a real headless Chromium (Debian's package, driven by Playwright).

The sample corpus (and, for following a story, the dated tests/corpora/golden) is generated and
built with `mkdocs build --strict`, served on localhost by a threading server (Material's search
worker stalls a single-threaded one), and used as a reader would. Any request that leaves localhost is blocked, so everything must work offline.
Screenshots land in tests/artifacts/ for reviewers.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import socketserver
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from tests.site_config import write_config


pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
STORY = "kim-putin-2023"


def build_site(corpus: Path, workdir: Path, cache: Path, **options) -> Path:
    """The project's mkdocs.yml with its digest plugin, pointed at corpus: `mkdocs build`
    generates the pages itself. Options go to the digest plugin."""
    docs, site = workdir / "docs", workdir / "site"
    docs.mkdir()
    write_config(workdir / "mkdocs.yml", docs, site, corpus=corpus, cache=cache, **options)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(workdir / "mkdocs.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="session")
def site(tmp_path_factory, cache_dir) -> Path:
    return build_site(ROOT / "corpus", tmp_path_factory.mktemp("site"), cache_dir)


def serve(site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def base_url(site):
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory, cache_dir):
    site = build_site(Path(__file__).parent / "corpora" / "hostile", tmp_path_factory.mktemp("hostile-site"), cache_dir)
    server, url = serve(site)
    yield url, site
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside_requests = []

    def offline(route):
        url = route.request.url
        if url.startswith("http://127.0.0.1:") or url.startswith("data:"):
            route.continue_()
        else:
            page.outside_requests.append(url)
            route.abort()

    page.route("**/*", offline)
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


def test_every_page_loads_without_errors_or_outside_requests(page, site, base_url):
    for relative in html_pages(site):
        page.goto(base_url + relative)
        page.wait_for_load_state("load")
        assert page.errors == [], f"{relative}: {page.errors}"
    assert page.outside_requests == []


def search(page, query: str):
    """Type a query the way a reader does: "/" puts the cursor in the header's search box."""
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
    page.keyboard.type(query)
    # results come as the query is typed: wait for those of the whole query ("3 results for X")
    page.locator(".pagefind-ui__message", has_text=f"for {query}").wait_for(timeout=15000)
    page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    return page.locator(".pagefind-ui__result")


def opens_at_its_anchor(page, link):
    """Click a link to an anchor: the page scrolls the anchored element into view; it is returned."""
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    target = page.locator(f"[id='{anchor}']")
    assert target.evaluate("element => element.matches(':target')")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    return target


def test_search_for_a_person_lists_their_page_first_with_story_and_kind(page, base_url):
    page.goto(base_url)
    results = search(page, "Peskov")
    first = results.first
    assert "people/dmitry-peskov" in first.locator("a.pagefind-ui__result-link").first.get_attribute("href")
    tags = first.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert "Kind: person" in [t.strip() for t in tags]
    assert any(t.strip().startswith("Story: North Korean leader") for t in tags)
    assert first.locator(".pagefind-ui__result-excerpt mark").count() > 0
    assert page.outside_requests == []


def test_search_filter_by_kind_of_page(page, base_url):
    page.goto(base_url)
    results = search(page, "summit")
    kinds = lambda: {t.strip() for t in page.locator(".pagefind-ui__result-tag[data-pagefind-ui-meta=kind]").all_inner_texts()}
    page.wait_for_function("""() => new Set([...document.querySelectorAll('.pagefind-ui__result-tag[data-pagefind-ui-meta=kind]')]
        .map(tag => tag.textContent.trim())).size > 1""", timeout=15000)  # people, sources ... before the filter
    page.locator("summary.pagefind-ui__filter-name", has_text="Kind").click()
    page.locator("input.pagefind-ui__filter-checkbox[value=person]").check()
    page.wait_for_function("""() => {
        const tags = [...document.querySelectorAll('.pagefind-ui__result-tag[data-pagefind-ui-meta=kind]')];
        return tags.length > 0 && tags.every(tag => tag.textContent.trim() === 'Kind: person');
    }""", timeout=15000)
    assert results.count() >= 1 and kinds() == {"Kind: person"}
    assert page.outside_requests == []


def test_a_search_result_opens_at_its_anchor_with_the_words_highlighted(page, base_url):
    page.goto(base_url)
    search(page, "Peskov")
    link = page.locator(".pagefind-ui__result-nested a.pagefind-ui__result-link").first
    assert "highlight=peskov" in link.get_attribute("href")
    opens_at_its_anchor(page, link)
    page.wait_for_selector("mark.pagefind-highlight", timeout=15000)
    assert "peskov" in page.locator("mark.pagefind-highlight").first.inner_text().lower()
    assert page.outside_requests == []


def test_search_results_follow_the_dark_palette(page, base_url):
    page.goto(base_url)
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    search(page, "Putin")
    drawer = page.locator(".pagefind-ui__drawer")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert drawer.evaluate("element => getComputedStyle(element).backgroundColor") == body
    assert drawer.is_visible()


def test_material_search_index_is_gone(site):
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind-entry.json").exists()


def test_a_citation_link_scrolls_to_the_cited_sentence(page, base_url):
    page.goto(f"{base_url}{STORY}/facts/")
    target = opens_at_its_anchor(page, page.locator("a.cite").first)
    assert target.inner_text().strip()


def test_overview_people_are_a_list_with_one_item_per_person(page, base_url):
    # issue 16: the roles ran the list into one paragraph ("X: leader- Y: President- ...")
    page.goto(f"{base_url}{STORY}/")
    heading = page.locator("h2", has_text="People")
    items = page.locator("h2:has-text('People') + ul > li")
    assert heading.is_visible() and items.count() >= 2
    for n in range(items.count()):
        item = items.nth(n)
        assert item.locator("a").count() == 1  # one person, with a link to their page
        assert "- " not in item.inner_text()
    roles = [items.nth(n).inner_text() for n in range(items.count())]
    assert any(": " in role for role in roles)


def test_light_dark_toggle(page, base_url):
    page.goto(base_url)
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") != scheme


def test_timeline_visual_renders_offline(page, base_url):
    page.goto(f"{base_url}{STORY}/timeline/")
    svg = page.locator("svg.digest-timeline")
    assert svg.is_visible()
    assert svg.locator("circle").count() >= 3
    assert page.outside_requests == []


def test_screenshots_for_reviewers(page, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("overview", f"{STORY}/"), ("discrepancies", f"{STORY}/discrepancies/"),
                       ("timeline", f"{STORY}/timeline/"), ("people", f"{STORY}/people/")):
        page.goto(base_url + path)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_no_broken_internal_link_or_anchor(site):
    parsed: dict[str, _Links] = {}
    for relative in html_pages(site) + ["404.html"]:
        parser = _Links()
        parser.feed((site / relative).read_text(encoding="utf-8"))
        parsed[relative] = parser
    broken = []
    for relative, parser in parsed.items():
        if relative == "404.html":
            continue
        for href in parser.links:
            url = urlparse(urljoin("http://site/" + relative, href))
            if url.netloc != "site" or url.scheme not in ("http", ""):
                continue
            path = unquote(url.path.lstrip("/"))
            if path == "" or path.endswith("/"):
                path += "index.html"
            if not (site / path).exists():
                broken.append(f"{relative}: {href}")
            elif url.fragment and path.endswith(".html") and path in parsed and unquote(url.fragment) not in parsed[path].ids:
                broken.append(f"{relative}: {href} (no anchor)")
    assert broken == []
    citations = sum(1 for p in parsed.values() for href in p.links if "#s-" in href)
    assert citations > 100


def test_hostile_articles_show_literally_and_run_nothing(page, hostile_url):
    url, site = hostile_url
    for relative in html_pages(site):
        page.goto(url + relative)
        page.wait_for_load_state("load")
        assert page.errors == [], f"{relative}: {page.errors}"  # a dialog would be listed here
    page.goto(url + "story/sources/dup-of-injection/")
    text = page.locator("article").inner_text()
    for literal in ("<script>alert('xss')</script>", "{{ 7 * 7 }}", '--8<-- "/etc/passwd"', "<!-- this comment never closes"):
        assert literal in text
    assert "<script>alert('title')</script>" in page.title()
    assert page.outside_requests == []


# ---------------------------------------------------------------------------------------------
# Following a story: "What's new", the Atom feeds linked from the pages and the people across
# stories, on the hand-made dated corpus tests/corpora/golden.

FOLLOW = Path(__file__).parent / "corpora" / "golden"


@pytest.fixture(scope="session")
def follow_url(tmp_path_factory, cache_dir):
    site = build_site(FOLLOW, tmp_path_factory.mktemp("follow-site"), cache_dir)
    server, url = serve(site)
    yield url
    server.shutdown()


def test_whats_new_shows_the_revised_figure_and_links_to_the_sentence(page, follow_url):
    page.goto(follow_url + "port-strike/")
    section = page.locator("h2#whats-new")
    assert section.is_visible()
    text = page.locator("article").inner_text()
    new = text.split("What's new", 1)[1].split("The lead", 1)[0]
    assert "About 4,500 dock workers" in new and "dinner" in new
    cite = page.locator("h2#whats-new ~ ul a.cite").first
    anchor = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert page.locator(f"[id='{anchor}']").evaluate("element => element.matches(':target')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(follow_url + "port-strike/")
    page.screenshot(path=str(ARTIFACTS / "whats-new.png"), full_page=True)
    assert page.errors == [] and page.outside_requests == []


def test_the_feeds_are_linked_from_a_storys_pages_and_open_offline(page, follow_url):
    page.goto(follow_url + "port-strike/facts/")
    links = page.eval_on_selector_all('link[rel="alternate"][type="application/atom+xml"]',
                                      "links => links.map(link => [link.title, link.href])")
    assert [title for title, _ in links] == ["News briefings", "Dock workers strike at Port of Halden"]
    for _, href in links:
        response = page.goto(href)
        assert response.ok and "xml" in response.headers["content-type"]
        assert "Dock workers strike at Port of Halden: 7 May 2024" in page.content()
    page.goto(follow_url + "people/")
    assert page.eval_on_selector_all('link[type="application/atom+xml"]', "links => links.length") == 1
    assert page.errors == [] and page.outside_requests == []


def test_a_person_in_two_stories_leads_to_both_entries(page, follow_url):
    page.goto(follow_url)
    page.locator(".md-tabs__link", has_text="People").click()
    page.locator("article a", has_text="Elena Duarte").first.click()
    page.wait_for_url(re.compile(r"people/elena-duarte/$"))
    entries = page.locator("article a", has_text="Elena Duarte in this story")
    assert entries.count() == 2
    for n in range(2):
        page.goto(follow_url + "people/elena-duarte/")
        page.wait_for_load_state("load")
        page.locator("article a", has_text="Elena Duarte in this story").nth(n).click()
        page.wait_for_load_state("load")
        assert re.search(r"/(harbour-bridge|port-strike)/people/elena-duarte/$", page.url)
        assert page.locator("h1").inner_text().startswith("Elena Duarte")
    assert page.errors == [] and page.outside_requests == []


def test_search_finds_the_person_across_stories(page, follow_url):
    page.goto(follow_url)
    results = search(page, "Duarte")
    links = [urlparse(urljoin(follow_url, href)).path
             for href in results.locator("a.pagefind-ui__result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    assert "/people/elena-duarte/" in links  # the page across stories
    # and her pages in both stories
    assert {"/port-strike/people/elena-duarte/", "/harbour-bridge/people/elena-duarte/"} <= set(links)


@pytest.fixture(scope="session")
def delta_urls(tmp_path_factory, cache_dir):
    """Two stories built, then built again after a new article in one (its search: the base
    index and a delta of the changed pages), and the same corpus built whole."""
    work = tmp_path_factory.mktemp("delta-site")
    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus" / STORY, corpus / STORY)
    shutil.copytree(FOLLOW / "harbour-bridge", corpus / "harbour-bridge")
    shutil.copytree(cache_dir, work / "cache")
    (work / "site-build").mkdir()
    (work / "full-build").mkdir()
    site = build_site(corpus, work / "site-build", work / "cache")
    article = (corpus / "harbour-bridge" / "river-times.txt").read_text()
    (corpus / "harbour-bridge" / "zz-late-edition.txt").write_text(
        article + "\n\nPelicans gathered on the quayside as the first cars crossed.\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "site-build" / "mkdocs.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "in the delta" in result.stderr, result.stderr
    full = build_site(corpus, work / "full-build", work / "full-cache", keep_pages=False)
    servers = [serve(site), serve(full)]
    yield [url for _, url in servers]
    for server, _ in servers:
        server.shutdown()


def result_links(page, query: str) -> list[str]:
    results = search(page, query)
    page.wait_for_timeout(300)  # the last results of the query, not those of a prefix
    # each result's first link is its page's (the others, its sections')
    return [urlparse(href).path for href in
            results.evaluate_all("results => results.map(r => r.querySelector('a.pagefind-ui__result-link').href)")]


def settled(page, read, quiet_ms: int = 1000, timeout_ms: int = 15000):
    """What read() gives once it has stopped changing for quiet_ms: under a loaded test run the
    filters' counts were once read before they had been worked out (zeros for most kinds)."""
    value, waited, still = read(), 0, 0
    while still < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(250)
        waited += 250
        current = read()
        still = still + 250 if current == value else 0
        value = current
    return value


def test_after_a_new_article_the_search_finds_it_and_lists_each_page_once(page, delta_urls):
    """The search box shows the first results of a list; its length and the filters' counts are
    a full build's (the ranks may differ: the delta's pages are scored against the delta)."""
    delta, full = delta_urls
    page.goto(delta)
    assert result_links(page, "pelicans") == ["/harbour-bridge/sources/zz-late-edition/"]
    seen = {}
    for url in (delta, full):
        kind = page.locator("summary.pagefind-ui__filter-name", has_text="Kind")
        for attempt in range(2):  # under a loaded test run the filters once failed to appear in 30 s
            page.goto(url)
            links = result_links(page, "bridge")
            assert len(links) == len(set(links))  # the changed pages' old copies are hidden
            try:
                kind.wait_for(timeout=15000)
                break
            except Exception:
                if attempt:
                    raise
        kind.click()
        seen[url] = settled(page, lambda: (page.locator(".pagefind-ui__message").inner_text(),
                                           page.locator(".pagefind-ui__filter-group").first.inner_text()))
    assert seen[delta] == seen[full] and "results for bridge" in seen[delta][0]
    assert page.errors == [] and page.outside_requests == []
