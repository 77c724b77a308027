"""Altair charts for the pages (no Streamlit here): timelines, counts over time, bars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import altair as alt
import polars as pl

TOOLTIP_CHARS = 240
ROW_HEIGHT = 34
KIND_COLOURS = {
    "direct": "#2563eb",
    "partial": "#16a34a",
    "mixed": "#9333ea",
    "indirect": "#d97706",
    "reported": "#6b7280",
}


def _short(text: str | None) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= TOOLTIP_CHARS else text[: TOOLTIP_CHARS - 1] + "…"


PERIOD_FORMATS = {"month": "%b %Y", "quarter": "Q%q %Y", "year": "%Y"}
PERIOD_TICKS = {  # one tick per period at most, never between periods
    "month": alt.TimeIntervalStep(interval="month", step=1),
    "quarter": alt.TimeIntervalStep(interval="month", step=3),
    "year": alt.TimeIntervalStep(interval="year", step=1),
}


Y_AXIS_WIDTH = 110  # both timeline charts reserve this much, so their time axes line up
UNITS = {"month": "yearmonth", "quarter": "yearquarter", "year": "year"}
UNIT_FORMATS = {
    "yearmonthdate": "%-d %b %Y",
    "yearmonth": "%b %Y",
    "yearquarter": "Q%q %Y",
    "year": "%Y",
}


def count_axis(min_extent: int = 0) -> alt.Axis:
    """An axis of whole numbers (no 0.5 statements)."""
    return alt.Axis(tickMinStep=1, format="d", minExtent=min_extent)


def _count_unit(dates: pl.Series, period: str) -> tuple[str, str]:
    """The time unit for counting: the chosen period, or days when all dates fit in a few
    months (a single month's bar across the whole chart says nothing)."""
    lo, hi = dates.min(), dates.max()
    if isinstance(lo, date) and isinstance(hi, date) and (hi - lo).days < 92:
        return "yearmonthdate", "day"
    return UNITS[period], period


def time_axis(dates: pl.Series) -> tuple[alt.Scale, str]:
    """A padded time domain around ``dates`` and a label format that suits its span."""
    lo, hi = dates.min(), dates.max()
    if not isinstance(lo, date) or not isinstance(hi, date):
        return alt.Scale(), "%b %Y"
    lo, hi = (d.date() if isinstance(d, datetime) else d for d in (lo, hi))
    span = (hi - lo).days
    pad = timedelta(days=max(10, span // 20))
    fmt = "%-d %b %Y" if span < 120 else "%b %Y" if span < 3 * 365 else "%Y"
    return alt.Scale(domain=[(lo - pad).isoformat(), (hi + pad).isoformat()]), fmt


def _colour(by: str, values: list[str]) -> alt.Color:
    if by == "kind":
        domain = [k for k in KIND_COLOURS if k in values]
        scale = alt.Scale(domain=domain, range=[KIND_COLOURS[k] for k in domain])
        return alt.Color(f"{by}:N", scale=scale, legend=None)
    return alt.Color(f"{by}:N", legend=None, scale=alt.Scale(scheme="tableau10"))


def timeline(points: pl.DataFrame, by: str, period: str) -> alt.VConcatChart:
    """Statements as dots on a time axis (one row per ``by`` value; click opens the article),
    above their counts per period. ``points`` as from ``ingest.queries.speakers.timeline``."""
    frame = points.with_columns(
        pl.col("quote").map_elements(_short, return_dtype=pl.String).alias("statement"),
        pl.Series(
            "link",
            [
                "article?" + urlencode({"id": a, "s": s})
                for a, s in zip(points["article_id"], points["statement_id"], strict=True)
            ],
            dtype=pl.String,
        ),
        (pl.col("statement_id").hash() % 1000 / 1000 - 0.5).alias("jitter"),
    ).to_pandas()
    values = sorted(frame[by].unique().tolist())
    scale, fmt = time_axis(points["date"])
    x = alt.X("date:T", title=None, scale=scale, axis=alt.Axis(format=fmt, labelOverlap=True))
    dots = (
        alt.Chart(frame)
        .mark_circle(size=80, opacity=0.75)
        .encode(
            x=x,
            y=alt.Y(f"{by}:N", title=None, sort=values, axis=alt.Axis(minExtent=Y_AXIS_WIDTH)),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1.2, 1.2])),
            color=_colour(by, values),
            href="link:N",
            tooltip=[
                alt.Tooltip("date:T", title="date", format="%-d %b %Y"),
                alt.Tooltip("outlet:N", title="outlet"),
                alt.Tooltip(f"{by}:N", title=by),
                alt.Tooltip("statement:N", title="statement"),
            ],
        )
        .properties(height=max(90, ROW_HEIGHT * len(values)))
    )
    unit, label = _count_unit(points["date"], period)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{unit}(date):T",
                title=None,
                scale=scale,
                axis=alt.Axis(format=fmt, labelOverlap=True),
            ),
            y=alt.Y("count():Q", title=f"per {label}", axis=count_axis(Y_AXIS_WIDTH)),
            color=_colour(by, values),
            tooltip=[
                alt.Tooltip(f"{unit}(date):T", title=label, format=UNIT_FORMATS[unit]),
                f"{by}:N",
                alt.Tooltip("count():Q", title="statements"),
            ],
        )
        .properties(height=110)
    )
    return alt.vconcat(dots, bars, spacing=6).resolve_scale(x="shared")


