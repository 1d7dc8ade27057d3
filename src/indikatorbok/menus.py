"""A Sphinx extension for the book's incremental builds (named in ``_config.yml``): every
page's menu, and its links to the previous and next page, name other pages by their titles.
Sphinx writes again only the pages it reads again, so when a page's title or its place in
the book changes, the menus of the other pages would keep the old one; here every page is
then written again (from what Sphinx keeps, without reading it again)."""

from __future__ import annotations

from typing import Any

KEPT = "indikatorbok_menus"  # the titles and the table of contents, kept with Sphinx's own


def setup(app) -> dict[str, Any]:
    app.connect("env-get-updated", _menus_changed)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


def menus(env) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What the menus show: each page's title, and the pages each one lists."""
    return ({doc: title.astext() for doc, title in env.titles.items()},
            {doc: list(listed) for doc, listed in env.toctree_includes.items()})


def _menus_changed(app, env) -> list[str]:
    """Every page when the menus changed since the last build; none otherwise."""
    now, before = menus(env), getattr(env, KEPT, None)
    setattr(env, KEPT, now)
    return sorted(env.found_docs) if before is not None and before != now else []
