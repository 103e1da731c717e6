"""Word lists for bench/gen.py: names, places, powers, agenda items, risks, remarks.

Everything here is plain data (tuples, so nothing can be mutated by accident); the generator
combines the pieces with a seeded random.Random. The wording follows the hand-written example
registry (examples/township/) and the seed practice it cites."""

from __future__ import annotations

# --- people and places ------------------------------------------------------------------------

SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("韦", "wei"), ("蒙", "meng"), ("覃", "qin"), ("莫", "mo"), ("蓝", "lan"),
    ("邓", "deng"), ("冯", "feng"), ("曾", "zeng"), ("彭", "peng"), ("潘", "pan"),
)  # fmt: skip

GIVEN_NAMES: tuple[str, ...] = (
    "建国", "立新", "红梅", "志强", "丽", "海波", "晓东", "国平", "静", "晓燕", "伟", "明",
    "芳", "秀英", "卫东", "建华", "小兰", "志刚", "德才", "春梅", "志远", "俊杰", "海燕",
    "玉兰", "文斌", "永红", "桂芳", "建军", "利民", "振华", "国庆", "爱华", "丽娟", "勇",
    "敏", "军", "洪涛", "小平", "正平", "金凤", "学军", "凤英", "宏伟", "少华", "雪梅",
)  # fmt: skip

PLACE_FIRST = "清石白龙新凤黄大松马高东西柳杨桃金长平太永红青三沙古双六五南安兴华板"
PLACE_SECOND = "水桥沙潭塘峰岭山溪江源竹坪田林湾河坝口铺寨圩"

COUNTY_NAMES: tuple[str, ...] = ("青山县", "临江县", "云岭县", "江川县", "宁远县")

# --- the bench's body seats ----------------------------------------------------------------------
# (seat key, title in the committee with {town} for 镇/乡, portfolios, duties); the first nine
# sit on the Party committee, the first four on the secretary office, all of them plus the last
# two on the joint meeting (党政联席会议). The principal holds no restricted portfolio (五个不直接分管).

SEATS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("secretary", "党委书记", ("party_building", "overall"),
     "主持党委全面工作，负责党的建设和基层治理；不直接分管财务、人事、工程项目招投标、行政审批和物资采购"),
    ("head", "党委副书记、{t}长", ("government_affairs", "finance", "audit"),
     "主持{t}政府全面工作，分管财政、审计工作"),
    ("deputy", "党委副书记", ("party_affairs", "rural_revitalization", "petition"),
     "协助书记抓党建工作，分管乡村振兴、信访维稳工作"),
    ("discipline", "党委委员、纪委书记", ("discipline_inspection",),
     "主持{t}纪委工作，负责党风廉政建设和反腐败工作"),
    ("organization", "党委委员、组织委员", ("personnel", "organization"),
     "负责组织、干部人事、党员发展和教育管理工作"),
    ("construction", "党委委员、副{t}长", ("construction_tendering", "planning", "land"),
     "分管城乡建设、工程项目招投标、规划和国土资源工作"),
    ("propaganda", "党委委员、宣传委员", ("propaganda", "culture"),
     "负责宣传思想、意识形态和精神文明建设工作"),
    ("armed", "党委委员、武装部长", ("armed_forces", "emergency"),
     "负责人民武装、应急管理和防汛抗旱工作"),
    ("agriculture", "党委委员、副{t}长", ("agriculture", "administrative_approval", "procurement", "social_security"),
     "分管农业农村、行政审批、政府采购和社会保障工作"),
    ("vice_head", "副{t}长（非党委委员）", ("education", "health"), "分管教育、卫生健康工作"),
    ("congress", "{t}人大主席", ("people_congress",), "主持{t}人大主席团工作"),
)  # fmt: skip

SHORT_TITLES = {
    "secretary": "党委书记", "head": "{t}长", "deputy": "党委副书记", "discipline": "纪委书记",
    "organization": "组织委员", "construction": "副{t}长", "propaganda": "宣传委员",
    "armed": "武装部长", "agriculture": "副{t}长", "vice_head": "副{t}长", "congress": "人大主席",
}  # fmt: skip

