"""The import direction stays one way: tools/ uses the library and the services' public APIs, and the shared
library and the services never import the tools (so a service image's library is the runtime alone)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = "thidua_tools"
RUNTIME_SOURCES = [ROOT / "libs", *sorted((ROOT / "services").glob("*/src"))]
MOVED = ("launcher", "cli", "cli_token", "cli_topology", "embedded", "local_sign_in", "isolated", "province")


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, also inside functions and `TYPE_CHECKING` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (  # importlib.import_module("thidua_tools...")
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def runtime_files() -> list[Path]:
    return [path for root in RUNTIME_SOURCES for path in sorted(root.rglob("*.py"))]


def test_there_are_runtime_sources_to_check() -> None:
    files = runtime_files()
    assert any("libs/thidua/src/thidua" in path.as_posix() for path in files)
    assert {path.relative_to(ROOT).parts[1] for path in files if path.parts[-4:-3] != ("libs",)} >= {
        "registration",
        "awards",
        "grievance",
        "notify",
        "portal",
    }


@pytest.mark.parametrize("path", runtime_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_library_and_services_never_import_the_tools(path: Path) -> None:
    offending = {name for name in imported_modules(path) if name == TOOLS or name.startswith(f"{TOOLS}.")}
    assert not offending, f"{path.relative_to(ROOT)} imports {sorted(offending)}"


def test_the_detector_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import thidua_tools.cli\nfrom thidua_tools import launcher\n"
        "def f():\n    import importlib\n    importlib.import_module('thidua_tools.province')\n"
    )
    assert imported_modules(sample) >= {"thidua_tools.cli", "thidua_tools", "thidua_tools.province"}


def test_the_library_no_longer_ships_the_tools() -> None:
    library = ROOT / "libs" / "thidua" / "src" / "thidua"
    assert [name for name in MOVED if (library / f"{name}.py").exists() or (library / name).is_dir()] == []
    project = tomllib.loads((ROOT / "libs" / "thidua" / "pyproject.toml").read_text(encoding="utf-8"))
    assert "scripts" not in project["project"]
    assert not any(dep.startswith("thidua-tools") for dep in project["project"]["dependencies"])
    for service in sorted((ROOT / "services").glob("*/pyproject.toml")):
        deps = tomllib.loads(service.read_text(encoding="utf-8"))["project"]["dependencies"]
        assert not any(dep.startswith("thidua-tools") for dep in deps), service


def test_the_thidua_command_comes_from_the_tools_member() -> None:
    project = tomllib.loads((ROOT / "tools" / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"thidua": "thidua_tools.cli:main"}
