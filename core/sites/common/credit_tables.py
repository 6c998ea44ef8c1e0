"""Data: the words of Chinese credit lines.

Credit labels (来源 / 作者 / 记者 / 责编 ...) with how each is separated from its value, words that
sit among names but are not names, and 来源 values that name no publication. A new site convention
is one more entry here, not one more branch in the parsers.
"""

from __future__ import annotations

import re

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

# What an outlet's name contains (网, 报, 社, 台, 中心...); a 来源 value without it is no outlet.
PUBLICATION_HINT = re.compile(
    r"网|網|报|報|社|台|刊|站|频道|頻道|新闻|新聞|中心|杂志|雜誌|客户端|日报|晚报|在线|传媒|傳媒|集团|公司|官微|"
    r"号|號|电视|電視|广播|廣播|周刊|时报|時報|论坛|學|学|院|局|委|厅|办|部|会|會|政府|财经|財經|商业|商業|科技|[A-Za-z]{3,}"
)
PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)

# Interface words: widgets, counters and buttons that run on after a credit on the same line
# (`来源：新华网 网友评论 0 条 分享到`), never part of an outlet's or a person's name.
INTERFACE_WORDS = re.compile(
    r"评论|評論|互动|互動|分享|收藏|打印|字号|字號|浏览|瀏覽|阅读|閱讀|点击|點擊|关注|關注|订阅|訂閱|举报|舉報|纠错|糾錯"
    r"|登录|登錄|注册|註冊|返回|关闭|關閉|首页|首頁|更多|点赞|點讚|转发|轉發|投稿|扫码|掃碼|下载|下載"
)
