#!/usr/bin/env python3
"""Writes the project's sample annual reports into samples/.

The samples are invented (agencies, figures and wording are the project's
own) but follow the layouts of docs/domain notes: free prose (narrative), the
2008-era statistics table in GBK-encoded HTML, the 2019 and 2021 format tables
as HTML with rowspans, as cell-per-line flattened text, and as pdftotext
-layout text. A few carry deliberate defects so the demo shows findings:

  2016 narrative         REQUEST_FLOW (办结 more than received)
  2017 stat table        TEXT_TABLE_MISMATCH (prose meetings vs table)
  2019 format HTML       T3_BALANCE on the 自然人 column
  2020 format flat text  ITEM_COUNT_DRIFT (行政处罚 660 vs 2019's 640 + 18); its growth
                         claim (+10% on 2,318) holds within rounding
  2021 format HTML       LATE_PUBLICATION (a department after 31 January);
                         YOY_CLAIM_MISMATCH ("同比增长20%" but 2,318 vs 2,544)
  2022 layout text       PERIOD_INCOMPLETE (截至11月30日); CARRY_OVER_MISMATCH
                         (上年结转 2 vs 2021's 结转下年度 1)

Run: python3 scripts/make_samples.py  (rewrites samples/*)
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "samples")

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_ROWS_COMMON = [
    ("（一）予以公开", "granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("1.属于国家秘密", "d1"), ("2.其他法律行政法规禁止公开", "d2"), ("3.危及“三安全一稳定”", "d3"),
    ("4.保护第三方合法权益", "d4"), ("5.属于三类内部事务信息", "d5"), ("6.属于四类过程性信息", "d6"),
    ("7.属于行政执法案卷", "d7"), ("8.属于行政查询事项", "d8"),
    ("1.本机关不掌握相关政府信息", "u1"), ("2.没有现成信息需要另行制作", "u2"), ("3.补正后申请内容仍不明确", "u3"),
    ("1.信访举报投诉类申请", "i1"), ("2.重复申请", "i2"), ("3.要求提供公开出版物", "i3"),
    ("4.无正当理由大量反复申请", "i4"), ("5.要求行政机关确认或重新出具已获取信息", "i5"),
]
OTHER_2021 = [("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "o1"),
              ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "o2"),
              ("3.其他", "o3")]


def row(values):
    """Six applicant columns -> seven with the total."""
    return list(values) + [sum(values)]


def t3_figures(fmt, natural_new, commercial_new, carried_over=(1, 0), break_natural_balance=False):
    """A table 三 whose identities hold (unless asked to break one)."""
    new = row([natural_new, commercial_new, 0, 0, 1, 0])
    over = row([carried_over[0], carried_over[1], 0, 0, 0, 0])
    total_in = [a + b for a, b in zip(new, over)]
    fwd = row([1, 0, 0, 0, 0, 0])
    processed = [a - b for a, b in zip(total_in, fwd)]
    # Spread the processed requests over result rows, column by column.
    stems = [s for _, s in T3_ROWS_COMMON] + (["o1", "o2", "o3"] if fmt == "2021" else ["other"])
    rows = {s: [0] * 7 for s in stems}
    for c in range(6):
        left = processed[c]
        for stem, share in (("granted", 0.5), ("partial", 0.1), ("u1", 0.2), ("d4", 0.05), ("i2", 0.05)):
            take = min(left, int(processed[c] * share))
            rows[stem][c] += take
            left -= take
        rows["o3" if fmt == "2021" else "other"][c] += left
    for s in stems:
        rows[s][6] = sum(rows[s][:6])
    processed_row = row(processed[:6])
    if break_natural_balance:
        processed_row[0] -= 2
        processed_row[6] -= 2
        rows["granted"][0] -= 2
        rows["granted"][6] -= 2
    return {"new": new, "carried_over": over, "rows": rows, "processed": processed_row, "carried_forward": fwd}


def t3_layout_rows(fmt, t3):
    """[(label cells, values)] in official order; label cells carry the spans."""
    out = [(["一、本年新收政府信息公开申请数量"], t3["new"]), (["二、上年结转政府信息公开申请数量"], t3["carried_over"])]
    groups = {"d": "（三）不予公开", "u": "（四）无法提供", "i": "（五）不予处理", "o": "（六）其他处理"}
    rows = T3_ROWS_COMMON + (OTHER_2021 if fmt == "2021" else [("（六）其他处理", "other")])
    for label, stem in rows:
        group = groups.get(stem[0]) if stem[0] in "duio" and stem[1:].isdigit() else None
        out.append((["三、本年度办理结果"] + ([group] if group else []) + [label], t3["rows"][stem]))
    out.append((["三、本年度办理结果", "（七）总计"], t3["processed"]))
    out.append((["四、结转下年度继续办理"], t3["carried_forward"]))
    return out


def html_page(title, agency, published, body, charset="utf-8"):
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_{agency}</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hd/">互动交流</a></div>
<div class="position">您当前的位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; 年报</div>
<div class="article">
<h1>{title}</h1>
<div class="info">发布时间：{published}&nbsp;&nbsp;来源：{agency}&nbsp;&nbsp;浏览次数：<span>312</span>&nbsp;&nbsp;字体：[大 中 小]</div>
{body}
</div>
<div class="share">分享到：微信 微博</div>
<div class="footer">主办单位：{agency}&nbsp;&nbsp;网站标识码：5101000001&nbsp;&nbsp;蜀ICP备05001234号</div>
</body>
</html>
"""


