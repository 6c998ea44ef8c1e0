"""Text repair: exact repaired strings for each kind of damage, the seed page, and clean text untouched."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from core.article import Article, Image
from core.decode import decode_html
from core.textrepair import repair_article, repair_text
from tests.support import unavailable

SEED = "seeds/000_a35abb5be80df67a"


def _lose_byte(text: str, index: int) -> str:
    raw = text.encode("gb18030")
    return (raw[:index] + raw[index + 1 :]).decode("gb18030", "replace")


def test_seed_becomes_the_repaired_file(shared_dir: Path) -> None:
    damaged = (shared_dir / f"{SEED}.txt").read_text(encoding="utf-8")
    expected = (shared_dir / f"{SEED}.repaired.txt").read_text(encoding="utf-8")
    result = repair_text(damaged)
    assert result.text == expected
    assert result.changed
    byte_loss = [r for r in result.repairs if r.kind == "byte_loss"]
    assert [(r.before, r.after) for r in byte_loss] == [
        (";鶎庸ぷ鞑康溺姾淬懜锌\ue18c溃骸皡⒓觿趧訉嵺`", "。基層工作部的鐘捍銘感慨道：“參加勞動實踐"),
        ("?茖W", "專科學"),
    ]
    assert {r.kind for r in result.repairs} == {"pinyin", "byte_loss"}
    for repair in result.repairs:
        assert damaged[repair.start : repair.end] == repair.before


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("中國共產(chǎn)黨新聞網(wǎng)", "中國共產黨新聞網"),
        ("網(wǎng)絡(luò)主播", "網絡主播"),
        ("網(wǎng)絡(luò )主播", "網絡主播"),
        ("網絡(wǎng luò)主播", "網絡主播"),
        ("網絡(wǎngluò)主播", "網絡主播"),
        ("產（chǎn）業", "產業"),
        ("強調(diào),要", "強調,要"),
        ("強調(tiáo)", "強調"),
        ("吉林省通用機械(集團)有限責任公司", "吉林省通用機械(集團)有限責任公司"),
        ("黨組(擴大)會議", "黨組(擴大)會議"),
        ("工會(wǎng)", "工會(wǎng)"),
    ],
)
def test_pinyin(damaged: str, repaired: str) -> None:
    assert repair_text(damaged).text == repaired


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("»ù²ã¹¤»á", "基层工会"),
        ("ÖÐ»ªÈ«¹ú×Ü¹¤»áÕÙ¿ª»áÒé£¬»ù²ã¹¤»á", "中华全国总工会召开会议，基层工会"),
        ("ŒWÁ•ÖÐ‡ø¹¤•þ", "學習中國工會"),
    ],
)
def test_gbk_read_as_latin1(damaged: str, repaired: str) -> None:
    result = repair_text(damaged)
    assert result.text == repaired
    assert [r.kind for r in result.repairs] == ["gbk_as_latin1"]


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("鍩哄眰宸ヤ細", "基层工会"),
        ("鍩哄眰宸ヤ細,ok", "基层工会,ok"),
        ("鍩哄眰宸\ufffd,ok", "基层工,ok"),
        ("瀛哥繏涓\ue15e湅宸ユ渻", "學習中國工會"),
        ("涓\ue15e崕鍏ㄥ浗鎬诲伐浼氬彫寮\ufffd浼氳\ue185锛屽熀灞傚伐浼\ufffd", "中华全国总工会召开会议，基层工会"),
    ],
)
def test_utf8_read_as_gbk(damaged: str, repaired: str) -> None:
    assert repair_text(damaged).text == repaired


SENTENCE = "全国总工会今天在北京召开会议，研究部署基层工会工作。"


@pytest.mark.parametrize("lost", [4, 7, 10, 21])
def test_byte_loss_simplified(lost: int) -> None:
    damaged = _lose_byte(SENTENCE, lost)
    assert damaged != SENTENCE
    result = repair_text(damaged)
    assert result.text == SENTENCE
    assert [r.kind for r in result.repairs] == ["byte_loss"]


def test_byte_loss_seed_runs() -> None:
    assert repair_text("裝配工位;鶎庸ぷ鞑康溺姾淬懜锌\ue18c溃骸皡⒓觿趧訉嵺`是一次").text == (
        "裝配工位。基層工作部的鐘捍銘感慨道：“參加勞動實踐是一次"
    )
    assert repair_text("長春汽車工業高等?茖W校揭牌").text == "長春汽車工業高等專科學校揭牌"


def test_unrecoverable_is_noted_not_changed() -> None:
    result = repair_text("學習锟斤拷中國\ufffd")
    assert result.text == "學習锟斤拷中國\ufffd"
    assert not result.changed
    # The U+FFFD's likeliest character is recorded as a guess (too unsure to be made).
    assert [(r.kind, r.start, r.end, r.before, r.after, r.confidence) for r in result.repairs] == [
        ("byte_loss_guess", 7, 8, "\ufffd", "家", 0.063),
        ("unrecoverable", 2, 5, "锟斤拷", "锟斤拷", 0.0),
        ("unrecoverable", 7, 8, "\ufffd", "\ufffd", 0.0),
    ]


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("工会\u200b工作", "工会工作"),
        ("\ufeff工会", "工会"),
        ("行為\x06，增強\x07\x08", "行為，增強"),
        ("cafe\u0301", "café"),
    ],
)
def test_hygiene(damaged: str, repaired: str) -> None:
    assert repair_text(damaged).text == repaired


@pytest.mark.parametrize(
    "clean",
    [
        "",
        "plain ASCII text, with punctuation.",
        "\u3000\u3000全国总工会今天召开会议。\xa0（责编：刘琼）",
        "長春市總工會召開黨組(擴大)會議,要求加快研究制定工作方案;通化市總工會召開專題會議。",
        "我国A股市场、X光检查和维C片都照常。",
        "邛崃、淖尔、虬髯与葆光等生僻字。",
        "Müller 和 Zürich 的 café。",
        "👨\u200d👩\u200d👧 家庭",
    ],
)
def test_clean_text_is_untouched(clean: str) -> None:
    result = repair_text(clean)
    assert result.text == clean
    assert result.repairs == []
    assert not result.changed


@pytest.mark.parametrize(
    "clean",
    [
        "SOHU.COM\u30002004年7月16日08:19\n[ 黄宇 ]\ue5c2  来源：[ 国际金融报 ]\ue5c2",
        "[ 国际金融报 ]\ue5c2",
        "記者 ]\ue5c2 報道",
        "ISO\ue5c2标准",
        "第3章\ue5c2 总则",
    ],
)
def test_lone_private_use_character_after_ascii_is_left_alone(clean: str) -> None:
    result = repair_text(clean)
    assert result.text == clean
    assert result.repairs == []


def test_private_use_character_with_an_orphan_trail_byte_is_repaired() -> None:
    # 循 (D1 AD) lost its lead: AD AD reads U+E126 and leaves the trail of 環 (AD 68) as `h`.
    assert _lose_byte("(13)循環的綠色製造", 4) == "(13)\ue126h的綠色製造"
    assert repair_text("(13)\ue126h的綠色製造").text == "(13)循環的綠色製造"


KNOWN_DAMAGED_PAGES = ("trad_pinyin_spam/",)


def test_no_paragraph_of_any_corpus_page_is_changed(shared_dir: Path) -> None:
    from lxml import html

    pages = shared_dir / "corpus" / "pages"
    if not pages.is_dir():
        unavailable(f"corpus pages not found at {pages}")
    changed = []
    count = 0
    for path in sorted(pages.glob("**/*.html")):
        page = str(path.relative_to(pages))
        if page.startswith(KNOWN_DAMAGED_PAGES):
            continue
        try:
            tree = html.fromstring(decode_html(path.read_bytes()).text)
        except (ValueError, TypeError):
            continue
        for element in tree.iter("p", "h1", "h2", "h3", "li", "td"):
            paragraph = element.text_content().strip()
            if not paragraph:
                continue
            count += 1
            result = repair_text(paragraph)
            if result.text != paragraph:
                changed.append((page, [(r.kind, r.before, r.after) for r in result.repairs]))
    assert count > 3000
    assert changed == []


def test_positions_point_into_the_original() -> None:
    damaged = "工会\u200b產(chǎn)業»ù²ã"
    result = repair_text(damaged, "body[2]")
    assert result.text == "工会產業基层"
    assert [(r.kind, r.field, damaged[r.start : r.end], r.after) for r in result.repairs] == [
        ("gbk_as_latin1", "body[2]", "»ù²ã", "基层"),
        ("invisible", "body[2]", "\u200b", ""),
        ("pinyin", "body[2]", "(chǎn)", ""),
    ]


def test_repair_article_repairs_every_field() -> None:
    article = Article(
        url="http://acftu.people.com.cn/n1/2023/1225/c67502-1.html",
        title="生根結(jié)果",
        subtitle="高品質(zhì)服務(wù)",
        authors=["彭冰", "柳姍姍\u200b"],
        editors=["劉瓊"],
        source="中工網(wǎng)",
        body=["第一段。", "高等?茖W校揭牌"],
        images=[Image("http://example.com/a.jpg", "»ù²ã")],
        channel=["中國共產(chǎn)黨新聞網(wǎng)", "中國工會新聞"],
    )
    repaired = repair_article(article)
    assert repaired.title == "生根結果"
    assert repaired.subtitle == "高品質服務"
    assert repaired.authors == ["彭冰", "柳姍姍"]
    assert repaired.source == "中工網"
    assert repaired.body == ["第一段。", "高等專科學校揭牌"]
    assert repaired.images == [Image("http://example.com/a.jpg", "基层")]
    assert repaired.channel == ["中國共產黨新聞網", "中國工會新聞"]
    assert [r.field for r in repaired.repairs] == [
        "title", "subtitle", "subtitle", "authors[1]", "source", "body[1]", "images[0].caption",
        "channel[0]", "channel[0]",
    ]
    assert article.title == "生根結(jié)果"


def _lead_of(text: str, ch: str) -> int:
    """The byte index of the first byte of `ch` in `text`'s gb18030 bytes."""
    return text.encode("gb18030").index(ch.encode("gb18030"))


