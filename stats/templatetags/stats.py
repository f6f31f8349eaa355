from django import template

from stats.charts import percent

register = template.Library()


@register.filter
def pct(value):
    """0.9532 -> "95.3%"; None (no cases to rate) -> "—"."""
    return percent(value)
