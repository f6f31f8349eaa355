"""Ratings in the shape of the national 好差评 exchange (全国一体化政务服务平台 好差评数据): one record
per rating with the level, indicators, channel, item code, case number, department, window and time."""

from django.utils import timezone

from evaluations.constants import OccasionKind, RatingChannel

CHANNELS = {RatingChannel.PAD: "1", RatingChannel.PORTAL: "2", RatingChannel.SMS: "4"}  # 1 窗口评价器 2 PC 4 短信


def exchange_record(rating):
    indicators = [{"code": code, "level": level} for code, level in sorted((rating.indicators or {}).items())]
    return {
        "evaluateId": f"PJ{rating.pk:012d}",
        "evaluateLevel": rating.score,
        "evaluateLevelName": rating.get_score_display(),
        "indicators": indicators,
        "badIndicator": rating.bad_indicator or None,
        "badReason": rating.reason or None,
        "evaluateType": "1" if rating.kind == OccasionKind.WINDOW else "2",  # 1 一次一评 2 一事一评
        "channel": CHANNELS.get(rating.channel, "9"),
        "channelName": rating.get_channel_display(),
        "taskCode": rating.item.code if rating.item_id else None,
        "taskName": rating.item.name if rating.item_id else None,
        "projectNo": rating.case.number if rating.case_id else None,
        "deptCode": rating.department.code if rating.department_id else None,
        "deptName": rating.department.name if rating.department_id else None,
        "windowNo": rating.window.number if rating.window_id else None,
        "anonymous": rating.anonymous,
        "evaluateTime": timezone.localtime(rating.rated_at).isoformat(),
    }


def exchange_document(ratings):
    records = [exchange_record(r) for r in ratings]
    return {"total": len(records), "generatedAt": timezone.localtime().isoformat(), "records": records}
