"""The labelled reprint set of `bench/reprint_eval.py`, built at run time (nothing is copied in).

Stories (those long enough to link: `core.reprints.MIN_CHARS`): the article pages of ../shared/corpus (extracted in place with `core.page.page_to_article`)
and the mirror's reconstructed stories (`mirror/stories.py`). Each story is stored once as the
original and once per kind of edit real reprints show, each copy on its own site:

- headline: title reworded (and an 原标题 line added), body untouched;
- kicker: a kicker/subtitle line added at the top of the body, or the first line dropped when the
  story opens with a short one;
- trimmed: first or last paragraph dropped (stories of 3+ paragraphs);
- credits: 来源/责编 lines changed (the original's removed, others added);
- merged: paragraphs merged two by two;
- reworded: two phrases reworded once each (表示 -> 指出, 近日 -> 日前 ...), where the story has them;
- traditional: the whole copy in traditional script (opencc s2t);
- pinyin: traditional with pinyin glued after characters (pypinyin), then repaired as the store
  repairs text (`core.textrepair.repair_text`);
- mojibake: a paragraph read as GBK bytes through cp1252/Latin-1, then repaired the same way;
- combined: trimmed + credits + merged + headline at once.

Hard negatives (pairs that must stay apart), text by the team: the same template announcement for
two provinces (names, and in some the dates and figures, swapped), two days of a recurring column
(same header and footer, other items), a story and its follow-up (the follow-up recalls the
story's lead, then reports what is new).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.reprints import prepare_text
from bench.repair_bench import as_cp1252, glue_pinyin
from core.article import Article, Published
from core.page import Extracted, page_to_article
from core.textrepair import repair_text
from mirror import stories as mirror_stories

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EDITS = (
    "headline", "kicker", "trimmed", "credits", "merged", "reworded", "traditional", "pinyin", "mojibake", "combined",
)


@dataclass
class Case:
    key: str
    group: str
    """The story: copies of one story share it; every other pair is a non-copy."""
    kind: str
    """`original`, an edit of `EDITS`, or `negative:<kind>`."""
    article: Article


@dataclass
class CaseSet:
    cases: list[Case] = field(default_factory=list)
    negatives: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, key, key) pairs that must stay apart."""