# --- powers ---------------------------------------------------------------------------------------
# (title, category, holder: committee | joint | secretary, presenting seat, secrecy, object of the
# description). The first six cover every category, so even the smallest scale has them all.

POWERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("{t}经济社会发展重大决策权", "major_decision", "committee", "head", "public", "本{t}经济建设、社会建设、生态文明建设和乡村振兴中的重大问题"),
    ("{t}管干部任免建议权", "personnel", "committee", "organization", "public", "{t}属站所和内设机构负责人的任免、调整和推荐"),
    ("重大工程项目安排决定权", "major_project", "committee", "construction", "public", "政府投资的基础设施、公益事业工程项目的立项、规模和资金安排"),
    ("大额资金使用审批权", "large_funds", "committee", "head", "public", "50万元以上的财政资金、专项资金和集体资金的使用安排"),
    ("突发事件应急处置决定权", "emergency", "committee", "armed", "public", "自然灾害、事故灾难和公共卫生事件的应急响应和紧急处置"),
    ("党员发展和教育管理权", "ordinary", "committee", "organization", "public", "发展党员、党员教育培训和组织关系管理"),
    ("年度财政预算编制和调整审议权", "large_funds", "committee", "head", "public", "{t}级财政年度预算草案和预算调整方案"),
    ("村(社区)党组织书记选任权", "personnel", "committee", "organization", "public", "村(社区)党组织书记人选的确定和调整"),
    ("国土空间规划和村庄规划审议权", "major_decision", "joint", "construction", "public", "{t}国土空间总体规划和村庄规划的编制成果"),
    ("国有资产处置决定权", "large_funds", "committee", "head", "public", "{t}属国有资产和闲置资产的出租、出售和报废处置"),
    ("乡村振兴项目资金安排权", "large_funds", "joint", "deputy", "public", "乡村振兴衔接资金和产业发展项目的资金安排"),
    ("农村基础设施建设项目决定权", "major_project", "joint", "construction", "public", "通村公路、饮水安全、农田水利等农村基础设施项目"),
    ("后备干部推荐权", "personnel", "committee", "organization", "public", "县管后备干部和优秀年轻干部的推荐"),
    ("防汛抗旱应急决定权", "emergency", "committee", "armed", "public", "防汛抗旱应急响应的启动、调整和群众转移安置"),
    ("党员纪律处分审批权", "ordinary", "committee", "discipline", "party", "党员违纪案件的处分决定和党内通报"),
    ("政府采购事项审批权", "large_funds", "joint", "agriculture", "public", "政府采购项目的采购方式、预算和结果确认"),
    ("社会救助资金分配审核权", "ordinary", "joint", "agriculture", "public", "低保、特困供养和临时救助资金的分配审核"),
    ("集体土地征收补偿方案审议权", "major_decision", "joint", "construction", "public", "集体土地征收补偿安置方案的审议和组织实施"),
    ("评先评优推荐权", "ordinary", "committee", "organization", "public", "先进基层党组织、优秀共产党员和先进个人的评选推荐"),
    ("意识形态工作领导权", "ordinary", "committee", "propaganda", "public", "意识形态工作责任制落实和重大宣传活动安排"),
    ("书记办公会议题初审权", "ordinary", "secretary", "deputy", "internal", "提交党委会和党政联席会议研究事项的议题收集和初审"),
    ("信访维稳重大事项处置权", "major_decision", "committee", "deputy", "public", "重大信访事项和不稳定因素的研判和处置"),
    ("机构设置和人员调整决定权", "personnel", "committee", "organization", "public", "{t}内设机构设置、站所人员调整和岗位交流"),
    ("工程招标方式确定权", "major_project", "joint", "construction", "public", "{t}级投资工程项目的招标方式和招标组织形式"),
    ("党风廉政建设考核权", "ordinary", "committee", "discipline", "public", "党风廉政建设责任制的检查考核和结果运用"),
    ("安全生产监督检查权", "ordinary", "joint", "armed", "public", "辖区生产经营单位安全生产的监督检查和隐患整改"),
    ("村级集体经济发展资金分配权", "large_funds", "joint", "deputy", "public", "扶持村级集体经济发展资金的分配和项目安排"),
    ("森林防火应急处置权", "emergency", "joint", "armed", "public", "森林火灾的预防、扑救和应急响应"),
    ("人居环境整治项目安排权", "ordinary", "joint", "agriculture", "public", "农村人居环境整治和村庄清洁行动的项目安排"),
    ("干部日常监督管理权", "ordinary", "committee", "discipline", "public", "机关干部日常考勤、作风纪律和廉洁自律的监督管理"),
)  # fmt: skip

