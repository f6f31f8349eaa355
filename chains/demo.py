"""Demo 一件事 (idempotent), called by `manage.py seed_demo` after the catalog, hall and cases:

- 开办企业一件事 (kbqy): promised in 1 working day, with 单位社会保险登记 added as a fifth parallel
  item; the demo company (applicant2) applies online with each shared material uploaded once.
- 工程建设项目开工一件事 (gcjs-kg): registered at the front desk with paper; the first case is in
  review and a 联审会议 of the three departments is scheduled, one opinion recorded.
- 开便利店一件事 (kbld, 一业一证): 企业设立登记 → 仅销售预包装食品备案 + 税务登记信息确认,
  promised in 4 working hours; applied online. (The demo catalog has no 烟草零售许可 item.)
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services as case_services
from catalog.models import Chain, ChainStep, Item
from chains import meetings, selectors, services
from chains.models import ChainApplication, ChainTerms, WorkingHours
from hall import clock as hall_clock

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")


def _files(chain):
    return {m.name: _pdf(m.name) for m in selectors.merged_materials(chain=chain)}


def _catalog(stdout):
    WorkingHours.objects.get_or_create(hall_name="本级政务服务中心")
    items = {i.code: i for i in Item.objects.filter(is_active=True)}
    kbqy = Chain.objects.filter(code="kbqy").first()
    if kbqy is not None:
        ChainTerms.objects.get_or_create(chain=kbqy, defaults={"promised_days": 1})
        social = items.get("RSJ-DWSB-DJ")
        if social is not None and not kbqy.steps.filter(item=social).exists():
            last = kbqy.steps.order_by("-position").first()
            ChainStep.objects.create(chain=kbqy, position=(last.position if last else 0) + 1, item=social)
    wanted = ["SCJG-QYSL-DJ", "SCJG-YBZSP-BA", "SW-SWDJ-QR"]
    kbld = Chain.objects.filter(code="kbld").first()
    if kbld is None and all(code in items for code in wanted):
        kbld = Chain.objects.create(
            code="kbld",
            name="开便利店一件事",
            theme="开便利店",
            description="一业一证：企业设立登记后，预包装食品备案与税务登记信息确认并联办理，核发一张便利店行业综合许可证。",
        )
        first = ChainStep.objects.create(chain=kbld, position=1, item=items[wanted[0]])
        for position, code in enumerate(wanted[1:], start=2):
            ChainStep.objects.create(chain=kbld, position=position, item=items[code]).waits_for.set([first])
    if kbld is not None:
        ChainTerms.objects.get_or_create(
            chain=kbld,
            defaults={"promised_hours": 4, "industry_licence": True, "licence_name": "便利店行业综合许可证"},
        )
    return kbqy, Chain.objects.filter(code="gcjs-kg").first(), kbld


def seed(*, stdout, password):
    kbqy, gcjs, kbld = _catalog(stdout)
    if ChainApplication.objects.exists():
        stdout.write(f"  一件事：演示申请已存在（{ChainApplication.objects.count()} 件），跳过")
        return
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["applicant", "applicant2", "desk"])}
    if "applicant2" not in people or "desk" not in people:
        stdout.write("  一件事：缺少演示账号 applicant2 或 desk，跳过")
        return
    made = []
    if kbqy is not None:
        made.append(services.chain_application_submit(chain=kbqy, by=people["applicant2"], files=_files(kbqy)))
    if kbld is not None:
        made.append(services.chain_application_submit(chain=kbld, by=people["applicant2"], files=_files(kbld)))
    if gcjs is not None:
        app = services.chain_application_submit(
            chain=gcjs,
            by=people["desk"],
            channel="window",
            applicant={
                "type": "organisation",
                "name": "示范县城市建设投资有限公司",
                "id_number": _credit_code(),
                "phone": "13900139000",
                "address": "示范县建设路1号",
                "contact_person": "钱工",
            },
            paper=dict.fromkeys((m.name for m in selectors.merged_materials(chain=gcjs)), "original"),
        )
        made.append(app)
        _meeting(app, people["desk"], stdout)
    stdout.write(f"  一件事：{len(made)} 件演示申请（{'、'.join(a.chain.name for a in made)}）")


def _credit_code():
    from stdnum.cn import uscc

    body = "91371525MA3C0DE01"  # 17 characters; the 18th is the GB 32100 check character
    return body + uscc.calc_check_digit(body)


def _meeting(app, desk, stdout):
    from hall.models import StaffProfile

    run = app.runs.select_related("case__department").filter(case__isnull=False).first()
    if run is None:
        return
    case = case_services.case_dispatch(case=run.case, by=desk)
    chief = StaffProfile.objects.filter(role="chief", department_id=case.department_id).select_related("user").first()
    if chief is not None:
        case = case_services.case_acknowledge(case=case, by=chief.user)
    department_ids = {r.item.department_id for r in app.runs.select_related("item")}
    from catalog.models import Department

    departments = list(Department.objects.filter(pk__in=department_ids))
    meeting = meetings.meeting_schedule(
        application=app,
        title="工程建设项目开工联审会议",
        starts_at=hall_clock.now() + timedelta(days=1),
        place="政务服务中心三楼联审会议室",
        departments=departments,
        cases=[case],
        by=desk,
    )
    if chief is not None:
        meetings.meeting_record_opinion(
            meeting=meeting, opinion="supplement", missing_materials=["地形图及用地红线图（1:500）"], by=chief.user
        )
