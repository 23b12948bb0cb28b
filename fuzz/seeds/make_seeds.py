#!/usr/bin/env python3
"""Writes the small seed files of the fuzz targets (fuzz/seeds/TARGET/*).
Run once from the repository root; the output is committed. Every file is
made here (no file is copied from elsewhere), each carries the traces the
cleaners must remove, so that mutations start from the interesting paths."""
import io, os, struct, zipfile, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
PLAN = os.path.join(ROOT, "..", "..", "crates", "app", "demo", "plan-nakhonsithammarat-2566-2570.txt")


def put(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


# --- images -----------------------------------------------------------------
def jpeg():
    b = b"\xff\xd8"
    b += b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    exif = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08GPS 8.43N 99.96E Somchai"
    b += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    xmp = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>Somchai</dc:creator></x:xmpmeta>"
    b += b"\xff\xe1" + struct.pack(">H", len(xmp) + 2) + xmp
    b += b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00\x01"
    com = b"taken by Somchai"
    b += b"\xff\xfe" + struct.pack(">H", len(com) + 2) + com
    # A 1x1 grey baseline frame: quantisation, frame, Huffman and scan headers.
    b += b"\xff\xdb\x00\x43\x00" + bytes([1] * 64)
    b += b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    b += b"\xff\xc4\x00\x14\x00\x01" + bytes(15) + b"\x00"
    b += b"\xff\xc4\x00\x14\x10\x01" + bytes(15) + b"\x00"
    b += b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x00\x00"
    b += b"\xff\xd9"
    return b


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png():
    b = b"\x89PNG\r\n\x1a\n"
    b += png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    b += png_chunk(b"tEXt", b"Author\x00Somchai")
    b += png_chunk(b"iTXt", b"Description\x00\x00\x00\x00\x00GPS 8.43N")
    b += png_chunk(b"tIME", struct.pack(">HBBBBB", 2025, 1, 2, 3, 4, 5))
    b += png_chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08")
    b += png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    b += png_chunk(b"IEND", b"")
    return b


def riff_chunk(kind, data):
    pad = b"\x00" if len(data) % 2 else b""
    return kind + struct.pack("<I", len(data)) + data + pad


def webp():
    body = b"WEBP"
    body += riff_chunk(b"VP8X", bytes([0x0C, 0, 0, 0]) + bytes(6))  # EXIF and XMP flags
    body += riff_chunk(b"VP8L", b"\x2f\x00\x00\x00\x00\x07\x00\x00")
    body += riff_chunk(b"EXIF", b"MM\x00*\x00\x00\x00\x08Somchai")
    body += riff_chunk(b"XMP ", b"<x:xmpmeta>Somchai</x:xmpmeta>")
    return b"RIFF" + struct.pack("<I", len(body)) + body


# --- PDF --------------------------------------------------------------------
def pdf(objects, trailer_extra=b""):
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<</Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return out


def stream(dictionary, data):
    return b"<<" + dictionary + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_with_traces():
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    xmp = b"<x:xmpmeta><dc:creator>Somchai</dc:creator></x:xmpmeta>"
    return pdf([
        b"<</Type/Catalog /Pages 2 0 R /Metadata 5 0 R /Names <</EmbeddedFiles <</Names [(a.txt) 7 0 R]>>>>>>",
        b"<</Type/Pages /Kids [3 0 R] /Count 1>>",
        b"<</Type/Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [6 0 R <</Type/Annot /Subtype/Text /Rect [0 0 9 9] /T (Somchai) /M (D:20250101)>>] /PieceInfo <</App <</Private 1>>>> /Resources <</XObject <</Im1 9 0 R>>>>>>",
        stream(b"/Filter /FlateDecode", content),
        stream(b"/Type/Metadata /Subtype/XML", xmp),
        b"<</Type/Annot /Subtype/FileAttachment /Rect [0 0 9 9] /FS 7 0 R /T (Somchai)>>",
        b"<</Type/Filespec /F (a.txt) /EF <</F 8 0 R>>>>",
        stream(b"/Type/EmbeddedFile", b"secret"),
        stream(b"/Type/XObject /Subtype/Image /Width 1 /Height 1 /ColorSpace/DeviceGray /BitsPerComponent 8 /Filter/DCTDecode", jpeg()),
        b"<</Author (Somchai) /Producer (Scanner 1.0) /CreationDate (D:20250101)>>",
    ], b"/Info 10 0 R /ID [<0123456789abcdef> <0123456789abcdef>]")


def pdf_object_stream():
    # Objects 2 and 3 inside a compressed object stream, found by an xref stream.
    inner = b"<</Type/Pages /Kids [3 0 R] /Count 1>> <</Type/Page /Parent 2 0 R /MediaBox [0 0 10 10]>>"
    header = b"2 0 3 41 "
    objstm = zlib.compress(header + inner)
    out = b"%PDF-1.7\n"
    o1 = len(out)
    out += b"1 0 obj\n<</Type/Catalog /Pages 2 0 R>>\nendobj\n"
    o4 = len(out)
    out += b"4 0 obj\n" + stream(b"/Type/ObjStm /N 2 /First %d /Filter/FlateDecode" % len(header), objstm) + b"\nendobj\n"
    o5 = len(out)
    rows = [(0, 0, 0xFFFF), (1, o1, 0), (2, 4, 0), (2, 4, 1), (1, o4, 0), (1, o5, 0)]
    table = b"".join(struct.pack(">BIH", t, a, b) for t, a, b in rows)
    out += b"5 0 obj\n" + stream(b"/Type/XRef /Size 6 /W [1 4 2] /Root 1 0 R /Info <</Author (Somchai)>>", table) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % o5
    return out


def encrypted_pdf():
    return pdf([
        b"<</Type/Catalog /Pages 2 0 R>>",
        b"<</Type/Pages /Kids [] /Count 0>>",
        b"<</Filter/Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4>>",
    ], b"/Encrypt 3 0 R /ID [<00> <00>]")


# --- office -----------------------------------------------------------------
def package(parts, first=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if first:
            z.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in parts:
            z.writestr(name, data)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx():
    return package([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        ("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Somchai</dc:creator></cp:coreProperties>'),
        ("word/document.xml", '<?xml version="1.0"?><w:document %s><w:body><w:p w:rsidR="00A1B2C3"><w:ins w:id="1" w:author="Somchai" w:date="2025-01-01T00:00:00Z"><w:r><w:t>ร้องเรียน</w:t></w:r></w:ins><w:commentReference w:id="0"/></w:p></w:body></w:document>' % W),
        ("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/></Relationships>'),
        ("word/comments.xml", '<?xml version="1.0"?><w:comments %s><w:comment w:id="0" w:author="Somchai" w:initials="S"><w:p><w:r><w:t>note</w:t></w:r></w:p></w:comment></w:comments>' % W),
        ("word/settings.xml", '<?xml version="1.0"?><w:settings %s><w:attachedTemplate r:id="rId1" xmlns:r="r"/><w:rsids><w:rsidRoot w:val="00A1B2C3"/></w:rsids></w:settings>' % W),
        ("word/media/image1.jpeg", jpeg()),
    ])


def xlsx():
    return package([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fileVersion appName="xl"/><x15ac:absPath url="C:\\Users\\somchai\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/><sheets><sheet name="1" sheetId="1"/></sheets></workbook>'),
        ("xl/comments1.xml", '<?xml version="1.0"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Somchai</author></authors></comments>'),
        ("docProps/app.xml", '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Somchai Co</Company></Properties>'),
    ])


def odt():
    return package([
        ("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/></manifest:manifest>'),
        ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text><text:p>ร้องเรียน<office:annotation><dc:creator>Somchai</dc:creator></office:annotation></text:p></office:text></office:body></office:document-content>'),
        ("meta.xml", '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><meta:initial-creator>Somchai</meta:initial-creator></office:meta></office:document-meta>'),
        ("Thumbnails/thumbnail.png", png()),
        ("Pictures/photo.jpg", jpeg()),
    ], first=("mimetype", "application/vnd.oasis.opendocument.text"))


images = {"exif.jpg": jpeg(), "text.png": png(), "exif.webp": webp()}
pdfs = {"traces.pdf": pdf_with_traces(), "object-stream.pdf": pdf_object_stream(), "encrypted.pdf": encrypted_pdf()}
office = {"traces.docx": docx(), "traces.xlsx": xlsx(), "traces.odt": odt()}
for name, data in images.items():
    put("clean_image", name, data)
for name, data in pdfs.items():
    put("clean_pdf", name, data)
for name, data in office.items():
    put("clean_office", name, data)
for name, data in {**images, **pdfs, **office}.items():
    put("file_detect", name, data)
put("file_detect", "other.zip", package([("readme.txt", "hello")]))
put("file_detect", "old-word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

# --- the plan: slices of the demo document (each a few kilobytes) ------------
plan = open(PLAN, "rb").read()
lines = plan.split(b"\n")


def first_line(needle, start=0):
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i
    return 0


slices = {
    "head.txt": (0, 60),
    "part2.txt": (first_line("ภารกิจตามมติ".encode()) - 2, 80),
    "part3.txt": (first_line("ส่วนที่ 3".encode(), first_line("ภารกิจตามมติ".encode())), 80),
    "annex.txt": (first_line("E-PlanNACC".encode(), len(lines) // 2), 80),
}
for name, (start, count) in slices.items():
    text = b"\n".join(lines[start:start + count])
    put("plan_import", name, text[:text.rfind(b"\n", 0, 6000)])
put("plan_import", "head-tis620.txt", "\n".join(l.decode("utf-8", "replace") for l in lines[:30]).encode("cp874", "replace"))

# --- catalogues ---------------------------------------------------------------
toml = '''fiscal_year = 2568
title = "รายการทดสอบ"
description = "สองรายการ"

[[items]]
code = "O1"
title = "โครงสร้างและอำนาจหน้าที่"
topic = "basic_information"
contents = "แผนผังโครงสร้าง"
cadence = "once"
due = "start+30"
reconstructed = false

[[items]]
code = "O2"
title = "รายงานผลการดำเนินงาน"
topic = "basic_information"
cadence = "quarterly"
due = "end+15"
'''
put("catalogue", "small.toml", toml.encode())
csv = "code,title,topic,cadence,due\nO1,โครงสร้าง,basic_information,once,start+30\nO2,\"รายงาน, รายไตรมาส\",basic_information,quarterly,end+15\n"
put("catalogue", "small.csv", b"\xef\xbb\xbf" + csv.encode())

# --- the multipart and form readers --------------------------------------------
def multipart(fields):
    out = b""
    for name, filename, data in fields:
        out += b"--X\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\""
        if filename is not None:
            out += b"; filename=\"" + filename.encode() + b"\"\r\nContent-Type: application/octet-stream"
        out += b"\r\n\r\n" + data + b"\r\n"
    return out + b"--X--\r\n"


put("multipart", "complaint.bin", multipart([
    ("category", None, "ทุจริต".encode()), ("subject", None, "เรื่อง".encode()),
    ("details", None, "รายละเอียด".encode()), ("name", None, "สมชาย".encode()),
    ("phone", None, b"0812345678"), ("files", "a.pdf", b"%PDF-1.4"), ("files", "", b""),
    ("files", "b.jpg", jpeg()[:40]),
]))
put("multipart", "evidence.bin", multipart([("note", None, "หมายเหตุ".encode()), ("file", "รายงาน.pdf", b"%PDF-1.4\n%%EOF")]))
put("form_fields", "activity.txt", "item=1.1&fiscal_year=2569&kind=training&title=%E0%B8%AD%E0%B8%9A%E0%B8%A3%E0%B8%A1&session_date=15%2F01%2F2569&session_start=09%3A00&session_end=12%3A00&session_date=16/01/2569&session_start=13:00&session_end=16:00&planned_staff=30&actual_staff=2,5&reach=line&reach=poster&speakers=a%0Ab&topics=x".encode())
put("form_fields", "answers.txt", b"q1=5&q2=0&q2=2&q3=%E0%B8%94%E0%B8%B5+%E0%B8%A1%E0%B8%B2%E0%B8%81&q2=3&q9=x")
