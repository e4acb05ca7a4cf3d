"""Settings: one declared table, read from the environment, all documented."""

from pathlib import Path

from pakn.service.settings import SETTINGS, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_and_environment() -> None:
    assert Settings.from_env({}).max_text_chars == 20_000
    assert Settings.from_env({"PAKN_MAX_TEXT_CHARS": "500"}).max_text_chars == 500
    assert Settings.from_env({"PAKN_MODEL_DIR": "/tmp/m"}).model_dir == Path("/tmp/m")


def test_readme_documents_every_setting() -> None:
    readme = README.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme, f"README's settings table lacks {setting.name}"
