"""How the portal writes documents: one place for the fonts, the PDF engine, Word and Excel.

- `fonts`: the faces the documents name, and setting a Chinese font on Word text (w:eastAsia);
- `glyphs`: which characters the installed fonts can draw, so that a name no font has is
  refused before a notice or a certificate is published;
- `pdf`: HTML and CSS to PDF with WeasyPrint, the fonts' families given to every stylesheet;
- `word`: python-docx pages, paragraphs, table cells and column widths;
- `excel`: workbooks that keep what people typed as text, and the print layout of the lists.

The documents themselves stay with the stage they belong to: the filled application form and
the application PDF (applications.intake.documents), the recommendation letter and the Excel
lists of stages 2 and 3 (applications.precheck.letters, .exports), the review reports and the
comprehensive report (review.reports, review.deliberation_reports), the certificate and the
plaque list (review.certificates), the expert list template (review.pool.workbook) and the
publicity notice (publicity.notice).
"""
