"""Every page of the app, whole, at desktop and phone width, for the pack's authority and two others: the pictures
to look at before calling a screen done (`make screenshots`).

    python -m tools.screenshots [--warehouse FILE] [--out build/screenshots] [--la 882 879 202] [--pages overview ...]

Writes ``<out>/<page>-<la>-<width>.png`` (the whole page, not only the first screen); into the default folder, it
also writes the top of the Benchmarks page for the pack's authority at desktop width to docs/benchmarks-page.png
(the README's picture). A developer tool beside the pipeline; it serves the app with the browser tests' helpers
(tests/python/browser_support.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from scrutiny import paths

#: Southend (the pack's authority), Plymouth and Camden: a unitary like Southend and a London borough.
AUTHORITIES = (882, 879, 202)
#: A desktop laptop and a phone (CSS pixels).
WIDTHS = (1366, 390)
#: The first screen's height at each width.
HEIGHTS = {1366: 768, 390: 844}
README_PICTURE = paths.REPO_ROOT / "docs" / "benchmarks-page.png"
README_SOURCE = "benchmarks-882-1366.png"
DEFAULT_OUT = paths.REPO_ROOT / "build" / "screenshots"
#: How much of the page's top the README's picture shows (pixels).
README_HEIGHT = 1500


def whole_page(page) -> None:
    """Grow the viewport to the page's content: Streamlit scrolls inside its main block, so a full-page screenshot
    would otherwise hold the first screen only."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]') || document.body;
            const side = document.querySelector('[data-testid="stSidebarContent"]');
            return Math.max(main.scrollHeight, side ? side.scrollHeight : 0);
        }"""
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 30_000)})
    page.wait_for_timeout(400)


def take(warehouse: Path, out: Path, authorities: tuple[int, ...], slugs: tuple[str, ...] | None) -> list[Path]:
    sys.path.insert(0, str(paths.REPO_ROOT))
    from tests.python.browser_support import PAGES, chromium_browser, exception_texts, serve_app, wait_for_app

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as logs, chromium_browser() as browser, serve_app(warehouse, Path(logs)) as app:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]})
            tab = context.new_page()
            for la in authorities:
                for app_page in PAGES:
                    if slugs and app_page.slug not in slugs:
                        continue
                    tab.set_viewport_size({"width": width, "height": HEIGHTS[width]})
                    tab.goto(app.url(f"{app_page.url_path}?la={la}"), wait_until="domcontentloaded")
                    wait_for_app(tab)
                    tab.wait_for_timeout(600)
                    whole_page(tab)
                    path = out / f"{app_page.slug}-{la}-{width}.png"
                    tab.screenshot(path=str(path), full_page=True)
                    problems = exception_texts(tab)
                    print(f"{path.name}{'  EXCEPTION: ' + problems[0][:200] if problems else ''}", flush=True)
                    written.append(path)
            context.close()
    return written


def readme_picture(source: Path) -> None:
    """The README's picture: the top of the Benchmarks page (cards, the trend chart), not the whole long page."""
    from PIL import Image

    with Image.open(source) as whole:
        whole.crop((0, 0, whole.width, min(whole.height, README_HEIGHT))).save(README_PICTURE, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, default=paths.warehouse_path())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--la", type=int, nargs="+", default=list(AUTHORITIES))
    parser.add_argument("--pages", nargs="+")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        print(f"screenshots: no warehouse at {args.warehouse} (run `make build` first)", file=sys.stderr)
        return 1
    written = take(args.warehouse, args.out, tuple(args.la), tuple(args.pages) if args.pages else None)
    readme_source = args.out / README_SOURCE
    if readme_source in written and args.out.resolve() == DEFAULT_OUT.resolve():
        readme_picture(readme_source)
        print(f"README picture: {README_PICTURE.relative_to(paths.REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
