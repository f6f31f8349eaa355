"""Seed the message templates with the default texts (a frozen copy of messaging/defaults.py)."""

from django.db import migrations

TEMPLATES = [
    ('accepted', '受理通知：{case_number}', '您申请的{item}已受理，办件编号{case_number}，承诺于{deadline}前办结。可凭办件编号和查询码{query_code}在网上办事大厅查询办理进度。', 'HALL_ACCEPTED'),
    ('supplement', '材料补正告知：{case_number}', '您申请的{item}（办件编号{case_number}）需一次性补正以下材料：{materials}。补齐后请到窗口或在网上办事大厅提交。', 'HALL_SUPPLEMENT'),
    ('refused', '不予受理通知：{case_number}', '您申请的{item}（办件编号{case_number}）不予受理，理由：{reason}。不予受理通知书载明救济途径，可到窗口领取或登录网上办事大厅查看。', 'HALL_REFUSED'),
    ('suspended', '中止计时通知：{case_number}', '您申请的{item}（办件编号{case_number}）进入特别程序，暂停计时，事由：{reason}。恢复计时后将另行通知。', 'HALL_SUSPENDED'),
    ('resumed', '恢复计时通知：{case_number}', '您申请的{item}（办件编号{case_number}）已恢复计时，办结期限顺延至{deadline}。', 'HALL_RESUMED'),
    ('granted', '审批结果：{case_number}', '您申请的{item}（办件编号{case_number}）已审批通过，准予许可。结果制作完成后将通知您领取。', 'HALL_GRANTED'),
    ('denied', '审批结果：{case_number}', '您申请的{item}（办件编号{case_number}）经审查不予许可，理由：{reason}。决定书载明救济途径，制作完成后将通知您领取。', 'HALL_DENIED'),
    ('ready', '结果领取通知：{case_number}', '您申请的{item}（办件编号{case_number}）办理结果{result_name}（编号{result_number}）已制作完成，{pickup}。', 'HALL_READY'),
    ('delivered', '办结通知：{case_number}', '您申请的{item}（办件编号{case_number}）办理结果已送达（{delivery_method}），办件已办结。欢迎对本次服务作出评价。', 'HALL_DELIVERED'),
]


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("messaging", "MessageTemplate")
    for kind, title, body, gateway_template_id in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body, "gateway_template_id": gateway_template_id}
        )


def unseed(apps, schema_editor):
    apps.get_model("messaging", "MessageTemplate").objects.filter(kind__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_messages_templates_optouts")]

    operations = [migrations.RunPython(seed, unseed)]
