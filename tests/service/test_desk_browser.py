"""The triage desk page in a real browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from pakn.service.api import create_app
from pakn.service.core import Pipeline
from pakn.service.keys import KeyStore
from pakn.service.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parents[1] / "output"
WITH_MARKS = ("Kính gửi UBND xã Hải Thọ, huyện Hải Lăng, tỉnh Quảng Trị. Cán bộ địa chính xã hẹn tôi 5 lần "
              "vẫn chưa ký hồ sơ cấp sổ đỏ, còn gợi ý phải bồi dưỡng 3 triệu thì mới nhanh. Đề nghị xem xét, xử lý.")
WITHOUT_MARKS = ("kinh gui ubnd xa. can bo dia chinh xa hen toi 5 lan van chua ky ho so cap so do, "
                 "con goi y phai boi duong 3 trieu thi moi nhanh. de nghi xem xet xu ly")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("data")
    settings = Settings.from_env({"PAKN_MODEL_DIR": str(trained_model_dir), "PAKN_DATA_DIR": str(data)})
    app = create_app(pipeline=Pipeline.load(settings), settings=settings, keys=KeyStore(data / "keys.sqlite3"))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is installed by `make test`"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.mark.parametrize("name, petition", [("with-marks", WITH_MARKS), ("without-marks", WITHOUT_MARKS)])
def test_paste_submit_and_read_the_decision(server: str, browser, name: str, petition: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server + "/")
    assert page.title().startswith("pakn")
    page.fill("#text", petition)
    page.fill("#received", "2025-12-29")
    page.keyboard.press("Control+Enter")  # the keyboard shortcut, not a mouse click
    page.wait_for_selector("#result:not([hidden])", timeout=30_000)
    assert page.inner_text("#kind").strip() and page.inner_text("#sector").strip()
    marks = page.locator("#evidence mark")
    assert marks.count() >= 1
    first = marks.first.inner_text()
    assert first and first in petition  # highlighted spans are pieces of the pasted text
    assert page.inner_text("#evidence").replace("\n", " ").strip() == petition.strip()
    agency = page.inner_text("#agency")
    assert agency and agency != "—"
    assert page.locator("#trace tbody tr").count() >= 1
    ack = page.inner_text("#acknowledge")
    assert "/2026" in ack or "/2025" in ack  # a dd/mm/yyyy date
    assert "Cần cán bộ xem lại" in page.inner_text("#review") or page.is_hidden("#review")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"desk-{name}.png"), full_page=True)
    page.close()


def test_routing_slip_and_copy_as_json(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    import json

    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script("window.print = () => {};")  # no print dialog in a headless test
    page.goto(server + "/")
    page.fill("#text", WITH_MARKS)
    page.click("#submit")
    page.wait_for_selector("#result:not([hidden])", timeout=30_000)
    page.click("#copy-json")
    page.wait_for_selector("#copied:not([hidden])")
    copied = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert copied["classification"]["kind"] and copied["routing"]["trace"]
    page.click("#print-slip")
    slip = page.inner_text("#slip")
    assert "PHIẾU ĐỀ XUẤT XỬ LÝ ĐƠN" in slip
    assert copied["routing"]["procedure"]["name"] in slip
    page.screenshot(path=str(OUTPUT / "desk-slip.png"), full_page=True)
    context.close()


def test_errors_show_next_to_the_box_and_keep_the_text(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + "/")
    page.fill("#text", "   ")
    page.click("#submit")
    assert "Vui lòng dán nội dung đơn" in page.inner_text("#error")
    page.fill("#text", "...!!!")
    page.click("#submit")
    page.wait_for_selector("#error:not([hidden])")
    page.wait_for_function("document.getElementById('error').textContent.includes('EMPTY_TEXT')")
    assert page.input_value("#text") == "...!!!"
    page.close()
