from django import template

from stats.charts import percent

register = template.Library()


@register.filter
def pct(value):
    """0.9532 -> "95.3%"; None (no cases to rate) -> "—"."""
    return percent(value)


@register.simple_tag
def heat_class(shade):
    """0..1 -> one of five shades (0 = empty)."""
    if not shade:
        return "0"
    return str(min(int(shade * 4) + 1, 5))
