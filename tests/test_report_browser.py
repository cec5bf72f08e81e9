"""The sample run's report in a real browser: Debian's Chromium, headless, through chromedriver
(.ci/run installs both where they are missing; without them this file skips, saying why).

Every page loads from disk without a console error; the marks hold their records' words as
the browser lays them out; the language button and the keyboard work; screenshots of the
overview and of one document page go to outputs/report-screenshots/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, read_jsonl

from kommunkollen.report.highlight import CATEGORIES

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Chromium or chromedriver not found (apt-get install chromium chromium-driver; "
                                       ".ci/run does it)")
SCREENSHOTS = ROOT / "outputs" / "report-screenshots"


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(sample_run) -> Path:
    from kommunkollen.report import build_report

    return build_report(sample_run).path


def _open(browser, page: Path) -> list[dict]:
    """Load a page and return what it wrote to the console at warning level or above."""
    browser.get_log("browser")   # forget the previous page's messages
    browser.get(page.as_uri())
    browser.execute_script("return document.readyState")
    return [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_every_page_loads_without_console_errors(browser, report):
    failures = {}
    pages = sorted(report.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        messages = _open(browser, page)
        if messages:
            failures[str(page.relative_to(report))] = messages
        assert browser.find_element(By.TAG_NAME, "h1").text.strip(), page
    assert failures == {}


def test_marks_sit_on_their_records_words_as_the_browser_renders_them(browser, report, sample_run):
    field_of = {category: field for category, field, _label in CATEGORIES}
    checked = 0
    for doc in read_jsonl(sample_run / "documents.jsonl"):
        _open(browser, report / "doc" / f"{doc['doc_id']}.html")
        rendered = browser.execute_script("""
            const out = {};
            for (const m of document.querySelectorAll('.doctext mark[data-rid]')) {
              out[m.dataset.rid] = (out[m.dataset.rid] || '') + m.textContent;
            }
            return [out, document.querySelector('.doctext').textContent];""")
        marks, text = rendered
        assert text == doc["text"]
        for category, field in field_of.items():
            for record in doc[category]:
                assert marks.get(record["record_id"]) == record[field], record
                checked += 1
    assert checked > 100
    # a record's link in its table scrolls to its mark and makes it the :target
    doc = next(d for d in read_jsonl(sample_run / "documents.jsonl") if d["amounts"])
    _open(browser, report / "doc" / f"{doc['doc_id']}.html")
    link = browser.find_element(By.CSS_SELECTOR, "#records-amounts + .scroll a[href^='#']")
    link.click()
    target = browser.execute_script("return document.querySelector(':target')")
    assert target is not None and target.get_attribute("data-rid") == doc["amounts"][0]["record_id"]


def test_language_button_switches_every_label_and_is_remembered(browser, report):
    _open(browser, report / "index.html")
    heading = browser.find_element(By.CSS_SELECTOR, "#h-money")
    assert heading.text == "Belopp per år och mottagare"
    browser.find_element(By.CSS_SELECTOR, ".lang-toggle").click()
    assert heading.text == "Money by year and recipient"
    assert browser.execute_script("return document.documentElement.classList.contains('en')")
    assert browser.execute_script("return document.documentElement.lang") == "sv"     # the content stays Swedish
    _open(browser, report / "documents" / "page-1.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "All documents"
    browser.find_element(By.CSS_SELECTOR, ".lang-toggle").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Alla dokument"


def test_keyboard_reaches_the_skip_link_first_and_the_filter_narrows_the_table(browser, report):
    _open(browser, report / "documents" / "page-1.html")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip" and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"
    rows = browser.find_elements(By.CSS_SELECTOR, "#documents-table tbody tr")
    title = rows[0].find_element(By.TAG_NAME, "a").text
    box = browser.find_element(By.CSS_SELECTOR, "input[data-filter-for='documents-table']")
    box.send_keys(title)
    visible = [r for r in rows if r.is_displayed()]
    assert 1 <= len(visible) < len(rows) and title in visible[0].text


def test_search_finds_documents_by_title_and_municipality(browser, report, sample_run):
    docs = read_jsonl(sample_run / "documents.jsonl")
    _open(browser, report / "search.html")
    box = browser.find_element(By.ID, "q")
    municipality = docs[0]["municipality"]
    box.send_keys(municipality)
    hits = browser.find_elements(By.CSS_SELECTOR, "#search-results li a")
    assert {h.text for h in hits} == {d["title"] for d in docs if municipality in
                                       " ".join(filter(None, (d["title"], d["municipality"], d["doc_type"],
                                                              d["published"])))}
    chosen = hits[0].text
    hits[0].click()
    assert "/doc/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == chosen


def test_screenshots_of_the_overview_and_a_document(browser, report, sample_run):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    doc = max(read_jsonl(sample_run / "documents.jsonl"), key=lambda d: sum(len(d[c]) for c, _f, _l in CATEGORIES))
    for name, page in (("overview.png", report / "index.html"), ("document.png", report / "doc" / f"{doc['doc_id']}.html")):
        _open(browser, page)
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(max(height, 800), 6000))
        assert browser.save_screenshot(str(SCREENSHOTS / name))
        assert (SCREENSHOTS / name).stat().st_size > 20_000       # a page, not a blank window
    browser.set_window_size(1280, 1600)


def test_markup_in_a_document_is_shown_never_run(browser, tmp_path):
    from conftest import run_cli

    corpus = tmp_path / "in"
    corpus.mkdir()
    text = ('Kommunstyrelsen i Ludvika beviljar 2 miljoner kronor till Föreningen Ek & Björk.\n\n'
            '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> "citat" & \'apostrof\'\n')
    (corpus / "nyhet.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("run", str(corpus), "--out", str(out), "--report", "--no-progress", "--no-xlsx").returncode == 0
    doc = read_jsonl(out / "documents.jsonl")[0]
    messages = _open(browser, out / "report" / "doc" / f"{doc['doc_id']}.html")
    assert browser.execute_script("return window.__xss === undefined")
    assert browser.find_element(By.CSS_SELECTOR, ".doctext").text.count("<script>window.__xss = 1</script>") == 1
    assert messages == []      # not even the image the markup names was requested
