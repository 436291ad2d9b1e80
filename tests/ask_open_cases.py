"""150 questions /ask was not written for (issue 11): half about the six Shanghai plans, half about
the seeds, each with the answer its text states (file and line in the comment).

Written from reading the texts, before the parser of ``api/ask/`` was tuned; the gold sets'
wording was not reused. ``expected`` strings must each be found in the answer: in an item (its name,
agencies, regions, designations, a target's value with its unit) or, for ``mode="any"``, in an
item or a cited passage's quote. ``mode="absent"``: the question names something no document holds;
the answer must say so (intent ``absent``), suggest names, and cite no passage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Open:
    question: str
    expected: tuple[str, ...]
    mode: str = "items"  # items | any | absent
    topic: str = "seeds"  # seeds | shanghai


def s(q: str, *expected: str, mode: str = "items") -> Open:
    return Open(q, expected, mode, "shanghai")


def k(q: str, *expected: str, mode: str = "items") -> Open:
    return Open(q, expected, mode, "seeds")


SHANGHAI: tuple[Open, ...] = (
    # 01 北斗: tasks and their （牵头部门：…） (L44-92)
    s("开展基于北斗三号的关键核心技术攻关这项任务归哪些部门牵头", "市科委", "市经济信息化委", "市国防科工办"),
    s("谁来牵头加快多源融合智能定位技术突破？", "市科委", "市发展改革委", "市国防科工办"),
    s("拓展北斗时空智能应用端的牵头单位", "市交通委", "市住房城乡建设管理委", "市农业农村委"),
    s("城市治理应用那项任务（开展精准赋能的城市治理应用）由谁牵头", "市城运中心", "市城管执法局"),
    s("开展多源融合的无人系统应用，牵头部门有哪些？", "市经济信息化委", "市科委", "市交通委", "市水务局"),
    s("便民惠民的大众消费应用由哪些部门负责？", "市商务委", "市民政局", "市公安局"),
    s("开展安全可控的航空应用是哪几个部门牵头的", "市经济信息化委", "市科委", "市交通委"),
    s("“形成全方位多层次的企业引育机制”的牵头部门", "市国防科工办", "市商务委", "长三角区域合作办公室"),
    s("强化公共平台的产业促进功能这一任务哪些部门牵头？", "市市场监管局", "市教委"),
    s("发挥辐射引领的产业带动作用由哪些部门牵头负责？", "市国防科工办", "长三角区域合作办公室"),
    s("北斗行动计划中临港新片区管委会牵头哪项任务？", "打造“一平台多基地”产业集聚模式"),
    # 01 targets (L28, L32)
    s("上海北斗时空信息产业规模到2023年末要达到多少？", "1000亿元"),
    s("北斗计划里上市企业的目标是几家", "5家"),
    s("北斗高精度国家标准要制定多少项", "10项"),
    s("北斗行动计划要培育多少家产业链优质企业？", "100家"),
    # 01 places and application areas (L34, L80)
    s("北斗产业的专业产业基地有哪些", "青浦北斗西虹桥", "杨浦湾谷", "嘉定马东", mode="any"),
    s("北斗应用要在哪些领域实现融合创新", "城市治理", "智能交通", "无人系统", mode="any"),
    # 02 商业航天: targets (L21, L29)
    s("上海商业火箭的年产能目标是多少发？", "50发"),
    s("到2025年商业卫星批量化制造能力要达到多少颗", "600颗"),
    s("空间信息产业规模2025年目标", "2000亿元"),
    s("商业航天行动计划要新引进和培育几家重点企业", "10家"),
    s("具备科创板上市条件的硬核企业要培育多少家？", "5家"),
    # 02 layout, products, projects (L19, L21, L35, L41, L65, L77)
    s("商业航天“核心主体”在哪里？", "闵行", mode="any"),
    s("“东翼”卫星科研生产集聚区包括哪些载体", "卫星互联网研究院", "临港", mode="any"),
    s("商业航天产业链有哪些环节", "卫星制造", "运载发射", "地面系统设备", mode="any"),
    s("三大拳头产品指的是哪些？", "新一代中大型运载火箭", "低成本高集成卫星", "智能应用终端", mode="any"),
    s("上海支持哪些星座组网建设", "千帆卫星星座", "智慧天网", mode="any"),
    s("哪型火箭要研制并实现首飞？", "长征六号丙", mode="any"),
    s("商业航天计划由哪个机构统筹推进重点工作", "上海市产业协同创新领导小组办公室", mode="any"),
    # 03 高端医疗器械: tasks （责任单位：…） (L43-93)
    s("加快关键材料器件研发和核心生产工艺开发的责任单位有哪些", "市科委", "市经济信息化委"),
    s("谁负责“加快人工智能技术开发及应用”？", "市数据局", "申康医院发展中心"),
    s("推动医工交叉与成果转化由哪些单位负责", "市教委", "市人才局", "申康医院发展中心"),
    s("“强化能力建设”这项任务的责任单位", "市药品监管局", "国家药监局医疗器械技术审评检查长三角分中心"),
    s("加强创新产品标准规范制定由哪个部门负责？", "市市场监管局"),
    s("加快创新医疗器械推广，责任单位是哪些", "市科委", "市卫生健康委", "市药品监管局"),
    s("培育领军企业这条任务谁负责", "市科委", "市发展改革委", "市经济信息化委"),
    s("支持外资企业在沪研发制造的责任单位", "市商务委", "市药品监管局"),
    s("“健全公共平台支撑体系”由哪些单位负责？", "虹桥国际中央商务区管委会", "闵行区政府"),
    s("加大金融支持力度的责任单位有哪些？", "市国资委", "市委金融办", "上海金融监管局"),
    s("加快创新人才培养集聚谁负责", "市人才局", "市教委"),
    s("促进进出口通关便利由哪些单位负责", "上海海关", "市药品监管局"),
    s("深化国际交流合作的责任单位", "市商务委", "东方枢纽国际商务合作区管理局", "浦东新区政府"),
    s("拓展应用场景这项任务由谁负责？", "市卫生健康委", "申康医院发展中心"),
    # 03 targets and lists (L19-37, L51)
    s("到2027年高端医疗器械产业集聚区要建几个", "3个"),
    s("第三类医疗器械注册证要新增多少件？", "500件"),
    s("年产值超100亿元的龙头企业要培育几家", "2家"),
    s("临床试验启动前医疗机构内部整体用时要压缩到多少", "25周"),
    s("高端医疗器械重点发展哪些产品", "高端医学影像产品", "高端手术系统", "高端放射治疗产品", mode="any"),
    s("“三区联动”包括哪几个区", "浦东新区", "闵行区", "嘉定区", mode="any"),
    s("虹桥国际中央商务区要建设什么平台？", "医疗器械展览培训交易平台", mode="any"),
    # 04 脑机接口: tasks （责任部门：…） (L25-65)
    s("支持重大产品研发由哪些部门负责", "市科委", "市卫生健康委", "市药品监管局"),
    s("开展前沿与颠覆性技术研究的责任部门", "市科委"),
    s("构建数据服务平台谁负责？", "市科委", "市卫生健康委"),
    s("完善脑机接口科技伦理审查机制由哪些部门负责", "市卫生健康委", "市科委"),
    s("提升审评审批效率这项任务的责任部门有哪些", "市药品监管局", "市科委"),
    s("建立脑机接口产业创新战略联盟由谁负责", "市科委", "市经济信息化委"),
    s("促进脑机接口应用示范的责任部门", "市经济信息化委", "市发展改革委", "市卫生健康委"),
    s("脑机接口高质量脑数据开放数据集要不少于多少例病例？", "1000例", mode="any"),
    s("脑机接口方案要研发哪些侵入式产品", "运动控制", "言语合成", "视觉重建", mode="any"),
    # 05 食品科技: tasks (bare parentheses, L39-89), targets (L33-35), layout (L81)
    s("加快新食品原料挖掘由哪个部门负责", "市科委"),
    s("支持特殊食品创制的责任部门有哪些", "市科委", "市卫生健康委", "市市场监管局"),
    s("提升仓储流通自动化水平由哪些部门负责？", "市商务委", "市经济信息化委"),
    s("多元化资金保障涉及哪些部门", "市委金融办", "市财政局", "市国资委"),
    s("健全标准与监管体系谁负责", "市市场监管局", "市卫生健康委", "市知识产权局"),
    s("提高公众接受度由哪些部门负责？", "市委网信办", "市科协"),
    s("到2027年要研制并获批几种“三新食品”？", "3—5种"),
    s("到2030年要培育多少家细分赛道领军企业", "8—10家"),
    s("食品科技“3+1”空间布局涉及哪些区", "浦东新区", "闵行区", "松江区", "奉贤区", mode="any"),
    # 06 杨浦: layout (L27-35), carriers (L47, L83)
    s("杨数浦创新区分为哪几个功能区？", "科技创新策源区", "产业创新承载区", "生态创新融合区", mode="any"),
    s("产业创新承载区以哪些区域为核心", "杨浦滨江", "大创智", "环同济", mode="any"),
    s("杨数浦创新区总规划面积多少", "60.61平方公里", mode="any"),
    s("杨浦要建设哪个类脑智能园区", "类脑智能未来产业科技园", mode="any"),
    s("杨数浦方案由谁牵头建立市区联动工作机制？", "市科委", mode="any"),
    # absent: a city or chain no document holds
    s("深圳有哪些商业航天项目？", mode="absent"),
    s("杭州的高端医疗器械产业集聚区在哪里？", mode="absent"),
)

SEEDS: tuple[Open, ...] = (
    # 000 专栏 projects by city and chain (L244-366)
    k("烟台有哪些海水淡化项目？", "烟台海阳核电大型海水淡化项目", "烟台万华海水淡化项目"),
    k("潍坊的海水淡化项目", "潍坊滨海海水淡化项目"),
    k("青岛海洋高端服务方面有哪些重大项目", "青岛国际邮轮母港", "青岛蓝海股权交易中心"),
    k("日照在海洋高端服务领域的项目有哪些？", "日照能源大宗商品交易中心"),
    k("威海有哪些智慧海洋项目", "威海港智慧化管理系统研发及应用项目"),
    k("潍坊现代中药方面有什么项目", "潍坊现代中药创新平台及绿色制造示范基地建设项目"),
    k("烟台的新能源汽车整车项目有哪些？", "一汽吉林烟台新能源车基地"),
    k(
        "潍坊有哪些新能源汽车关键零部件项目",
        "潍坊商用车新能源动力核心部件生产基地项目",
        "潍坊旭星新能源汽车动力产业园",
    ),
    k("滨州有哪些飞机整机项目？", "滨州轻型飞机制造项目"),
    k("青岛有无人机方面的项目吗", "青岛无人机产业园项目"),
    k("潍坊的航空零部件项目有哪些", "潍坊高诚航空动力城项目"),
    k("烟台地理信息产业有哪些项目？", "烟台卫星互联网应用产业园"),
    k("临沂有哪些先进环保项目", "临沂环保科技装备定制化项目"),
    k("青岛的先进环保重大项目", "青岛海纳光电生态环保产业园"),
    k("德州有哪些生产性服务业项目？", "德州复合材料应用研发中心建设项目"),
    k("临沂的创新创意服务项目有哪些", "临沂河东佳画创意艺术品定制电商产业园"),
    k("枣庄有哪些数控机床项目", "枣庄高端数控机床刀库和数控系统生产项目"),
    k("青岛轨道交通装备项目有哪些？", "青岛轨道交通关键装备产业园"),
    k("烟台有哪些机器人项目", "烟台艾迪精密机械工业机器人建设项目"),
    k("临沂有什么生物医药项目？", "甘李药业临沂生产基地项目"),
    k("聊城有哪些康养服务项目", "聊城健康科技园项目"),
    # project locations
    k("青岛英豪智慧海洋产业综合体在哪个城市？", "青岛市"),
    k("甘李药业临沂生产基地项目位于哪里", "临沂市"),
    k("吉利智慧新能源整车工厂（济南）项目在哪", "济南市"),
    k("潍坊磁悬浮动力装备产业园落户哪个市？", "潍坊市"),
    # 003 tasks （…牵头，…配合） (L47-87)
    k("开展前沿技术攻关由哪个部门牵头？", "省科技厅"),
    k("开展前沿技术攻关有哪些配合部门", "省发展改革委", "省工业和信息化厅", "省财政厅"),
    k("实施创新平台强基工程谁牵头", "省科技厅", "省卫生健康委"),
    k("强化中小企业培育由哪些部门负责", "省科技厅", "省工业和信息化厅"),
    k("建设国内先进的中试转化基地由谁牵头？", "省科技厅"),
    k("推动“硬科技”产业化应用哪些部门配合", "省委组织部", "省市场监管局"),
    k("加强国内外科技合作由哪些部门负责？", "省科技厅", "省商务厅"),
    k("创新科技治理体系的配合部门", "省税务局", "省财政厅"),
    k("营造良好创新生态由谁牵头、谁配合", "省科技厅", "省科协"),
    k("建设科研经济新型产业园区的牵头和配合部门", "省科技厅", "省商务厅"),
    k("强化基础研究和技术预见由哪些部门负责", "省科技厅", "省教育厅"),
    k("省科技厅牵头了哪些任务？", "开展前沿技术攻关", "强化中小企业培育"),
    # 003 chains (L17-37)
    k("未来产业方案优先发展哪8大未来产业", "人工智能", "生命科学", "量子科技", "低空经济"),
    k("量子科技聚焦哪些领域？", "量子通信", "量子测量", "量子计算", mode="any"),
    k("低空经济要重点突破哪些关键技术", "动力推进与飞行控制", mode="any"),
    k("生命科学领域聚焦哪些方向", "细胞及基因治疗", "脑机接口", "合成生物", mode="any"),
    # 000 sub-chains (L244-366 headings)
    k("省规划中现代海洋产业包括哪些细分领域？", "海工装备", "海洋生物", "智慧海洋", "现代渔业"),
    k("新能源汽车在省规划里分为哪些方向", "整车制造", "关键零部件", "无人驾驶"),
    k("航空航天产业包含哪些细分产业？", "飞机整机", "航天技术", "地理信息"),
    k("绿色环保产业有哪些细分领域", "高效节能", "先进环保", "资源循环利用"),
    k("医养健康产业的细分领域有哪些？", "生物医药", "化学药", "现代中药", "康养服务"),
    # 004 青岛 targets (L37, L61, L63)
    k("青岛到2025年R&D经费支出占GDP比重要达到多少", "2.9%"),
    k("青岛科技型中小企业数量目标是多少？", "8000家"),
    k("青岛边缘计算节点数到2025年要达到多少个", "200个"),
    k("青岛要引进培育多少家人工智能知名企业和研究机构", "30家"),
    k("青岛人工智能应用示范项目的目标是多少个？", "100个"),
    k("青岛每万人高价值发明专利拥有量到2025年要达到多少", "20件"),
    k("青岛高新技术企业数量要突破多少家？", "6500家"),
    # 000 designations and cities (L194-204)
    k("“东方氢岛”是哪个城市的定位", "青岛市"),
    k("济南被定位为什么氢能称号", "中国氢谷"),
    k("哪些城市发展核电装备", "烟台市", "威海市", mode="any"),
    # mentions
    k("“鲁科贷”出现在哪个文件里？", "001_5634ba83ae6deb07"),
    k("哪些文件提到华龙一号", "000_13d8c6c333fd099f"),
    k("哪个文件讲到低空经济？", "003_103a7a8c5cb7a5b9"),
    k("提到脑机接口的文件有哪些", "003_103a7a8c5cb7a5b9"),
    # 002 三个坚决 responsibility (L851, L1134)
    k("体育产业由哪些部门按职责分工负责？", "省体育局", "省文化旅游厅"),
    k("三个坚决方案中新一代信息技术产业由谁负责", "新一代信息技术产业专班"),
    k("三个坚决方案中新材料产业由哪个专班负责？", "新材料产业专班"),
    k("三个坚决方案中现代海洋产业由谁负责", "现代海洋产业专班"),
    # targets (002 L1347, L1371)
    k("新材料产业集群营业收入目标是多少？", "8600亿元"),
    k("现代海洋产业集群营业收入要突破多少", "2000亿元"),
    # 000 projects named as places; enterprises
    k("东营有哪些海工装备项目？", "东营威飞海洋装备年产 300 套海洋水下生产系统项目"),
    k("日照有哪些医疗器械项目", "日照高新医疗器械应急产业园"),
    k("济南有哪些整车制造项目？", "吉利智慧新能源整车工厂（济南）项目"),
    # general
    k("风能领域要研制哪些关键部件", "轴承", "叶片", mode="any"),
    k("哪些城市布局打造互联网开放式工业设计中心", "济南", "青岛", "淄博", mode="any"),
    k("海上风电基地依托哪三大片区", "渤中", "半岛北", "半岛南", mode="any"),
    # absent
    k("苏州有哪些氢能项目？", mode="absent"),
    k("杭州的人工智能产业集群有哪些？", mode="absent"),
    k("青岛的核聚变产业链缺哪些环节？", mode="absent"),
)

CASES: tuple[Open, ...] = SHANGHAI + SEEDS


# --------------------------------------------------------------------------------------------------
# Checking one answer


def _key(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split()).replace("“", "").replace("”", "")


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def item_surfaces(item: dict[str, object]) -> set[str]:
    """The strings an answered item stands for."""
    out: set[str] = set()

    def add(v: object) -> None:
        if isinstance(v, str) and v:
            out.add(_key(v))

    for f in ("name", "id", "text", "metric"):
        add(item.get(f))
    for f in ("aliases", "lead", "support", "responsible", "regions", "chains"):
        for v in item.get(f) or []:  # type: ignore[attr-defined]
            add(v if isinstance(v, str) else (v or {}).get("name"))
    for d in item.get("designations") or []:  # type: ignore[attr-defined]
        add(d.get("designation"))
        add(d.get("chain"))
    value = item.get("value")
    if isinstance(value, int | float):
        add(f"{_num(value)}{item.get('unit') or ''}")
    return out


def found(expected: str, surfaces: set[str]) -> bool:
    e = _key(expected)
    return any(e == x or (len(e) >= 2 and e in x) for x in surfaces)


def check(case: Open, body: dict[str, object]) -> str | None:
    """None when the answer passes, else why not."""
    items = list(body.get("items") or [])  # type: ignore[call-overload]
    passages = list(body.get("passages") or [])  # type: ignore[call-overload]
    if case.mode == "absent":
        if body.get("intent") != "absent":
            return f"intent {body.get('intent')}, not absent"
        if passages or items:
            return "absent, yet items or passages"
        return (
            None
            if "可以" in str(body.get("answer")) or "是否" in str(body.get("answer"))
            else "no suggestion"
        )
    if body.get("intent") == "unknown":
        return "unknown"
    surfaces = set().union(*(item_surfaces(i) for i in items)) if items else set()
    if case.mode == "any":
        surfaces |= {_key(str(p.get("quote", ""))) for p in passages}
    missing = [e for e in case.expected if not found(e, surfaces)]
    return f"missing {missing}" if missing else None
