"""The electronic certificate: an A4 PDF (reportlab, built-in Chinese CID font) with a QR code
(segno) that links to the public verification page.

The certificate is an official document: its wording is always Chinese, whatever the
page language, so its strings are deliberately not translated."""

import io

import segno
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # ships inside reportlab: no font files needed
_registered = False


def _font():
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def qr_png(url, *, scale=6):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    buffer.seek(0)
    return buffer


def certificate_pdf(*, result, verify_url, hall_name):
    """The PDF bytes of one issued certificate (result: approvals.Result with case, item, department)."""
    case = result.case
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{result.name or case.item.name} {result.number}")
    pdf.setAuthor(hall_name)
    width, height = A4

    pdf.setStrokeColorRGB(0.7, 0.14, 0.16)
    pdf.setLineWidth(3)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFillColorRGB(0.7, 0.14, 0.16)
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 50 * mm, result.name or case.item.result_name or case.item.name)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 11)
    pdf.drawCentredString(width / 2, height - 60 * mm, f"（电子证照）编号：{result.number}")

    issued = timezone.localtime(result.issued_at)
    rows = [
        ("持证人", case.applicant_name),
        ("证件号码", case.applicant_id_number),  # the holder's own document: the full number
        ("许可事项", case.item.name),
        ("办件编号", case.number),
        ("发证机关", case.department.name),
        ("发证日期", f"{issued:%Y年%m月%d日}"),
        ("有效期至", f"{result.valid_until:%Y年%m月%d日}" if result.valid_until else "长期"),
    ]
    y = height - 85 * mm
    for label, value in rows:
        pdf.setFont(font, 13)
        pdf.drawString(35 * mm, y, f"{label}：")
        pdf.drawString(65 * mm, y, str(value))
        y -= 11 * mm

    qr_size = 40 * mm
    qr_x, qr_y = width - 35 * mm - qr_size, 40 * mm
    pdf.drawImage(ImageReader(qr_png(verify_url)), qr_x, qr_y, qr_size, qr_size)
    # The QR is also a clickable link in a PDF viewer.
    pdf.linkURL(verify_url, (qr_x, qr_y, qr_x + qr_size, qr_y + qr_size), relative=0)
    pdf.setFont(font, 9)
    pdf.drawString(35 * mm, 62 * mm, f"核验码：{result.verification_code}")
    pdf.drawString(35 * mm, 55 * mm, "扫描右侧二维码或访问以下地址核验真伪：")
    pdf.drawString(35 * mm, 49 * mm, verify_url[:90])
    pdf.setFont(font, 14)
    pdf.drawString(35 * mm, 30 * mm, f"{hall_name}（电子印章）")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
