"""The layout families of issue #10, each a builder: seed key → variants with their expectations.

Two kinds of variant:
- *rewrites* of the raw seed text (a heading slip, PDF/web residue, traditional characters,
  numerals, cover metadata, the document twice, the 十五五 period): the truth is the seed's own,
  adjusted where the rewrite changes it;
- *renderings* of the seed model in another layout (numbering, depth, task shape,
  responsibility forms, a 分工表), whose expectation comes from what the rendering wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

from .model import ExpTask, SeedDoc, Variant, seed_doc, seed_expected, seed_keys, with_meta
from .render import Layout, render
from .rewrites import (
    cite_parent,
    docnum_words,
    numeral_line,
    past_ratio,
    pdf_text,
    period_form,
    replace_everywhere,
    shift_date,
    shift_years,
    shisiwu,
    slip_text,
    task_line_index,
    task_slip_text,
)
from .textnorm import norm, to_traditional

Builder = Callable[[str], list[Variant]]


def _raw(doc: SeedDoc) -> str:
    return "\n".join(doc.lines)


def _rendered(family: str, name: str, doc: SeedDoc, layout: Layout, notes: str) -> Variant:
    text, expected = render(doc, layout)
    return Variant(family, name, doc.key, text, expected, notes=notes)


def _own_task_marker(doc: SeedDoc) -> str:
    """The seed's task marker (—— in 003 and 004), kept where the family is not about tasks."""
    return "dash" if doc.key in ("003", "004") else "dot"


# --- 0. the seeds, raw and re-rendered (baselines) ---------------------------------------------


def seeds(key: str) -> list[Variant]:
    doc = seed_doc(key)
    return [Variant("seed", "raw", key, _raw(doc), seed_expected(doc), notes="the bundled seed, unchanged")]


def rendered(key: str) -> list[Variant]:
    doc = seed_doc(key)
    layout = Layout(levels=("cn_dun", "paren_cn", _own_task_marker(doc)))
    return [_rendered("rendered", "seed_layout", doc, layout, "the seed re-rendered in its own layout")]


# --- 1. a heading slip -------------------------------------------------------------------------


def slip(key: str) -> list[Variant]:
    doc = seed_doc(key)
    expected = seed_expected(doc)
    return [
        Variant("slip", "action3_as_chapter", key, slip_text(doc), expected, notes="（三） written 三、"),
        Variant(
            "slip",
            "project2_as_chapter",
            key,
            slip_text(doc, 2, chapter=1),
            expected,
            notes="project （二） written 二、",
        ),
        Variant("slip", "task3_marker", key, task_slip_text(doc), expected, notes="3、 among 1. 2. 4. (― among ——)"),
    ]


# --- 2. items numbered 一、 / 1. / 第一部分, tasks one level deeper ----------------------------------

NUMBERINGS: dict[str, tuple[Layout, str]] = {
    "part_cn_paren1": (Layout(levels=("part", "cn_dun", "paren_ar")), "第一部分 / 一、 / （1）"),
    "bare_cn_half1": (
        Layout(levels=("bare", "cn_dun", "half_paren"), continuous_items=True),
        "unnumbered chapters / 一、…十、 / 1）",
    ),
    "chapter_dot_circled": (Layout(levels=("chapter", "dot", "circled")), "第一章 / 1. / ①"),
    "bare_part_dot": (Layout(levels=("bare", "part", "dot")), "unnumbered chapters / 第一部分 / 1."),
    "part_cn_yishi": (Layout(levels=("part", "cn_dun", "yishi")), "第一部分 / 一、 / 一是…二是… in one paragraph"),
}


def numbering(key: str) -> list[Variant]:
    doc = seed_doc(key)
    return [_rendered("numbering", name, doc, layout, notes) for name, (layout, notes) in NUMBERINGS.items()]


# --- 3. everything one level deeper --------------------------------------------------------------


def deeper(key: str) -> list[Variant]:
    doc = seed_doc(key)
    layout = Layout(levels=("cn_dun", "paren_cn", "dot", "paren_ar"), wrap="主要任务")
    return [_rendered("deeper", "wrapped", doc, layout, "二、主要任务 / （一）提升行动 / 1.item / （1）task")]


# --- 4. task title on its own line ---------------------------------------------------------------


def title_line(key: str) -> list[Variant]:
    doc = seed_doc(key)
    layout = Layout(levels=("cn_dun", "paren_cn", _own_task_marker(doc)), task_shape="title_line")
    return [_rendered("title_line", "body_below", doc, layout, "task title alone, body in the next paragraph(s)")]


