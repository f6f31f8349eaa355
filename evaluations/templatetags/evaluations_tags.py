from django import template

register = template.Library()

FACES = {n: "★" * n for n in range(1, 6)}


@register.filter
def face(value):
    try:
        return FACES.get(int(value), "")
    except (TypeError, ValueError):
        return ""


@register.filter
def stars(value):
    try:
        return "★" * int(round(float(value)))
    except (TypeError, ValueError):
        return ""
