"""The 告知承诺书 as PDF (reportlab; STSong-Light ships inside it, so no font files are needed)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "STSong-Light"


def letter_pdf(*, case, letter, text):
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, title=case.number)
    lines = text.splitlines()
    story = [Paragraph(escape(lines[0] if lines else _("告知承诺书")), title), Spacer(1, 6 * mm)]
    for line in lines[1:]:
        story.append(Paragraph(escape(line) or "&nbsp;", body))
    story.append(Spacer(1, 10 * mm))
    if letter is not None and letter.signed:
        signed = timezone.localtime(letter.signed_at).strftime("%Y年%m月%d日 %H:%M")
        story.append(
            Paragraph(
                escape(
                    _("签署人：%(name)s（%(id)s），%(via)s，%(at)s")
                    % {
                        "name": letter.signer_name,
                        "id": letter.signer_id_masked,
                        "via": letter.get_signed_via_display(),
                        "at": signed,
                    }
                ),
                body,
            )
        )
        story.append(Paragraph(escape(_("正文SHA-256：%(hash)s") % {"hash": letter.text_sha256}), body))
    else:
        story.append(Paragraph(escape(_("申请人（签字/盖章）：________________    日期：______年____月____日")), body))
    doc.build(story)
    return buffer.getvalue()