# --- 5. PDF and web-page text ---------------------------------------------------------------------


def _header(doc: SeedDoc) -> str:
    issuer = doc.metadata["issuer"] or f"{doc.metadata['jurisdiction']}人民政府办公室"
    return doc.metadata["title"] if doc.key in ("000", "002", "004") else f"{issuer}文件"


def pdf_web(key: str) -> list[Variant]:
    doc = seed_doc(key)
    expected = seed_expected(doc)
    raw = _raw(doc)
    return [
        Variant("pdf_web", "pdf", key, pdf_text(raw, key, header=_header(doc)), expected, notes="PDF text"),
        Variant(
            "pdf_web", "web", key, pdf_text(raw, key, header=doc.metadata["title"], web=True), expected, notes="web"
        ),
        Variant(
            "pdf_web",
            "gazette",
            key,
            pdf_text(raw, key, header=_gazette(doc), width=18 + int(key) % 4),
            expected,
            notes="two-column 政府公报 PDF, about 20 characters a line",
        ),
    ]


def _gazette(doc: SeedDoc) -> str:
    place = doc.metadata["jurisdiction"]
    return f"{place}人民政府公报　2022年第{int(doc.key) + 3}期"


# --- 6. responsibility forms ----------------------------------------------------------------------

RESP_NOTES = {
    "two_lines": "牵头单位： and 参与单位： on two lines after the tasks",
    "marked_lead": "责任单位：X（牵头），Y",
    "ranked": "（责任单位：X、Y，排名第一的为牵头单位） after each task",
    "lead_cooperate": "（X牵头，Y等部门配合） after each task",
    "labelled_task": "（牵头单位：…；参与单位：…） at the end of each task",
    "labelled_item": "（牵头单位：…；参与单位：…） at the end of the item's introduction",
}


def responsibility(key: str) -> list[Variant]:
    doc = seed_doc(key)
    marker = _own_task_marker(doc)
    return [
        _rendered("responsibility", form, doc, Layout(levels=("cn_dun", "paren_cn", marker), resp=form), notes)
        for form, notes in RESP_NOTES.items()
    ]


# --- 7. a 重点任务分工表 ------------------------------------------------------------------------------


def table(key: str) -> list[Variant]:
    doc = seed_doc(key)
    marker = _own_task_marker(doc)
    return [
        _rendered(
            "table",
            "responsibility_only_in_table",
            doc,
            Layout(levels=("cn_dun", "paren_cn", marker), resp="none", table="responsibility"),
            "tasks in the body without responsibility; 分工表 with tabs, merged lead cells",
        ),
        _rendered(
            "table",
            "tasks_only_in_table",
            doc,
            Layout(levels=("cn_dun", "paren_cn", marker), resp="none", table="tasks"),
            "items in the body, tasks only in the 分工表 (tabs, merged lead cells)",
        ),
    ]


# --- 8. traditional characters --------------------------------------------------------------------


def traditional(key: str) -> list[Variant]:
    doc = seed_doc(key)
    return [
        Variant("traditional", "s2t", key, to_traditional(_raw(doc)), seed_expected(doc), notes="whole seed in 繁体")
    ]


# --- 9. Chinese numerals in targets -----------------------------------------------------------------

ADDED = (
    ("到二〇二五年，累计培训农村实用人才三万人次。", (30000.0, "人次", 2025)),
    ("科普活动覆盖率达到百分之八十。", (80.0, "%", None)),
)


def numerals(key: str) -> list[Variant]:
    doc = seed_doc(key)
    lines = list(doc.lines)
    expected = seed_expected(doc)
    items = list(expected.items)
    position = 0
    for i, (item, model_item) in enumerate(zip(items, doc.items, strict=True)):
        tasks = list(item.tasks)
        for t, (task, model_task) in enumerate(zip(tasks, model_item.tasks, strict=True)):
            index = task_line_index(lines, task.title, position)
            position = index + 1
            targets = list(model_task.targets)
            if any(value is not None for value, _, _ in targets):
                lines[index] = numeral_line(lines[index])
            if t == 0 and model_item.number == 2:  # one added Chinese-numeral target per kind
                sentence, target = ADDED[0] if item.kind == "action" else ADDED[1]
                head, dot, rest = lines[index].partition("。")
                lines[index] = head + dot + sentence + rest
                targets.append(target)
            tasks[t] = replace(task, targets=tuple(targets))
        items[i] = replace(item, tasks=tuple(tasks))
    expected = replace(expected, items=tuple(items))
    return [Variant("numerals", "targets_in_words", key, "\n".join(lines), expected, notes="百分之十五, 三万人次")]


