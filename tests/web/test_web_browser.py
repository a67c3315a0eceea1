"""The map and the report form in a real headless Chromium (Debian's, driven by Selenium) against
the app served by uvicorn on 127.0.0.1, with every other host unresolvable: the map must work
offline. Few tests, one browser, to stay quick."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from web_world import XSS, incident_of

from ceasefire.domain.statuses import Role
from ceasefire.settings import Settings
from ceasefire.storage import zones_repo
from ceasefire.storage.record import Record
from ceasefire.web.app import create_app
from ceasefire.workflows.demo import run_demo
from ceasefire.workflows.users import add_user
from ceasefire.workflows.zones import amend_zone

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()), reason="Debian chromium and chromium-driver needed"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """The app served on a free loopback port, with tokens for an analyst and a monitor."""

    def __init__(self, folder: Path) -> None:
        self.record = Record.open(str(folder / "browser.db"))
        run_demo(self.record)
        with self.record.reader() as conn:
            ghouta = next(z for z in zones_repo.load_zones(conn) if z.id == "eastern-ghouta")
        assert ghouta.current is not None
        shrunk = _shrunk(ghouta.current.geometry)
        amend_zone(self.record, "eastern-ghouta", shrunk, valid_from=date(2018, 1, 1), basis="test amendment")
        self.tokens = {
            "analyst": add_user(self.record, "analyst", Role.ANALYST).token,
            "monitor": add_user(self.record, "monitor", Role.MONITOR).token,
        }
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        app = create_app(self.record, settings=Settings(db="unused", tile_url=""))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def api(self, method: str, path: str, who: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        headers.update(kwargs.pop("headers", {}))
        return httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.record.close()


def _shrunk(geometry: dict[str, Any]) -> dict[str, Any]:
    """The zone pulled 20 % towards its first vertex: a visibly different, still valid outline."""
    from shapely.affinity import scale
    from shapely.geometry import mapping, shape

    return dict(mapping(scale(shape(geometry), xfact=0.8, yfact=0.8)))


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    folder = Path(tempfile.mkdtemp(prefix="ceasefire-browser-"))
    s = Site(folder)
    yield s
    s.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="ceasefire-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        f"--user-data-dir={profile}",
        # No host but the loopback resolves: anything fetched from a CDN would fail.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait(check: Callable[[], Any], timeout: float = 20, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except WebDriverException:
            value = None
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _open_map(driver: webdriver.Chrome, site: Site, *, at: str, token: str = "") -> None:
    driver.get(site.url + "/report")  # any page of the origin, to reach its localStorage
    driver.execute_script(
        "window.localStorage.clear(); if (arguments[0]) localStorage.setItem('ceasefire.token', arguments[0]);", token
    )
    driver.get(f"{site.url}/?at={at}")
    _wait(lambda: driver.find_element(By.ID, "map").get_attribute("data-state") == "ready", what="map ready")


def _zones(driver: webdriver.Chrome) -> set[str]:
    return set(filter(None, (driver.find_element(By.ID, "map").get_attribute("data-zones") or "").split(",")))


def test_the_map_loads_offline_and_draws_the_zones_and_demo_incidents(browser: webdriver.Chrome, site: Site) -> None:
    _open_map(browser, site, at="2017-06-01")
    assert _zones(browser) == {
        f"{z}{suffix}@1"
        for z in ("idlib", "northern-homs", "eastern-ghouta", "south")
        for suffix in ("", "-security-zone")
    }
    expected = [f for f in site.api("GET", "/incidents?limit=10000").json()["features"] if f["geometry"]]
    assert len(expected) >= 10
    assert browser.find_element(By.ID, "map").get_attribute("data-incidents") == str(len(expected))
    assert len(browser.find_elements(By.CSS_SELECTOR, "path.incident-marker")) == len(expected)
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(site.url) for r in resources), resources
    assert browser.execute_script("return typeof L === 'object' && L.version") == "1.9.3"
    (REPO / "docs").mkdir(exist_ok=True)
    browser.save_screenshot(str(REPO / "docs" / "map.png"))


def test_the_time_slider_changes_which_zone_versions_show(browser: webdriver.Chrome, site: Site) -> None:
    _open_map(browser, site, at="2017-06-01")

    def slide_to(day: str) -> set[str]:
        offset = (date.fromisoformat(day) - date(2017, 1, 1)).days
        browser.execute_script(
            "const s = document.getElementById('day'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));",
            str(offset),
        )
        map_node = browser.find_element(By.ID, "map")
        _wait(
            lambda: map_node.get_attribute("data-at") == day and map_node.get_attribute("data-state") == "ready",
            what=day,
        )
        return _zones(browser)

    assert "eastern-ghouta@1" in slide_to("2017-12-31")
    after = slide_to("2018-02-01")
    assert "eastern-ghouta@2" in after and "eastern-ghouta@1" not in after
    assert slide_to("2017-04-01") == set()


def test_clicking_an_incident_opens_its_claims_and_a_script_in_them_stays_text(
    browser: webdriver.Chrome, site: Site
) -> None:
    body = {
        "kind": "monitor-report",
        "when": "2017-09-20T09:00:00+03:00",
        "where": {"place": "Kafr Nabl", "lon": 36.5603, "lat": 35.6136},
        "what": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
        "how_observed": "saw",
        "casualties": {"killed": {"best": 4}},
        "text": XSS,
    }
    posted = site.api("POST", "/reports", "monitor", json=body, headers={"Idempotency-Key": "browser-claims-01"})
    assert posted.status_code == 201, posted.text
    incident = incident_of(site.record, posted.json()["claims"][0]["id"])
    _open_map(browser, site, at="2017-10-01", token=site.tokens["analyst"])
    marker = _wait(lambda: browser.find_element(By.CSS_SELECTOR, f'path[data-id="{incident}"]'), what="marker")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker)
    text = _wait(lambda: browser.find_element(By.CSS_SELECTOR, "#claims .claim-text"), what="claim panel")
    assert text.text == XSS
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "#panel script, #panel img") == []


def test_a_submission_made_offline_arrives_once_when_back_online(browser: webdriver.Chrome, site: Site) -> None:
    browser.get(site.url + "/report")
    browser.execute_script(
        "localStorage.clear(); localStorage.setItem('ceasefire.token', arguments[0]);", site.tokens["monitor"]
    )
    browser.get(site.url + "/report")
    marker = f"offline report {time.time_ns()}"
    browser.set_network_conditions(offline=True, latency=0, download_throughput=-1, upload_throughput=-1)
    try:
        browser.find_element(By.ID, "place").send_keys("Saraqib")
        browser.find_element(By.ID, "lat").send_keys("35.8623")
        browser.find_element(By.ID, "lon").send_keys("36.8051")
        browser.find_element(By.ID, "text").send_keys(marker)
        browser.find_element(By.ID, "submit").click()
        _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#outbox li.queued"), what="queued")
        time.sleep(1.0)
        queued = browser.execute_script("return JSON.parse(localStorage.getItem('ceasefire.outbox'))")
        assert len(queued) == 1 and queued[0]["body"]["text"] == marker
        assert not _stored(site, marker)
    finally:
        browser.delete_network_conditions()
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#outbox li.sent"), timeout=30, what="sent after reconnect")
    # Say the server's answer was lost: the outbox sends the same item again, same key.
    browser.execute_script(
        "localStorage.setItem('ceasefire.outbox', JSON.stringify(arguments[0])); return flush();", queued
    )
    results = _wait(
        lambda: (
            [
                r
                for r in browser.execute_script("return JSON.parse(localStorage.getItem('ceasefire.outbox.results'))")
                if r["key"] == queued[0]["key"]
            ][1:]
            and browser.execute_script("return JSON.parse(localStorage.getItem('ceasefire.outbox.results'))")
        ),
        what="resend answered",
    )
    answers = [r for r in results if r["key"] == queued[0]["key"]]
    assert [r["state"] for r in answers] == ["sent", "sent"] and answers[0]["id"] == answers[1]["id"]
    assert _stored(site, marker) == [answers[0]["id"]]


def _stored(site: Site, text: str) -> list[str]:
    """Ids of the reports on the server whose text is `text`."""
    reports = site.api("GET", "/reports?limit=200", "analyst").json()["items"]
    return [r["id"] for r in reports if r["claims"][0]["text"] == text]