def corpus_stories() -> list[tuple[str, str, list[str]]]:
    """(name, title, body) of every corpus article page whose body has 2+ paragraphs."""
    found = []
    for line in (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        path = CORPUS / "pages" / label["file"]
        result = page_to_article(label.get("url"), path.read_bytes())
        if isinstance(result, Extracted) and len(result.article.body) >= 2:
            found.append((label["file"], result.article.title, list(result.article.body)))
    return found


def mirror_story_texts() -> list[tuple[str, str, list[str]]]:
    found = []
    for name in dir(mirror_stories):
        if name.endswith("_STORIES"):
            for story in getattr(mirror_stories, name):
                found.append((f"mirror{story.path}", story.title, list(story.body)))
    return found


def _s2t() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2t").convert


def _repaired(text: str) -> str:
    return repair_text(text).text


REWORDINGS = [("表示", "指出"), ("近日", "日前"), ("开展", "举办"), ("今年", "本年度"), ("进一步", "更加"), ("目前", "眼下")]


def _reworded(body: list[str]) -> list[str]:
    """An editor's touch: the first two of `REWORDINGS` the story uses, each replaced once."""
    text = "\n".join(body)
    for old, new in [pair for pair in REWORDINGS if pair[0] in text][:2]:
        text = text.replace(old, new, 1)
    return text.split("\n")


def _edits(title: str, body: list[str], rng: random.Random) -> Iterator[tuple[str, str, list[str]]]:
    """(kind, title, body) of each copy of one story."""
    to_trad = _s2t()
    yield "headline", "转载：" + title[::-1][: max(4, len(title) // 2)], [*body, f"（原标题：{title}）"]
    opening = body[0]
    if len(opening) <= 30 and len(body) > 2:
        yield "kicker", title, body[1:]
    else:
        yield "kicker", title, ["——基层工会工作纪实", *body]
    if len(body) >= 3:
        yield "trimmed", title, body[1:] if rng.random() < 0.5 else body[:-1]
    credits = [p for p in body if not p.startswith(("来源", "责编", "（责编", "责任编辑", "【责任编辑"))]
    yield "credits", title, ["来源：工人日报", *credits, "（责编：王晓）"]
    yield "merged", title, ["".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    reworded = _reworded(body)
    if reworded != body:
        yield "reworded", title, reworded
    yield "traditional", to_trad(title), [to_trad(p) for p in body]
    yield "pinyin", to_trad(title), [_repaired(glue_pinyin(to_trad(p), rng)) for p in body]
    damaged = rng.randrange(len(body))
    yield "mojibake", title, [
        _repaired(as_cp1252(p) if i == damaged else p) for i, p in enumerate(body)
    ]
    trimmed = body[:-1] if len(body) >= 3 else body
    yield "combined", "转载：" + title, ["来源：中工网", *["".join(trimmed[i : i + 2]) for i in range(0, len(trimmed), 2)]]


def _article(key: str, site: str, title: str, body: list[str], day: int) -> Article:
    return Article(
        url=f"http://{site}.example/{abs(hash(key)) % 10**9}/{key.replace('/', '_')}.html",
        site=site,
        title=title,
        body=body,
        published_at=Published.beijing(2024, 1 + day // 28 % 12, 1 + day % 28, 8, 0),
    )


TEMPLATES = [
    (
        "{p}省总工会召开十五届{n}次全委会议",
        [
            "{m}月{d}日，{p}省总工会召开十五届{n}次全委（扩大）会议，传达学习全国总工会有关会议精神，总结{p}省工会去年工作，部署今年重点任务。",
            "会议指出，过去一年，{p}省各级工会组织围绕中心、服务大局，在推动产业工人队伍建设改革、维护职工合法权益、深化劳动和技能竞赛等方面取得了新成效。",
            "会议强调，今年全省各级工会要聚焦主责主业，扎实推进新就业形态劳动者入会和服务工作，持续开展困难职工帮扶，不断提升工会工作质量。",
            "{p}省总工会领导班子成员，各市（州）总工会主席参加会议。",
        ],
    ),
    (
        "{p}省职工技能大赛决赛开幕",
        [
            "{m}月{d}日，由{p}省总工会、省人力资源和社会保障厅联合主办的{p}省职工职业技能大赛决赛开幕，来自全省各行业的{k}名选手参加比赛。",
            "本届大赛设置电工、焊工、数控车工等{n}个比赛项目，获得各项目前三名的选手将按规定申报{p}省五一劳动奖章。",
            "大赛旨在大力弘扬劳模精神、劳动精神、工匠精神，引导广大职工学技术、练技能，为高质量发展提供技能人才支撑。",
        ],
    ),
    (
        "{p}省总工会开展“两节”送温暖活动",
        [
            "元旦春节临近，{p}省总工会启动“两节”送温暖活动，筹集资金{k}万元，走访慰问困难职工、一线职工和新就业形态劳动者。",
            "活动期间，{p}省各级工会将深入企业、社区和建设工地，把党和政府的关怀以及工会组织的温暖送到职工心坎上。",
            "{p}省总工会要求，各级工会要精准掌握困难职工家庭情况，确保慰问资金及时足额发放到位。",
        ],
    ),
]
PROVINCES = [("吉林", "浙江"), ("湖南", "湖北"), ("山东", "山西"), ("河南", "河北"), ("江西", "江苏")]


def _templates(rng: random.Random, out: CaseSet) -> None:
    for t, (title, body) in enumerate(TEMPLATES):
        for a, b in PROVINCES:
            same = rng.random() < 0.5  # half the pairs: only the province differs
            values = [{"p": a, "m": 3, "d": 12, "n": "五", "k": 326}, {"p": b, "m": 3, "d": 12, "n": "五", "k": 326}]
            if not same:
                values[1].update(m=4, d=8, n="六", k=418)
            keys = []
            for v in values:
                key = f"template{t}/{v['p']}"
                text = [p.format(**v) for p in body]
                out.cases.append(Case(key, key, "negative:template", _article(key, f"site-{v['p']}", title.format(**v), text, t)))
                keys.append(key)
            out.negatives.append(("template", keys[0], keys[1]))


COLUMN_HEAD = "工会新闻早知道：今天为您带来以下工会资讯，欢迎关注本栏目，及时了解各地工会动态。"
COLUMN_FOOT = "以上就是今天的工会新闻早知道，更多精彩内容请关注本网工会频道，我们明天再见。"


def _columns(stories: list[tuple[str, str, list[str]]], rng: random.Random, out: CaseSet) -> None:
    for day in range(6):
        picks = [rng.sample(stories, 3), rng.sample(stories, 3)]
        keys = []
        for offset, chosen in enumerate(picks):
            key = f"column/day{day * 2 + offset}"
            items = [f"{n + 1}.{title}：{body[0][:60]}" for n, (_, title, body) in enumerate(chosen)]
            out.cases.append(
                Case(key, key, "negative:column", _article(key, "column-site", f"工会新闻早知道（第{day * 2 + offset}期）", [COLUMN_HEAD, *items, COLUMN_FOOT], day))
            )
            keys.append(key)
        out.negatives.append(("column", keys[0], keys[1]))


FOLLOW_UP = [
    "记者近日再次回访了解到，相关工作有了新的进展，受益职工人数进一步增加。",
    "据介绍，下一步当地工会将把这一做法推广到更多行业和企业，形成长效机制。",
    "一位参与其中的职工告诉记者，现在遇到困难知道该找谁了，心里踏实多了。",
    "截至目前，已有多家企业主动联系工会，希望参与到这项工作中来。",
    "专家认为，这一做法为基层工会创新服务方式提供了可复制的经验。",
    "当地工会负责人表示，将持续跟踪问效，确保各项措施落到实处、见到实效。",
    "记者注意到，与此前相比，职工的参与热情明显提高，反馈意见也更加具体。",
    "对于下一阶段的工作，有关部门已经制定了时间表和路线图，并明确了责任分工。",
]


def _follow_ups(originals: list[Case], rng: random.Random, out: CaseSet) -> None:
    """Follow-ups of stored stories: the story's lead recalled, then what is new."""
    for n, story in enumerate(rng.sample(originals, 8)):
        follow = f"followup/{n}"
        text = [f"本网此前报道：{story.article.body[0]}", *rng.sample(FOLLOW_UP, 3)]
        out.cases.append(
            Case(follow, follow, "negative:followup", _article(follow, "story-site", f"追踪：{story.article.title}", text, n + 3))
        )
        out.negatives.append(("followup", story.key, follow))


def build(seed: int = 16) -> CaseSet:
    rng = random.Random(seed)
    stories, openings = [], set()
    for story in corpus_stories() + mirror_story_texts():
        # One entry per story: the mirror carries one story on three portals (its reprint e2e).
        if prepare_text(story[2]).linkable and story[2][0] not in openings:
            stories.append(story)
            openings.add(story[2][0])
    out = CaseSet()
    for n, (name, title, body) in enumerate(stories):
        group = f"story:{name}"
        out.cases.append(Case(f"{name}#original", group, "original", _article(f"{name}#o", "origin", title, body, n)))
        for kind, copy_title, copy_body in _edits(title, body, rng):
            out.cases.append(Case(f"{name}#{kind}", group, kind, _article(f"{name}#{kind}", f"copy-{kind}", copy_title, copy_body, n + 1)))
    _templates(rng, out)
    _columns(stories, rng, out)
    _follow_ups([c for c in out.cases if c.kind == "original"], rng, out)
    return out
