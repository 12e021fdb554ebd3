"""The slide deck: an editable PowerPoint file (python-pptx) for a briefing.

Slides: a title slide; the overview map with the layer key; one slide per
story step with its map image, narration and key findings (status and
sources); a closing slide of the outlets. Every slide's speaker notes hold
the full text: each finding's sentences with stance, outlet, date, attribution
and link. Titles and text are ordinary PowerPoint text boxes and placeholders,
so the briefer can edit them; the map images are the PNG slides of
:mod:`geo.present.slides`.

Article text is untrusted; it only ever becomes text runs (python-pptx escapes
it), characters XML cannot hold are replaced, and only http(s) links become
hyperlinks. Times in the file are pinned (:mod:`geo.present.export.zips`).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from geo.present.export.isodate import parse_iso
from geo.present.export.styles import layer_specs
from geo.present.export.xmltext import xml_text
from geo.present.export.zips import PINNED, pinned_zip

KEY_FINDINGS = 3                   # per step slide; the notes list them all
SENTENCE_CHARS = 170               # a key finding's sentence on the slide; the notes have it whole
STATUS_COLORS = {"denied": "C0392B", "disputed": "9A6A00", "confirmed": "1E8449", "alleged": "B9770E", "reported": "566573"}
_URL = re.compile(r"https?://[^\s\"'<>]+$", re.I)
WIDE, TALL = 13.333, 7.5           # inches: a 16:9 slide


@dataclass
class DeckStep:
    """A story step: its heading, the briefer's narration, the map image and the features it shows."""

    title: str
    narration: str = ""
    image: Path | None = None
    features: list[dict] = field(default_factory=list)


def clean(value, limit: int | None = None) -> str:
    """Text safe for the deck's XML, cut at a word boundary past ``limit`` characters.

    >>> clean("a\\x00b"), clean("one two three", 8)
    ('a\\ufffdb', 'one two…')
    """
    text = xml_text("" if value is None else value).strip()
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(",;: ") + "…"
    return text


def _date(p: dict) -> str:
    return str(p.get("event_date") or p.get("published") or "")


def _ordinal(p: dict) -> int:
    parsed = parse_iso(_date(p))
    return parsed.start.toordinal() if parsed else 0


def key_findings(features: list[dict], n: int = KEY_FINDINGS) -> list[dict]:
    """The step's findings most worth a line on the slide: most sources first, then newest, then a
    denial or confirmation before a plain report (ties keep the map's order)."""
    ranked = sorted(enumerate(features), key=lambda it: (
        -len(it[1]["properties"].get("claims") or []), -_ordinal(it[1]["properties"]),
        0 if it[1]["properties"].get("status") in ("denied", "disputed", "confirmed") else 1, it[0]))
    return [f for _, f in ranked[:n]]


def _where(p: dict) -> str:
    if "visitor" in p:
        return f"{p.get('visitor') or 'Visit'}: {p.get('origin') or '?'} to {p.get('destination') or '?'}"
    if p.get("place"):
        return str(p["place"])
    return " – ".join(a["name"] for a in p.get("actors") or [] if a.get("kind") == "place") or "(no place)"


def _sources(p: dict) -> list[dict]:
    return p.get("claims") or [{k: p.get(k) for k in ("claim", "source", "published", "url", "attribution",
                                                        "event_date")} | {"stance": "asserts"}]


def _source_label(c: dict) -> str:
    bits = [clean(c.get("source")) or "outlet not stated"]
    if c.get("published"):
        bits.append(clean(c["published"]))
    return ", ".join(bits)


def notes_text(features: list[dict], narration: str = "") -> str:
    """Speaker notes: the narration, then every finding with all its sentences and sources."""
    lines = [clean(narration), ""] if narration else []
    for i, f in enumerate(features, 1):
        p = f["properties"]
        status = p.get("status") or "reported"
        dated = f", event {p['event_date']}" if p.get("event_date") else ""
        lines.append(f"{i}. {clean(_where(p))} [{status}; {clean(p.get('layer'))}{dated}]")
        for c in _sources(p):
            link = f" {c['url']}" if isinstance(c.get("url"), str) and _URL.match(c["url"]) else ""
            by = f"; {clean(c.get('attribution'))}" if c.get("attribution") else ""
            lines.append(f"   - {c.get('stance') or 'asserts'}: \u201c{clean(c.get('claim'))}\u201d")
            lines.append(f"     {_source_label(c)}{by}{link}")
        lines.append("")
    return "\n".join(lines).strip() + "\n"


# ------------------------------------------------------------------ drawing

def _inches(x: float):
    from pptx.util import Inches
    return Inches(x)


def title_size(text: str, size: int, width: float = WIDE - 0.8) -> int:
    """The largest size up to ``size`` points at which a bold title fits one line of ``width`` inches
    (a bold wide sans character averages about 0.66 em), never below 18 points.

    >>> title_size("Overview", 30), title_size("x" * 90, 30)
    (30, 18)
    """
    fits = int((width * 72 - 14) / (0.66 * max(len(text), 1)))
    return max(18, min(size, fits))


