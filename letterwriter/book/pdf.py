"""The book's PDF: its layout painted with Qt's PDF writer, then finished with pikepdf (QtGui).

Qt writes the pages (fonts embedded, the words as text). It cannot write an outline, page
labels or an author, so pikepdf adds them: a bookmark for the contents and for every letter,
page labels that match the printed folios (i, ii… then 1, 2…), the title and author in the
document information and its XMP, and each page's trim box. The bytes are checked and
written atomically by `export.write_bytes_atomic`. The preview paints the same pages.
"""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from letterwriter.book.typeset import DOC_DPI, BookLayout, Page, text_block_left
from letterwriter.export import ExportError, verify_pdf, write_bytes_atomic
from letterwriter.export.layout import LetterLayout


def page_layout(layout: BookLayout) -> QPageLayout:
    t = layout.trim
    size = QPageSize(
        QSizeF(t.width_mm, t.height_mm),
        QPageSize.Unit.Millimeter,
        t.label,
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def paint_page(painter: QPainter, layout: BookLayout, page: Page) -> None:
    """One page, in the layout's units (the painter already scaled to DOC_DPI)."""
    st = layout.styles
    left = text_block_left(layout, page)
    top = layout.top
    painter.setPen(QColor("#111111"))
    current = None
    for line in page.lines:
        font = st.fonts[line.style]
        if line.spacing:
            font = type(font)(font)
            font.setWordSpacing(line.spacing)
        if font is not current:
            painter.setFont(font)
            current = font
        painter.drawText(QPointF(left + line.x, top + line.y), line.text)
    if page.head:
        font = st.fonts["head"]
        painter.setFont(font)
        w = st.width("head", page.head)
        painter.drawText(QPointF(left + (layout.width - w) / 2, top - layout.leading * 1.6), page.head)
    if page.folio:
        painter.setFont(st.fonts["folio"])
        w = st.width("folio", page.folio)
        y = top + layout.block_h + layout.leading * 1.8
        painter.drawText(QPointF(left + (layout.width - w) / 2, y), page.folio)
    if page.hand is not None:
        painter.save()
        painter.translate(left, top + page.hand.dy)
        page.hand.drawing.paint_page(painter, page.hand.index, scale=DOC_DPI / LetterLayout.DOC_DPI)
        painter.restore()
        painter.setPen(QColor("#111111"))


def pdf_bytes(layout: BookLayout) -> bytes:
    """The book's pages as Qt writes them (no outline yet)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DOC_DPI)
    writer.setCreator("Letterwriter")
    writer.setTitle(layout.book.title)
    writer.setPageLayout(page_layout(layout))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("the PDF writer could not start")
    try:
        for i, page in enumerate(layout.pages):
            if i:
                writer.newPage()
            paint_page(painter, layout, page)
    finally:
        ended = painter.end()
    if not ended:
        raise ExportError("the PDF writer failed")
    del writer
    return bytes(buffer.data())


def finish(data: bytes, layout: BookLayout) -> bytes:
    """Qt's PDF with the outline, page labels, metadata and trim boxes added."""
    import pikepdf

    book = layout.book
    with pikepdf.open(io.BytesIO(data)) as pdf:
        with pdf.open_outline() as outline:
            contents = pikepdf.OutlineItem("Contents", 2)
            outline.root.append(contents)
            for k, letter in enumerate(book.letters):
                outline.root.append(pikepdf.OutlineItem(letter.heading, layout.opening_page(k)))
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.Root.Lang = pikepdf.String(book.language)
        pdf.Root.PageLabels = pdf.make_indirect(
            pikepdf.Dictionary(
                Nums=[
                    0,
                    pikepdf.Dictionary(S=pikepdf.Name.r),
                    layout.front_count,
                    pikepdf.Dictionary(S=pikepdf.Name.D, St=1),
                ]
            )
        )
        # Qt rounds a page to whole points (A5 came out 420 x 595): the trim exactly, as printers read it
        trim = [0, 0, round(layout.trim.width_mm * 72 / 25.4, 3), round(layout.trim.height_mm * 72 / 25.4, 3)]
        for page in pdf.pages:
            page.obj.MediaBox = pikepdf.Array(trim)
            page.obj.TrimBox = pikepdf.Array(trim)
        # the document information and its XMP copy say the same: pikepdf keeps them in step
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = book.title
            meta["dc:creator"] = [book.author] if book.author else []
            meta["dc:language"] = [book.language]
            meta["xmp:CreatorTool"] = "Letterwriter"
        pdf.docinfo[pikepdf.Name.Title] = book.title
        pdf.docinfo[pikepdf.Name.Author] = book.author
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def write_pdf(layout: BookLayout, target: Path | str) -> Path:
    """The book written to `target` atomically, checked whole."""
    return write_bytes_atomic(target, finish(pdf_bytes(layout), layout), verify=verify_pdf)


def preview_images(layout: BookLayout, first: int = 0, count: int = 4, dpi: float = 60.0) -> list[QImage]:
    """Pages `first`… drawn as images (white paper), for the dialog's preview."""
    out = []
    scale = dpi / DOC_DPI
    for page in layout.pages[first : first + count]:
        image = QImage(
            round(layout.page_w * scale),
            round(layout.page_h * scale),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        paint_page(painter, layout, page)
        painter.end()
        out.append(image)
    return out
