"""The offline site in a real browser: Debian's Chromium driven by Playwright, pages opened from
`file://` as a user opens them offline.

Every page loads with no console error and asks for nothing outside the site; answering a
situation shows and hides exactly the fields the spec's conditions say (judged by the compiler's
own evaluator on the plan); a bad 身份证号 is flagged as typed, and the page's check agrees with
compiler/validators.py; spec text with `<script>` and `{{ }}` shows literally and runs nothing.
A screenshot of one scenario page is kept in tests/artifacts/ for a person to look at.

Skipped, with the reason, only where /usr/bin/chromium is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from condition_helpers import ENV, EVALUATE_CASES, TODAY, VALUES, p
from sample_project import write_project
from site_project import HOSTILE, hostile_files

from compiler.conditions.evaluate import evaluate
from compiler.conditions.jsonlogic import to_jsonlogic
from compiler.emit.output import write_output
from compiler.pipeline import CompileResult, compile_paths
from compiler.plan import Plan
from compiler.site.build import site_files
from compiler.site.pages import index_page, page_name, scenario_page
from compiler.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    id_number_check_char,
    is_credit_code,
    is_id_number,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
# A few real pages: the index, a bundle with four yes/no situations (newborn), one with a
# choice situation and a 统一社会信用代码 (credit_repair), one with a list field (business_permit).
PAGES = ("index.html", "newborn.html", "credit_repair.html", "business_permit.html")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (`apt-get install chromium`)"
)

if CHROMIUM.exists():
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Page,
        Request,
        sync_playwright,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def real_site(real_scenarios: CompileResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The index and the pages under test, as `yjs docs` writes them (the other pages' links
    stay unfollowed): rendering all 33 is test_site.py's business, and costs seconds."""
    out = tmp_path_factory.mktemp("site")
    plans = list(real_scenarios.plans.values())
    (out / "index.html").write_bytes(index_page(plans, real_scenarios.metrics))
    for name in PAGES[1:]:
        sid = name.removesuffix(".html")
        page = scenario_page(real_scenarios.plans[sid], real_scenarios.metrics[sid])
        (out / page_name(sid)).write_bytes(page)
    return out


class Watched:
    """A page with every console message, page error and request it made recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    opened.set_default_timeout(5000)  # a missing element fails in seconds, not thirty
    yield opened
    opened.close()


@pytest.fixture
def watched(context: BrowserContext) -> Iterator[Watched]:
    page = context.new_page()  # a fresh page (and a fresh window object) per test
    yield Watched(page)
    page.close()


def test_pages_load_clean_and_ask_for_nothing_outside(real_site: Path, watched: Watched) -> None:
    for name in PAGES:
        watched.open(real_site / name)
        assert watched.page.title(), name
    assert watched.errors == []
    site = real_site.resolve().as_uri() + "/"
    assert watched.requests == [site + name for name in PAGES]


@pytest.mark.slow
def test_every_page_of_the_real_site_loads_clean(
    real_scenarios: CompileResult, watched: Watched, tmp_path: Path
) -> None:
    """All 34 pages (the default run opens a handful; this is `pytest -m slow`)."""
    out = tmp_path / "site"
    write_output(site_files(real_scenarios), out, [])
    names = sorted(p.name for p in out.glob("*.html"))
    for name in names:
        watched.open(out / name)
    assert watched.errors == []
    assert watched.requests == [(out / name).resolve().as_uri() for name in names]


def _visible_fields(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "#preview [data-field]:not([data-field*='.'])",
            "els => els.filter(e => !e.closest('[hidden]')).map(e => e.dataset.field)",
        )
    )


def _expected_fields(plan: Plan, answers: dict[str, object]) -> set[str]:
    """The fields a form shows for these answers, by the compiler's evaluator on the plan."""
    today = dt.date.today()
    shown = {s.id for s in plan.scenario.situations}
    for f in plan.form:
        if f.asked and (f.when is None or evaluate(f.when, answers, today, plan.env)):
            shown.add(f.definition.id)
    return shown