BASES: dict[str, tuple[tuple[str, str], ...]] = {
    "major_decision": (("《中国共产党农村基层组织工作条例》", "第九条"), ("《中国共产党章程》", "第十条"), ("《中国共产党重大事项请示报告条例》", "第十三条")),
    "personnel": (("《党政领导干部选拔任用工作条例》", "第三十三条"), ("《中国共产党农村基层组织工作条例》", "第七章"), ("《中国共产党基层组织选举工作条例》", "第二章")),
    "major_project": (("《中华人民共和国招标投标法》", "第三条"), ("《政府投资条例》", "第九条"), ("《中国共产党农村基层组织工作条例》", "第九条")),
    "large_funds": (("《中华人民共和国预算法》", "第十三条"), ("《行政事业性国有资产管理条例》", "第二十条"), ("《中华人民共和国政府采购法》", "第二条")),
    "emergency": (("《中华人民共和国突发事件应对法》", "第二十一条"), ("《中华人民共和国防洪法》", "第四十六条"), ("《森林防火条例》", "第三十五条")),
    "ordinary": (("《中国共产党章程》", "第三十二条"), ("《中国共产党党务公开条例（试行）》", "第十条"), ("《中国共产党纪律处分条例》", "第十条")),
}  # fmt: skip

SUPERVISORS: tuple[tuple[str, str], ...] = (
    ("{t}纪委", "纪委书记列席会议全程监督，签署监督意见"),
    ("{t}纪委", "列席会议全程监督"),
    ("党员群众", "事项事前在公开栏和政府网站征求意见"),
    ("党代表、人大代表", "邀请“两代表一委员”列席旁听"),
    ("群众义务监督员", "邀请受益村群众代表参与验收"),
)

# --- agenda items ---------------------------------------------------------------------------------
# {v} a village, {y} a year, {n} a count, {t} 镇/乡, {r} a river

ITEM_TOPICS: dict[str, tuple[str, ...]] = {
    "major_decision": (
        "{y}年{t}党委工作要点",
        "{y}年乡村振兴重点工作实施方案",
        "{v}村庄规划（{y}—2035年）编制成果",
        "{t}产业发展三年行动计划",
        "{r}流域综合治理方案",
        "{v}易地搬迁安置点后续扶持方案",
        "重大信访事项化解方案",
        "{t}区提质改造总体方案",
        "{v}集体林权制度改革方案",
    ),
    "personnel": (
        "{t}属站所负责人任免",
        "推荐{y}年度县管后备干部人选",
        "{n}名村(社区)党组织书记人选",
        "{t}机关干部岗位交流调整方案",
        "选派驻村第一书记人选",
        "{t}综合行政执法队负责人人选",
    ),
    "major_project": (
        "{v}至{v2}通村公路硬化工程",
        "{v}饮水安全巩固提升工程",
        "{t}区污水管网改造工程",
        "{r}{t}区段堤防加固工程",
        "{t}卫生院住院楼改扩建工程",
        "{v}高标准农田建设项目",
        "{t}敬老院提质改造工程",
        "{v}党群服务中心新建工程",
        "{t}区农贸市场改造工程",
    ),
    "large_funds": (
        "{y}年{t}级财政预算草案",
        "{y}年{t}级财政预算调整方案",
        "{y}年乡村振兴衔接资金项目安排",
        "{y}年春耕生产补助资金分配方案",
        "原{v}小学闲置校舍资产处置方案",
        "{y}年村级集体经济发展资金分配方案",
        "{y}年政府采购项目预算",
        "{r}砂石场经营权公开流转方案",
    ),
    "emergency": (
        "启动防汛Ⅳ级应急响应并转移危险区群众",
        "紧急转移{v}地质灾害隐患点群众",
        "{v}山林火灾扑救应急处置",
        "紧急动用{t}级预备费用于抢险救灾",
        "{v}暴雨灾后应急恢复",
    ),
    "ordinary": (
        "{y}年第{n}批发展党员对象",
        "开展党员组织关系集中排查工作",
        "{y}年安全生产大检查工作安排",
        "{y}年意识形态工作",
        "党风廉政建设宣传教育月活动方案",
        "{v}人居环境整治工作",
        "近期信访维稳工作",
        "{y}年征兵工作安排",
        "秋冬季森林防火工作",
        "{y}年防溺水安全教育工作",
        "农村低保动态管理工作",
        "{y}年度先进基层党组织和优秀共产党员评选",
        "{y}年党费收缴使用情况",
        "机关干部作风纪律专项整治工作",
        "秸秆禁烧和环境保护工作",
        "{y}年春节走访慰问工作安排",
    ),
}

