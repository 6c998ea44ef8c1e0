"""The stories of the RECONSTRUCTED portal mirrors (text by the team; data, not markup).

`mirror/build_portals.py` renders each story on its portal's template and writes `expected.json`
from the values here (never from a parser).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Story:
    path: str
    title: str
    published: str
    """As displayed: `YYYY-MM-DD HH:MM[:SS]`, or `YYYY-MM-DD` for e-paper pages (date from the URL)."""
    body: list[str]
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    author_line: str = ""
    """What the 作者 slot shows (empty: no author)."""
    editors: list[str] = field(default_factory=list)
    pretitle: str | None = None
    subtitle: str | None = None
    encoding: str | None = None
    """Bytes of this page, when they differ from the portal's."""
    images: list[tuple[str, str]] = field(default_factory=list)
    """(src, caption) of the pictures before the first paragraph (the image site, issue 18)."""


# One story on three portals (issue 16, reprints): 中工网's original, acftu.org's reprint crediting
# it (来源：中工网, new headline, last paragraph dropped) and the big5 mirror's traditional copy.
REPRINT_BODY = [
    "记者从全国总工会获悉，全国五一劳动奖章获得者事迹巡回宣讲活动近日在北京启动，首场宣讲吸引了八百余名职工到场聆听。",
    "宣讲团由来自制造、交通、能源和新就业形态等领域的十二名劳动模范和工匠组成，他们将用亲身经历讲述爱岗敬业、精益求精的故事。",
    "按照安排，宣讲团将在三个月内走进二十多个省份的企业、院校和社区，举办宣讲报告会六十余场。",
    "全国总工会有关负责人表示，要通过宣讲活动大力弘扬劳模精神、劳动精神、工匠精神，激励广大职工建功新时代。",
]

WORKERCN_STORIES = [
    Story(
        path="/c/2023-12-26/8123456.shtml",
        title="新就业形态劳动者入会人数突破千万",
        published="2023-12-26 09:15:20",
        source="工人日报",
        authors=["王伟"],
        author_line="王伟",
        editors=["李娜"],
        pretitle="工会服务",
        body=[
            "记者从全国总工会获悉，今年以来各级工会持续推进新就业形态劳动者入会工作，入会人数已突破一千万。",
            "各地工会通过“小蜜蜂”驿站、线上入会平台和集中入会活动，把货车司机、快递员、外卖送餐员等群体吸纳进工会组织。",
            "全国总工会有关负责人表示，下一步将推动入会与服务同步，让新会员切实感受到工会的温暖。",
        ],
    ),
    Story(
        path="/c/2023-12-25/8122901.shtml",
        title="技术工人“传帮带”让青年职工快速成长",
        published="2023-12-25 16:40:05",
        source="中工网",
        authors=[],
        author_line="",
        editors=["赵敏", "孙浩"],
        subtitle="一家装备制造企业的师带徒实践",
        body=[
            "在一家装备制造企业的车间里，老师傅们每天都会抽出时间，为新入职的青年职工讲解设备操作要领。",
            "企业工会把师带徒写进了集体合同，师傅带出的徒弟考取技能等级证书后，师徒双方都能获得奖励。",
        ],
    ),
    Story(
        path="/papers/grrb/2023/12/26/5/news-2.html",
        title="职工之家建设覆盖更多中小企业",
        published="2023-12-26",
        source="工人日报",
        authors=["刘洋"],
        author_line="本报记者 刘 洋",
        editors=[],
        pretitle="聚焦基层工会",
        body=[
            "本报讯 记者从多地工会了解到，今年职工之家建设正向中小企业延伸，一批“小而美”的职工之家陆续建成。",
            "这些职工之家面积不大，但配备了图书角、母婴室和休息区，成为职工工余休憩的好去处。",
        ],
    ),
    Story(
        path="/c/2023-12-29/8124010.shtml",
        title="全国五一劳动奖章获得者事迹巡回宣讲启动",
        published="2023-12-29 08:10:00",
        source="工人日报",
        authors=["李晓"],
        author_line="李晓",
        editors=["赵敏"],
        body=REPRINT_BODY,
    ),
]