# Issue 17: lost-byte runs in traditional text that was NFKC'd before and after the damage.
NFKC_SENTENCE = "吉林省總工會組織年輕幹部深入企業車間,參加勞動實踐(第2期):了解基層、提升服務水平。"


@pytest.mark.parametrize(
    ("lost", "damaged", "before", "confidence"),
    [
        # 組 (BD 4D) lost its lead: its trail reads `M`, alone after Han.
        (12, "吉林省總工會M織年輕幹部", "M", 0.551),
        # The run through `,參加勞動實踐`: the comma (an ASCII byte) is not in it, `吋` starts it.
        (38, "車間,吋觿趧訉嵺`(第2期)", "吋觿趧訉嵺`", 1.0),
        # `、` (A1 A2) + `提` (CC E1) re-read as ⑻ (A2 CC), which NFKC made `(8)`.
        (57, ":私饣鶎印(8)嵘\ue420⻊账\ue19d健\ufffd", "私饣鶎印(8)嵘\ue420⻊账\ue19d健\ufffd", 1.0),
        # The run ends with the full stop's trail byte, a dangling lead at the end of the text.
        (75, "提升服務\ue19d健\ufffd", "\ue19d健\ufffd", 0.896),
    ],
)
def test_byte_loss_nfkc_traditional(lost: int, damaged: str, before: str, confidence: float) -> None:
    text = unicodedata.normalize("NFKC", _lose_byte(NFKC_SENTENCE, lost))
    assert damaged in text
    result = repair_text(text)
    assert result.text == NFKC_SENTENCE
    assert [(r.kind, r.before, r.confidence) for r in result.repairs] == [("byte_loss", before, confidence)]