SECRETARY_TOPICS: tuple[str, ...] = (
    "近期重点工作安排",
    "下次党委会议题收集情况",
    "干部作风和工作纪律督查情况",
    "近期群众来信来访办理情况",
    "重点项目推进情况",
    "党务公开内容审定",
)

RIVERS: tuple[str, ...] = ("清水河", "白沙河", "龙溪", "柳江", "桃花江", "长岭河")

INTRODUCTIONS: dict[str, tuple[str, ...]] = {
    "major_decision": ("经前期调研和征求意见，方案已修改完善{n}次，共收到意见建议{m}条，采纳{k}条",
                       "方案已经合法性审查和社会稳定风险评估，征求党代表、人大代表意见{m}条"),
    "personnel": ("经民主推荐、组织考察和资格联审，人选均符合任职条件，已征求纪委意见",
                  "按照县委组织部分配名额，经民主推荐和谈话推荐，提出建议人选"),
    "major_project": ("项目总投资{w}万元，其中上级补助{s}万元，已完成可行性论证和投资概算财政评审，施工单位将通过县公共资源交易中心公开招标确定",
                      "项目已列入年度计划，总投资{w}万元，资金来源已落实，汛前完成主体工程"),
    "large_funds": ("资金总额{w}万元，已经财政所审核，分配标准和对象经各村公示无异议",
                    "方案涉及资金{w}万元，经书记办公会初审，资金拨付实行国库集中支付"),
    "emergency": ("当前险情发展较快，建议立即启动应急响应，转移受威胁群众{m}户",
                  "预计未来24小时仍有强降雨，建议紧急动用应急物资和预备费，确保群众生命安全"),
    "ordinary": ("工作方案已征求各村和站所意见，任务分工明确", "按照上级部署，结合本{t}实际提出工作安排"),
}  # fmt: skip

REMARKS: tuple[str, ...] = (
    "同意，建议加强资金全过程监管",
    "同意，实施中要注意安全生产",
    "同意，请财政所做好资金保障",
    "同意，建议把群众意见作为实施重点",
    "同意，进度要定期在公开栏公布",
    "同意，{t}纪委将全程跟踪监督",
    "同意，相关村要做好群众工作",
    "同意，建议同步做好档案资料归集",
)
DISSENTS: tuple[str, ...] = (
    "前期群众意见征求还不充分，建议补充后再实施",
    "资金测算依据不够充分，建议进一步论证",
    "建设时序安排过于集中，担心影响质量",
    "建议把部分资金调剂用于急需的民生项目",
)
DEFER_REASONS: tuple[str, ...] = (
    "意见分歧较大，且有重大问题尚不清楚，本次暂缓表决，请分管领导补充论证后再提交",
    "选址和资金来源问题需进一步调查研究，暂缓决策",
)
CLOSING: tuple[str, ...] = (
    "同意。请{name}同志牵头抓好落实，实施情况按规定公开",
    "同意。各分管领导要各负其责，确保按期完成",
    "同意。要严格按程序办事，{t}纪委全程监督",
    "同意，会后按规定时限公开决策结果",
)

