"""The app's pages, in navigation order: the one registry that app.py navigates, the browser tests open and
dbt's exposures declare (``models/marts/_marts__exposures.yml`` has one exposure per page, named
``app_<slug>``; tests/python/test_pages.py fails when the two disagree or when a page reads a mart its
exposure does not declare)."""

from __future__ import annotations

from dataclasses import dataclass

#: Every page's browser-tab title is "<page title> – <this>".
SITE_TITLE = "Scrutiny benchmarks"
#: Where `make app` serves the app; exposures give each page's URL under it.
BASE_URL = "http://127.0.0.1:8501/"


@dataclass(frozen=True)
class AppPage:
    """One page: its module ``views/<slug>.py``, its title (navigation and browser tab) and what it shows."""

    slug: str
    title: str
    description: str
    default: bool = False

    @property
    def view(self) -> str:
        """The page's module, relative to streamlit_app/."""
        return f"views/{self.slug}.py"

    @property
    def url_path(self) -> str:
        """Its path under the app's URL (st.navigation derives it from the file name; the default page is /)."""
        return "" if self.default else self.slug

    @property
    def url(self) -> str:
        return BASE_URL + self.url_path

    @property
    def exposure(self) -> str:
        """The name of the dbt exposure that declares the marts it reads."""
        return f"app_{self.slug}"


PAGES: tuple[AppPage, ...] = (
    AppPage(
        "overview",
        "Overview",
        "Any authority's headline measures from DfE's data (value and period, direction of travel, rank, band, RAG) "
        "and its RAG tally; for the pack's authority, the pack's headlines and scorecard tally as reported.",
        default=True,
    ),
    AppPage(
        "benchmarks",
        "Benchmarks",
        "Any authority against England and its neighbours on DfE's data: a measure's figures and trend with the "
        "neighbours' mean and median, the RAG tally and the scorecard of the pack's topics; for the pack's "
        "authority, the pack's data matrix as reported beside DfE's published versions.",
    ),
    AppPage(
        "neighbours",
        "Neighbours (DfE data)",
        "DfE's data for any focus authority, each of its neighbours, England and the region; revisions since the pack; "
        "any figure's revision history and the page as DfE had published it on any date.",
    ),
    AppPage(
        "since_last_meeting",
        "Since the last meeting",
        "What DfE published for the focus authority after a date: new figures with rank, band and RAG, band and RAG "
        "changes, real revisions and withdrawals, each with its numbers and DfE version; the briefing as HTML or Word.",
    ),
    AppPage(
        "complaints",
        "Complaints",
        "The four complaint streams side by side, trends, issues and outcomes, timeliness and the Ombudsman.",
    ),
    AppPage(
        "safeguarding",
        "Safeguarding",
        "Any authority against its neighbours on DfE's children's social care statistics (the demand funnel, plans, "
        "children looked after, workforce); the pack's local figures beside DfE's; the partnership report as reported.",
    ),
    AppPage(
        "context",
        "Context",
        "Find any number from the pack (a figure with its line, or why it is not a figure); the strategic partners' "
        "figures, the CCG's learning-disability health checks, the community beds paper and the Quick View.",
    ),
    AppPage(
        "data_quality",
        "Data quality",
        "The latest validation run, expectations passed and failed per suite, and the history of builds.",
    ),
    AppPage(
        "sources",
        "Sources and methods",
        "The source documents with their checksums, how figures are traced, the RAG rule and the neighbour groups.",
    ),
    AppPage(
        "accessibility",
        "Accessibility statement",
        "What the app does to meet WCAG 2.2 AA, how that is checked, and what automated checks cannot cover.",
    ),
)
