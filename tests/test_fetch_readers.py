"""PDF and DOCX readers, on files the tests build themselves."""
from __future__ import annotations

import io

import pytest

from kommunkollen.errors import DocumentError
from kommunkollen.fetch.local import document_from_bytes, read_document
from kommunkollen.runner import run_pipeline
from kommunkollen.settings import Settings
from tests.conftest import read_jsonl


def make_pdf(pages: list[list[str]]) -> bytes:
    """A small valid PDF: each page a list of lines in Helvetica (WinAnsi, so å, ä, ö work)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "72 770 Td", "14 TL"]
        for line in lines:
            ops.append("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content_id} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        body = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


PAGE = ["Tjänsteskrivelse", "Kultur- och fritidsnämnden tilldelas 150 000 kr för år 2016.",
        "Beslutet fattades av kommunstyrel-", "sen i Håbo kommun den 3 maj 2021."]


def test_readers_pdf_text_layer_with_hyphenation_joined(tmp_path):
    path = tmp_path / "beslut.pdf"
    path.write_bytes(make_pdf([PAGE, ["Sida två: Barn- och skolnämnden."]]))
    out = tmp_path / "out"
    run_pipeline([str(path)], out, Settings(progress=False))
    [doc] = read_jsonl(out / "documents.jsonl")
    assert "kommunstyrelsen i Håbo kommun" in doc["text"]          # joined across the line break
    assert "Sida två" in doc["text"]
    assert [a["value_sek"] for a in doc["amounts"]] == [150000]
    assert doc["municipality"] == "Håbo"


def test_readers_pdf_without_text_layer_and_damaged(tmp_path):
    with pytest.raises(DocumentError) as exc:
        document_from_bytes("scan.pdf", make_pdf([[]]), suffix=".pdf")
    assert exc.value.code == "E121" and "no text layer" in exc.value.message
    with pytest.raises(DocumentError) as exc:
        document_from_bytes("trasig.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", suffix=".pdf")
    assert exc.value.code in ("E120", "E121")
    with pytest.raises(DocumentError) as exc:
        document_from_bytes("fake.pdf", b"just text pretending", suffix=".pdf")
    assert exc.value.code == "E120"


def test_readers_docx_paragraphs_and_tables(tmp_path):
    path = tmp_path / "skrivelse.docx"
    path.write_bytes(make_docx(["Förslag till beslut", "Nämnden föreslås besluta att anta planen."],
                               [["Mottagare", "Belopp"], ["Utbildningsnämnden", "600 000 kr"]]))
    doc = read_document(str(path), Settings())
    assert doc.content.splitlines()[0] == "Förslag till beslut"
    assert "Utbildningsnämnden | 600 000 kr" in doc.content


def test_readers_damaged_docx_and_plain_zip(tmp_path):
    with pytest.raises(DocumentError) as exc:
        document_from_bytes("x.docx", b"PK\x03\x04 broken zip", suffix=".docx")
    assert exc.value.code == "E122"
    with pytest.raises(DocumentError) as exc:
        document_from_bytes("x.zip", b"PK\x03\x04 broken zip", suffix=".zip")
    assert exc.value.code == "E104"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252", "latin-1", "mac_roman", "cp850"])
def test_readers_swedish_text_in_legacy_encodings_is_decoded(encoding):
    from kommunkollen.fetch.encoding import decode_bytes

    text = ("Kommunstyrelsen i Håbo kommun beslutade att förskolan på Skärgårdsvägen ska byggas om. "
            "Nämnden är överens om åtgärderna för äldreomsorgen.")
    assert decode_bytes(text.encode(encoding))[0] == text
