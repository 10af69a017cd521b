"""Tests for tui.core.config: where settings live, reading them, and saving them safely."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs
import pytest

from tui.core.config import (
    Settings,
    SettingsStore,
    cache_dir,
    config_path,
    dump_settings,
    load_settings,
    toml_string,
    write_atomically,
)

# --- where ------------------------------------------------------------------------------


def test_config_path_precedence(tmp_path: Path) -> None:
    cli = tmp_path / "cli.toml"
    env = {"TIMELINE_CONFIG": str(tmp_path / "env.toml")}
    assert config_path(cli, env) == cli
    assert config_path(None, env) == tmp_path / "env.toml"
    default = platformdirs.user_config_path("timeline") / "config.toml"
    assert config_path(None, {}) == default
    assert config_path(None, {"TIMELINE_CONFIG": "  "}) == default


def test_config_path_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_path(None, {"TIMELINE_CONFIG": "~/t.toml"}) == tmp_path / "t.toml"


def test_cache_dir(tmp_path: Path) -> None:
    assert cache_dir({"TIMELINE_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_dir({}) == platformdirs.user_cache_path("timeline")


def test_cache_dir_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


# --- reading ----------------------------------------------------------------------------


def test_missing_file_gives_defaults_without_warning(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == (Settings(), [])
    store = SettingsStore.load(tmp_path / "nope.toml")
    assert (store.settings, store.corrupt, store.warnings) == (Settings(), False, [])


def test_reads_and_canonicalises(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'display_zone = "new york"\npinned_zones = ["Kiev", "Asia/Tokyo", "Europe/Kyiv"]\n'
        'theme = "nord"\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(path)
    assert warnings == []
    assert settings == Settings("America/New_York", ("Europe/Kyiv", "Asia/Tokyo"), "nord")


def test_unknown_zone_is_ignored_with_a_positioned_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# mine\ntheme = "nord"\ndisplay_zone = "Europe/Kiyv"\n'
        'pinned_zones = [\n  "Asia/Tokyo",\n  "Nowhere/Atall",\n]\n',
        encoding="utf-8",
    )
    store = SettingsStore.load(path)
    assert not store.corrupt
    assert store.settings == Settings(None, ("Asia/Tokyo",), "nord")
    first, second = store.warnings
    assert first.startswith(
        f"{path}:3:16: unknown time zone 'Europe/Kiyv'; did you mean 'Europe/Kyiv'"
    )
    assert first.endswith("? (ignored)")
    assert second.startswith(f"{path}:6:3: unknown time zone 'Nowhere/Atall'")
    assert second.endswith("(ignored)")


def test_ambiguous_zone_is_ignored_with_the_candidates(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('display_zone = "IST"\n', encoding="utf-8")
    settings, warnings = load_settings(path)
    assert settings.display_zone is None
    assert len(warnings) == 1
    assert "ambiguous" in warnings[0]
    assert "Asia/Kolkata" in warnings[0]


def test_unknown_key_is_a_warning_not_corruption(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\ncolour = "red"\n', encoding="utf-8")
    store = SettingsStore.load(path)
    assert not store.corrupt
    assert store.settings.theme == "nord"
    assert len(store.warnings) == 1
    assert store.warnings[0].startswith(f"{path}:2:1: unknown setting 'colour'")


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [
        ('display_zone = "UTC"\ntheme = \n', ":2:", "invalid TOML"),
        ('display_zone = "UTC"\ntheme = 3\n', ":2:1:", "theme must be a quoted theme name"),
        ("display_zone = 5\n", ":1:1:", "display_zone must be a quoted zone name"),
        ('pinned_zones = "Europe/Kyiv"\n', ":1:1:", "pinned_zones must be a list"),
        ('pinned_zones = ["UTC", 3]\n', ":1:1:", "pinned_zones must be a list"),
    ],
)
def test_corrupt_file_gives_defaults_and_a_warning(
    tmp_path: Path, text: str, where: str, fragment: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.corrupt
    assert store.settings == Settings()
    assert len(store.warnings) == 1
    assert store.warnings[0].startswith(f"{path}{where}")
    assert fragment in store.warnings[0]
    assert store.warnings[0].endswith("(using defaults)")


def test_not_utf8_or_a_folder_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "nord"\ntheme2 = "\xff"\n')
    store = SettingsStore.load(path)
    assert store.corrupt
    assert store.warnings == [f"{path}:2:1: settings file is not UTF-8 text (using defaults)"]
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert SettingsStore.load(folder).corrupt


def test_corrupt_config_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = 'display_zone = "Europe/Kyiv"\npinned_zones = [\n'  # unterminated: bad TOML
    path.write_text(original, encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.corrupt
    message = store.save(Settings(display_zone="UTC"))
    assert message is not None
    assert "not saved" in message
    assert str(path) in message
    assert path.read_text(encoding="utf-8") == original
    assert store.settings == Settings()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


# --- writing ----------------------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "config.toml"  # the folder is created
    store = SettingsStore.load(path)
    wanted = Settings("America/New_York", ("Europe/Kyiv", "Asia/Kathmandu", "UTC+05:30"), "nord")
    assert store.save(wanted) is None
    assert store.settings == wanted
    assert load_settings(path) == (wanted, [])
    assert SettingsStore.load(path).settings == wanted


def test_defaults_write_an_empty_but_valid_file(tmp_path: Path) -> None:
    text = dump_settings(Settings())
    assert tomllib.loads(text) == {}
    path = tmp_path / "config.toml"
    assert SettingsStore(path).save(Settings()) is None
    assert load_settings(path) == (Settings(), [])


@pytest.mark.parametrize(
    "value",
    ['quo"te', "back\\slash", "tab\there", "line\nbreak", "bell\x07", "del\x7f", "Київ ☀", ""],
)
def test_strings_are_quoted_correctly(value: str) -> None:
    assert tomllib.loads(f"x = {toml_string(value)}")["x"] == value


def test_theme_with_awkward_characters_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = Settings(theme='my "dark"\\theme')
    assert SettingsStore(path).save(settings) is None
    assert load_settings(path) == (settings, [])


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    store = SettingsStore.load(path)
    assert store.save(Settings(theme="first")) is None
    before = path.read_text(encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    message = store.save(Settings(theme="second"))
    assert message is not None
    assert "No space left on device" in message
    # the old file is untouched, no temporary file is left behind, the store keeps the old
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]
    assert store.settings == Settings(theme="first")


def test_write_atomically_replaces_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text("old", encoding="utf-8")
    inode_before = path.stat().st_ino
    write_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_ino != inode_before  # a new file was renamed over the old one
    assert [p.name for p in tmp_path.iterdir()] == ["f.toml"]


def test_unwritable_location_reports(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    message = SettingsStore(blocker / "config.toml").save(Settings(theme="x"))
    assert message is not None
    assert message.startswith("settings not saved: cannot write")
