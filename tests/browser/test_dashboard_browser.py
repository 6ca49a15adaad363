"""The dashboard in a real browser (issue 12 section 3): headless Debian Chromium loads the
page; a care request published to the broker during the test appears without a reload, and
leaves the unanswered list when the municipality accepts it. A screenshot is kept as a test
artefact (var/test-artifacts/, or $HANDOVER_TEST_ARTIFACTS).

Notification runs on a real port (uvicorn in a thread) with its own embedded broker, so the
event takes the real path: broker → consumer → tracking → live stream → page.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from handover_common.broker import EmbeddedBroker, free_port
from handover_common.kafka import start_producer
from handover_contracts import encode, spec_for, wrap
from handover_contracts.events import CareRequestAccepted, CareRequestCreated
from notification.bootstrap import bootstrap
from notification.settings import NotificationSettings
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.identity import OPERATIONS
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(
    os.environ.get("HANDOVER_TEST_ARTIFACTS", Path(__file__).parents[2] / "var" / "test-artifacts")
)
WAIT_SECONDS = 20.0


@pytest.fixture(scope="module")
def own_broker() -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker(port=free_port()) as running:
        yield running


@dataclass(frozen=True)
class Running:
    browser: webdriver.Chrome
    url: str  # notification's base URL


def launch_chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",  # the tests run as root on CI
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def notification_server(directory: Path, bootstrap_servers: str) -> tuple[uvicorn.Server, str]:
    """Notification on a free port, on SQLite and the test's own broker."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    nowhere = "http://127.0.0.1:9"  # the other services are not started: "unreachable"
    settings = NotificationSettings(
        database_url=f"sqlite:///{directory / 'notification.db'}",
        kafka_bootstrap_servers=bootstrap_servers,
        port=port,
        dashboard_stream_seconds=0.2,
        notification_url=url,
        referral_url=nowhere,
        responsibility_url=nowhere,
        billing_url=nowhere,
    )
    config = uvicorn.Config(bootstrap(settings), host="127.0.0.1", port=port, log_level="warning")
    return uvicorn.Server(config), url


@pytest.fixture
def running(tmp_path: Path, own_broker: EmbeddedBroker) -> Iterator[Running]:
    """Chromium starts in a thread while notification starts (each takes a second or two);
    at the end the browser goes first, so no open stream holds notification's shutdown."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium and chromium-driver are missing: run `make test`")
        pytest.skip("chromium not installed: `make test` installs Debian's chromium")
    with ThreadPoolExecutor(1) as pool:
        launched = pool.submit(launch_chromium)
        server, url = notification_server(tmp_path, own_broker.bootstrap_servers)
        thread = threading.Thread(target=server.run, name="notification", daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 30
            while not server.started:
                assert thread.is_alive() and time.monotonic() < deadline, "notification failed"
                time.sleep(0.02)
            browser = launched.result()
            try:
                yield Running(browser, url)
            finally:
                browser.quit()
        finally:
            server.should_exit = True
            thread.join(15)


def publish(bootstrap: str, payload: CareRequestCreated | CareRequestAccepted) -> None:
    """As referral's outbox relay would: the envelope on its topic, keyed by the patient."""
    envelope = wrap(
        payload, producer="referral", partition_key=payload.patient_ref, correlation_id="browser"
    )

    async def send() -> None:
        producer = await start_producer(bootstrap)
        try:
            topic = spec_for(envelope.event_type).topic
            await producer.send_and_wait(topic, encode(envelope), key=payload.patient_ref.encode())
        finally:
            await producer.stop()

    asyncio.run(send())


def unanswered_ids(driver: webdriver.Chrome) -> set[str]:
    """Read in one script: the page replaces its rows on every update (no stale elements)."""
    script = (
        "return [...document.querySelectorAll('#unanswered tr[data-care-request]')]"
        ".map(row => row.dataset.careRequest)"
    )
    return set(driver.execute_script(script))


def text_of(driver: webdriver.Chrome, element_id: str) -> str:
    return str(driver.execute_script(f"return document.getElementById('{element_id}').textContent"))


def wait_for(
    driver: webdriver.Chrome, what: str, check: Callable[[webdriver.Chrome], bool]
) -> None:
    try:
        WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.05).until(lambda d: check(d))
    except TimeoutException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "dashboard-failure.png"))
        raise AssertionError(f"the page never showed: {what}") from None


def test_a_care_request_appears_live_and_leaves_unanswered_when_accepted(
    running: Running, own_broker: EmbeddedBroker
) -> None:
    browser, notification = running.browser, running.url
    token = OPERATIONS["Authorization"].removeprefix("Bearer ")
    browser.get(f"{notification}/dashboard#token={token}")
    wait_for(browser, "the live board", lambda d: "live as" in text_of(d, "status"))
    assert "#token" not in browser.current_url  # the token left the address bar
    page = browser.execute_script("return window.performance.timeOrigin")

    ref = patient_ref()
    request = CareRequestCreated(
        care_request_id=uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        decision_id=uuid.uuid4(),
        patient_ref=ref,
        municipality_code="2380",
        components=["nursing"],
    )
    publish(own_broker.bootstrap_servers, request)
    wanted = str(request.care_request_id)
    wait_for(browser, "the new care request", lambda d: wanted in unanswered_ids(d))
    assert ref not in browser.page_source  # no patient identity on the page

    publish(
        own_broker.bootstrap_servers,
        CareRequestAccepted(
            care_request_id=request.care_request_id, patient_ref=ref, municipality_code="2380"
        ),
    )
    wait_for(browser, "the request leaving unanswered", lambda d: wanted not in unanswered_ids(d))
    wait_for(
        browser,
        "the accepted count",
        lambda d: "accepted" in text_of(d, "by-municipality"),
    )
    assert browser.execute_script("return window.performance.timeOrigin") == page  # no reload

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))
