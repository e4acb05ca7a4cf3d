"""The portal API: every endpoint, every error shape, keys, limits, batch partial failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pakn.service.api import create_app
from pakn.service.core import Pipeline
from pakn.service.keys import KeyStore
from pakn.service.settings import Settings

PETITION = ("Kính gửi UBND xã. Cán bộ địa chính xã hẹn tôi 5 lần vẫn chưa ký hồ sơ cấp sổ đỏ, "
            "còn gợi ý bồi dưỡng 3 triệu thì mới nhanh. Tôi ở xã Hải Thọ, huyện Hải Lăng.")


@pytest.fixture(scope="module")
def pipeline(trained_model_dir: Path) -> Pipeline:
    settings = Settings.from_env({"PAKN_MODEL_DIR": str(trained_model_dir)})
    return Pipeline.load(settings)


def make_client(pipeline: Pipeline, tmp_path: Path, client: tuple[str, int] = ("testclient", 50000),
                **env: str) -> tuple[TestClient, KeyStore]:
    settings = Settings.from_env({"PAKN_DATA_DIR": str(tmp_path), **env})
    keys = KeyStore(tmp_path / "keys.sqlite3")
    app = create_app(pipeline=pipeline, settings=settings, keys=keys)
    return TestClient(app, client=client), keys


@pytest.fixture()
def local(pipeline: Pipeline, tmp_path: Path):  # type: ignore[no-untyped-def]
    client, _ = make_client(pipeline, tmp_path)
    with client:
        yield client


def assert_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"] and not body["error"]["message"].isascii()  # Vietnamese
    assert "Traceback" not in response.text


def test_triage_returns_classification_and_routing(local: TestClient) -> None:
    r = local.post("/v1/triage", json={"text": PETITION, "received_at": "2025-12-29", "id": "BN-001"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "BN-001"
    assert body["classification"]["kind"] in ("feedback", "complaint", "denunciation", "request", "not_petition")
    assert body["routing"]["province"] == "Quảng Trị" and body["routing"]["province_source"] == "text (tỉnh cũ)"
    assert body["routing"]["trace"] and body["model_version"] and body["policy_version"]
    for e in body["classification"]["evidence"]:
        assert PETITION[e["start"]:e["end"]] == e["text"]


def test_taxonomy_health_provinces_metrics_docs(local: TestClient) -> None:
    taxonomy = local.get("/v1/taxonomy").json()
    assert {k["id"] for k in taxonomy["kinds"]} == {"feedback", "complaint", "denunciation", "request", "not_petition"}
    assert local.get("/v1/health").json()["status"] == "ok"
    assert len(local.get("/v1/provinces").json()) == 34
    local.post("/v1/triage", json={"text": PETITION})
    metrics = local.get("/metrics").text
    assert "pakn_triaged_total 1.0" in metrics and "pakn_request_seconds_bucket" in metrics
    assert local.get("/openapi.json").json()["paths"]["/v1/triage"]
    assert local.get("/docs").status_code == 200


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"text": ""}, 422, "EMPTY_TEXT"),
        ({"text": "   \n"}, 422, "EMPTY_TEXT"),
        ({"text": "abc\u0000def"}, 415, "BINARY_INPUT"),
        ({"text": "đơn " * 6000}, 413, "TEXT_TOO_LONG"),
        ({"text": "Vi\ufffd\ufffdt \ufffd"}, 422, "BAD_ENCODING"),
        ({"txt": "x"}, 422, "BAD_REQUEST"),
        ({"text": "đơn", "received_at": "29/12/2025"}, 422, "BAD_REQUEST"),
        ({"text": "đơn thư", "province": "Atlantis"}, 422, "BAD_REQUEST"),
    ],
)
def test_bad_input_gets_a_clear_error(local: TestClient, payload: dict, status: int, code: str) -> None:
    assert_error(local.post("/v1/triage", json=payload), status, code)


def test_malformed_json_is_bad_request(local: TestClient) -> None:
    r = local.post("/v1/triage", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(r, 422, "BAD_REQUEST")


def test_body_limit(pipeline: Pipeline, tmp_path: Path) -> None:
    client, _ = make_client(pipeline, tmp_path, PAKN_MAX_BODY_BYTES="2000")
    with client:
        assert_error(client.post("/v1/triage", json={"text": "đơn " * 1000}), 413, "PAYLOAD_TOO_LARGE")


def test_batch_answers_or_rejects_each_item(local: TestClient) -> None:
    items = [{"id": "a", "text": PETITION}, {"id": "b", "text": ""}, {"id": "c"}, {"text": "xin chào cán bộ xã"}]
    r = local.post("/v1/triage/batch", json={"items": items})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["index"] for x in results] == [0, 1, 2, 3]
    assert results[0]["result"] and results[0]["error"] is None
    assert results[1]["error"]["code"] == "EMPTY_TEXT"
    assert results[2]["error"]["code"] == "BAD_REQUEST" and results[2]["id"] == "c"
    assert results[3]["result"]["classification"]["kind"]
    assert r.json()["ok"] == 2 and r.json()["failed"] == 2


def test_batch_over_100_is_refused(local: TestClient) -> None:
    assert_error(local.post("/v1/triage/batch", json={"items": [{"text": "đơn"}] * 101}), 413, "BATCH_TOO_LARGE")


def test_remote_callers_need_a_valid_unrevoked_key(pipeline: Pipeline, tmp_path: Path) -> None:
    client, keys = make_client(pipeline, tmp_path, client=("203.0.113.7", 40000))
    key = keys.create("cong-dvc-tinh")
    with client:
        assert_error(client.post("/v1/triage", json={"text": PETITION}), 401, "UNAUTHORIZED")
        assert_error(client.post("/v1/triage", json={"text": PETITION}, headers={"X-API-Key": "pakn_wrong"}),
                     401, "UNAUTHORIZED")
        assert client.post("/v1/triage", json={"text": PETITION}, headers={"X-API-Key": key}).status_code == 200
        assert client.post("/v1/triage", json={"text": PETITION},
                           headers={"Authorization": f"Bearer {key}"}).status_code == 200
        keys.revoke("cong-dvc-tinh")
        assert_error(client.post("/v1/triage", json={"text": PETITION}, headers={"X-API-Key": key}),
                     401, "UNAUTHORIZED")


def test_keys_are_stored_hashed(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys.sqlite3")
    key = keys.create("portal")
    assert key.encode() not in (tmp_path / "keys.sqlite3").read_bytes()
    assert keys.verify(key) == "portal" and keys.verify("nope") is None


def test_rate_limit_per_key(pipeline: Pipeline, tmp_path: Path) -> None:
    client, keys = make_client(pipeline, tmp_path, client=("203.0.113.8", 40000), PAKN_RATE_LIMIT="3/minute")
    key = keys.create("portal")
    with client:
        codes = [client.post("/v1/triage", json={"text": PETITION}, headers={"X-API-Key": key}).status_code
                 for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        r = client.post("/v1/triage", json={"text": PETITION}, headers={"X-API-Key": key})
        assert_error(r, 429, "RATE_LIMITED")


def test_logs_carry_the_id_not_the_text(local: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="pakn.api")
    local.post("/v1/triage", json={"text": PETITION + " xin giữ bí mật danh tính", "id": "secret-7",
                                   "confidential": True})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "secret-7" in logged
    assert "Hải Thọ" not in logged and "bồi dưỡng" not in logged


def test_desk_page_is_served_without_internet(local: TestClient) -> None:
    page = local.get("/")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert local.get("/static/app.js").status_code == 200 and local.get("/static/style.css").status_code == 200


def test_debug_logging_never_logs_confidential_texts(pipeline: Pipeline, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    client, _ = make_client(pipeline, tmp_path, PAKN_LOG_TEXT="1")
    caplog.set_level("INFO", logger="pakn.api")
    with client:
        client.post("/v1/triage", json={"text": "Đề nghị sửa đường liên thôn bị hỏng", "id": "open-1"})
        client.post("/v1/triage", json={"text": "Tố cáo cán bộ Trần Văn Bê đòi tiền", "id": "conf-1",
                                        "confidential": True})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "sửa đường liên thôn" in logged
    assert "Trần Văn Bê" not in logged and "conf-1" in logged
