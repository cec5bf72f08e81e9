"""Bad inputs for the fault suite: each case a file name, its bytes and the outcome it must get.

Shared by tests/test_faults_files.py (all cases beside good documents in one run) and
scripts/faults.py (`make faults`: each case alone beside good documents, with its time and
peak memory, and the larger inputs CI does not carry).
"""
from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass

from tests.test_fetch_readers import PAGE, make_docx, make_pdf

WORDS = ("Kommunstyrelsen beslutade att avsätta pengar till skolan och förskolan i kommunen under året "
         "medan nämnden fick uppdraget att utreda frågan vidare").split()


@dataclass(frozen=True)
class Case:
    name: str            # file name in the corpus folder (bytes for a name that is not UTF-8)
    data: bytes
    code: str | None     # the error code it must get; None: it must be read, with `text` in its text
    text: str = ""       # a piece of the cleaned text a read case must keep
    why: str = ""


def prose(n_words: int, seed: int = 7, line_every: int | None = 12) -> str:
    rng = random.Random(seed)
    out = []
    for i in range(n_words):
        out.append(rng.choice(WORDS))
        if line_every and i % line_every == line_every - 1:
            out[-1] += ".\n"
    return " ".join(out)


def docx_bomb(expanded: int = 1_500_000_000) -> bytes:
    """A DOCX whose document.xml inflates to `expanded` bytes of spaces (about 1.5 MB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body>')
            block = b" " * (1 << 24)
            for _ in range(expanded // len(block)):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return buf.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([PAGE]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="ägarens-lösen", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def file_cases(large: bool = False) -> list[Case]:
    """The file cases; `large` adds the multi-megabyte inputs of the long suite."""
    rng = random.Random(3)
    pdf = make_pdf([PAGE])
    docx = make_docx(["Barn- och utbildningsnämnden tilldelas 2 miljoner kronor för år 2024."])
    sentence = "Kultur- och fritidsnämnden i Håbo kommun beslutade den 3 maj 2021 att bygga en sporthall."
    cases = [
        Case("empty.txt", b"", "E101"),
        Case("blank.txt", b"  \n\n \t\n", "E101"),
        Case("binary.txt", bytes(rng.randrange(256) for _ in range(20_000)), "E102"),
        Case("binary_body.html", b"<html><body>" + bytes(rng.randrange(128, 256) for _ in range(300_000)),
             "E102", why="a binary body served as HTML: recognised from a sample, not parsed"),
        Case("nul_after_8k.txt", ((sentence + "\n") * 120).encode() + b"\x00\x00\x1b Slut.\n",
             None, "Slut.", why="a NUL after the first 8 KB: removed, never in the outputs"),
        Case("equals_run.txt", (sentence + "\n" + "=" * 16_000 + "\n" + sentence + "\n").encode(), None,
             "sporthall", why="a 16,000-character run of '=' (the tokenizer was quadratic on it)"),
        Case("deep.html", ("<html><body>" + "<div>" * 100_000 + f"<p>{sentence}</p>" + "</div>" * 100_000
                           + "</body></html>").encode(), None, "sporthall", why="HTML nested 100,000 deep"),
        Case("no_line_break.txt", prose(40_000, line_every=None).encode(), None, "Kommunstyrelsen",
             why="600 KB without a line break: the NLP stage in bounded pieces"),
        Case("truncated.pdf", pdf[: len(pdf) // 2], "E120"),
        Case("mislabelled.pdf", sentence.encode(), "E120", why="text named .pdf"),
        Case("encrypted.pdf", encrypted_pdf("hemligt"), "E124"),
        Case("encrypted_empty_password.pdf", encrypted_pdf(""), None, "Kultur- och fritidsnämnden",
             why="encrypted, but it opens with the empty password: read"),
        Case("truncated.docx", docx[: len(docx) // 2], "E122"),
        Case("not_a_docx.docx", sentence.encode(), "E122"),
        Case("bomb.docx", docx_bomb(), "E123", why="document.xml inflates to 1.5 GB"),
        Case("bad_\udcff_name.txt", sentence.encode(), None, "sporthall",
             why="a file name that is not UTF-8"),
        Case('-rad\nbrytning "citat", semikolon;.txt', sentence.encode(), None, "sporthall",
             why="a file name with a line break, quotes, a comma and a semicolon"),
    ]
    if large:
        cases.append(Case("no_line_break_5mb.txt", prose(700_000, line_every=None).encode()[:5_000_000], None,
                          "Kommunstyrelsen", why="5 MB without a line break"))
    return cases


def write_case(folder, case: Case) -> None:
    path = os.path.join(os.fsencode(folder), os.fsencode(case.name))
    with open(path, "wb") as fh:
        fh.write(case.data)
