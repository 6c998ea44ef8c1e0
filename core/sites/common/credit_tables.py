"""Data: the words of Chinese credit lines.

Credit labels (来源 / 作者 / 记者 / 责编 ...) with how each is separated from its value, words that
sit among names but are not names, and 来源 values that name no publication. A new site convention
is one more entry here, not one more branch in the parsers.
"""

from __future__ import annotations

COLON = r"\s*[:：︰︱丨|｜/]\s*"
# How a label is separated from its value.
SEPARATORS = {
    "colon": COLON,  # 编辑：张三
    "colon_or_space": r"(?:" + COLON + r"|\s+(?=\S))",  # 责任编辑 张三, 来源 新华网
    "optional": r"(?:" + COLON + r")?",  # 记者张三, 本报记者 张三
}
# (kind, regex of the label, separator). Order matters: longer labels first.
CREDIT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("ignore", r"素材来源|资料来源|資料來源|图片来源|圖片來源|视频来源|數據來源|数据来源", "colon_or_space"),
    ("source", r"信息来源|文章来源|新闻来源|稿件来源|稿源|来源|來源", "colon_or_space"),
    ("source", r"出处|出處", "colon"),
    ("editor", r"责任编辑|責任編輯|责编|責編", "colon_or_space"),
    ("editor", r"值班编辑|本文编辑|网络编辑|编辑|編輯", "colon"),
    (
        "ignore",
        r"校对|校對|审核|審核|审校|審校|签发|簽發|监制|監製|出品|策划|策劃|统筹|統籌|制作|製作|设计|設計"
        r"|浏览|瀏覽|点击|點擊|阅读|閱讀|字号|字號|分享|打印|纠错|糾錯|评论|評論|访问量|浏览次数",
        "colon",
    ),
    (
        "ignore",
        r"发布时间|發布時間|发稿时间|發稿時間|发表时间|發表時間|发布日期|發布日期|更新时间|时间|時間|日期",
        "colon",
    ),
    ("author", r"作者", "colon_or_space"),
    ("author", r"撰文|执笔人|執筆人|执笔|執筆|编译|編譯|口述|整理|文字|文", "colon"),
    ("photo", r"摄影|攝影|图片|圖片|图|圖|摄像|攝像", "colon"),
    (
        "author",
        r"(?:本报|本報|本刊|本台|本网|本網|特约|特約|见习|見習|实习|實習|驻\S{1,4}|[\u4e00-\u9fff·]{1,12}?)?"
        r"(?:记者|記者)|(?:本报|本報)?(?:通讯员|通訊員)|实习生|實習生|特约撰稿人",
        "optional",
    ),
)

# Words that sit among names but are not names.
NOT_NAMES = frozenset(
    [
        "报道",
        "報道",
        "整合",
        "综合",
        "綜合",
        "整理",
        "编译",
        "編譯",
        "摄",
        "攝",
        "摄影",
        "供图",
        "文",
        "图",
        "圖",
        "等",
        "联合",
        "聯合",
        "电",
        "電",
        "讯",
        "訊",
        "发自",
        "發自",
        "报",
        "记者",
        "記者",
        "通讯员",
        "通訊員",
        "实习生",
        "實習生",
        "本报",
        "本報",
        "作者",
        "稿",
        "本报讯",
        "本報訊",
        "新华社",
        "新華社",
        "题",
        "题图",
    ]
)

# 来源 values that name no publication (`来源：转载文章`): passed over for a better credit.
GENERIC_SOURCES = frozenset(
    (
        "转载文章",
        "转载",
        "网络",
        "互联网",
        "网友投稿",
        "本站",
        "本网",
        "原创",
        "综合",
        "未知",
        "其他",
        "网络转载",
        "网络整理",
    )
)
