import io

import pytest
from django.urls import NoReverseMatch, reverse

from catalog import demo
from catalog.models import Item, MaterialRequirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    demo.seed(stdout=io.StringIO(), password="x")


def test_guide_list_searches_by_pinyin_and_counts(client, seeded):
    response = client.get(reverse("catalog:guide-list"), {"q": "spjyxk"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "共找到 1 项事项" in page
    assert "食品经营许可" in page and "法定20个工作日，承诺5个工作日" in page


def test_guide_list_filters_and_paginates(client, seeded):
    page = client.get(reverse("catalog:guide-list"), {"department": "wsjk", "kind": "promised"}).content.decode()
    assert "公共场所卫生许可证核发" in page and "个体工商户设立登记" not in page
    first = client.get(reverse("catalog:guide-list")).content.decode()
    assert f"共找到 {Item.objects.filter(is_active=True).count()} 项事项" in first
    assert "下一页" in first
    # A bad filter value is ignored, not a crash.
    assert client.get(reverse("catalog:guide-list"), {"kind": "slow", "page": "x"}).status_code == 200


def test_guide_list_queries_do_not_grow_with_items(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("catalog:guide-list"))


def test_guide_detail_shows_every_element(client, seeded):
    response = client.get(reverse("catalog:guide-detail", kwargs={"code": "SCJG-SPJY-XK"}))
    page = response.content.decode()
    for text in (
        "食品经营许可",
        "法定20个工作日，承诺5个工作日",
        "市场监督管理局",
        "行政许可",
        "承诺件",
        "《中华人民共和国食品安全法》",  # 设定依据
        "受理条件",
        "自然人、法人或其他组织",
        "到办事现场次数",
        "不收费",
        "食品经营许可证",
        "可告知承诺",
        "食品经营许可申请书",
        "原件1份",
        "现场核查",
        "请到综合受理窗口办理",
        "打印办事指南",
    ):
        assert text in page, text
    material = MaterialRequirement.objects.get(item__code="SCJG-SPJY-XK", name="食品经营许可申请书")
    assert reverse("catalog:material-template", kwargs={"code": "SCJG-SPJY-XK", "pk": material.pk}) in page
    # The online button points at the portal when it is installed, and is absent otherwise.
    try:
        apply_url = reverse("portal:apply", kwargs={"code": "SCJG-SPJY-XK"})
    except NoReverseMatch:
        assert "网上申报</a>" not in page
    else:
        assert f'href="{apply_url}">网上申报</a>' in page


def test_window_only_item_has_no_online_button(client, seeded):
    page = client.get(reverse("catalog:guide-detail", kwargs={"code": "GAJ-SFZ-SL"})).content.decode()
    assert "网上申报</a>" not in page
    assert "须到窗口办理" in page and "请到综合受理窗口办理" in page


def test_online_apply_url_without_a_portal_is_none(settings):
    from catalog.views import online_apply_url

    settings.ROOT_URLCONF = "tests.catalog.urls_without_portal"
    assert online_apply_url(Item(code="X", online=True)) is None


def test_fee_is_shown_with_its_amount_and_basis(client, seeded):
    page = client.get(reverse("catalog:guide-detail", kwargs={"code": "ZRZY-BDC-ZYDJ"})).content.decode()
    assert "收费，80.00元" in page and "2559号" in page


def test_unknown_or_inactive_item_is_404(client, seeded):
    assert client.get(reverse("catalog:guide-detail", kwargs={"code": "NOPE"})).status_code == 404
    Item.objects.filter(code="SCJG-SPJY-XK").update(is_active=False)
    assert client.get(reverse("catalog:guide-detail", kwargs={"code": "SCJG-SPJY-XK"})).status_code == 404


def test_template_and_sample_download_as_attachments(client, seeded):
    material = MaterialRequirement.objects.get(item__code="SCJG-SPJY-XK", name="食品经营许可申请书")
    response = client.get(reverse("catalog:material-template", kwargs={"code": "SCJG-SPJY-XK", "pk": material.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "食品经营许可申请书" in b"".join(response.streaming_content).decode("utf-8")
    sample = client.get(reverse("catalog:material-sample", kwargs={"code": "SCJG-SPJY-XK", "pk": material.pk}))
    assert "【示例】" in b"".join(sample.streaming_content).decode("utf-8")
    no_file = MaterialRequirement.objects.filter(item__code="SCJG-SPJY-XK", template="").first()
    url = reverse("catalog:material-template", kwargs={"code": "SCJG-SPJY-XK", "pk": no_file.pk})
    assert client.get(url).status_code == 404
    wrong_item = reverse("catalog:material-template", kwargs={"code": "WSJK-GGCS-WSXK", "pk": material.pk})
    assert client.get(wrong_item).status_code == 404


def test_chain_pages_show_parallel_and_serial_steps(client, seeded):
    page = client.get(reverse("catalog:chain-detail", kwargs={"code": "kbqy"})).content.decode()
    assert "并联办理" in page and "公章刻制备案" in page
    page = client.get(reverse("catalog:chain-detail", kwargs={"code": "kcg"})).content.decode()
    names = [">个体工商户设立登记</a>", ">食品经营许可</a>", ">公共场所卫生许可证核发</a>"]
    assert [page.index(n) for n in names] == sorted(page.index(n) for n in names)
    assert "第3步" in page
    assert client.get(reverse("catalog:chain-list")).status_code == 200


def test_home_page_links_to_the_guide(client):
    assert reverse("catalog:guide-list") in client.get("/").content.decode()
