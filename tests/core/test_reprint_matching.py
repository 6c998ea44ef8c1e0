"""core.reprints: story text, verification of candidates, choosing a cluster's original."""

from __future__ import annotations

from datetime import datetime

from core.reprints import Member, band_keys, choose_original, shingle, story_text, verify

LEAD = "三月十二日吉林省总工会召开全委会议传达学习全国总工会有关会议精神总结吉林省工会去年工作部署今年重点任务"
SOURCES = {"中工网": ("workercn", "workercn_big5"), "人民网": ("people_acftu",)}


def _text(body: list[str]) -> str:
    return story_text(body)


def test_story_text_drops_credit_lines_and_punctuation() -> None:
    assert story_text(["（来源：中工网）", "工会，职工！", "责编：王晓", "2024年 5月"]) == "工会职工2024年5月"


def test_band_keys_are_ten_signed_32_bit_keys_and_stable() -> None:
    keys = band_keys(LEAD)
    assert len(keys) == 10 and all(-(2**31) <= k < 2**31 for k in keys)
    assert band_keys(LEAD) == keys
    assert band_keys(LEAD + "补充") == keys  # two more shingles move no band's minimum here
    assert set(band_keys("另一篇完全不同的报道讲述职工书屋建设的新进展和读书活动的开展情况")) & set(keys) == set()


def test_verify_takes_a_trimmed_copy_and_rejects_a_province_swap_and_new_numbers() -> None:
    original = shingle(LEAD + "会议强调各级工会要聚焦主责主业扎实推进新就业形态劳动者入会和服务工作")
    assert verify(shingle(LEAD), original).reason == "copy"
    swapped = shingle(LEAD.replace("吉林", "浙江") + "会议强调各级工会要聚焦主责主业扎实推进新就业形态劳动者入会和服务工作")
    assert verify(swapped, original).reason == "names differ: 浙江 / 吉林 (twice)"
    dated = shingle("3月12日" + LEAD), shingle("4月8日" + LEAD)
    assert verify(*dated).reason == "numbers differ: 12 / 4"
    assert verify(shingle("完全不同的一篇报道讲的是职工书屋建设"), original).copy is False


def test_choose_original_credits_the_named_site_else_the_earliest() -> None:
    day = datetime(2023, 12, 26, 1, 0)
    members = [
        Member(1, "people_acftu", "中工网", day.replace(day=27)),
        Member(2, "workercn", "工人日报", day.replace(hour=3)),
        Member(3, "workercn_big5", "中工网", day),
    ]
    assert choose_original(members, SOURCES) == (2, "credited: 来源 中工网 on 2 copies names workercn")
    uncredited = [Member(1, "a", None, day.replace(day=27)), Member(2, "b", "别的报", day), Member(3, "c", None, None)]
    assert choose_original(uncredited, SOURCES) == (2, "earliest published")
    assert choose_original([Member(5, "a", None, None), Member(4, "b", None, None)], SOURCES) == (4, "first stored")