def _place_title(slide, text: str, top: float = 0.25, height: float = 0.85, size: int = 30,
                 one_line: bool = True) -> None:
    from pptx.util import Pt

    text = clean(text, 200)
    if one_line:
        size = title_size(text, size)
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _inches(0.4), _inches(top), _inches(WIDE - 0.8), \
        _inches(height)
    shape.text = text
    for para in shape.text_frame.paragraphs:
        para.font.size = Pt(size)
        para.font.bold = True


def _box(slide, left, top, width, height, *, shrink: bool = True):
    from pptx.enum.text import MSO_AUTO_SIZE

    frame = slide.shapes.add_textbox(_inches(left), _inches(top), _inches(width), _inches(height)).text_frame
    frame.word_wrap = True
    # shrink on overflow rather than spill over the slide (PowerPoint and LibreOffice apply it)
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE if shrink else MSO_AUTO_SIZE.NONE
    return frame


def _run(para, text: str, size: int, *, bold: bool = False, color: str | None = None, link: str | None = None):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    if link and _URL.match(link):
        run.hyperlink.address = link
    return run


def _para(frame, first: list):
    """The frame's first (empty) paragraph, then new ones."""
    if not first:
        first.append(True)
        return frame.paragraphs[0]
    return frame.add_paragraph()


def _picture(slide, image: Path | None, left: float, top: float, width: float, height: float) -> None:
    if image is not None and Path(image).is_file():
        slide.shapes.add_picture(str(image), _inches(left), _inches(top), width=_inches(width),
                                 height=_inches(height))
    else:
        frame = _box(slide, left, top, width, height)
        _run(frame.paragraphs[0], "(no map image)", 18)


# A paragraph: (space before in points, [(text, size, bold, colour, link)]).
Para = tuple[float, list[tuple[str, float, bool, str | None, str | None]]]


def _column(narration: str, features: list[dict], n: int, chars: int) -> list[Para]:
    """The step's right-hand column: the narration, then ``n`` key findings."""
    out: list[Para] = []
    if narration:
        out.append((0, [(clean(narration, 600), 18, False, None, None)]))
    for f in key_findings(features, n):
        p = f["properties"]
        status = (p.get("status") or "reported").lower()
        out.append((8, [(status.upper() + "  ", 13, True, STATUS_COLORS.get(status, "566573"), None),
                        (clean(_where(p), 80), 15, True, None, None)]))
        out.append((0, [(clean(p.get("claim"), chars), 14, False, None, None)]))
        sources = _sources(p)
        line = [(_source_label(sources[0]), 12, False, "566573", sources[0].get("url"))]
        if len(sources) > 1:
            line.append((f"  +{len(sources) - 1} more source{'s' if len(sources) > 2 else ''}", 12, False,
                         "566573", None))
        out.append((0, line))
    return out


def text_height(paras: list[Para], width: float, scale: float = 1.0) -> float:
    """Inches the paragraphs take in a box ``width`` inches wide, estimated for a wide sans font
    (0.6 em a character, 0.66 bold; lines 1.2 em): LibreOffice's DejaVu Sans, wider than
    PowerPoint's Calibri, so a column that fits here fits there."""
    import math

    total = 0.0
    for before, runs in paras:
        size = max(r[1] for r in runs) * scale
        em = sum(len(r[0]) * r[1] * scale * (0.66 if r[2] else 0.6) for r in runs)   # points along the line
        lines = max(1, math.ceil(em / (width * 72 - 14)))                             # minus the insets
        total += (before * scale + lines * size * 1.2) / 72
    return total + 0.1


def fit_column(narration: str, features: list[dict], width: float, height: float) -> tuple[list[Para], float]:
    """The most the column can say within ``height`` inches: fewer findings, shorter sentences, then
    smaller type (to 70%) until it fits; nothing on the slide runs off it."""
    tries = [(n, chars) for n in range(KEY_FINDINGS, 0, -1) for chars in (SENTENCE_CHARS, 110)] + [(0, 0)]
    for scale in (1.0, 0.9, 0.8, 0.7):
        for n, chars in tries:
            paras = _column(narration, features, n, chars)
            if text_height(paras, width, scale) <= height:
                return paras, scale
    return _column(clean(narration, 200), features, 0, 0), 0.7


def _write_paras(frame, paras: list[Para], scale: float) -> None:
    from pptx.util import Pt

    started: list = []
    for before, runs in paras:
        para = _para(frame, started)
        if before:
            para.space_before = Pt(before * scale)
        for text, size, bold, color, link in runs:
            _run(para, text, round(size * scale * 2) / 2, bold=bold, color=color, link=link)