def p(text):
    return f'<p style="text-indent:2em;">{text}</p>\n'


def html_t2(fmt):
    if fmt == "2019":
        blocks = [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                   [("规章", [0, 0, 0]), ("规范性文件", [6, 6, 41])]),
                  ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政许可", [212, "减12", 5310]), ("其他对外管理服务事项", [35, "增3", 880])]),
                  ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政处罚", [640, "增18", 1204]), ("行政强制", [22, 0, 35])]),
                  ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", [14, "减2"])]),
                  ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", [57, "3860512.40"])])]
    else:
        blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                   [("规章", [0, 0, 0]), ("行政规范性文件", [4, 1, 44])]),
                  ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [6120])]),
                  ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [1388]), ("行政强制", [41])]),
                  ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["236.75"])])]
    out = '<table border="1" cellspacing="0">\n'
    for caption, headers, rows in blocks:
        out += f'<tr><td colspan="4" align="center">{caption}</td></tr>\n'
        span = "" if len(headers) == 3 else f' colspan="{4 - len(headers) if len(headers) == 1 else 1}"'
        if len(headers) == 1:
            out += f'<tr><td>信息内容</td><td colspan="3">{headers[0]}</td></tr>\n'
            for label, vals in rows:
                out += f'<tr><td>{label}</td><td colspan="3">{vals[0]}</td></tr>\n'
        else:
            cells = "".join(f"<td>{h}</td>" for h in headers)
            pad = "<td></td>" * (3 - len(headers))
            out += f"<tr><td>信息内容</td>{cells}{pad}</tr>\n"
            for label, vals in rows:
                out += f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in vals) + pad + "</tr>\n"
        del span
    return out + "</table>\n"


def html_t3(fmt, t3):
    out = '<table border="1" cellspacing="0">\n'
    out += ('<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>\n')
    out += '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>\n'
    out += "<tr>" + "".join(f"<td>{c}</td>" for c in COLS[1:6]) + "</tr>\n"
    rows = t3_layout_rows(fmt, t3)
    n_results = len(rows) - 3
    seen = set()
    group_sizes = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}
    for labels, vals in rows:
        cells = ""
        if labels[0] == "三、本年度办理结果":
            if labels[0] not in seen:
                cells += f'<td rowspan="{n_results}">{labels[0]}</td>'
                seen.add(labels[0])
            if len(labels) == 3:
                if labels[1] not in seen:
                    cells += f'<td rowspan="{group_sizes[labels[1]]}">{labels[1]}</td>'
                    seen.add(labels[1])
                cells += f"<td>{labels[2]}</td>"
            else:
                cells += f'<td colspan="2">{labels[-1]}</td>'
        else:
            cells += f'<td colspan="3">{labels[0]}</td>'
        out += "<tr>" + cells + "".join(f"<td>{v}</td>" for v in vals) + "</tr>\n"
    return out + "</table>\n"