# --- 10. cover metadata -------------------------------------------------------------------------


def _place_ok(place: str) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        return not found or (found[:2] == place[:2] and found[-1] in "县市区")

    check.__doc__ = f"{place}, or no jurisdiction (never a fragment like 全民)"
    return check


def _title_any(*titles: str) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        return isinstance(found, str) and norm(found) in {norm(t) for t in titles}

    check.__doc__ = " or ".join(titles)
    return check


def _start_any(*years: int) -> Callable[[Any], bool]:
    def check(found: Any) -> bool:
        return found in years

    check.__doc__ = " or ".join(map(str, years))
    return check


def metadata(key: str) -> list[Variant]:
    doc = seed_doc(key)
    meta = doc.metadata
    place, title = meta["jurisdiction"], meta["title"]
    base = seed_expected(doc)
    out: list[Variant] = []

    lines, number = docnum_words(doc)
    free = {"issuer": lambda _: True, "issue_date": lambda _: True}
    out.append(
        Variant(
            "metadata",
            "docnum_after_words",
            key,
            "\n".join(lines),
            with_meta(base, doc_number=number, **free),
            notes="…的通知 glued before the 文号",
        )
    )
    cited = cite_parent(list(doc.lines), doc)
    out.append(
        Variant("metadata", "cited_parent", key, "\n".join(cited), base, notes="a parent plan's 文号 in the preamble")
    )
    if meta["doc_number"]:
        bare = cite_parent(replace_everywhere(doc, meta["doc_number"], ""), doc)
        out.append(
            Variant(
                "metadata",
                "cited_parent_no_own",
                key,
                "\n".join(bare),
                with_meta(base, doc_number=None),
                notes="no own 文号, a parent's cited: expect none",
            )
        )
    no_place = "\n".join(replace_everywhere(doc, f"{place}全民科学素质", "全民科学素质"))
    out.append(
        Variant(
            "metadata",
            "title_without_place",
            key,
            no_place,
            with_meta(
                base,
                jurisdiction=_place_ok(place),
                level=lambda _: True,
                title=_title_any(title.replace(place, "", 1), title),
            ),
            notes="title without the place name",
        )
    )
    for name, form in (
        ("period_bar", lambda m: f"{m.group(1)}―{m.group(2)}"),
        ("period_zhi", lambda m: f"{m.group(1)}年至{m.group(2)}"),
    ):
        text, new_title = period_form(doc, form)
        out.append(Variant("metadata", name, key, text, with_meta(base, title=new_title), notes=f"period {name}"))
    text, new_title = shisiwu(doc)
    out.append(
        Variant(
            "metadata",
            "period_shisiwu",
            key,
            text,
            with_meta(base, title=new_title, period_start=_start_any(2021, meta["period_start"])),
            notes="“十四五” in the title instead of years",
        )
    )
    past = past_ratio(doc)
    if past is not None:
        out.append(Variant("metadata", "past_ratio", key, past, base, notes="达到5.47% before the headline target"))
    return out


# --- 11. the document twice in one file -----------------------------------------------------------


def twice(key: str) -> list[Variant]:
    doc = seed_doc(key)
    expected = replace(seed_expected(doc), duplicate=True)
    raw = _raw(doc)
    return [Variant("twice", "pasted_twice", key, raw + "\n" + raw, expected, notes="the whole plan pasted twice")]


# --- 13. a 2026—2030 (十五五) plan ------------------------------------------------------------------


def period_2030(key: str) -> list[Variant]:
    doc = seed_doc(key)
    meta = doc.metadata
    base = seed_expected(doc)
    items = tuple(
        replace(
            item,
            tasks=tuple(
                replace(
                    task,
                    title=shift_years(task.title),
                    anchor=shift_years(task.anchor),
                    targets=tuple((v, u, y + 5 if y else y) for v, u, y in model_task.targets),
                )
                for task, model_task in zip(item.tasks, model_item.tasks, strict=True)
            ),
        )
        for item, model_item in zip(base.items, doc.items, strict=True)
    )
    changes = {
        "title": shift_years(meta["title"]),
        "period_start": meta["period_start"] + 5,
        "period_end": meta["period_end"] + 5,
        "doc_number": shift_years(meta["doc_number"]) if meta["doc_number"] else None,
        "issue_date": shift_date(meta["issue_date"]),
        "headline_target": shift_years(meta["headline_target"]),
    }
    expected = with_meta(replace(base, items=items), **changes)
    return [Variant("period_2030", "shiwuwu", key, shift_years(_raw(doc)), expected, notes="2026—2030 (十五五)")]


