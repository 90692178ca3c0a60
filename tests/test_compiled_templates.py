"""The page templates compiled ahead of use (render.compiled): used when current, never when stale or damaged."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import REPO

TEMPLATES = REPO / "resources" / "templates"


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A copy of the app's templates with their compiled form, as `make templates` writes it, used by the renderer."""
    from brochure_app.render import compiled, html

    folder = tmp_path / "resources"
    templates = folder / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("compiled", "__pycache__"))
    compiled.write(html.source_environment(str(templates)), templates)
    monkeypatch.setattr(html, "resources_dir", lambda: folder)
    made = html.environment
    made.cache_clear()
    yield folder
    made.cache_clear()


def test_the_app_renders_from_the_compiled_templates(resources, catalogue, monkeypatch):
    """Every region's home and section pages and two regions' item pages: the same HTML as from source."""
    import jinja2

    from brochure_app.render import html

    env = html.environment()
    assert isinstance(env.loader, jinja2.ChoiceLoader) and isinstance(env.loader.loaders[0], jinja2.ModuleLoader)
    pages = [(r, k) for r in catalogue.regions for k in ("home", "section:toolkit", "section:information")]
    pages += [(r, f"item:{i.id}") for r in ("london", "dlnr") for i in catalogue.items(r)]

    def rendered():
        return [html._render(catalogue, r, k, html.app_link, "", False, "") for r, k in pages]

    from_compiled = rendered()
    source = html.source_environment()
    assert isinstance(source.loader, jinja2.FileSystemLoader)
    monkeypatch.setattr(html, "environment", lambda folder=None: source)
    assert rendered() == from_compiled


def test_the_compiled_templates_do_not_depend_on_where_the_app_lives(resources):
    from brochure_app.render import compiled

    code = [p.read_text(encoding="utf-8") for p in compiled.folder(resources / "templates").glob("tmpl_*.py")]
    assert len(code) == len(list(TEMPLATES.glob("*.j2")))
    assert not any(str(resources) in text for text in code)


@pytest.mark.parametrize("change", ["template", "jinja2", "manifest", "removed"])
def test_stale_or_damaged_compiled_templates_are_not_used(resources, change, monkeypatch):
    """An edited template, another jinja2, an unreadable manifest or no compiled folder: from source."""
    import jinja2

    from brochure_app.render import compiled

    templates = resources / "templates"
    assert isinstance(compiled.loader(templates), jinja2.ModuleLoader)
    if change == "template":
        page = templates / "home.html.j2"
        page.write_text(page.read_text(encoding="utf-8") + "\n<p>edited</p>\n", encoding="utf-8")
    elif change == "jinja2":
        monkeypatch.setattr(jinja2, "__version__", "0.0.0")
    elif change == "manifest":
        (compiled.folder(templates) / compiled.MANIFEST).write_text("{not json", encoding="utf-8")
    else:
        shutil.rmtree(compiled.folder(templates))
    assert compiled.loader(templates) is None


def test_an_edited_template_shows_at_once(resources, catalogue):
    from brochure_app.render import html

    page = resources / "templates" / "home.html.j2"
    text = page.read_text(encoding="utf-8")
    end = text.rindex("{% endblock %}")
    page.write_text(text[:end] + "<p>A new closing line.</p>\n" + text[end:], encoding="utf-8")
    html.environment.cache_clear()
    assert "A new closing line." in html._render(catalogue, "london", "home", html.app_link, "", False, "").html


def test_the_content_stamp_follows_template_sources_not_their_compiled_form(resources, monkeypatch):
    """Cached pages are stamped with the templates they were made from: an edited template is a new version, while
    what is written beside them (their compiled form, and the bytecode Python keeps of it) is not."""
    from brochure_app.catalogue import stamp as store

    monkeypatch.setattr(store, "resources_dir", lambda: resources)
    before = store.fingerprint(REPO)
    cache = resources / "templates" / "compiled" / "__pycache__"
    cache.mkdir()
    (cache / "tmpl_x.cpython-311.pyc").write_bytes(b"bytecode")
    assert store.fingerprint(REPO) == before
    page = resources / "templates" / "home.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert store.fingerprint(REPO) != before