T4 = [6, 1, 0, 1, 8, 2, 0, 0, 1, 3, 1, 0, 0, 0, 1]


def html_t4():
    sub = "".join(f'<td rowspan="2">{h}</td>' for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    sub2 = "".join(f"<td>{h}</td>" for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    return ('<table border="1" cellspacing="0">\n<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>\n'
            f'<tr>{sub}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>\n'
            f"<tr>{sub2}</tr>\n<tr>" + "".join(f"<td>{v}</td>" for v in T4) + "</tr>\n</table>\n")


def format_html(fmt, year, agency, short, published, t3, late_note="", claim=""):
    title = f"{short}{year}年度政府信息公开工作年度报告"
    body = p(f"本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制。现向社会公布{agency}{year}年度政府信息公开工作年度报告。"
             f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。")
    body += p("<strong>一、总体情况</strong>")
    body += p(f"{year}年，我局主动公开政府信息2318条{claim}，其中通过政府网站公开1906条，通过政务微信公开287条。"
              f"发布政策解读稿件26篇，回应公众关注热点或重大舆情9次。{late_note}")
    body += p(f"{year}年，我局共收到政府信息公开申请{t3['new'][6]}件，结转下年度继续办理{t3['carried_forward'][6]}件。")
    body += p("全年召开政务公开专题会议3次，组织开展政务公开业务培训4次，培训215人次。")
    body += p("<strong>二、主动公开政府信息情况</strong>") + html_t2(fmt)
    body += p("<strong>三、收到和处理政府信息公开申请情况</strong>") + html_t3(fmt, t3)
    body += p("<strong>四、政府信息公开行政复议、行政诉讼情况</strong>") + html_t4()
    body += p("<strong>五、存在的主要问题及改进情况</strong>")
    body += p("政策解读形式较为单一；下一步将丰富图表图解、视频解读等形式，加强业务培训。")
    body += p("<strong>六、其他需要报告的事项</strong>")
    body += p("本年度未收取信息处理费。")
    body += f'<p style="text-align:right">{agency}</p>\n'
    return html_page(title, agency, published, body)


def flat_cells(cells):
    return "".join(f"{c} |\n" for c in cells)


def format_flat(year, agency, published, t3):
    out = f"{agency}{year}年政府信息公开工作年度报告\n发布日期：{published}    来源：{agency}\n"
    out += (f"根据《中华人民共和国政府信息公开条例》要求，现公布本年度报告。本报告统计数据时限为{year}年1月1日至{year}年12月31日。\n"
            "一、总体情况\n")
    out += f"{year}年，我局主动公开政府信息2544条，同比增长10%，其中通过政府网站公开2100条，通过政务微博公开120条，通过政务微信公开301条。\n"
    out += f"{year}年，我局共收到政府信息公开申请{t3['new'][6]}件，上年结转{t3['carried_over'][6]}件。\n"
    out += "二、主动公开政府信息情况\n"
    for caption, headers, rows in [("第二十条第(一)项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                                    [["规章", 0, 0, 0], ["规范性文件", 5, 5, 46]]),
                                   ("第二十条第(五)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                                    [["行政许可", 200, "增4", 5602], ["其他对外管理服务事项", 38, 0, 912]]),
                                   ("第二十条第(六)项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                                    [["行政处罚", 660, "减6", 1320], ["行政强制", 22, 0, 31]]),
                                   ("第二十条第(八)项", ["信息内容", "上一年项目数量", "本年增/减"], [["行政事业性收费", 12, 0]]),
                                   ("第二十条第(九)项", ["信息内容", "采购项目数量", "采购总金额"], [["政府集中采购", 61, "4102260.00"]])]:
        out += flat_cells([caption]) + "|||\n" + flat_cells(headers)
        for r in rows:
            out += flat_cells(r) + "|\n"
    out += "三、收到和处理政府信息公开申请情况\n"
    out += flat_cells(["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"]) + "||||||||\n"
    out += flat_cells(["自然人", "法人或其他组织", "总计"]) + "|||||||\n" + flat_cells(COLS[1:6]) + "|||||\n"
    for labels, vals in t3_layout_rows("2019", t3):
        out += flat_cells(labels + vals) + "||\n"
    out += "四、政府信息公开行政复议、行政诉讼情况\n"
    out += flat_cells(["行政复议", "行政诉讼"]) + flat_cells(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                                                        "未经复议直接起诉", "复议后起诉"])
    out += flat_cells(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    out += flat_cells([4, 0, 1, 0, 5, 1, 1, 0, 0, 2, 0, 0, 0, 1, 1])
    out += ("五、存在的主要问题及改进情况\n依申请公开办理的规范化水平还需提升，下一步将规范办理流程。\n"
            "六、其他需要报告的事项\n本年度未收取信息处理费。\n" + f"{agency}\n")
    return out


def layout_text(year, agency, t3):
    def line(label, vals, indent=4, width=34):
        pad = max(2, width - len(label) * 2)
        return " " * indent + label + " " * pad + "".join(f"{v:>5}" for v in vals) + "\n"
    out = f"{agency}{year}年度政府信息公开工作年度\n              报告\n\n"
    out += ("    根据《中华人民共和国政府信息公开条例》要求编制本报告。本报告所列数\n"
            f"据统计截至{year}年11月30日。如对本报告有疑问，请与{agency}办公室联系。\n")
    out += "    一、总体情况\n"
    out += (f"    {year}年，我局主动公开政府信息1877条，其中通过政府网站公开1502\n"
            "条，通过政务微信公开190条。全年召开政务公开专题会议2次。\n")
    out += "    二、主动公开政府信息情况\n              第二十条第（一）项\n\n"
    out += "  信息内容      本年制发      本年废止     现行有效\n             件数        件数        件数\n\n"
    out += "   规章         0         0        0\n\n 行政规范性文件      3         2        45\n\n"
    out += "              第二十条第（五）项\n\n  信息内容              本年处理决定数量\n\n  行政许可                 5830\n\n"
    out += "              第二十条第（六）项\n\n  信息内容              本年处理决定数量\n\n  行政处罚                 1290\n\n  行政强制                 37\n\n"
    out += "              第二十条第（八）项\n\n  信息内容           本年收费金额（单位：万元）\n\n 行政事业性收费              198.2\n\n"
    out += "    三、收到和处理政府信息公开申请情况\n\n                           — 2 —\n\n"
    out += "                                    申请人情况\n（本列数据的勾稽关系为：第一项加第二项   自然人  法人或其他组织  总计\n\n"
    for labels, vals in t3_layout_rows("2021", t3):
        label = labels[-1]
        if len(label) > 16:
            out += line(label[:14], vals)
            out += "      " + label[14:] + "\n"
        else:
            out += line(label, vals)
    out += "\n    四、政府信息公开行政复议、行政诉讼情况\n      行政复议                      行政诉讼\n"
    out += "结果  结果 其他  尚未 总计\n维持  纠正 结果  审结\n\n"
    out += " " + "  ".join(str(v) for v in [3, 0, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]) + "\n\n"
    out += "    五、存在的主要问题及改进情况\n    重点领域信息公开的精细化程度不高，下一步将加大公开力度。\n"
    out += "    六、其他需要报告的事项\n    本年度未收取信息处理费。\n\n"
    out += f"                         {agency}\n                    {year + 1}年1月20日\n"
    return out


def narrative_2016():
    return """青川县人民政府2016年政府信息公开工作年度报告

发布时间:2017-03-10 09:12:40    来源:青川县人民政府办公室

本年度报告根据《中华人民共和国政府信息公开条例》编制。全文包括概述、主动公开情况、依申请公开情况、收费及减免情况、行政复议和行政诉讼情况、存在的主要问题及改进措施。本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。

一、概述
2016年,我县继续深入贯彻落实《条例》,以公开为常态、不公开为例外,政务服务中心全年办件5万余件。
二、主动公开政府信息的情况
2016年,我县主动公开政府信息3126条,其中规范性文件12件。全年通过政府网站公开政府信息2480条,通过政务微博、微信公众平台公开政府信息410条,通过公开栏等其他方式公开236条。政务服务中心等政府信息公开查阅点接待公众查询近千人次。
全年回应公众关注热点或重大舆情14次,举办新闻发布会五次,参与在线访谈2次。
三、依申请公开政府信息的情况
全年共收到依申请公开申请六件(其中当面申请2件、网络申请3件、信函申请1件)。全年办结9件,其中同意公开的5件,告知通过其他途径办理的4件。
四、政府信息公开的收费及减免情况
2016年,我县依申请提供政府信息收取检索、复制、邮寄等费用共计300元,无减免情况。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
2016年,因政府信息公开申请行政复议1件(其中维持具体行政行为1件、被依法纠错0件、其他情形0件),未发生行政诉讼。
全县共受理各类行政复议案件17件。
六、存在的主要问题及改进措施
依申请公开答复的规范化水平有待提高。2017年,我县将加强业务培训,完善依申请公开办理流程。
全年召开政府信息公开工作会议或专题会议2次,举办各类培训班3次,接受培训人员96人次。
                    青川县人民政府办公室
                            2017年3月8日
(责任编辑:县政府办)
"""


def stat_table_2017():
    rows = [("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", 1520), ("其中：主动公开规范性文件数", "条", 8),
            ("制发规范性文件总数", "件", 8), ("（二）通过不同渠道和方式公开政府信息的情况", "", ""),
            ("1.政府公报公开政府信息数", "条", 35), ("2.政府网站公开政府信息数", "条", 1280), ("3.政务微博公开政府信息数", "条", ""),
            ("4.政务微信公开政府信息数", "条", 160), ("5.其他方式公开政府信息数", "条", 45),
            ("二、回应解读情况", "", ""), ("（一）回应公众关注热点或重大舆情数", "次", 6),
            ("（二）通过不同渠道和方式回应解读的情况", "", ""), ("1.参加或举办新闻发布会总次数", "次", 3),
            ("其中：主要负责同志参加新闻发布会次数", "次", 1), ("2.政府网站在线访谈次数", "次", 2),
            ("其中：主要负责同志参加政府网站在线访谈次数", "次", 1), ("3.政策解读稿件发布数", "篇", 14),
            ("4.微博微信回应事件数", "次", 5), ("5.其他方式回应事件数", "次", 0),
            ("三、依申请公开情况", "", ""), ("（一）收到申请数", "件", 11), ("1.当面申请数", "件", 3), ("2.传真申请数", "件", 0),
            ("3.网络申请数", "件", 6), ("4.信函申请数", "件", 2), ("（二）申请办结数", "件", 11), ("1.按时办结数", "件", 11),
            ("2.延期办结数", "件", 0), ("（三）申请答复数", "件", 11), ("1.属于已主动公开范围数", "件", 2),
            ("2.同意公开答复数", "件", 5), ("3.同意部分公开答复数", "件", 1), ("4.不同意公开答复数", "件", 1),
            ("其中：涉及国家秘密", "件", 0), ("涉及商业秘密", "件", 0), ("涉及个人隐私", "件", 1),
            ("危及国家安全、公共安全、经济安全和社会稳定", "件", 0), ("不是《条例》所指政府信息", "件", 0),
            ("法律法规规定的其他情形", "件", 0), ("5.不属于本行政机关公开数", "件", 1), ("6.申请信息不存在数", "件", 1),
            ("7.告知作出更改补充数", "件", 0), ("8.告知通过其他途径办理数", "件", 0),
            ("四、行政复议数量", "件", 0), ("（一）维持具体行政行为数", "件", 0), ("（二）被依法纠错数", "件", 0),
            ("（三）其他情形数", "件", 0), ("五、行政诉讼数量", "件", 0),
            ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", 0), ("（二）被依法纠错数", "件", 0), ("（三）其他情形数", "件", 0),
            ("六、举报投诉数量", "件", 0), ("七、依申请公开信息收取的费用", "万元", 0),
            ("八、机构建设和保障经费情况", "", ""), ("（一）政府信息公开工作专门机构数", "个", 1),
            ("（二）设置政府信息公开查阅点数", "个", 2), ("（三）从事政府信息公开工作人员数", "人", 4),
            ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", 1), ("2.兼职人员数", "人", 3),
            ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", 2.5),
            ("九、政府信息公开会议和培训情况", "", ""), ("（一）召开政府信息公开工作会议或专题会议数", "次", 1),
            ("（二）举办各类培训班数", "次", 2), ("（三）接受培训人员数", "人次", 60)]
    table = '<table border="1"><tr><td>统 计 指 标</td><td>单位</td><td>统计数</td></tr>\n'
    for label, unit, val in rows:
        table += f"<tr><td>{label}</td><td>{unit}</td><td>{val}</td></tr>\n"
    table += "</table>\n"
    body = p("根据《中华人民共和国政府信息公开条例》要求，现公布大河市水务局2017年度政府信息公开工作年度报告。"
             "本报告统计数据时限为2017年1月1日至2017年12月31日。")
    body += p("<strong>一、主动公开政府信息情况</strong>")
    body += p("2017年，我局主动公开政府信息1520条，通过政务微信公开政府信息160条。")
    body += p("<strong>二、依申请公开政府信息情况</strong>")
    body += p("全年共收到依申请公开申请11件，均已按时办结。")
    body += p("<strong>三、政府信息公开的收费及减免情况</strong>")
    body += p("本年度未收取任何费用。")
    body += p("<strong>四、因政府信息公开申请行政复议、提起行政诉讼的情况</strong>")
    body += p("本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。")
    body += p("<strong>五、存在的主要问题及改进情况</strong>")
    body += p("全年召开政府信息公开工作会议3次。下一步将加强培训，提高答复质量。")
    body += p("附件：大河市水务局2017年政府信息公开情况统计表") + table
    return html_page("大河市水务局2017年度政府信息公开工作年度报告", "大河市水务局", "2018-02-27 10:05:11", body,
                     charset="gb2312")


def main():
    os.makedirs(OUT, exist_ok=True)
    t3_2019 = t3_figures("2019", 37, 6, carried_over=(1, 0), break_natural_balance=True)
    t3_2020 = t3_figures("2019", 42, 5, carried_over=(1, 0))
    t3_2021 = t3_figures("2021", 51, 9, carried_over=(1, 0))
    t3_2022 = t3_figures("2021", 46, 7, carried_over=(2, 0))
    files = {
        "2016_narrative_qingchuan.txt": (narrative_2016(), "utf-8"),
        "2017_stat_table_dahe_water.html": (stat_table_2017(), "gb18030"),
        "2019_format2019_dahe_water.html": (format_html("2019", 2019, "大河市水务局", "大河市水务局", "2020-01-21 16:40:02",
                                                        t3_2019), "utf-8"),
        "2020_format2019_dahe_water_flat.txt": (format_flat(2020, "大河市水务局", "2021-01-19 09:30", t3_2020), "utf-8"),
        "2021_format2021_dahe_water.html": (format_html("2021", 2021, "大河市水务局", "大河市水务局", "2022-02-15 11:02:45",
                                                        t3_2021, claim="，同比增长20%"), "utf-8"),
        "2022_format2021_dahe_water_layout.txt": (layout_text(2022, "大河市水务局", t3_2022), "utf-8"),
    }
    for name, (text, encoding) in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(text.encode(encoding))
    print(f"wrote {len(files)} samples into {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
