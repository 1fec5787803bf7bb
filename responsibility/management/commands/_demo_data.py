"""The demo city's names and figures for seed_demo_responsibility: committees, enterprises, accidents."""

from __future__ import annotations

from responsibility.models import Accident

SEED = 20260701
DAILY_SCHEME = "隐患大排查大整治镇街晾晒"
WEEKLY_SCHEME = "镇街安全生产管控力指数"
EXTRA_DEPARTMENTS = [
    "公安局",
    "教育局",
    "经济和信息化局",
    "自然资源和规划局",
    "文化广电旅游体育局",
    "城市管理局",
    "农业农村局",
    "水利局",
]
MAYOR = "市长 周建平"
VICE = ["副市长 张明华", "副市长 李国强", "副市长 王丽萍", "副市长 陈志远", "副市长 刘海涛"]
# (name, lead department, vice-mayor index, member departments); last year had fourteen, this year ten.
COMMITTEES = [
    ("道路交通安全专业委员会", "公安局", 3, ["交通运输局", "应急管理局", "教育局", "住房和城乡建设局"]),
    (
        "消防安全专业委员会",
        "消防救援大队",
        3,
        ["应急管理局", "住房和城乡建设局", "市场监督管理局", "文化广电旅游体育局", "教育局"],
    ),
    ("建设施工安全专业委员会", "住房和城乡建设局", 2, ["应急管理局", "交通运输局", "自然资源和规划局", "城市管理局"]),
    ("危险化学品安全专业委员会", "应急管理局", 0, ["公安局", "交通运输局", "市场监督管理局", "经济和信息化局"]),
    ("工矿商贸安全专业委员会", "经济和信息化局", 0, ["应急管理局", "市场监督管理局", "自然资源和规划局"]),
    ("城镇燃气安全专业委员会", "城市管理局", 2, ["住房和城乡建设局", "市场监督管理局", "应急管理局", "消防救援大队"]),
    ("交通运输安全专业委员会", "交通运输局", 3, ["公安局", "应急管理局", "水利局"]),
    ("特种设备安全专业委员会", "市场监督管理局", 1, ["住房和城乡建设局", "教育局", "文化广电旅游体育局"]),
    ("文化旅游安全专业委员会", "文化广电旅游体育局", 1, ["公安局", "消防救援大队", "市场监督管理局"]),
]
THIS_YEAR_ONLY = [
    ("自然灾害防治专业委员会", "自然资源和规划局", 4, ["应急管理局", "水利局", "农业农村局", "住房和城乡建设局"]),
]
LAST_YEAR_ONLY = [
    ("地质灾害防治专业委员会", "自然资源和规划局", 4, ["应急管理局", "住房和城乡建设局"]),
    ("防汛抗旱专业委员会", "水利局", 4, ["应急管理局", "农业农村局", "城市管理局"]),
    ("校园安全专业委员会", "教育局", 1, ["公安局", "市场监督管理局", "消防救援大队"]),
    ("农业农村安全专业委员会", "农业农村局", 4, ["应急管理局", "交通运输局"]),
    ("水上交通安全专业委员会", "交通运输局", 3, ["公安局", "水利局", "文化广电旅游体育局"]),
]
BRANDS = ["华兴", "恒达", "鑫源", "永盛", "宏达", "金鼎", "瑞丰", "天成", "佳和", "安泰", "博远", "隆昌"]
TRADES = [
    "五金制品有限公司",
    "纺织有限公司",
    "新型建材有限公司",
    "食品有限公司",
    "物流有限公司",
    "机械制造有限公司",
    "包装材料有限公司",
    "木业有限公司",
    "塑业有限公司",
    "电器有限公司",
]
CITY_LEADERS = [MAYOR, *VICE, "市政府秘书长 孙伟", "市应急管理局局长 王建军"]
INTERVIEW_REASONS = [
    (
        "发生一般生产安全事故，事故暴露出企业安全管理制度不落实",
        "企业主要负责人作出书面整改承诺，一个月内完成全员安全培训",
    ),
    ("重大事故隐患逾期未整改", "责令立即停止相关作业，限期整改到位，纳入挂牌督办"),
    ("安全生产主体责任落实不到位，隐患反复出现", "企业建立隐患自查自改台账，镇街每周复查"),
    ("有限空间作业未执行审批制度", "组织专项培训，配备气体检测仪和应急救援器材"),
    ("电气焊作业人员无证上岗", "清退无证人员，落实动火作业审批"),
    ("“三合一”场所住人问题整改不彻底", "搬离住宿人员，设置防火分隔，镇街跟踪销号"),
]
ACCIDENTS = {
    Accident.Kind.ROAD: [
        ("{t}境内省道{n}公里处", "一辆重型货车与一辆电动自行车发生碰撞，造成电动自行车驾驶人死亡"),
        ("{t}{v}村道交叉口", "一辆小型面包车与三轮摩托车相撞，致三轮车驾驶人受伤后经抢救无效死亡"),
    ],
    Accident.Kind.FIRE: [
        ("{t}{v}一居民自建房", "一层电动自行车充电时起火，火势蔓延至二层住人区域"),
        ("{t}{v}一沿街商铺", "店内电气线路老化短路引发火灾"),
    ],
    Accident.Kind.CONSTRUCTION: [
        ("{t}安置房项目工地", "作业人员在拆除脚手架时未系安全带，从约12米高处坠落"),
        ("{t}道路改造工程", "沟槽开挖时边坡坍塌，一名作业人员被掩埋"),
    ],
    Accident.Kind.INDUSTRY: [
        ("临江{b}机械制造有限公司", "员工在冲压作业时手部被卷入设备，伤势过重死亡"),
        ("临江{b}五金制品有限公司", "抛光车间员工清理设备时触电"),
    ],
    Accident.Kind.GAS: [("{t}{v}一餐饮店", "液化石油气钢瓶连接软管老化泄漏，遇明火发生爆炸")],
    Accident.Kind.OTHER: [
        ("{t}{v}污水处理池", "两名人员未经检测进入污水池清理作业，发生中毒窒息"),
        ("{t}河道采砂点", "采砂作业人员落水溺亡"),
    ],
}
# Accidents per kind: (last year in all, this year to date)
ACCIDENT_COUNTS = {
    Accident.Kind.ROAD: (12, 8),
    Accident.Kind.FIRE: (4, 2),
    Accident.Kind.CONSTRUCTION: (3, 3),
    Accident.Kind.INDUSTRY: (4, 3),
    Accident.Kind.GAS: (1, 0),
    Accident.Kind.OTHER: (2, 1),
}
LOSS = {
    Accident.Kind.ROAD: (50, 300),
    Accident.Kind.FIRE: (20, 500),
    Accident.Kind.CONSTRUCTION: (500, 1500),
    Accident.Kind.INDUSTRY: (300, 1200),
    Accident.Kind.GAS: (3500, 3500),
    Accident.Kind.OTHER: (200, 800),
}
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# --- Complaints, incidents and investments (issue 15) ------------------------------------------------------
# Their own random stream, so that adding them changes none of the records above.
LEDGER_SEED = SEED + 15
# (sector code, subject)
COMPLAINT_SUBJECTS = [
    ("fire", "举报沿街商铺“三合一”住人"),
    ("fire", "举报小区消防通道被占用、消防设施损坏"),
    ("industry_trade", "举报企业违规动火作业、电焊工无证上岗"),
    ("industry_trade", "举报企业有限空间作业未审批"),
    ("construction", "举报建筑工地脚手架搭设不规范"),
    ("town_gas", "举报餐饮店违规使用液化石油气钢瓶"),
    ("hazardous_chemicals", "举报无证储存经营危险化学品"),
    ("self_built_housing", "举报自建房违规加层改建"),
    ("road_traffic", "举报渣土车超载、抛洒"),
    ("other", "举报烟花爆竹非法储存销售"),
]
REWARDS_YUAN = [500, 1000, 2000, 3000, 5000]
# (kind, place, description)
INCIDENTS = [
    ("gas_leak", "{t}道路改造施工点", "施工机械挖断中压燃气管道，造成燃气泄漏，燃气公司及时关阀抢修"),
    ("fire", "{t}{v}一处荒草地", "村民焚烧秸秆引燃荒草，无财产损失"),
    ("fire", "{t}{v}一辆停放的电动自行车", "电动自行车电池自燃，及时扑灭"),
    ("drowning", "{t}{v}水塘", "一名村民在水塘边垂钓时不慎落水"),
    ("natural", "{t}{v}山体边坡", "强降雨引发小型山体滑坡，提前转移群众"),
    ("traffic", "{t}{v}乡村道路", "一辆农用车侧翻至路边沟渠，驾驶人轻伤"),
]
# (project, sector code, amount in 万元, work done, quantity, unit): the city's own projects each year.
CITY_INVESTMENTS = [
    ("道路安防设施升级改造工程", "road_traffic", 3081, "道路安防设施升级改造", 429, "公里"),
    ("应急云广播建设", "other", 4500, "应急云广播前端点位", 9305, "个"),
    ("城镇老旧燃气管网更新改造", "town_gas", 1260, "老旧燃气管网改造", 86, "公里"),
    ("居民自建房安全隐患整治", "self_built_housing", 820, "", None, ""),
    ("危险化学品安全风险监测预警系统", "hazardous_chemicals", 356.5, "", None, ""),
]
