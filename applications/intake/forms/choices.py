"""The answers the category forms offer and the eligibility criteria of notice §二.

Their labels are marked with `L` (gettext_lazy), a keyword the project's makemessages command
extracts too.
"""

from django.utils.translation import gettext_lazy as L

YES = "yes"
NO = "no"
NOT_APPLICABLE = "na"

AFFIRM_CHOICES = [(YES, L("符合")), (NO, L("不能确认"))]
RECORD_CHOICES = [(NO, L("无")), (YES, L("有"))]
YES_NO_CHOICES = [(YES, L("是")), (NO, L("否"))]

DISTRICT_CHOICES = [
    (name, name) for name in ("东区", "西区", "仁和区", "米易县", "盐边县", "钒钛高新区")
]
SECTOR_CHOICES = [
    ("manufacturing", L("制造业")),
    ("construction", L("工程建设业")),
    ("agriculture", L("农业")),
    ("services", L("服务业")),
]
# GB/T 4754-2017 门类
INDUSTRY_CHOICES = [
    ("A", L("A 农、林、牧、渔业")),
    ("B", L("B 采矿业")),
    ("C", L("C 制造业")),
    ("D", L("D 电力、热力、燃气及水生产和供应业")),
    ("E", L("E 建筑业")),
    ("F", L("F 批发和零售业")),
    ("G", L("G 交通运输、仓储和邮政业")),
    ("H", L("H 住宿和餐饮业")),
    ("I", L("I 信息传输、软件和信息技术服务业")),
    ("J", L("J 金融业")),
    ("K", L("K 房地产业")),
    ("L", L("L 租赁和商务服务业")),
    ("M", L("M 科学研究和技术服务业")),
    ("N", L("N 水利、环境和公共设施管理业")),
    ("O", L("O 居民服务、修理和其他服务业")),
    ("P", L("P 教育")),
    ("Q", L("Q 卫生和社会工作")),
    ("R", L("R 文化、体育和娱乐业")),
    ("S", L("S 公共管理、社会保障和社会组织")),
]
OWNERSHIP_CHOICES = [
    ("state", L("国有及国有控股")),
    ("collective", L("集体")),
    ("private", L("民营")),
    ("foreign", L("外商及港澳台投资")),
    ("mixed", L("混合所有制")),
    ("public_institution", L("事业单位")),
    ("other", L("其他")),
]
CERTIFICATION_CHOICES = [
    ("qms", L("质量管理体系（GB/T 19001 / ISO 9001）")),
    ("ems", L("环境管理体系（GB/T 24001 / ISO 14001）")),
    ("ohsms", L("职业健康安全管理体系（GB/T 45001 / ISO 45001）")),
    ("enms", L("能源管理体系（GB/T 23331 / ISO 50001）")),
    ("lab", L("实验室认可（CNAS）")),
]
HOSPITAL_LEVEL_CHOICES = [
    ("3a", L("三级甲等")),
    ("3b", L("三级乙等")),
    ("2a", L("二级甲等")),
    ("2b", L("二级乙等")),
    ("1", L("一级")),
    ("none", L("未定级")),
]
SCHOOL_TYPE_CHOICES = [
    ("higher", L("高等院校")),
    ("vocational", L("职业院校")),
    ("secondary", L("普通中学")),
    ("primary", L("小学")),
    ("preschool", L("幼儿园")),
    ("training", L("培训机构")),
]
TEAM_TYPE_CHOICES = [("team", L("一线班组")), ("qc", L("QC小组"))]
GENDER_CHOICES = [("male", L("男")), ("female", L("女"))]
# 政治面貌 as the personnel forms name it (GB/T 4762, short forms)
POLITICAL_STATUS_CHOICES = [
    ("cpc", L("中共党员")),
    ("cpc_probationary", L("中共预备党员")),
    ("cyl", L("共青团员")),
    ("democratic_party", L("民主党派成员")),
    ("non_party", L("无党派人士")),
    ("masses", L("群众")),
]
EDUCATION_CHOICES = [
    ("doctor", L("博士研究生")),
    ("master", L("硕士研究生")),
    ("bachelor", L("大学本科")),
    ("college", L("大学专科")),
    ("secondary", L("中专及以下")),
]

ORGANIZATION_CRITERIA = (
    L("一是拥护党的路线、方针、政策。"),
    L("二是在攀枝花市行政区域内依法设立且符合国家、省、市有关产业导向的法人或者其他组织。"),
    L("三是3年内未发生质量安全、生产安全、环境污染、公共卫生等事故且无重大质量投诉。"),
    L(
        "四是在质量管理、质量发展、知识产权创新、品牌建设等方面成绩突出，取得较好经济或社会效益，"
        "在全市同行业中处于领先水平。"
    ),
    L("五是质量管理制度、模式、方法有所创新，且成熟度高，具有推广价值。"),
    L("六是积极履行社会责任，无不良信用记录。"),
    L("七是3年内无其他违反法律法规规章的行为。"),
)
INDIVIDUAL_CRITERIA = (
    L("一是拥护党的路线、方针、政策。"),
    L("二是在我市从事质量有关的理论研究或实践工作，积极推广应用先进质量管理理念或方法。"),
    L("三是恪守职业道德和社会规范，近3年内无违法、违规、违纪行为。"),
    L(
        "四是有较强的质量创新和改进意识，在质量管理或者实践中形成独特的工作方法、经验或成果，"
        "在提高行业质量水平和绩效、推动全市产业工艺和技能改进等方面作出重要贡献。"
    ),
    L(
        "五是申报个人为组织最高管理者的，其所在组织近3年无质量安全、生产安全、环境污染、"
        "公共卫生等事故且无重大质量投诉。"
    ),
)
