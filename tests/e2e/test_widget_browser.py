"""The website chat widget in a real browser: Debian's headless Chromium, driven by Playwright,
on the demo clinic page (scripts/serve_demo.py) talking to the running Rasa server.

A patient clicks a button, asks two questions, has one exchange by keyboard alone, reloads and
opens a second tab and sees the conversation; bot and patient text are never HTML; the page
passes axe-core with no serious or critical violation; no request leaves for another host; it
fits a phone. Screenshots go to results/widget-desktop.png and results/widget-phone.png.
"""
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from clinic.settings import load_settings
from tests.e2e.conftest import PROJECT_ROOT, start, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
WIDGET = PROJECT_ROOT / "web" / "dist" / "clinic-chat.js"
RASA_WEBCHAT = PROJECT_ROOT / "web" / "vendor" / "rasa-webchat-1.0.1.js"
RESULTS = PROJECT_ROOT / "results"
REPLY_MS = 30_000


@pytest.fixture(scope="module")
def demo_page(servers):
    for needed, how in ((CHROMIUM, "apt-get install chromium"), (AXE, "make widget"), (WIDGET, "make widget"),
                        (RASA_WEBCHAT, f"make {RASA_WEBCHAT.relative_to(PROJECT_ROOT)}")):
        if not needed.exists():
            pytest.fail(f"{needed} is missing: {how} (.ci/run does)")
    port = servers["demo_port"]
    log = servers["workdir"] / "demo.log"
    process = start([sys.executable, "scripts/serve_demo.py", "--port", str(port), "--rasa-url", servers["rasa"]],
                    log, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def active_element(page: Page) -> str:
    """What has keyboard focus, looking inside the widget's shadow root."""
    return page.evaluate("""() => {
        let node = document.activeElement;
        while (node && node.shadowRoot && node.shadowRoot.activeElement) node = node.shadowRoot.activeElement;
        return node ? (node.getAttribute('aria-label') || node.textContent || node.id || node.tagName).trim() : '';
    }""")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate("""() => {
        let node = document.activeElement;
        while (node && node.shadowRoot && node.shadowRoot.activeElement) node = node.shadowRoot.activeElement;
        const style = getComputedStyle(node);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")


def test_a_patient_chats_on_the_demo_page(demo_page, browser):
    requested_hosts = set()
    RESULTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))
    context.on("page", lambda new_page: new_page.on(
        "websocket", lambda socket: requested_hosts.add(urlsplit(socket.url).hostname)))
    page = context.new_page()
    page.on("websocket", lambda socket: requested_hosts.add(urlsplit(socket.url).hostname))
    page.goto(demo_page)

    log = page.get_by_role("log", name="Conversation")
    message_box = page.get_by_role("textbox", name="Your message")

    # Opened by mouse; the greeting with its disclaimer and buttons arrives.
    page.get_by_role("button", name="Questions? Chat with us").click()
    expect(log).to_contain_text("not medical advice", timeout=REPLY_MS)
    assert active_element(page) == "clinic-chat-input"

    # A button: the choice shows as the patient's message and is answered.
    page.get_by_role("button", name="Does it hurt?").click()
    expect(log.locator(".user").last).to_have_text("You: Does it hurt?")
    expect(log).to_contain_text("slight prick", timeout=REPLY_MS)
    expect(page.get_by_role("button", name="Does it hurt?")).to_have_count(0)  # old choices go

    # Two typed questions.
    for question, answer in (("what is dry needling?", "trigger points"),
                             ("what is sciatica?", "sciatic nerve")):
        message_box.fill(question)
        page.get_by_role("button", name="Send").click()
        expect(log).to_contain_text(answer, timeout=REPLY_MS)

    # Text is text: markup a patient types is shown as typed, never run or rendered.
    markup = '<img src="x" onerror="window.hacked=1"><b>bold</b>'
    message_box.fill(markup)
    message_box.press("Enter")
    expect(log.locator(".user").last).to_have_text("You: " + markup)
    assert log.locator("img, b").count() == 0
    expect(page.locator(".typing")).to_be_hidden(timeout=REPLY_MS)
    # The fallback answer names the front desk's phone: a tel: link, one tap on a phone.
    phone_digits = re.sub(r"[^\d+]", "", load_settings().phone)
    expect(log.locator(f'a[href="tel:{phone_digits}"]').last).to_be_visible()

    # Keyboard alone: Escape closes and gives focus back to the launcher, Enter opens, typing
    # and Enter send, Shift+Tab reaches the answer's buttons and Enter picks one.
    page.keyboard.press("Escape")
    assert active_element(page) == "Questions? Chat with us"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert active_element(page) == "clinic-chat-input"
    page.keyboard.type("how long does a session take?")
    page.keyboard.press("Enter")
    expect(log).to_contain_text("20 to 30 minutes", timeout=REPLY_MS)
    page.keyboard.press("Shift+Tab")
    assert active_element(page) == "Can I book a visit?"  # the answer's last button
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(log.locator(".user").last).to_have_text("You: Can I book a visit?")
    expect(log).to_contain_text("OK to start?", timeout=REPLY_MS)
    assert active_element(page) == "clinic-chat-input"
    assert page.evaluate("window.hacked") is None

    said = ["Does it hurt?", "what is dry needling?", "what is sciatica?", markup,
            "how long does a session take?", "Can I book a visit?"]

    def assert_history(on_page: Page) -> None:
        history = on_page.get_by_role("log", name="Conversation").locator(".user")
        expect(history).to_have_text(["You: " + text for text in said])

    # A reload keeps the conversation, the open chat and the last answer's buttons.
    page.reload()
    assert_history(page)
    expect(page.get_by_role("log", name="Conversation")).to_contain_text("trigger points")
    expect(page.get_by_role("button", name="Yes, let's start")).to_be_visible()

    # A second tab opens the same conversation and can go on with it.
    second_tab = context.new_page()
    second_tab.goto(demo_page)
    second_tab.get_by_role("button", name="Questions? Chat with us").click()
    assert_history(second_tab)
    # ... and both tabs show what is said in either.
    second_tab.get_by_role("textbox", name="Your message").fill("how many sessions will I need?")
    second_tab.get_by_role("textbox", name="Your message").press("Enter")
    expect(second_tab.get_by_role("log", name="Conversation")).to_contain_text("several sessions", timeout=REPLY_MS)
    expect(log).to_contain_text("several sessions")
    expect(log.locator(".user").last).to_have_text("You: how many sessions will I need?")

    # Accessibility audit of the page with the chat open and a conversation in it.
    page.evaluate(AXE.read_text())
    violations = page.evaluate("async () => (await axe.run(document)).violations"
                               ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))")
    print("axe-core violations:", violations)
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []

    page.screenshot(path=str(RESULTS / "widget-desktop.png"))

    # A phone-sized screen: the chat fills the screen and nothing is cut off sideways.
    phone = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    phone.on("request", lambda request: requested_hosts.add(urlsplit(request.url).hostname))
    phone_page = phone.new_page()
    phone_page.goto(demo_page)
    phone_page.get_by_role("button", name="Questions? Chat with us").tap()
    phone_log = phone_page.get_by_role("log", name="Conversation")
    expect(phone_log).to_contain_text("not medical advice", timeout=REPLY_MS)
    panel = phone_page.locator(".panel").bounding_box()
    assert (panel["x"], panel["width"]) == (0, 375)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.screenshot(path=str(RESULTS / "widget-phone.png"))
    phone.close()
    context.close()

    assert requested_hosts == {"127.0.0.1"}


def test_rasa_webchat_1_0_1_works_on_the_same_channel(demo_page, browser):
    """Sites that embed rasa-webchat keep working (web/demo/rasa-webchat.html, as such a site has it)."""
    reached_hosts, blocked_by_policy = set(), set()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.on("response", lambda response: reached_hosts.add(urlsplit(response.url).hostname))
    context.on("requestfailed", lambda request: (blocked_by_policy if request.failure == "csp" else reached_hosts)
               .add(urlsplit(request.url).hostname))
    page = context.new_page()
    page.goto(demo_page + "rasa-webchat/")
    page.locator(".rw-launcher").click()
    messages = page.locator(".rw-messages-container")
    expect(messages).to_contain_text("not medical advice", timeout=REPLY_MS)

    page.locator(".rw-reply", has_text="Does it hurt?").click()
    expect(messages).to_contain_text("slight prick", timeout=REPLY_MS)
    page.locator(".rw-new-message").fill("what is sciatica?")
    page.locator(".rw-new-message").press("Enter")
    expect(messages).to_contain_text("sciatic nerve", timeout=REPLY_MS)

    # rasa-webchat keeps its session id (and the open chat) in localStorage and asks for that
    # session again after a reload.
    page.reload()
    expect(page.locator(".rw-messages-container")).to_contain_text("what is sciatica?")
    page.locator(".rw-new-message").fill("how long does a session take?")
    page.locator(".rw-new-message").press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text("20 to 30 minutes", timeout=REPLY_MS)
    context.close()
    # Its Google Fonts request is stopped by the demo page's Content-Security-Policy.
    assert blocked_by_policy == {"fonts.googleapis.com"}
    assert reached_hosts == {"127.0.0.1"}