BIG5_STORIES = [
    Story(
        path="/big5/www.workercn.cn/c/2023-12-27/8123501.shtml",
        title="工会送温暖活动惠及困难职工家庭",
        published="2023-12-27 08:30:00",
        source="工人日报",
        authors=["陈静"],
        author_line="陈静",
        editors=["周华"],
        body=[
            "元旦春节临近，各级工会启动送温暖活动，为困难职工家庭送去慰问金和生活用品。",
            "工会干部深入企业和社区，逐户了解困难职工的实际需求，做到精准帮扶。",
        ],
        encoding="gbk",
    ),
    Story(
        path="/big5/xz.workercn.cn/10930/202312/28/231228090510352.shtml",
        title="高原职工技能竞赛落幕",
        published="2023-12-28 09:05:10",
        source="中工网",
        authors=["张强"],
        author_line="张强",
        editors=["马丽"],
        body=[
            "为期三天的高原职工技能竞赛日前落幕，来自各行业的二百余名职工参加了电工、焊工等项目的比赛。",
            "竞赛获奖选手将获得相应的技能等级晋升机会。",
        ],
    ),
    Story(
        path="/big5/www.workercn.cn/c/2023-12-29/8124010.shtml",
        title="全国五一劳动奖章获得者事迹巡回宣讲启动",
        published="2023-12-29 09:40:00",
        source="中工网",
        authors=["李晓"],
        author_line="李晓",
        editors=["周华"],
        body=REPRINT_BODY,
    ),
]

ACFTU_STORIES = [
    Story(
        path="/xwdt/ghyw/202312/t20231226_836512.html",
        title="全总召开基层工会建设工作推进会",
        published="2023-12-26 10:30",
        source="全总组织部",
        authors=[],
        author_line="",
        editors=["王晨"],
        body=[
            "12月25日，全国总工会召开基层工会建设工作推进会，总结交流各地加强基层工会建设的经验做法。",
            "会议要求，各级工会要坚持眼睛向下、重心下移，推动资源向基层倾斜，增强基层工会的活力。",
        ],
    ),
    Story(
        path="/xwdt/ghyw/202312/t20231222_836120.html",
        title="全国总工会开展职工法律援助专项行动",
        published="2023-12-22 15:00",
        source="工人日报",
        authors=["李丽"],
        author_line="李丽",
        editors=["王晨", "张宁"],
        subtitle="聚焦欠薪等突出问题",
        body=[
            "全国总工会近日部署开展职工法律援助专项行动，重点帮助农民工等群体解决欠薪问题。",
            "各级工会法律援助机构将延长服务时间，开通绿色通道，为职工提供免费法律咨询和代理服务。",
        ],
    ),
    Story(
        path="/xwdt/ghyw/202312/t20231220_835877.html",
        title="工会劳动和经济工作座谈会在京召开",
        published="2023-12-20 09:00",
        source="中工网",
        authors=["孙悦"],
        author_line="孙悦",
        editors=["张宁"],
        body=[
            "工会劳动和经济工作座谈会20日在京召开，与会代表围绕劳动竞赛、职工技能提升等议题进行了交流。",
        ],
    ),
    Story(
        path="/xwdt/ghyw/202312/t20231230_836790.html",
        title="劳模工匠巡回宣讲走进二十多个省份",
        published="2023-12-30 10:20",
        source="中工网",
        authors=[],
        author_line="",
        editors=["王晨"],
        body=REPRINT_BODY[:3],
    ),
]

JILIN_STORIES = [
    Story(
        path="/gzdt/2023-12/26/content_10086.html",
        title="省总工会为一线职工送去冬日温暖",
        published="2023-12-26 14:22:10",
        source="吉林省总工会",
        authors=[],
        author_line="",
        editors=["刘喆"],
        body=[
            "寒潮来袭，吉林省总工会组织慰问组走访环卫、交通等行业一线职工，送去棉衣、手套等防寒物资。",
            "慰问组叮嘱企业落实防寒保暖措施，合理安排户外作业时间，保障职工身体健康。",
        ],
    ),
    Story(
        path="/gzdt/2023-12/20/content_10051.html",
        title="长春市职工冰雪运动会开幕",
        published="2023-12-20 10:05:00",
        source="工人日报",
        authors=["彭冰"],
        author_line="彭冰",
        editors=["刘喆"],
        body=[
            "长春市职工冰雪运动会近日开幕，全市二千余名职工将参加速度滑冰、雪地拔河等十余个项目的比赛。",
        ],
    ),
]

BEIJING_STORIES = [
    Story(
        path="/ghzz/ghxw/202312/20231226/j_2023122609301500017031234567890123.html",
        title="北京市总工会发布职工服务年度清单",
        published="2023-12-26 09:30:15",
        source="工人日报",
        authors=["赵思远"],
        author_line="赵思远",
        editors=["陈晓"],
        body=[
            "北京市总工会日前发布年度职工服务清单，涵盖困难帮扶、技能提升、法律服务等十二大类服务项目。",
            "清单中的服务项目均可通过线上平台预约办理，职工足不出户即可享受工会服务。",
        ],
    ),
    Story(
        path="/ghzz/ghxw/202312/20231221/j_2023122116005200017031234567880042.html",
        title="首都职工读书节闭幕",
        published="2023-12-21 16:00:52",
        source="北京市总工会",
        authors=[],
        author_line="",
        editors=["陈晓", "吴迪"],
        body=[
            "首都职工读书节日前闭幕，读书节期间全市各级工会共举办读书分享、好书推荐等活动三千余场。",
        ],
    ),
]

