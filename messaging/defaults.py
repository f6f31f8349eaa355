"""The default texts of the message templates (the national style of a hall's 短信).

The SMS signature (【示范县政务服务中心】, HALL_SMS_SIGNATURE) is put in front of every SMS by
the SMS channel, so the texts below start after it. The data migration 0002 seeds a frozen
copy of these; `render` falls back to them while a kind has no template row.
"""

from messaging.constants import Kind

DEFAULTS = {
    Kind.ACCEPTED: (
        "受理通知：{case_number}",
        "您申请的{item}已受理，办件编号{case_number}，承诺于{deadline}前办结。"
        "可凭办件编号和查询码{query_code}在网上办事大厅查询办理进度。",
    ),
    Kind.SUPPLEMENT: (
        "材料补正告知：{case_number}",
        "您申请的{item}（办件编号{case_number}）需一次性补正以下材料：{materials}。"
        "补齐后请到窗口或在网上办事大厅提交。",
    ),
    Kind.REFUSED: (
        "不予受理通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）不予受理，理由：{reason}。"
        "不予受理通知书载明救济途径，可到窗口领取或登录网上办事大厅查看。",
    ),
    Kind.SUSPENDED: (
        "中止计时通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）进入特别程序，暂停计时，事由：{reason}。恢复计时后将另行通知。",
    ),
    Kind.RESUMED: (
        "恢复计时通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）已恢复计时，办结期限顺延至{deadline}。",
    ),
    Kind.GRANTED: (
        "审批结果：{case_number}",
        "您申请的{item}（办件编号{case_number}）已审批通过，准予许可。结果制作完成后将通知您领取。",
    ),
    Kind.DENIED: (
        "审批结果：{case_number}",
        "您申请的{item}（办件编号{case_number}）经审查不予许可，理由：{reason}。"
        "决定书载明救济途径，制作完成后将通知您领取。",
    ),
    Kind.READY: (
        "结果领取通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）办理结果{result_name}（编号{result_number}）已制作完成，{pickup}。",
    ),
    Kind.ARRIVED: (
        "结果到达通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）办理结果已送达{arrival_hall}，{pickup}。",
    ),
    Kind.DELIVERED: (
        "办结通知：{case_number}",
        "您申请的{item}（办件编号{case_number}）办理结果已送达（{delivery_method}），办件已办结。{rating}",
    ),
    Kind.COMMITMENT: (
        "告知承诺事项提醒：{case_number}",
        "您申请的{item}（办件编号{case_number}）：{reason}",
    ),
}

# Template ids of a commercial SMS gateway are assigned by the provider; these are placeholders.
DEFAULT_GATEWAY_TEMPLATE_IDS = {kind: f"HALL_{kind.upper()}" for kind in Kind.values}