BAR_ROW = 28


def bars_height(frame: pl.DataFrame, top: int = 12) -> int:
    """Pixels for ``bars``: a row per value and room for the axis."""
    return BAR_ROW * min(top, max(1, frame.height)) + 40


def bars(frame: pl.DataFrame, label: str, value: str = "statements", top: int = 12) -> alt.Chart:
    """Horizontal bars of ``value`` by ``label``, largest first."""
    data = frame.sort(value, descending=True).head(top).to_pandas()
    return (
        alt.Chart(data)
        .mark_bar(color="#2563eb")
        .encode(
            x=alt.X(f"{value}:Q", title=None, axis=count_axis()),
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=180)),
            tooltip=[f"{label}:N", f"{value}:Q"],
        )
        .properties(height={"step": BAR_ROW - 4})
    )


def lines(frame: pl.DataFrame, measure: str, title: str, period: str) -> alt.Chart:
    """One line per speaker over the periods (``ingest.queries.compare.period_counts``)."""
    data = frame.to_pandas()
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "period:T",
                title=None,
                axis=alt.Axis(
                    format=PERIOD_FORMATS[period], labelOverlap=True, tickCount=PERIOD_TICKS[period]
                ),
            ),
            y=alt.Y(
                f"{measure}:Q",
                title=title,
                axis=count_axis() if measure == "statements" else alt.Axis(),
            ),
            color=alt.Color("speaker:N", legend=alt.Legend(orient="top", title=None)),
            tooltip=[
                alt.Tooltip("period:T", format=PERIOD_FORMATS[period]),
                "speaker:N",
                "statements:Q",
                alt.Tooltip("per_1000:Q", title="per 1,000 statements"),
                alt.Tooltip("share:Q", title="share of own statements", format=".0%"),
            ],
        )
        .properties(height=260)
    )


def spread(members: pl.DataFrame) -> alt.Chart:
    """Where and when a statement was carried: outlet rows over time, size = similarity."""
    data = members.with_columns(
        pl.col("outlet").fill_null("(no outlet)"),
        pl.col("quote").map_elements(_short, return_dtype=pl.String).alias("statement"),
        pl.Series(
            "link",
            [
                "article?" + urlencode({"id": a, "s": s})
                for a, s in zip(members["article_id"], members["statement_id"], strict=True)
            ],
            dtype=pl.String,
        ),
    ).to_pandas()
    outlets = data["outlet"].nunique()
    scale, fmt = time_axis(members["date"])
    return (
        alt.Chart(data)
        .mark_circle(opacity=0.8, color="#2563eb")
        .encode(
            x=alt.X(
                "date:T", title=None, scale=scale, axis=alt.Axis(format=fmt, labelOverlap=True)
            ),
            y=alt.Y("outlet:N", title=None),
            size=alt.Size(
                "similarity:Q", scale=alt.Scale(domain=[50, 100], range=[40, 260]), legend=None
            ),
            href="link:N",
            tooltip=[
                alt.Tooltip("date:T", format="%-d %b %Y"),
                "outlet:N",
                "speaker:N",
                alt.Tooltip("similarity:Q", title="similarity %"),
                "statement:N",
            ],
        )
        .properties(height=max(90, ROW_HEIGHT * outlets))
    )