ABSENCE_REASONS: tuple[str, ...] = (
    "参加县委党校培训",
    "带队赴市参加招商推介会",
    "赴县参加专题工作会议",
    "病假",
    "公休假",
    "在联系村处置突发事件",
    "参加上级检查督导",
    "外出学习考察",
)
OBSERVER_ROLES: tuple[str, ...] = (
    "党代表",
    "{t}人大代表",
    "{t}纪委副书记",
    "{t}财政所所长",
    "村党支部书记",
)
RECUSAL_REASONS: tuple[str, ...] = (
    "近亲属系拟参与投标企业股东，本人申请回避",
    "本人配偶在项目所在村任职，申请回避",
)

# --- risks -----------------------------------------------------------------------------------------

RISKS: dict[str, tuple[tuple[str, str], ...]] = {
    "major_decision": (("分管领导", "决策前调查研究不充分，以个人意见代替集体决策"),
                       ("党政办主任", "议题未经书记办公会初审即提交会议"),
                       ("党委书记", "会议讨论时书记先表态，影响其他成员充分发表意见")),
    "personnel": (("组织委员", "民主推荐和考察走过场，搞“带病提拔”"),
                  ("包村领导", "优亲厚友，推荐与本人有利害关系的人员"),
                  ("组织委员", "资格联审把关不严，使有违纪记录的人员成为人选")),
    "major_project": (("分管副{t}长", "项目前期论证不充分，随意调整建设规模和投资概算"),
                      ("分管副{t}长", "工程项目未经集体研究即确定施工单位，或会前“打招呼”干预"),
                      ("规划建设办主任", "工程验收把关不严，设计变更和现场签证未经审核")),
    "large_funds": (("财政所所长", "资金分配标准不公开，暗箱操作、优亲厚友"),
                    ("分管领导", "化整为零规避集体决策"),
                    ("报账员", "虚报冒领、挤占挪用专项资金")),
    "emergency": (("武装部长", "以应急为名规避采购程序，物资采购价格虚高"),
                  ("民政办主任", "救灾物资发放不登记、不公开"),
                  ("分管领导", "事后不补办审批手续，应急资金长期挂账")),
    "ordinary": (("经办人", "办理程序不规范，材料审核不严"),
                 ("分管领导", "工作结果不按规定公开，群众无从监督"),
                 ("经办人", "对群众诉求推诿拖延，答复不及时")),
}  # fmt: skip

CONTROLS: tuple[str, ...] = (
    "事项一律提交集体研究，会议纪要如实记录每名成员意见",
    "实行事前公示、事中监督、事后公开",
    "纪委书记列席会议并签署监督意见",
    "建立工作台账，每季度开展一次自查",
    "资金拨付实行国库集中支付，凭证归档备查",
    "相关材料在公开栏和政府网站公开，接受群众监督",
    "实行联审联签，经办人、审核人、审批人分离",
    "开展专项警示教育，签订廉洁承诺书",
)

# --- ledger and feedback -----------------------------------------------------------------------------

PERIODIC_SUMMARY = "{a}—{b}月{t}党委会研究决定事项、干部任免、党费收缴使用和意见箱办理情况。"
ADVANCE_SUMMARY = "{what}事前征求意见，意见可投{t}纪委意见箱或在政府网站留言。"

FEEDBACK: tuple[tuple[str, str], ...] = (
    ("{v}村民来电询问{topic}的进展情况", "已向来电群众说明项目进度和下一步安排"),
    (
        "{v}群众来信反映{topic}中施工扰民问题",
        "已责成施工单位调整作业时间，并在村务公开栏公布施工计划",
    ),
    ("网民留言建议{topic}增加群众参与", "感谢您的建议，已在实施方案中增加群众代表参与监督的内容"),
    ("{v}村民来访反映低保评议不公", "经{t}民政办入户核实，已按程序重新评议并公示结果"),
    ("匿名来信反映{t}属站所工作人员工作日午间饮酒", "经{t}纪委核实，已对相关人员批评教育并通报"),
    ("{v}群众来电反映村道路灯损坏", "已安排维修，路灯已恢复照明"),
    ("{v}村民来信询问{topic}的资金使用情况", "资金使用明细已在村务公开栏和政府网站公布"),
)