def deck_bytes(*, title: str, subtitle: str, overview: Path | None, steps: list[DeckStep], layers,
               documents: list[dict] = (), counts: dict[str, int] | None = None) -> bytes:
    """The deck as .pptx bytes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = _inches(WIDE), _inches(TALL)
    title_layout, title_only = prs.slide_layouts[0], prs.slide_layouts[5]

    # 1. title
    slide = prs.slides.add_slide(title_layout)
    _place_title(slide, title, top=2.1, height=1.6, size=40, one_line=False)
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = _inches(0.8), _inches(3.9), _inches(WIDE - 1.6), _inches(1.6)
    sub.text = clean(subtitle, 300)
    para = sub.text_frame.add_paragraph()
    para.text = f"{len(steps)} story step{'s' if len(steps) != 1 else ''} · findings drawn from the articles' " \
                "own sentences, each with its sources in the speaker notes"
    for para in sub.text_frame.paragraphs:
        para.font.size = Pt(20)
    slide.notes_slide.notes_text_frame.text = clean(subtitle)

    # 2. overview, with the layer key beside the map
    slide = prs.slides.add_slide(title_only)
    _place_title(slide, "Overview")
    _picture(slide, overview, 0.4, 1.15, 9.0, 5.06)
    styles = layer_specs(layers)
    frame = _box(slide, 9.6, 1.15, WIDE - 9.9, 5.6)
    started: list = []
    _run(_para(frame, started), "Layers", 18, bold=True)
    top = 1.75
    for style in styles:
        n = (counts or {}).get(style.id)
        if n == 0:
            continue
        swatch = slide.shapes.add_shape(MSO_SHAPE.OVAL, _inches(9.65), _inches(top + 0.07), _inches(0.22),
                                        _inches(0.22))
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = RGBColor.from_string(style.color[1:].upper())
        swatch.line.fill.background()
        label = _box(slide, 9.95, top - 0.06, WIDE - 10.25, 0.45, shrink=False)
        _run(label.paragraphs[0], clean(style.title, 34) + (f" ({n})" if n is not None else ""), 14)
        top += 0.5
    overview_notes = [clean(subtitle), "", "Layers:"]
    overview_notes += [f"- {clean(s.title)}: {(counts or {}).get(s.id, 0)} features" for s in styles]
    overview_notes += ["", "Story:"] + [f"{i}. {clean(s.title)}" for i, s in enumerate(steps, 1)]
    slide.notes_slide.notes_text_frame.text = "\n".join(overview_notes)

    # 3. a slide per story step
    for i, step in enumerate(steps, 1):
        slide = prs.slides.add_slide(title_only)
        _place_title(slide, f"{i}. {step.title}", size=28)
        _picture(slide, step.image, 0.4, 1.15, 8.6, 4.84)
        paras, scale = fit_column(step.narration, step.features, WIDE - 9.55, 6.1)
        _write_paras(_box(slide, 9.2, 1.1, WIDE - 9.55, 6.2), paras, scale)
        foot = _box(slide, 0.4, 6.1, 8.6, 1.1)
        outlets = sorted({clean(c.get("source")) for f in step.features for c in _sources(f["properties"])
                          if c.get("source")})
        named = (f" from {len(outlets)} named outlet{'s' if len(outlets) != 1 else ''}: "
                 + clean(", ".join(outlets), 160)) if outlets else ""
        _run(foot.paragraphs[0], f"{len(step.features)} finding{'s' if len(step.features) != 1 else ''}{named}. "
                                 "Every sentence and source is in the speaker notes.", 12, color="566573")
        slide.notes_slide.notes_text_frame.text = notes_text(step.features, step.narration)

    # 4. the outlets
    if documents:
        slide = prs.slides.add_slide(title_only)
        _place_title(slide, "Sources")
        by_outlet: dict[str, list[dict]] = {}
        for d in documents:
            by_outlet.setdefault(clean(d.get("outlet")) or "outlet not stated", []).append(d)
        frame = _box(slide, 0.6, 1.3, WIDE - 1.2, 5.8)
        started = []
        ranked = sorted(by_outlet.items(), key=lambda kv: (kv[0] == "outlet not stated", -len(kv[1]), kv[0]))
        for name, docs in ranked[:12]:
            dates = sorted(parse_iso(d.get("published")).start.isoformat() for d in docs
                           if parse_iso(d.get("published")))
            span = f", {dates[0]} to {dates[-1]}" if len(set(dates)) > 1 else (f", {dates[0]}" if dates else "")
            _run(_para(frame, started), f"{clean(name, 80)}: {len(docs)} article{'s' if len(docs) != 1 else ''}"
                 f"{span}", 20)
        if len(ranked) > 12:
            _run(frame.add_paragraph(), f"and {len(ranked) - 12} more outlets (see the notes)", 16)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            f"- {clean(d.get('title')) or clean(d.get('doc'))} ({clean(d.get('outlet')) or 'outlet not stated'}, "
            f"{clean(d.get('published')) or 'undated'}) {clean(d.get('url'))}".rstrip() for d in documents)

    props = prs.core_properties
    props.title = clean(title, 200)
    props.author = props.last_modified_by = "briefmap"
    props.revision = 1
    props.created = props.modified = datetime(*PINNED)
    buffer = io.BytesIO()
    prs.save(buffer)
    return pinned_zip(buffer.getvalue())
