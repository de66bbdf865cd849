"""The layers of docs/architecture.md: no import and no model relation points upward.

Every `import` in the product code counts, at module level or inside a function
(an import inside a function dodges a cycle, it does not remove the arrow).
KNOWN_UPWARD_ARROWS (known debt) is empty since issue 12 and stays so; an entry
that no longer exists would fail the suite too.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ["lebenswert", "municipalities", "services", "cooperations"]
SKIPPED_FOLDERS = {"migrations", "__pycache__"}

# Bottom to top. A module may import its own layer and the layers below it.
LAYERS = [
    # Infrastructure: jobs, data versions, charts, storage, middleware, text, uploads.
    ["lebenswert.core", "lebenswert.formats"],
    # Cross-cutting, one layer: the user, login and second factor, and the change
    # history every write records with its actor (and the municipality's AGS).
    ["lebenswert.accounts", "lebenswert.audit"],
    # Report jobs, the PDF renderer and the kind registry the domain apps plug into.
    ["lebenswert.reports"],
    ["municipalities"],
    ["services"],
    ["cooperations"],
    # Pages and commands that combine apps; the project's settings, urls, Celery app.
    # The API (lebenswert.api, issue 17) combines the apps too: the top layer.
    ["lebenswert.portal", "lebenswert.api", "lebenswert"],
]

# Known debt: (importing module, imported module) arrows that point upward. Empty
# since issue 12: a lower layer reaches a higher one through settings (see
# docs/architecture.md), never through an import or a model relation. Never add one.
KNOWN_UPWARD_ARROWS: set[tuple[str, str]] = set()


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer_of(module: str) -> int | None:
    """Index in LAYERS of the longest package prefix of `module`; None if foreign."""
    best, best_length = None, -1
    for index, packages in enumerate(LAYERS):
        for package in packages:
            if (module == package or module.startswith(package + ".")) and len(
                package
            ) > best_length:
                best, best_length = index, len(package)
    return best


def _is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported_modules(root: Path, path: Path, module: str) -> set[str]:
    """Every module `path` imports anywhere in its body (relative imports resolved;
    `from package import submodule` names the submodule)."""
    package = (
        module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    )
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            for alias in node.names:
                submodule = f"{target}.{alias.name}" if target else alias.name
                found.add(submodule if _is_module(root, submodule) else target)
    return found


def upward_imports(root: Path, packages: list[str]) -> set[tuple[str, str]]:
    """(importing module, imported module) for every import to a higher layer."""
    arrows = set()
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if SKIPPED_FOLDERS & set(path.relative_to(root).parts):
                continue
            module = _module_name(root, path)
            source = _layer_of(module)
            for target in _imported_modules(root, path, module):
                layer = _layer_of(target)
                if layer is not None and source is not None and layer > source:
                    arrows.add((module, target))
    return arrows


def upward_relations() -> set[tuple[str, str]]:
    """(model module, related model module) for every relation to a higher layer."""
    arrows = set()
    for model in apps.get_models():
        source = _layer_of(model.__module__)
        if source is None:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.auto_created or not field.is_relation or not field.related_model:
                continue
            target = field.related_model.__module__
            layer = _layer_of(target)
            if layer is not None and layer > source:
                arrows.add((model.__module__, target))
    return arrows


def _current_arrows() -> set[tuple[str, str]]:
    return upward_imports(ROOT, PRODUCT_PACKAGES) | upward_relations()


def test_no_new_upward_arrow():
    new = _current_arrows() - KNOWN_UPWARD_ARROWS
    assert not new, (
        "Upward arrows (see docs/architecture.md; move the code up or plug it in "
        f"through a registry): {sorted(new)}"
    )


def test_known_upward_arrows_are_not_stale():
    gone = KNOWN_UPWARD_ARROWS - _current_arrows()
    assert not gone, f"Fixed, remove from KNOWN_UPWARD_ARROWS: {sorted(gone)}"


def test_core_imports_no_domain_app_and_no_higher_project_app():
    core = _layer_of("lebenswert.core")
    arrows = {a for a in _current_arrows() if _layer_of(a[0]) == core}
    assert not arrows


def test_every_product_package_is_placed_in_a_layer_by_name():
    """A new package under lebenswert/ must be placed deliberately, not fall into
    the top layer through the project package's catch-all."""
    named = {package for packages in LAYERS for package in packages}
    subpackages = {
        f"lebenswert.{path.parent.name}"
        for path in (ROOT / "lebenswert").glob("*/__init__.py")
    }
    assert (subpackages | set(PRODUCT_PACKAGES)) <= named


@pytest.mark.parametrize(
    "body",
    [
        "from services import models\n",
        "import services.models\n",
        "def f():\n    from services.models import Indicator\n",
        "from .. import services as s\n",
    ],
)
def test_the_walk_finds_an_upward_import_wherever_it_sits(tmp_path, body):
    for package in ("municipalities", "services"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "services" / "models.py").write_text("")
    (tmp_path / "municipalities" / "views.py").write_text(body)
    arrows = upward_imports(tmp_path, ["municipalities"])
    assert {a[0] for a in arrows} == {"municipalities.views"}
    # The same import the other way round points down: no arrow.
    (tmp_path / "services" / "views.py").write_text(
        body.replace("services", "municipalities")
    )
    assert upward_imports(tmp_path, ["services"]) == set()


def test_selectors_import_at_module_level_only():
    """Selectors hold queries, which have no cycle to dodge: an import inside one
    of their functions is a sign that a use case or a report context moved in."""
    found = []
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("selectors.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                found += [
                    f"{path.relative_to(ROOT)}:{node.lineno}"
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ]
    assert not found, f"Imports inside selector functions: {found}"


MAX_FUNCTION_LINES = 80


def test_no_product_function_is_longer_than_80_lines():
    """A function that does not fit on a screen hides its steps (issue 12): split
    it into named steps. Migrations are generated and do not count."""
    too_long = []
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if SKIPPED_FOLDERS & set(path.relative_to(ROOT).parts):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            too_long += [
                f"{path.relative_to(ROOT)}:{node.lineno} {node.name} "
                f"({node.end_lineno - node.lineno + 1} lines)"
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
            ]
    assert not too_long, f"Functions over {MAX_FUNCTION_LINES} lines: {too_long}"