def test_situations_show_and_hide_the_fields_the_spec_says(
    real_site: Path, real_scenarios: CompileResult, watched: Watched
) -> None:
    plan = real_scenarios.plans["newborn"]
    page = watched.page
    watched.open(real_site / "newborn.html")
    assert _visible_fields(page) == _expected_fields(plan, {})
    answers: dict[str, object] = {}
    toggled = 0
    for situation in plan.scenario.situations:
        if situation.choices:
            continue
        for value in (True, False, True):
            page.check(f"input[name='{situation.id}'][value='{str(value).lower()}']")
            answers[situation.id] = value
            expected = _expected_fields(plan, answers)
            assert _visible_fields(page) == expected, (situation.id, value)
        toggled += 1
    assert toggled >= 3
    # Some answer changed the form: the test would catch a preview that shows everything.
    assert _expected_fields(plan, {}) != _expected_fields(plan, answers)
    assert watched.errors == []


def test_a_choice_situation_drives_the_form(
    real_site: Path, real_scenarios: CompileResult, watched: Watched
) -> None:
    plan = real_scenarios.plans["credit_repair"]
    watched.open(real_site / "credit_repair.html")
    choices = [s for s in plan.scenario.situations if s.choices]
    assert choices
    seen = set()
    for situation in choices:
        for choice in situation.choices:
            _choose(watched.page, situation.id, choice)
            expected = _expected_fields(plan, {situation.id: choice})
            assert _visible_fields(watched.page) == expected, (situation.id, choice)
            seen.add(frozenset(expected))
    assert len(seen) > 1  # some choice changes the form
    assert watched.errors == []


def _choose(page: Page, key: str, value: str) -> None:
    """Answer a choice as a visitor would: its radio button (form.ui.json's widget for a short
    choice) or its drop-down."""
    radio = page.locator(f'input[type=radio][name="{key}"][value="{value}"]')
    if radio.count():
        radio.check()
    else:
        page.select_option(f"#f-{key}", value)


def _error_shown(page: Page, key: str) -> bool:
    return bool(page.is_visible(f"#e-{key}")) and bool(page.inner_text(f"#e-{key}"))


def test_a_bad_id_number_is_flagged_as_typed(real_site: Path, watched: Watched) -> None:
    page = watched.page
    watched.open(real_site / "newborn.html")
    box = page.locator("#f-mother_id_number")
    box.fill("11010519491231002X")  # the GB 11643 example
    assert not _error_shown(page, "mother_id_number")
    assert box.get_attribute("aria-invalid") is None
    box.fill("110105194912310021")  # a wrong check character
    assert _error_shown(page, "mother_id_number")
    assert "公民身份号码" in page.inner_text("#e-mother_id_number")
    assert box.get_attribute("aria-invalid") == "true"
    box.fill("")  # clearing it clears the flag
    assert not _error_shown(page, "mother_id_number")
    watched.open(real_site / "credit_repair.html")
    _choose(page, "penalty_publicity", "市场监督管理部门")  # asks for the code
    code = page.locator("#f-credit_code")
    code.fill("91350100M000100Y43")
    assert not _error_shown(page, "credit_code")
    code.fill("91350100M000100Y4A")
    assert _error_shown(page, "credit_code")
    assert "统一社会信用代码" in page.inner_text("#e-credit_code")
    assert watched.errors == []


def _id_vectors(rng: random.Random) -> list[str]:
    vectors = [
        "11010519491231002X",
        "110105200002290021",
        "11010519491231002x",
        "110105194902290021",
    ]
    for _ in range(150):
        first = f"{rng.randint(110000, 820000)}{rng.randint(1890, 2110)}"
        first += f"{rng.randint(1, 13):02d}{rng.randint(1, 31):02d}{rng.randint(0, 999):03d}"
        check = id_number_check_char(first)
        vectors += [first + check, first + rng.choice("0123456789X")]
    return vectors


def _credit_vectors(rng: random.Random) -> list[str]:
    vectors = ["91350100M000100Y43", "91350100M000100Y4A", "9135010OM000100Y43"]
    for _ in range(150):
        first = "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(17))
        vectors += [first + credit_code_check_char(first), first + rng.choice("0123456789ABXYZ")]
    return vectors