# --- 14. combinations -----------------------------------------------------------------------------


def combined(key: str) -> list[Variant]:
    doc = seed_doc(key)
    out = []
    text, expected = render(doc, Layout(levels=("part", "cn_dun", "paren_ar"), resp="two_lines"))
    out.append(
        Variant(
            "combined",
            "numbering+pdf+two_lines",
            key,
            pdf_text(text, key, header=_header(doc)),
            expected,
            notes="2+5+6: 第一部分/一、/（1）, PDF text, 牵头单位：/参与单位： lines",
        )
    )
    text, expected = render(
        doc,
        Layout(
            levels=("cn_dun", "paren_cn", "dot", "paren_ar"),
            wrap="主要任务",
            task_shape="title_line",
            resp="none",
            table="responsibility",
        ),
    )
    out.append(
        Variant("combined", "deeper+title_line+table", key, text, expected, notes="3+4+7: deeper, titles alone, 分工表")
    )
    out.append(
        Variant(
            "combined",
            "slip+traditional",
            key,
            to_traditional(slip_text(doc)),
            seed_expected(doc),
            notes="1+8: （三） written 三、, in traditional characters",
        )
    )
    text, expected = render(
        doc, Layout(levels=("cn_dun", "paren_cn", "dot"), task_shape="title_line", resp="lead_cooperate")
    )
    out.append(
        Variant(
            "combined",
            "title_line+lead_cooperate+web",
            key,
            pdf_text(text, key, header=doc.metadata["title"], web=True),
            expected,
            notes="4+6+5: titles alone, （X牵头，Y等部门配合）, web page text",
        )
    )
    text, expected = render(doc, Layout(levels=("part", "cn_dun", "yishi"), resp="ranked"))
    out.append(Variant("combined", "yishi+ranked", key, text, expected, notes="2+6: 一是…二是…, 排名第一的为牵头单位"))
    return out


# --- Word files: numbers in the numbering definitions, headings by style, a real table -------------


def word(key: str) -> list[Variant]:
    from .word import docx_bytes

    doc = seed_doc(key)
    marker = _own_task_marker(doc)
    out = []
    for name, layout, notes in (
        ("auto_numbering", Layout(), "一、/（一）/1. from Word's numbering definitions, not in the text"),
        (
            "table_tasks",
            Layout(levels=("cn_dun", "paren_cn", marker), resp="none", table="tasks"),
            "tasks only in a real Word 分工表 (merged group rows, empty lead cells)",
        ),
        (
            "heading_styles",
            Layout(levels=("cn_dun", "paren_cn", marker)),
            "chapters Heading 1, items Heading 2, no numbers in their text",
        ),
        (
            "table",
            Layout(levels=("cn_dun", "paren_cn", marker), resp="none", table="responsibility"),
            "the 分工表 as a real Word table with merged group rows and empty lead cells",
        ),
    ):
        text, expected = render(doc, layout)
        payload, shown = docx_bytes(text, mode="table" if name.startswith("table") else name)
        out.append(Variant("word", name, key, shown, expected, notes=notes, payload=payload))
    return out


def _yearly(key: str) -> list[Variant]:
    from .yearly import yearly_variant

    return [yearly_variant()] if key == seed_keys()[0] else []


FAMILIES: dict[str, Builder] = {
    "seed": seeds,
    "rendered": rendered,
    "slip": slip,
    "numbering": numbering,
    "deeper": deeper,
    "title_line": title_line,
    "pdf_web": pdf_web,
    "responsibility": responsibility,
    "table": table,
    "traditional": traditional,
    "numerals": numerals,
    "metadata": metadata,
    "twice": twice,
    "yearly": _yearly,
    "period_2030": period_2030,
    "combined": combined,
    "word": word,
}


@cache
def _built(family: str, key: str) -> tuple[Variant, ...]:
    return tuple(FAMILIES[family](key))


def variants(family: str, key: str) -> list[Variant]:
    """The variants of one family written from one seed (built once per process)."""
    return list(_built(family, key))


def all_variants() -> list[Variant]:
    return [variant for family in FAMILIES for key in seed_keys() for variant in variants(family, key)]


__all__ = ["FAMILIES", "ExpTask", "all_variants", "pdf_text", "shift_years", "variants"]
