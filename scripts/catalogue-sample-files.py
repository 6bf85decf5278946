#!/usr/bin/env python3
"""Writes the sample catalogue's attachments: small but valid PDF and DOCX files.

PDF: one page, text in the Adobe standard CJK font STSong-Light (not embedded,
every PDF reader supplies it), cross-reference table with exact offsets.
DOCX: a ZIP with the parts Word requires ([Content_Types].xml, _rels/.rels,
word/document.xml) plus core properties.

Usage: python3 scripts/catalogue-sample-files.py [out-dir]   (default public/files/catalogue)
"""
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape


def pdf(title: str, lines: list[str]) -> bytes:
    def text(s: str) -> str:
        return "<" + s.encode("utf-16-be").hex().upper() + ">"

    ops = ["BT", "/F1 18 Tf", "72 770 Td", f"{text(title)} Tj", "/F1 11 Tf", "0 -32 Td"]
    for line in lines:
        ops += [f"{text(line)} Tj", "0 -20 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx(title: str, paragraphs: list[str]) -> bytes:
    import io

    def para(s: str, bold: bool = False) -> str:
        run_props = "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr>" if bold else ""
        return f"<w:p><w:r>{run_props}<w:t xml:space=\"preserve\">{escape(s)}</w:t></w:r></w:p>"

    body = para(title, bold=True) + "".join(para(p) for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>Gongkai sample</dc:creator></cp:coreProperties>"
    )
    buf = io.BytesIO()
    # Fixed timestamps keep the files byte-identical between runs.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document), ("docProps/core.xml", core)]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


NOTE = "本文件为政务公开示例网站的示例附件，内容为虚构。"

FILES = {
    "zhudong-gongkai-jiben-mulu-2020.pdf": ("交通运输部主动公开基本目录（2020年）", ["一、机构信息", "二、规章", "三、行政规范性文件", "……共22类、46项主题内容", NOTE]),
    "daolu-yunshu-cheliang-jishu-guanli-xiugai-2020.pdf": ("关于修改《道路运输车辆技术管理规定》的决定", ["（示例）交通运输部令2020年第5号", NOTE]),
    "daolu-yunshu-cheliang-jishu-guanli-xiugai-2020.docx": ("关于修改《道路运输车辆技术管理规定》的决定", ["（示例）交通运输部令2020年第5号", NOTE]),
    "daolu-yunshu-cheliang-jishu-guanli-guiding-2016.pdf": ("道路运输车辆技术管理规定", ["（示例）交通运输部令2016年第1号", NOTE]),
    "daolu-yunshu-cheliang-jishu-guanli-guiding-2016.docx": ("道路运输车辆技术管理规定", ["（示例）交通运输部令2016年第1号", NOTE]),
    "gangkou-shoufei-jifei-banfa-2019.pdf": ("港口收费计费办法", ["（示例）交水规〔2019〕2号", NOTE]),
    "gangkou-shoufei-jifei-banfa-2019.docx": ("港口收费计费办法", ["（示例）交水规〔2019〕2号", NOTE]),
    "gongcheng-zhiliang-jiandu-guiding-2017.pdf": ("公路水运工程质量监督管理规定", ["（示例）交通运输部令2017年第28号", NOTE]),
    "gongcheng-zhiliang-jiandu-guiding-2017.docx": ("公路水运工程质量监督管理规定", ["（示例）交通运输部令2017年第28号", NOTE]),
    "guizhang-qingli-jueding-2020.pdf": ("交通运输部关于废止和修改部分规章的决定", ["（示例）交通运输部令2020年第20号", NOTE]),
    "guizhang-qingli-jueding-2020.docx": ("交通运输部关于废止和修改部分规章的决定", ["（示例）交通运输部令2020年第20号", NOTE]),
    "jiaotong-fupin-shishi-yijian-2020.pdf": ("交通运输部关于巩固拓展交通运输脱贫攻坚成果的实施意见", ["（示例）交规划规〔2020〕9号", NOTE]),
    "jiaotong-fupin-shishi-yijian-2020.docx": ("交通运输部关于巩固拓展交通运输脱贫攻坚成果的实施意见", ["（示例）交规划规〔2020〕9号", NOTE]),
    "shoufei-gonglu-lianwang-shoufei-guize-2018.pdf": ("收费公路联网收费运营和服务规则（2018）", ["（示例）交公路规〔2018〕6号", NOTE]),
    "shoufei-gonglu-lianwang-shoufei-guize-2018.docx": ("收费公路联网收费运营和服务规则（2018）", ["（示例）交公路规〔2018〕6号", NOTE]),
    "shoufei-gonglu-tongji-gongbao-2019.pdf": ("2019年全国收费公路统计公报", ["一、收费公路里程", "二、收费公路债务余额", "三、收费公路收支情况", NOTE]),
    "shoufei-gonglu-lianwang-shoufei-guize-2020.pdf": ("收费公路联网收费运营和服务规则（2020）", ["第一章 总则", "第二章 通行费收取", NOTE]),
    "shoufei-gonglu-lianwang-shoufei-guize-2020.docx": ("收费公路联网收费运营和服务规则（2020）", ["第一章 总则", "第二章 通行费收取", NOTE]),
    "chegoushui-touzi-jihua-2020.pdf": ("2020年车辆购置税收入补助地方资金投资计划（第一批）", ["项目名称、建设性质、计划投资（万元）", NOTE]),
    "chaoxian-yunshu-xuke-shenqingbiao.docx": ("公路超限运输许可申请表", ["申请人：", "车辆号牌：", "货物名称及重量：", "通行路线：", NOTE]),
    "linshi-jiuzhu-shenqingbiao.docx": ("临时救助申请审批表", ["申请人姓名：", "身份证号码：", "家庭住址：", "申请事由：", NOTE]),
    "zhengfu-xinxi-gongkai-shenqingbiao.docx": ("政府信息公开申请表", ["申请人信息：姓名（名称）、证件号码、联系电话、通信地址", "所需信息：名称、文号或者便于查询的其他特征性描述", "获取信息的方式：纸质 / 电子邮件 / 光盘", NOTE]),
    "zhengfu-xinxi-gongkai-niandu-baogao-2020.pdf": ("2020年政府信息公开工作年度报告", ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", NOTE]),
    "zhengfu-xinxi-gongkai-niandu-baogao-2019.pdf": ("2019年政府信息公开工作年度报告", ["一、总体情况", "二、主动公开政府信息情况", NOTE]),
}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "public/files/catalogue")
    out.mkdir(parents=True, exist_ok=True)
    for name, (title, lines) in FILES.items():
        data = pdf(title, lines) if name.endswith(".pdf") else docx(title, lines)
        (out / name).write_bytes(data)
        print(f"{out / name} {len(data)} bytes")


if __name__ == "__main__":
    main()