SHANGHAI_STORIES = [
    Story(
        path="/ghyw/20231227/0012345.html",
        title="上海职工创新工作室联盟成立",
        published="2023-12-27 11:20:00",
        source="上海市总工会",
        authors=["顾文"],
        author_line="顾文",
        editors=["沈洁"],
        body=[
            "上海市职工创新工作室联盟27日成立，首批一百家劳模和工匠人才创新工作室加入联盟。",
            "联盟将搭建跨行业交流平台，推动创新成果在企业间转化应用。",
        ],
    ),
    Story(
        path="/ghyw/20231219/0012290.html",
        title="户外职工爱心接力站升级服务",
        published="2023-12-19 08:45:30",
        source="劳动报",
        authors=["钱程", "周雯"],
        author_line="钱程 周雯",
        editors=["沈洁"],
        body=[
            "本市户外职工爱心接力站近期完成服务升级，新增微波炉、充电宝租借等便民设施。",
        ],
    ),
]

GUANGDONG_STORIES = [
    Story(
        path="/ghyw/content/post_1234567.html",
        title="广东工会启动粤港澳职工技能交流季",
        published="2023-12-26 17:10",
        source="南方工报",
        authors=["黄敏"],
        author_line="黄敏",
        editors=["林峰"],
        body=[
            "广东省总工会启动粤港澳职工技能交流季活动，三地职工将围绕智能制造、现代服务等领域开展技艺切磋。",
            "交流季期间将举办技能展示、工匠论坛和联合培训等系列活动。",
        ],
    ),
    Story(
        path="/ghyw/content/post_1234501.html",
        title="省总工会推进产业工人队伍建设改革",
        published="2023-12-18 09:00",
        source="广东省总工会",
        authors=[],
        author_line="",
        editors=["林峰"],
        body=[
            "省总工会召开会议，部署推进产业工人队伍建设改革重点任务，提出加大技能人才培养力度。",
        ],
    ),
]

# A made-up city federation site (清河市总工会, fictional host) for `crawl-site` tests: a home page,
# a two-page news list, an about page (not an article), an off-site link, and an older article.
CITY_STORIES = [
    Story(
        path="/news/2023/1226/1001.html",
        title="清河市总工会开展“冬送温暖”走访慰问",
        published="2023-12-26 15:30:00",
        source="清河市总工会",
        authors=[],
        author_line="",
        editors=["杨帆"],
        body=[
            "12月26日，清河市总工会领导班子分组走访慰问困难职工和一线劳动者，送去慰问金和米面油等物资。",
            "市总工会要求各基层工会摸清困难职工底数，确保帮扶资金在春节前发放到位。",
        ],
    ),
    Story(
        path="/news/2023/1220/998.html",
        title="清河市举办职工技能大赛",
        published="2023-12-20 09:10:00",
        source="工人日报",
        authors=["郑凯"],
        author_line="郑凯",
        editors=["杨帆"],
        body=[
            "清河市第五届职工技能大赛20日开赛，来自全市六十余家企业的四百余名职工参赛。",
            "大赛设电工、钳工、网约配送员等八个项目。",
        ],
    ),
    Story(
        path="/news/2022/1115/640.html",
        title="清河市总工会召开第十次代表大会",
        published="2022-11-15 09:00:00",
        source="清河市总工会",
        authors=[],
        author_line="",
        editors=["杨帆"],
        body=["清河市总工会第十次代表大会15日开幕，大会选举产生了新一届委员会。"],
    ),
]