def test_the_page_checks_agree_with_the_compiler(real_site: Path, watched: Watched) -> None:
    """The page checks with the published module (generated/_formats/), inlined: on the same
    numbers it agrees with compiler/validators.py."""
    rng = random.Random(11643)
    ids, codes = _id_vectors(rng), _credit_vectors(rng)
    watched.open(real_site / "newborn.html")
    check = "v => v.map(x => window.yjsFormats.formats['{}'](x))"
    got_ids = watched.page.evaluate(check.format("gb11643-id-number"), ids)
    got_codes = watched.page.evaluate(check.format("gb32100-credit-code"), codes)
    assert got_ids == [is_id_number(v) for v in ids]
    assert got_codes == [is_credit_code(v) for v in codes]
    assert any(got_ids) and not all(got_ids) and any(got_codes) and not all(got_codes)


def test_the_page_evaluates_conditions_as_the_compiler_does(
    real_site: Path, watched: Watched
) -> None:
    """The preview's JsonLogic evaluator against the compiler's examples (the same ones the
    third-party JsonLogic engine must agree on): ages, regions, dates, lists, arithmetic."""
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in VALUES.items()}
    data = {k: float(v) if isinstance(v, Decimal) else v for k, v in data.items()}
    rules = [to_jsonlogic(p(text), ENV) for text, _ in EVALUATE_CASES]
    watched.open(real_site / "newborn.html")
    got = watched.page.evaluate(
        "([rules, data, today]) => rules.map(r => window.yjsForm.evaluate(r, data, today))",
        [rules, data, TODAY.isoformat()],
    )
    assert got == [expected for _, expected in EVALUATE_CASES]
    assert watched.errors == []


def test_search_finds_scenarios_by_item_and_department(real_site: Path, watched: Watched) -> None:
    page = watched.page
    watched.open(real_site / "index.html")
    total = page.locator("li.scenario").count()
    page.fill("#search", "出生医学证明")
    shown = page.eval_on_selector_all(
        "li.scenario", "els => els.filter(e => !e.hidden).map(e => e.dataset.sid)"
    )
    assert "newborn" in shown and 0 < len(shown) < total
    page.fill("#search", "没有这样的一件事")
    assert page.locator("li.scenario:visible").count() == 0
    page.fill("#search", "")
    assert page.locator("li.scenario:visible").count() == total


def test_print_shows_the_notice_alone(real_site: Path, watched: Watched) -> None:
    watched.open(real_site / "newborn.html")
    watched.page.emulate_media(media="print")
    assert watched.page.is_visible("#notice")
    for part in ("#form", "#routing", "#diagram", "#supervision", "#figures"):
        assert not watched.page.is_visible(part), part


def test_a_screenshot_of_a_scenario_page_is_kept(real_site: Path, watched: Watched) -> None:
    watched.open(real_site / "newborn.html")
    watched.page.check("input[name='claim_maternity_expense'][value='true']")
    watched.page.fill("#f-mother_id_number", "110105194912310021")
    ARTIFACTS.mkdir(exist_ok=True)
    top, form = ARTIFACTS / "newborn.png", ARTIFACTS / "newborn-form.png"
    watched.page.evaluate("window.scrollTo(0, 0)")
    watched.page.screenshot(path=str(top))  # title, figures, chart, the notice's start
    watched.page.locator("#f-mother_id_number").scroll_into_view_if_needed()
    watched.page.screenshot(path=str(form))  # the flagged number
    for shot in (top, form):
        assert shot.stat().st_size > 30_000, shot  # a rendered page, not a blank one


def test_spec_text_runs_nothing_and_shows_as_written(tmp_path: Path, watched: Watched) -> None:
    root = write_project(tmp_path / "proj", hostile_files())
    result = compile_paths([root / "scenarios"], root)
    assert result.ok, result.diagnostics
    out = tmp_path / "site"
    write_output(site_files(result), out, [root])
    for name in ("index.html", "nb.html"):
        watched.open(out / name)
        assert watched.page.evaluate("window.__pwned") is None, name
        text = watched.page.inner_text("body")
        assert HOSTILE in text, name
        assert "49" not in text, name
    watched.page.check("input[name='join_mi'][value='true']")
    assert watched.page.is_visible("[data-field='bank']")
    assert watched.page.evaluate("window.__pwned") is None
    assert watched.errors == []
    assert all(url.startswith(out.resolve().as_uri()) for url in watched.requests)