def test_a_run_ending_in_an_orphan_trail_byte() -> None:
    text = "版權所有,未經授權不得轉載、摘編。"
    damaged = _lose_byte(text, _lead_of(text, "不") + 1)
    # 不 lost its trail; 轉 (DE 44) re-read as 棉's trail and `D`.
    assert damaged == "版權所有,未經授權驳棉D載、摘編。"
    assert repair_text(damaged).text == text


def test_a_letter_alone_after_han_is_the_trail_of_a_character_that_lost_its_lead() -> None:
    text = "職工培訓時間延長到三個月"
    damaged = _lose_byte(text, _lead_of(text, "時"))
    assert damaged == "職工培訓r間延長到三個月"  # 時 is 95 72
    result = repair_text(damaged)
    assert result.text == text
    assert [(r.kind, r.start, r.before, r.after, r.confidence) for r in result.repairs] == [
        ("byte_loss", 4, "r", "時", 0.497)
    ]


@pytest.mark.parametrize(("lost", "damaged"), [(4, "他們莻\ufffd工會的活動很多"), (5, "他們膫\ufffd工會的活動很多")])
def test_a_run_closed_by_a_byte_that_starts_no_character(lost: int, damaged: str) -> None:
    # 個 is 82 80: shifted, its 0x80 byte starts no character and reads U+FFFD before Han text.
    text = "他們那個工會的活動很多"
    assert _lose_byte(text, lost) == damaged
    result = repair_text(damaged)
    assert result.text == text
    assert [(r.kind, r.before, r.after) for r in result.repairs] == [("byte_loss", damaged[2:4], "那個")]


def test_a_lost_character_is_guessed_not_made() -> None:
    damaged = _lose_byte("增加兩成。", 8)
    assert damaged == "增加兩成\ufffd"
    result = repair_text(damaged)
    assert result.text == damaged
    assert [(r.kind, r.start, r.before, r.after, r.confidence) for r in result.repairs] == [
        ("byte_loss_guess", 4, "\ufffd", "爲", 0.051),
        ("unrecoverable", 4, "\ufffd", "\ufffd", 0.0),
    ]


@pytest.mark.parametrize("clean", ["這件T恤和B超檢查都照常。", "Русский язык", "滬深A股,今日B站直播", "維生素C片"])
def test_letters_and_alphabets_among_han_are_left_alone(clean: str) -> None:
    assert repair_text(clean).repairs == []
