"""Chart data for the figures pages, drawn as inline SVG by the templates (no script, no CDN).

Colours follow the Okabe–Ito palette, which colour-blind readers can tell apart, and every
bar and point also carries its number as text, so no reading depends on colour alone.
"""

from dataclasses import dataclass

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    width: float  # percent of the widest bar
    colour: str


def bars(rows, *, value, text=None, colour=BLUE, highlight_below=None, limit=20):
    """Horizontal bars of `value(row)` for the first `limit` rows (None values are skipped)."""
    items = [(row, value(row)) for row in rows]
    items = [(row, v) for row, v in items if v is not None][:limit]
    widest = max((v for _, v in items), default=0) or 1
    out = []
    for row, v in items:
        shade = VERMILION if highlight_below is not None and v < highlight_below else colour
        out.append(
            Bar(
                label=row.label,
                value=v,
                text=text(v) if text else str(v),
                width=round(100 * v / widest, 1),
                colour=shade,
            )
        )
    return out


@dataclass(frozen=True)
class Trend:
    points: str  # SVG polyline points
    labels: list  # [{x, y, value_y, label, text}]
    width: int
    height: int

    @property
    def label_y(self):
        return self.height - 4


def trend(rows, *, value, text=str, width=640, height=170, pad=36):
    """A line over the rows in order (periods); y scaled to the largest value."""
    values = [value(row) or 0 for row in rows]
    if not values:
        return None
    top = max(values) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = []
    labels = []
    for i, (row, v) in enumerate(zip(rows, values, strict=True)):
        x = round(pad + i * step, 1)
        y = round(height - pad - (height - 2 * pad) * v / top, 1)
        coords.append(f"{x},{y}")
        labels.append({"x": x, "y": y, "value_y": y - 8, "label": str(row.label)[:10], "text": text(v)})
    return Trend(points=" ".join(coords), labels=labels, width=width, height=height)


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
