"""axe-core (from npm, in node_modules) run inside the page Chromium renders."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA: labels, contrast, landmarks, names of links and buttons ...
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page, impacts: tuple[str, ...] | None = None) -> list[str]:
    """Violations of WCAG 2.1 A and AA on the page; only those of these impacts if given."""
    # evaluate() runs outside the page's CSP, which rightly refuses injected scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            f"{', '.join(node['target'][0] for node in v['nodes'][:3])}"
            for v in result["violations"] if impacts is None or v["impact"] in impacts]