# A made-up city federation with pictures (华溪市总工会, fictional hosts; issue 18): its photos are on
# a picture host of its own, one photo is shown by two articles and again under a copy's URL (the
# same bytes), one picture is missing (404) and one is over the tests' per-image cap.
PICTURE_HOST = "http://pic.huaxi.example"
IMAGE_STORIES = [
    Story(
        path="/news/2024/0301/2001.html",
        title="华溪市总工会召开第八次代表大会",
        published="2024-03-01 09:30:00",
        source="华溪市总工会",
        editors=["周琳"],
        images=[
            (f"{PICTURE_HOST}/2024/0301/stage.jpg", "大会现场。"),
            ("/upload/2024/0301/banner.png", "会场横幅。"),
        ],
        body=[
            "3月1日，华溪市总工会第八次代表大会开幕，三百余名代表出席会议。",
            "大会审议通过了市总工会第七届委员会工作报告。",
        ],
    ),
    Story(
        path="/news/2024/0302/2002.html",
        title="华溪市总工会新一届委员会选举产生",
        published="2024-03-02 16:00:00",
        source="华溪市总工会",
        editors=["周琳"],
        images=[(f"{PICTURE_HOST}/2024/0301/stage.jpg", "代表大会会场（资料图）。")],
        body=["大会选举产生了华溪市总工会第八届委员会和经费审查委员会。"],
    ),
    Story(
        path="/news/2024/0303/2003.html",
        title="华溪市劳模代表座谈会举行",
        published="2024-03-03 10:00:00",
        source="工人日报",
        authors=["孙明"],
        author_line="孙明",
        editors=["周琳"],
        images=[("/upload/2024/0303/stage-copy.jpg", "劳模代表在会上发言。")],
        body=["3日，华溪市总工会邀请二十位劳动模范座谈，听取一线职工的意见和建议。"],
    ),
    Story(
        path="/news/2024/0304/2004.html",
        title="华溪市职工书画展开幕",
        published="2024-03-04 14:20:00",
        source="华溪市总工会",
        editors=["周琳"],
        images=[
            ("/upload/2024/0304/missing.jpg", "参展作品之一。"),
            ("/upload/2024/0304/noise.png", "参展作品之二。"),
        ],
        body=["华溪市第三届职工书画展4日在市工人文化宫开幕，展出职工作品一百二十件。"],
    ),
]

# A made-up city federation (河西市总工会, fictional host) that a user adds with a site file
# (mirror/sitefiles/hexi.toml): its pages are built from the selectors that file declares and
# show the city CMS one-line info bar (an empty 作者 is no author).
HEXI_STORIES = [
    Story(
        path="/xwzx/202303/t20230309_5521.html",
        title="河西市总工会启动“技能强市”职工培训计划",
        published="2023-03-09 22:44:33",
        source="工人日报",
        authors=[],
        author_line="",
        editors=["韩雪"],
        subtitle="全年培训一线职工两万人次",
        body=[
            "河西市总工会日前启动“技能强市”职工培训计划，全年将面向一线职工开展培训两万人次。",
            "培训涵盖智能制造、电工、养老护理等二十个工种，职工可通过市总工会网站报名参加。",
        ],
    ),
    Story(
        path="/xwzx/202303/t20230302_5498.html",
        title="河西市为环卫工人建成五十座爱心驿站",
        published="2023-03-02 10:15:00",
        source="河西市总工会",
        authors=["罗青"],
        author_line="罗青",
        editors=["韩雪"],
        body=[
            "河西市总工会联合市城管局，在城区主要道路沿线为环卫工人建成五十座爱心驿站。",
            "驿站配备饮水机、微波炉和应急药箱，环卫工人可以在这里喝水、热饭和休息。",
        ],
    ),
    Story(
        path="/xwzx/202302/t20230221_5410.html",
        title="河西市女职工权益保护专项集体合同签订",
        published="2023-02-21 16:30:00",
        source="河西日报",
        authors=["孔丽", "田野"],
        author_line="孔丽 田野",
        editors=["马骏"],
        body=[
            "河西市二百余家企业日前签订女职工权益保护专项集体合同，覆盖女职工三万余人。",
        ],
    ),
]

CITY_HOME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>清河市总工会</title></head><body>
<!-- RECONSTRUCTED made-up city federation site for union-archive crawl-site tests -->
<div class="nav"><a href="/">首页</a> <a href="/news/index.html">工会动态</a> <a href="/about.html">关于我们</a>
<a href="http://www.workercn.cn/">中工网</a></div>
<div class="focus"><a href="/news/2023/1226/1001.html">清河市总工会开展“冬送温暖”走访慰问</a></div>
<div class="links"><a href="/news/index.html">更多新闻</a></div>
</body></html>
"""
CITY_ABOUT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于我们-清河市总工会</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news/index.html">工会动态</a></div>
<h1>关于我们</h1>
<p>清河市总工会是全市各级工会组织和广大职工的领导机关。</p>
<p>地址：清河市人民路1号 电话：0000-1234567</p>
</body></html>
"""
IMAGE_HOME = CITY_HOME.replace("清河", "华溪").replace("/news/2023/1226/1001.html", "/news/2024/0301/2001.html").replace(
    "华溪市总工会开展“冬送温暖”走访慰问", "华溪市总工会召开第八次代表大会"
)
IMAGE_ABOUT = CITY_ABOUT.replace("清河", "华溪")
