"""Reading the rating, complaint and ballot forms (validation itself lives in the services)."""

from datetime import date

from evaluations.constants import Score, indicators_for


def rating_input(post, kind):
    indicators = {name: post.get(f"ind_{name}") for name in indicators_for(kind).values}
    return {
        "score": post.get("score"),
        "indicators": {k: v for k, v in indicators.items() if v},
        "bad_indicator": post.get("bad_indicator", ""),
        "reason": post.get("reason", ""),
        "comment": post.get("comment", ""),
        "anonymous": post.get("real_name") != "1",
        "rater_name": post.get("rater_name", ""),
    }


def rating_form_context(kind, values=None, errors=None):
    values = values or {}
    return {
        "levels": [(s.value, s.label) for s in Score],
        "indicators": list(indicators_for(kind).choices),
        "bad_levels": [Score.DISSATISFIED.value, Score.VERY_DISSATISFIED.value],
        "values": values,
        "errors": errors or {},
    }


def parse_date(text):
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def error_dict(exc):
    if hasattr(exc, "error_dict"):
        return {k: " ".join(v) for k, v in exc.message_dict.items()}
    return {"form": " ".join(exc.messages)}
