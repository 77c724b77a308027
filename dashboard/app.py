"""The quotetrack dashboard (Streamlit entry point): navigation and shared looks only.

Run it with ``quotetrack dashboard --db FILE`` (or ``streamlit run dashboard/app.py -- --db
FILE``). Every page has a stable URL path and keeps its filters in the query string, so a link
reproduces the view. Pages only lay out what ``ingest.queries`` returns.
"""

from __future__ import annotations

import streamlit as st

from dashboard import common

SEARCH = st.Page("views/search.py", title="Search", url_path="search", icon=":material/search:")


def _home() -> None:
    """The app's root URL shows Search under its own path, so its links name the page."""
    st.switch_page(SEARCH, query_params=common.query_values())


PAGES = [
    st.Page(_home, title="quotetrack", url_path="home", visibility="hidden", default=True),
    SEARCH,
    st.Page("views/speaker.py", title="Speaker", url_path="speaker", icon=":material/person:"),
    st.Page(
        "views/compare.py", title="Compare", url_path="compare", icon=":material/compare_arrows:"
    ),
    st.Page("views/spread.py", title="Spread", url_path="spread", icon=":material/share:"),
    st.Page("views/article.py", title="Article", url_path="article", icon=":material/article:"),
    st.Page("views/sql.py", title="SQL", url_path="sql", icon=":material/database:"),
    st.Page("views/try_it.py", title="Try it", url_path="try", icon=":material/science:"),
    st.Page("views/review.py", title="Review", url_path="review", icon=":material/rule:"),
]

st.set_page_config(page_title="quotetrack", page_icon=":material/format_quote:", layout="wide")
page = st.navigation(PAGES, position="top")
common.style()
page.run()
