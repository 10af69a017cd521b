"""Tests for the settings: where they live, reading them (tui.core.config), and saving them
safely (tui.core.settings_file)."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.config import MAX_SETTINGS_BYTES, Settings, load_settings
from tui.core.hostzone import display_zone
from tui.core.locations import cache_dir, config_path
from tui.core.safetext import UNSAFE
from tui.core.settings_file import SettingsStore, dump_settings, write_atomically

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


@pytest.mark.parametrize("value", ['quo"te', "back\\slash", "tab\there", "Київ ☀", "[/]"])
def test_awkward_theme_names_round_trip(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    assert SettingsStore(path).save(Settings(theme=value)) is None
    assert tomllib.loads(path.read_text(encoding="utf-8"))["theme"] == value
    assert load_settings(path) == (Settings(theme=value), [])


@pytest.mark.parametrize("value", ["line\nbreak", "bell\x07", "del\x7f", "esc\x1b[2J"])
def test_a_value_that_would_not_read_back_is_not_written(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    message = SettingsStore.load(path).save(Settings(theme=value))
    assert message is not None
    assert message.startswith(f"settings not saved: cannot edit {path}: ")
    assert UNSAFE.search(message) is None
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


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
    assert message.startswith("settings not saved: ")
    assert "Not a directory" in message


# --- whose file: someone else's is neither read nor written ------------------------------

PYPROJECT = """\
# Build and tool settings for the newsroom's scraper.
[build-system]
requires = ["setuptools>=69", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "scraper"
version = "2.4.1"
description = "Collects agency wires into dated timeline files"
readme = "README.md"
requires-python = ">=3.11"
authors = [{ name = "Data desk", email = "data@example.org" }]
dependencies = [
    "httpx>=0.27",   # the wires
    "pyyaml>=6.0",
    "tomlkit>=0.13",
    "rich>=13",
]

[project.optional-dependencies]
test = [
    "pytest>=8",
    "pytest-cov>=5",
    "respx>=0.21",
]

[project.scripts]
scrape = "scraper.cli:main"

[project.urls]
Homepage = "https://example.org/scraper"
Issues = "https://example.org/scraper/issues"

[tool.setuptools.packages.find]
include = ["scraper*"]

[tool.ruff]
line-length = 100
target-version = "py311"

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP"]
ignore = ["E203"]

[tool.ruff.lint.per-file-ignores]
"tests/**" = ["E501"]

[tool.mypy]
strict = true
python_version = "3.11"
files = ["scraper", "tests"]

[[tool.mypy.overrides]]
module = ["respx.*"]
ignore_missing_imports = true

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-ra"
filterwarnings = [
    "error",
    "ignore::DeprecationWarning:httpx",
]

[tool.coverage.run]
branch = true
source = ["scraper"]

[tool.coverage.report]
show_missing = true
fail_under = 90

[tool.scraper]
# where the wires land; the timeline explorer reads them
output = "~/timelines"
display_zone = "Europe/Brussels"
theme = "nord"

[tool.scraper.feeds]
afp = "https://example.org/afp.rss"
reuters = "https://example.org/reuters.rss"
belga = "https://example.org/belga.rss"

[tool.scraper.schedule]
every = "15m"
"""


def test_pyproject_given_as_config_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    assert len(PYPROJECT.splitlines()) == 85
    path = tmp_path / "pyproject.toml"
    path.write_bytes(PYPROJECT.encode("utf-8"))
    path.chmod(0o664)
    before = path.stat()
    store = SettingsStore.load(path)
    assert store.foreign
    assert not store.corrupt
    assert store.settings == Settings()  # nothing is read from it either
    assert store.warnings == [
        f"{path}: not a timeline settings file: it holds tables that are not timeline "
        "settings ([build-system], [project], [tool]); it is neither read nor written "
        "(using defaults)"
    ]
    message = store.save(Settings(display_zone="UTC"))
    assert message == (
        f"settings not saved: {path}: not a timeline settings file: it holds tables that are "
        "not timeline settings ([build-system], [project], [tool]); the settings need a file "
        "of their own (--config or TIMELINE_CONFIG)"
    )
    assert path.read_bytes() == PYPROJECT.encode("utf-8")
    after = path.stat()
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (
        before.st_ino,
        before.st_mode,
        before.st_mtime_ns,
    )
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('theme = "nord"\n[notes]\nx = 1\n', "tables that are not timeline settings ([notes])"),
        ('theme = "nord"\ntool.ruff.line-length = 100\n', "([tool])"),
        ('theme = "nord"\n[[bin]]\nname = "x"\n', "([bin])"),
        ('theme = "nord"\npoint = { x = 1 }\n', "([point])"),
        ('name = "scraper"\nversion = "1.0"\n', "none of the keys display_zone, pinned_zones"),
    ],
)
def test_files_that_are_not_ours(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "other.toml"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.foreign
    assert store.settings == Settings()
    assert fragment in store.warnings[0]
    assert store.save(Settings(theme="x")) is not None
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing set yet\n\n",
        'dispaly_zone = "Europe/Kyiv"\n',  # a misspelling of ours: the user's file
        'Theme = "nord"\n',
        'pinned-zones = ["UTC"]\n',
        'colour = "red"\ntheme = "nord"\n',
    ],
)
def test_settings_files_with_unknown_or_misspelt_keys_are_ours(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    assert not store.foreign
    assert not store.corrupt
    assert store.save(replace(store.settings, display_zone="Asia/Tokyo")) is None
    saved = path.read_text(encoding="utf-8")
    # kept as written; our key is added among them (a new file's header in an empty one)
    if text:
        assert saved.replace('display_zone = "Asia/Tokyo"\n', "", 1) == text
    assert tomllib.loads(saved)["display_zone"] == "Asia/Tokyo"


def test_a_misspelt_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('dispaly_zone = "Europe/Kyiv"\n', encoding="utf-8")
    (warning,) = SettingsStore.load(path).warnings
    assert warning == (
        f"{path}:1:1: unknown setting 'dispaly_zone'; did you mean 'display_zone'? "
        "(ignored; kept as written)"
    )


# --- saving keeps what the user wrote ----------------------------------------------------

COMMENTED = """\
# My timeline settings.
# Brussels bureau: keep the wall clock on Brussels time.

display_zone = 'Europe/Kiyv'   # misspelt on purpose? keep it

pinned_zones = [
    "Asia/Tokyo",       # Tokyo desk
    "Nowhere/Atall",    # not a zone: stays as written
    "kiev",             # spelt the old way
]

colour = "red"   # not a setting of ours
[ignored] = 1
"""


def test_saving_keeps_comments_blank_lines_unknown_keys_and_misspelt_zones(
    tmp_path: Path,
) -> None:
    text = COMMENTED.replace("[ignored] = 1\n", "\n# the end\n")
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.settings == Settings(None, ("Asia/Tokyo", "Europe/Kyiv"), None)
    assert len(store.warnings) == 3  # the zone, the pin, the unknown key
    # the user picks a theme in the app: only that key is added
    assert store.save(Settings(None, ("Asia/Tokyo", "Europe/Kyiv"), "nord")) is None
    assert path.read_text(encoding="utf-8") == text + 'theme = "nord"\n'
    assert store.settings.theme == "nord"
    # a pin added and one removed: the list is edited in place, comments kept
    assert store.save(Settings(None, ("Europe/Kyiv", "Europe/Paris"), "nord")) is None
    assert (
        path.read_text(encoding="utf-8")
        == text.replace('    "Asia/Tokyo",       # Tokyo desk\n', "").replace(
            '    "kiev",             # spelt the old way\n',
            '    "kiev",             # spelt the old way\n    "Europe/Paris",\n',
        )
        + 'theme = "nord"\n'
    )
    # the theme back to the default: only its key goes
    assert store.save(Settings(None, ("Europe/Kyiv", "Europe/Paris"), None)) is None
    saved = path.read_text(encoding="utf-8")
    assert "theme" not in saved
    assert "display_zone = 'Europe/Kiyv'   # misspelt on purpose? keep it" in saved
    assert '"Nowhere/Atall",    # not a zone: stays as written' in saved
    # the misspelt display zone is replaced only when the user picks a zone in the app
    assert store.save(Settings("Europe/Kyiv", ("Europe/Kyiv", "Europe/Paris"), None)) is None
    saved = path.read_text(encoding="utf-8")
    assert 'display_zone = "Europe/Kyiv"   # misspelt on purpose? keep it\n' in saved
    assert saved.startswith("# My timeline settings.\n# Brussels bureau")
    assert saved.endswith('colour = "red"   # not a setting of ours\n\n# the end\n')
    assert load_settings(path)[0] == Settings("Europe/Kyiv", ("Europe/Kyiv", "Europe/Paris"))


def test_a_value_already_meaning_the_wanted_one_is_left_as_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = "display_zone = 'new york'  # home\n"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore(path)  # believes nothing is set; the file already says it
    assert store.save(Settings(display_zone="America/New_York")) is None
    assert path.read_text(encoding="utf-8") == text
    assert store.settings == Settings(display_zone="America/New_York")


def test_unpinning_everything_removes_only_the_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = '# pins\npinned_zones = ["Asia/Tokyo", "UTC"]  # desks\ntheme = "nord"\n'
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.save(Settings(theme="nord")) is None
    assert path.read_text(encoding="utf-8") == '# pins\ntheme = "nord"\n'


def test_removing_our_last_key_keeps_the_file_ours(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('colour = "red"\ntheme = "nord"  # dark\nvolume = 11\n', encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.save(Settings()) is None
    assert path.read_text(encoding="utf-8") == 'colour = "red"\ntheme = ""  # dark\nvolume = 11\n'
    again = SettingsStore.load(path)
    assert not again.foreign
    assert again.settings == Settings()
    assert again.save(Settings(pinned_zones=("UTC",))) is None
    assert again.save(Settings()) is None
    assert load_settings(path)[0] == Settings()
    assert "pinned_zones" not in path.read_text(encoding="utf-8")  # theme still marks it


def test_reordered_pins_are_written_anew_keeping_unusable_entries(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('pinned_zones = ["Asia/Tokyo", "Mars/Base", "UTC"]\n', encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.save(Settings(pinned_zones=("UTC", "Asia/Tokyo"))) is None
    assert tomllib.loads(path.read_text(encoding="utf-8"))["pinned_zones"] == [
        "UTC",
        "Asia/Tokyo",
        "Mars/Base",
    ]


def test_windows_line_ends_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'# mine\r\ntheme = "nord"\r\n')
    assert SettingsStore.load(path).save(Settings(display_zone="UTC", theme="nord")) is None
    assert path.read_bytes() == b'# mine\r\ntheme = "nord"\r\ndisplay_zone = "UTC"\r\n'


def test_a_new_file_says_what_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert SettingsStore.load(path).save(Settings(display_zone="UTC")) is None
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# timeline settings.")
    assert text.endswith('\ndisplay_zone = "UTC"\n')
    assert dump_settings(Settings(display_zone="UTC")) == text


# --- saving keeps the file's identity: links, mode, owner --------------------------------


def test_a_symlinked_config_stays_a_link_and_its_target_is_updated(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "timeline.toml"
    target.write_text('# tracked in git\ntheme = "nord"\n', encoding="utf-8")
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    link = config_dir / "config.toml"
    link.symlink_to(Path("..") / "dotfiles" / "timeline.toml")  # relative, as stow makes them
    second = tmp_path / "second.toml"
    second.symlink_to(link)  # a chain of links
    assert SettingsStore.load(second).save(Settings(display_zone="UTC", theme="nord")) is None
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "dotfiles", "timeline.toml")
    assert second.is_symlink()
    assert (
        target.read_text(encoding="utf-8")
        == '# tracked in git\ntheme = "nord"\ndisplay_zone = "UTC"\n'
    )
    # the temporary file was made beside the target, and is gone
    assert [p.name for p in dotfiles.iterdir()] == ["timeline.toml"]
    assert [p.name for p in config_dir.iterdir()] == ["config.toml"]


def test_a_dangling_link_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "config.toml"
    link.symlink_to(tmp_path / "elsewhere" / "real.toml")
    assert SettingsStore.load(link).save(Settings(theme="nord")) is None
    assert link.is_symlink()
    assert load_settings(tmp_path / "elsewhere" / "real.toml")[0] == Settings(theme="nord")


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o444])
def test_the_files_mode_is_kept(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    path.chmod(mode)
    assert SettingsStore.load(path).save(Settings(display_zone="UTC", theme="nord")) is None
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert load_settings(path)[0] == Settings(display_zone="UTC", theme="nord")


def test_the_files_group_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    groups = [g for g in os.getgroups() if g != os.getegid()]
    if os.geteuid() != 0 and not groups:
        pytest.skip("needs root or a second group to give the file another group")
    other = groups[0] if groups else 4321
    os.chown(path, -1, other)
    assert SettingsStore.load(path).save(Settings(display_zone="UTC", theme="nord")) is None
    assert path.stat().st_gid == other


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask")
def test_a_new_file_is_0644_in_new_0700_folders(tmp_path: Path) -> None:
    path = tmp_path / "new" / "timeline" / "config.toml"
    assert SettingsStore.load(path).save(Settings(theme="nord")) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "timeline").stat().st_mode) == 0o700


@pytest.mark.usefixtures("umask")
def test_a_strict_umask_makes_a_new_file_0600(tmp_path: Path) -> None:
    os.umask(0o077)
    path = tmp_path / "config.toml"
    assert SettingsStore.load(path).save(Settings(theme="nord")) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_folder_gives_a_message(read_only_config: Path) -> None:
    path = read_only_config
    message = SettingsStore.load(path).save(Settings(theme="other"))
    assert message == f"settings not saved: cannot write {path}: Permission denied"
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


# --- saving merges an edit made on disk meanwhile -----------------------------------------


def test_an_edit_made_on_disk_since_loading_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    store = SettingsStore.load(path)
    # the user edits the file while the explorer runs
    path.write_text(
        '# edited by hand\ntheme = "gruvbox"\npinned_zones = ["UTC"]\n', encoding="utf-8"
    )
    # the app changes only the display zone: the hand edit stays
    assert (
        store.save(Settings(display_zone="Asia/Tokyo", theme="nord"), changed={"display_zone"})
        is None
    )
    assert path.read_text(encoding="utf-8") == (
        '# edited by hand\ntheme = "gruvbox"\npinned_zones = ["UTC"]\ndisplay_zone = "Asia/Tokyo"\n'
    )
    assert store.settings == Settings("Asia/Tokyo", ("UTC",), "gruvbox")
    # without ``changed``, what differs from what the store last saw is written
    assert store.save(Settings("Asia/Tokyo", ("UTC",), "nord")) is None
    assert load_settings(path)[0] == Settings("Asia/Tokyo", ("UTC",), "nord")


def test_an_edit_landing_while_saving_is_merged_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    store = SettingsStore.load(path)
    real_fsync = os.fsync
    edits = iter(['# saved by an editor mid-way\ntheme = "nord"\n'])

    def fsync_then_someone_edits(fd: int) -> None:
        real_fsync(fd)
        edit = next(edits, None)
        if edit is not None:  # after our temporary file is written, before the rename
            path.write_text(edit, encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync_then_someone_edits)
    assert store.save(Settings(display_zone="UTC", theme="nord")) is None
    assert path.read_text(encoding="utf-8") == (
        '# saved by an editor mid-way\ntheme = "nord"\ndisplay_zone = "UTC"\n'
    )
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_a_file_that_keeps_changing_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    store = SettingsStore.load(path)
    real_fsync = os.fsync
    count = iter(range(1000))

    def fsync_then_someone_edits(fd: int) -> None:
        real_fsync(fd)
        path.write_text(f'theme = "nord"\n# edit {next(count)}\n', encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync_then_someone_edits)
    message = store.save(Settings(display_zone="UTC", theme="nord"))
    assert message == f"settings not saved: {path} kept changing while saving; try again"
    assert "display_zone" not in path.read_text(encoding="utf-8")


def test_a_file_fixed_after_loading_can_be_saved(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.corrupt
    path.write_text('theme = "nord" # fixed\n', encoding="utf-8")
    assert store.save(Settings(display_zone="UTC")) is None
    assert path.read_text(encoding="utf-8") == 'theme = "nord" # fixed\ndisplay_zone = "UTC"\n'


# --- reading trusts nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('display_zone = "[/]"', "unknown time zone '[/]'"),
        ('display_zone = "[bold red]x[/]"', "unknown time zone '[bold red]x[/]'"),
        (
            'display_zone = "Europe/Kyiv\\u001b]52;c;aGk=\\u0007"',
            "'Europe/Kyiv\\x1b]52;c;aGk=\\x07' contains U+001B ESC (escape)",
        ),
        ('display_zone = "Kyiv\\u009b2J"', "'Kyiv\\x9b2J' contains U+009B CSI"),
        ('display_zone = "Kyiv\\u202e"', "'Kyiv\\u202e' contains U+202E RIGHT-TO-LEFT OVERRIDE"),
        ('display_zone = "Europe/\\nKyiv"', "'Europe/\\nKyiv' contains U+000A"),
        ('theme = "nord\\u001b[2J"', "theme 'nord\\x1b[2J' contains U+001B ESC"),
        (
            'pinned_zones = ["UTC", "\\u001b]0;owned\\u0007"]',
            "zone '\\x1b]0;owned\\x07' contains U+001B",
        ),
        ('"\\u001b[31mkey" = 1\ntheme = "nord"', "unknown setting '\\x1b[31mkey'"),
        pytest.param(
            'display_zone = "' + "x" * 5000 + '"',
            "is too long (5,000 characters; at most 200)",
            id="too-long",
        ),
    ],
)
def test_hostile_values_give_a_visible_warning_and_the_default(
    tmp_path: Path, line: str, shown: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(line + "\n", encoding="utf-8")
    store = SettingsStore.load(path)
    assert not store.corrupt
    assert store.settings.display_zone is None
    assert store.settings.theme in (None, "nord")
    assert store.settings.pinned_zones in ((), ("UTC",))
    assert len(store.warnings) == 1
    warning = store.warnings[0]
    assert shown in warning
    assert warning.startswith(f"{path}:1:")
    assert UNSAFE.search(warning) is None
    assert "\n" not in warning
    assert len(warning) < 400


def test_a_hostile_file_name_is_shown_visibly(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b]0;x\x07.toml"
    path.write_text("theme = 3\n", encoding="utf-8")
    (warning,) = SettingsStore.load(path).warnings
    assert "bad\\x1b]0;x\\x07.toml:1:1: theme must be a quoted theme name" in warning
    assert UNSAFE.search(warning) is None


def test_many_unusable_pins_are_summarised(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    pins = ", ".join(f'"Nowhere/Place{i}"' for i in range(100))
    path.write_text(f"pinned_zones = [{pins}]\n", encoding="utf-8")
    store = SettingsStore.load(path)
    assert store.settings.pinned_zones == ()
    assert len(store.warnings) == 7
    assert store.warnings[5].endswith("59 more unusable zones (ignored)")
    assert store.warnings[6].endswith("100 zones pinned; only the first 64 are used")


def test_a_fifo_or_a_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    store = SettingsStore.load(fifo)  # would block forever if opened for a plain read
    assert store.corrupt
    assert store.warnings == [
        f"{fifo}: is not a regular file (a FIFO, device or socket?) (using defaults)"
    ]
    assert store.save(Settings(theme="x")) is not None
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_SETTINGS_BYTES + 1)
    assert SettingsStore.load(huge).warnings == [
        f"{huge}: is too large for a settings file (1,048,577 bytes) (using defaults)"
    ]
    assert SettingsStore.load(Path("/dev/zero")).corrupt


# --- a property: any edit keeps every line the user wrote ---------------------------------

_ZONES = ["UTC", "Asia/Tokyo", "Europe/Kyiv", "America/New_York", "kiev", "Mars/Base"]
_LINES = st.sampled_from(
    [
        "# a comment",
        "",
        "   # indented comment",
        'colour = "red"  # unknown key',
        "volume = 11",
        'dispaly_zone = "UTC"',
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(_LINES, max_size=4),
    zone=st.none() | st.sampled_from(_ZONES),
    pins=st.lists(st.sampled_from(_ZONES), max_size=4),
    after=st.lists(_LINES, max_size=4),
    new_zone=st.none() | st.sampled_from(_ZONES[:4]),
    new_pins=st.lists(st.sampled_from(_ZONES[:4]), max_size=4, unique=True),
    new_theme=st.none() | st.sampled_from(["nord", "gruvbox"]),
)
def test_saving_keeps_every_line_and_reads_back_as_wanted(
    tmp_path_factory: pytest.TempPathFactory,
    before: list[str],
    zone: str | None,
    pins: list[str],
    after: list[str],
    new_zone: str | None,
    new_pins: list[str],
    new_theme: str | None,
) -> None:
    lines = list(dict.fromkeys(before))  # a key may appear once
    if zone is not None:
        lines.append(f'display_zone = "{zone}"  # mine')
    if pins:
        lines.append("pinned_zones = [" + ", ".join(f'"{p}"' for p in pins) + "]")
    lines += [line for line in dict.fromkeys(after) if line not in lines or not line.strip("# ")]
    text = "\n".join(lines) + "\n"
    path = tmp_path_factory.mktemp("prop") / "config.toml"
    path.write_text(text, encoding="utf-8")
    store = SettingsStore.load(path)
    wanted = Settings(new_zone, tuple(new_pins), new_theme)
    message = store.save(wanted)
    if store.foreign:  # only unknown keys: someone else's file, never written
        assert message is not None or wanted == Settings()
        assert path.read_text(encoding="utf-8") == text
        return
    assert message is None
    saved = path.read_text(encoding="utf-8")
    got = load_settings(path)[0]
    assert got == wanted
    for line in lines:  # every line that is not one of our settings is still there
        if not line.startswith(("display_zone", "pinned_zones")):
            assert line in saved.splitlines()
    if "Mars/Base" in pins:  # an entry the reader ignores stays
        assert '"Mars/Base"' in saved


# --- the display zone when the settings hold one -----------------------------------------


def test_a_bad_timeline_tz_is_skipped_with_a_warning_when_asked() -> None:
    env = {"TIMELINE_TZ": "Nowhere/Bad\x1b[2J", "TZ": "Asia/Tokyo"}
    warnings: list[str] = []
    assert display_zone(None, env, saved="Europe/Kyiv", warnings=warnings) == "Europe/Kyiv"
    assert warnings == [
        "TIMELINE_TZ: unknown time zone 'Nowhere/Bad\\x1b[2J': use an IANA name such as "
        "'Europe/Brussels', a city, a country, or an offset such as 'UTC+02:00' (ignored)"
    ]
    warnings.clear()
    assert display_zone(None, env, warnings=warnings) == "Asia/Tokyo"
    assert len(warnings) == 1


def test_then_tz_then_the_host() -> None:
    warnings: list[str] = []
    env = {"TIMELINE_TZ": "Nowhere/Bad", "TZ": "Mars/Base"}
    zone = display_zone(None, env, warnings=warnings)
    assert [w.split(":")[0] for w in warnings] == ["TIMELINE_TZ", "TZ"]
    assert zone == display_zone(None, {})  # the host's zone, as with nothing set


def test_precedence_is_unchanged() -> None:
    env = {"TIMELINE_TZ": "Asia/Tokyo", "TZ": "Europe/Paris"}
    assert display_zone("UTC", env, saved="Europe/Kyiv") == "UTC"
    assert display_zone(None, env, saved="Europe/Kyiv") == "Europe/Kyiv"
    assert display_zone(None, env) == "Asia/Tokyo"
    assert display_zone(None, {"TZ": "Europe/Paris"}) == "Europe/Paris"
    with pytest.raises(ValueError, match="Nowhere"):  # without a warnings list: as before
        display_zone(None, {"TIMELINE_TZ": "Nowhere/Bad"}, saved="Europe/Kyiv")
