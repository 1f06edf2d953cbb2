"""The demo city's matching records (see rainforest.demo.areas): the census's 1,460 achievements of the
city's 12 universities and institutes (山西农业大学, the `university` demo user's, owning the largest share),
written as techniques in the city's industries; about 120 technology demands of demo firms written in
plain business words, as firms state a problem; and a handful of deals in each open state.

One pair is written on purpose: the `enterprise` demo user's firm has demand XQ-2025-0001 (油缸漏油, in a
firm's words) whose right answer is achievement CG-2025-0001 (液压缸往复密封, in a laboratory's words), the
match the engine must find at the top. Signed deals need a registered technology contract, which the
technology market's area builds after this one: this area opens deals and leaves signing to the records.

Achievements are kept by universities (organisations, never wiped) and are this area's root; demands hang
off demo firms and deals off both, so the wipe follows them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from django.db import models

from rainforest.core.choices import OrganisationKind, TechField
from rainforest.core.models import Organisation, User
from rainforest.demo.bulk import Rows, insert
from rainforest.enterprises.models import Enterprise
from rainforest.matching.choices import (
    AchievementStatus,
    CityIndustry,
    DealStatus,
    DemandStatus,
    TransferMode,
)
from rainforest.matching.models import Achievement, Deal, DealEvent, Demand
from rainforest.talent.models import ResearchTeam, TechManager

ROOTS: tuple[type[models.Model], ...] = (Achievement,)

ACHIEVEMENTS = 1460  # the census (seed S36)
DEMANDS = 120
UNIVERSITY = "山西农业大学"  # the `university` demo user's institution
UNIVERSITY_SHARE = 0.3
PAIR_ACHIEVEMENT = "CG-2025-0001"
PAIR_DEMAND = "XQ-2025-0001"

I = CityIndustry  # noqa: E741
F = TechField

# One technique per row: (name, keywords, discipline, high-tech field, method, effect, use). Titles and
# abstracts are composed from them (below) in a laboratory's words.
Core = tuple[str, tuple[str, ...], str, str, str, str, str]
CORES: dict[str, tuple[Core, ...]] = {
    I.CARBON_MATERIALS: (
        ("碳纤维增强热塑性复合材料", ("碳纤维", "热塑性树脂", "复合材料", "模压成型"), "材料科学与工程", F.NEW_MATERIALS,
         "采用连续碳纤维预浸带与聚酰胺树脂原位浸渍、快速模压成型工艺", "制件拉伸强度提高约30%，成型周期缩短至5分钟以内", "汽车与农机的轻量化结构件"),
        ("煤系针状焦", ("针状焦", "煤焦油沥青", "中间相", "延迟焦化"), "化学/化学工程与技术", F.NEW_MATERIALS,
         "以煤焦油沥青为原料，经溶剂萃取净化、中间相调控和延迟焦化", "产品热膨胀系数低于1.2×10⁻⁶/℃，真密度达2.13 g/cm³", "超高功率石墨电极和人造石墨负极"),
        ("石墨烯高导热膜", ("石墨烯", "导热膜", "热导率", "石墨化"), "材料科学与工程", F.NEW_MATERIALS,
         "以氧化石墨烯浆料刮涂成膜，经低温还原与2800℃石墨化处理", "面内热导率超过1500 W/(m·K)，可弯折万次不失效", "电子产品、LED照明和电源模块的热管理"),
        ("煤基颗粒活性炭", ("活性炭", "物理活化", "比表面积", "吸附"), "化学/化学工程与技术", F.RESOURCES_ENVIRONMENT,
         "以无烟煤为原料，采用配煤成型、炭化和水蒸气活化一体化工艺", "比表面积超过1200 m²/g，碘吸附值高于1000 mg/g", "有机废气治理、饮用水深度处理和溶剂回收"),
        ("煤矸石烧结多孔陶瓷", ("煤矸石", "多孔陶瓷", "固废资源化", "烧结"), "材料科学与工程", F.RESOURCES_ENVIRONMENT,
         "以煤矸石为主要原料，添加造孔剂低温烧结", "气孔率45%以上，抗压强度大于20 MPa，固废掺量超过70%", "保温建材、过滤介质和园林透水砖"),
        ("硅碳复合负极材料", ("硅碳负极", "锂离子电池", "比容量", "循环稳定性"), "材料科学与工程", F.NEW_ENERGY,
         "以纳米硅与沥青基碳包覆复合，喷雾造粒后碳化", "首次库仑效率达88%，500次循环容量保持率90%以上", "动力电池和储能电池"),
        ("激光熔覆耐磨涂层", ("激光熔覆", "耐磨涂层", "硬度", "再制造"), "材料科学与工程", F.ADVANCED_MANUFACTURING,
         "在零件表面激光熔覆铁基合金与碳化钨复合涂层", "表面硬度达到HRC60以上，耐磨性为基体的5倍", "液压支架立柱、轧辊和农机刀具的修复强化"),
        ("高强韧球墨铸铁", ("球墨铸铁", "球化处理", "等温淬火", "力学性能"), "冶金工程", F.NEW_MATERIALS,
         "优化球化孕育工艺并采用等温淬火热处理", "抗拉强度1000 MPa以上，延伸率保持8%", "齿轮、曲轴和液压阀体铸件"),
        ("粉末冶金结构件近净成形", ("粉末冶金", "近净成形", "温压", "烧结硬化"), "冶金工程", F.ADVANCED_MANUFACTURING,
         "采用温压成形与烧结硬化一体化工艺", "密度达7.3 g/cm³，免去后续切削加工", "汽车和液压泵的齿轮、链轮等结构件"),
        ("反应烧结碳化硅陶瓷", ("碳化硅", "反应烧结", "耐磨陶瓷", "密封环"), "材料科学与工程", F.NEW_MATERIALS,
         "以碳化硅微粉和炭黑为原料，渗硅反应烧结", "致密度99%，耐磨性和耐腐蚀性显著优于氧化铝陶瓷", "机械密封环、脱硫喷嘴和耐磨内衬"),
    ),
    I.HYDRAULICS: (
        ("液压齿轮泵低噪声设计", ("齿轮泵", "困油", "流量脉动", "噪声"), "机械工程", F.ADVANCED_MANUFACTURING,
         "建立困油压力与流量脉动模型，优化卸荷槽结构和齿形修形", "额定工况噪声降低4-6 dB(A)，容积效率提高3%", "工程机械和农机液压系统"),
        ("电液比例多路阀", ("比例阀", "多路阀", "电液控制", "滞环"), "控制科学与工程", F.ADVANCED_MANUFACTURING,
         "采用先导式比例电磁铁与阀芯位移闭环控制", "滞环小于3%，响应时间小于60 ms", "挖掘机、装载机和高空作业平台"),
        ("液压系统油液在线监测与故障诊断", ("故障诊断", "油液监测", "振动信号", "预测性维护"), "控制科学与工程", F.ADVANCED_MANUFACTURING,
         "融合油液颗粒度、温度压力和振动信号，建立深度学习故障识别模型", "典型故障识别准确率超过95%，提前预警时间达到72小时", "液压站、压机和工程机械"),
        ("负载敏感液压系统节能", ("负载敏感", "节能", "能量回收", "变量泵"), "机械工程", F.NEW_ENERGY,
         "采用负载敏感变量泵与动臂势能回收回路", "整机油耗降低12%-18%", "挖掘机、装载机等工程机械"),
        ("铸件凝固过程数值模拟与工艺优化", ("铸造", "数值模拟", "缩孔缩松", "浇注系统"), "机械工程", F.ADVANCED_MANUFACTURING,
         "以凝固模拟预测缩孔缩松位置，优化浇注与补缩系统", "铸件内部缺陷率降低60%，工艺出品率提高8%", "阀体、泵壳等复杂铸件"),
        ("数控机床热误差建模与补偿", ("热误差", "误差补偿", "数控机床", "加工精度"), "机械工程", F.ADVANCED_MANUFACTURING,
         "布置温度测点建立主轴热伸长模型并实时补偿", "连续加工8小时的尺寸漂移由25 μm降至5 μm以内", "精密零件批量加工"),
        ("细纱机断头检测与智能控制", ("细纱机", "断头检测", "单锭监测", "智能控制"), "纺织科学与工程", F.ADVANCED_MANUFACTURING,
         "采用单锭电磁传感与边缘计算实时识别断头", "断头识别率99%，挡车工巡回距离减少40%", "棉纺企业的细纱工序"),
        ("农机北斗自动导航作业", ("自动导航", "北斗定位", "路径规划", "农机"), "农业工程", F.ELECTRONIC_INFO,
         "基于北斗RTK定位与电液转向控制实现直线和地头自动转弯", "直线作业偏差小于2.5 cm", "播种、植保和收获作业"),
        ("焊接机器人焊缝视觉跟踪", ("焊接机器人", "焊缝跟踪", "激光视觉", "自适应"), "控制科学与工程", F.ADVANCED_MANUFACTURING,
         "以激光结构光实时测量焊缝位置和坡口尺寸，自适应修正焊枪轨迹", "跟踪精度±0.3 mm，一次焊接合格率98%", "液压缸筒、工程机械结构件的焊接"),
        ("重载齿轮传动抗疲劳设计", ("齿轮传动", "接触疲劳", "齿面强化", "寿命预测"), "机械工程", F.ADVANCED_MANUFACTURING,
         "建立齿面接触疲劳寿命模型并配合喷丸强化和齿形修形", "齿轮箱设计寿命提高40%", "矿山机械、减速机"),
    ),
    I.TCM: (
        ("黄芪多糖提取纯化", ("黄芪", "多糖", "超滤", "大孔树脂"), "中医学/中药学", F.BIO_MEDICINE,
         "采用酶辅助提取、超滤膜分离和大孔树脂纯化", "多糖纯度达到90%以上，收率提高25%", "免疫调节类保健食品和中药制剂"),
        ("连翘叶茶加工与质量标准", ("连翘", "连翘叶", "连翘酯苷", "质量标准"), "中医学/中药学", F.BIO_MEDICINE,
         "优化杀青、揉捻和干燥工艺，建立连翘酯苷含量测定方法", "产品连翘酯苷含量稳定在6%以上", "代用茶和药食同源产品"),
        ("中药配方颗粒制备工艺", ("配方颗粒", "标准汤剂", "喷雾干燥", "特征图谱"), "药学", F.BIO_MEDICINE,
         "以标准汤剂为对照，优化提取浓缩、喷雾干燥和干法制粒参数", "颗粒与标准汤剂的特征图谱相似度大于0.9", "中药配方颗粒生产"),
        ("经典名方复方制剂开发", ("经典名方", "复方制剂", "物质基准", "工艺研究"), "药学", F.BIO_MEDICINE,
         "依据古籍记载考证处方剂量，开展物质基准和制剂工艺研究", "完成关键质量属性研究和中试放大", "医疗机构制剂和新药申报"),
        ("党参规范化种植", ("党参", "规范化种植", "种苗繁育", "农残控制"), "中医学/中药学", F.BIO_MEDICINE,
         "建立种苗分级、测土配方施肥和病虫害绿色防控技术规程", "亩产提高20%，有效成分达到药典标准", "道地药材种植基地"),
        ("中药饮片炮制工艺标准化", ("炮制", "中药饮片", "工艺参数", "质量控制"), "中医学/中药学", F.BIO_MEDICINE,
         "以指标成分和色度值为依据量化炒制温度与时间", "批间含量差异由20%降至5%以内", "饮片生产企业"),
        ("中药指纹图谱质量控制", ("指纹图谱", "HPLC", "质量控制", "一致性评价"), "药学", F.BIO_MEDICINE,
         "建立HPLC指纹图谱结合化学计量学的评价方法", "可区分不同产地和批次药材", "中药材收购、中成药生产的质量控制"),
        ("远志皂苷提取与脱毒", ("远志", "皂苷", "脱毒", "提取工艺"), "中医学/中药学", F.BIO_MEDICINE,
         "采用梯度醇提与碱水解脱毒工艺", "皂苷得率提高30%，刺激性成分去除率超过85%", "安神益智类制剂"),
        ("中药渣资源化利用", ("中药渣", "资源化", "有机肥", "发酵"), "环境科学与工程", F.RESOURCES_ENVIRONMENT,
         "以复合菌剂好氧发酵中药渣制备生物有机肥", "发酵周期缩短至15天，有机质含量超过45%", "中药企业废渣处置和药材种植"),
        ("酸枣仁安神活性成分研究", ("酸枣仁", "斯皮诺素", "安神", "活性成分"), "药学", F.BIO_MEDICINE,
         "以活性追踪分离酸枣仁中的黄酮碳苷和皂苷", "明确了改善睡眠的有效部位及其剂量", "助眠保健食品和中药新药"),
    ),
    I.AGRI_PROCESSING: (
        ("谷子抗旱高产品种选育", ("谷子", "抗旱", "分子标记", "品种选育"), "作物学", F.BIO_MEDICINE,
         "利用分子标记辅助选择聚合抗旱和高产性状", "新品系旱地亩产提高15%", "旱作区谷子种植"),
        ("设施番茄水肥一体化", ("水肥一体化", "设施蔬菜", "滴灌", "精准施肥"), "园艺学", F.RESOURCES_ENVIRONMENT,
         "依据作物需肥规律和土壤墒情制定滴灌水肥方案", "节水35%、节肥30%，产量提高12%", "日光温室蔬菜生产"),
        ("苹果采后保鲜与冷链贮运", ("采后保鲜", "1-MCP", "气调贮藏", "冷链"), "食品科学与工程", F.BIO_MEDICINE,
         "结合1-MCP处理、气调贮藏和预冷工艺", "贮藏期延长至8个月，好果率95%以上", "苹果、梨等水果的贮运销售"),
        ("杂粮挤压膨化加工", ("杂粮", "挤压膨化", "即食", "质构改良"), "食品科学与工程", F.BIO_MEDICINE,
         "采用双螺杆挤压膨化并调控水分与温度", "产品膨化度提高、口感酥脆，冲调性好", "杂粮早餐粉、即食谷物"),
        ("肉牛高效健康养殖", ("肉牛", "全混合日粮", "饲料配方", "育肥"), "畜牧学/兽医学", F.BIO_MEDICINE,
         "以本地秸秆资源设计全混合日粮并分阶段育肥", "日增重提高18%，饲料成本降低10%", "规模化肉牛养殖场"),
        ("猪流行性腹泻快速检测", ("猪流行性腹泻", "胶体金", "快速检测", "病毒"), "畜牧学/兽医学", F.BIO_MEDICINE,
         "制备单克隆抗体并组装胶体金试纸条", "15分钟出结果，与PCR符合率96%", "养猪场疫病监测"),
        ("果树病虫害绿色防控", ("绿色防控", "生物防治", "性诱剂", "天敌"), "植物保护", F.RESOURCES_ENVIRONMENT,
         "集成性诱剂诱杀、天敌释放和生物农药", "化学农药用量减少50%，防效达85%", "苹果、梨、葡萄园"),
        ("盐碱地土壤改良", ("土壤改良", "盐碱地", "有机物料", "脱盐"), "农业资源利用", F.RESOURCES_ENVIRONMENT,
         "施用脱硫石膏与有机物料并配合暗管排盐", "耕层含盐量降低40%，作物出苗率提高30%", "盐碱化耕地治理"),
        ("鲜食玉米速冻加工", ("鲜食玉米", "速冻", "漂烫", "保鲜"), "食品科学与工程", F.BIO_MEDICINE,
         "优化漂烫护色与单体速冻工艺", "解冻后甜度和色泽保持率90%以上", "速冻玉米粒和玉米棒生产"),
        ("红枣干制与防褐变", ("红枣", "热泵干燥", "褐变", "品质保持"), "食品科学与工程", F.BIO_MEDICINE,
         "采用分段变温热泵干燥并辅以护色处理", "干燥能耗降低35%，褐变指数下降40%", "红枣干制和枣片加工"),
    ),
    I.GREEN: (
        ("焦化废水深度处理", ("焦化废水", "高级氧化", "生化处理", "COD"), "环境科学与工程", F.RESOURCES_ENVIRONMENT,
         "采用A/O生化与臭氧催化氧化组合工艺", "出水COD低于50 mg/L，吨水处理成本降低20%", "焦化、煤化工企业的废水处理"),
        ("燃煤锅炉低温SCR脱硝", ("SCR", "脱硝", "低温催化剂", "氮氧化物"), "环境科学与工程", F.RESOURCES_ENVIRONMENT,
         "研制锰铈基低温脱硝催化剂并优化喷氨格栅", "180℃下脱硝效率超过90%", "中小型燃煤锅炉和工业窑炉"),
        ("工业余热回收热泵", ("余热回收", "热泵", "换热器", "节能"), "动力工程及工程热物理", F.NEW_ENERGY,
         "以高温热泵提升低品位余热并梯级利用", "回收余热可替代30%以上的蒸汽消耗", "化工、食品和纺织印染企业"),
        ("农村生活污水一体化处理", ("生活污水", "一体化设备", "生物膜", "脱氮除磷"), "环境科学与工程", F.RESOURCES_ENVIRONMENT,
         "采用多级生物膜与人工湿地组合工艺", "出水达到一级A标准，运行能耗低", "农村和景区的分散污水处理"),
        ("畜禽粪污厌氧发酵", ("厌氧发酵", "沼气", "粪污资源化", "沼液还田"), "环境科学与工程", F.NEW_ENERGY,
         "采用高浓度中温厌氧发酵与沼渣沼液分级利用", "产气率提高25%，粪污资源化利用率95%", "规模养殖场和种养结合基地"),
        ("光伏组件清洁运维机器人", ("光伏组件", "清洁机器人", "运维", "发电效率"), "电气工程", F.NEW_ENERGY,
         "研制无水清扫机器人并结合红外热斑巡检", "发电效率提高5%-8%，人工运维成本降低60%", "集中式和屋顶光伏电站"),
        ("矿井水处理与回用", ("矿井水", "膜处理", "回用", "除氟"), "环境科学与工程", F.RESOURCES_ENVIRONMENT,
         "采用混凝沉淀、超滤和反渗透组合处理", "回用率85%，出水满足生产和生活用水要求", "煤矿矿井水处理"),
        ("粉煤灰制备地质聚合物", ("粉煤灰", "地质聚合物", "碱激发", "固废利用"), "材料科学与工程", F.RESOURCES_ENVIRONMENT,
         "以碱激发粉煤灰和矿渣制备地质聚合物胶凝材料", "28天抗压强度超过40 MPa，碳排放比水泥降低60%", "预制构件、路基材料"),
        ("装配式节能复合墙板", ("节能墙体", "复合墙板", "保温", "装配式"), "土木工程", F.NEW_ENERGY,
         "以轻骨料混凝土与保温芯材一次复合成型", "传热系数小于0.4 W/(m²·K)，安装效率提高一倍", "装配式住宅和厂房"),
        ("电机系统变频节能改造", ("变频调速", "电机系统", "节能改造", "能效"), "电气工程", F.NEW_ENERGY,
         "对风机、水泵电机实施变频调速与负荷匹配控制", "节电率达到20%-40%", "工业企业风机水泵系统"),
    ),
    I.IT: (
        ("工业设备预测性维护平台", ("工业互联网", "预测性维护", "边缘计算", "设备健康"), "计算机科学与技术", F.ELECTRONIC_INFO,
         "采集设备运行数据，在边缘侧计算健康指数并云端建模", "非计划停机减少30%", "离散制造企业的关键设备管理"),
        ("机器视觉表面缺陷检测", ("机器视觉", "缺陷检测", "深度学习", "在线检测"), "计算机科学与技术", F.ELECTRONIC_INFO,
         "以工业相机采集图像，小样本深度学习模型识别缺陷", "检出率99%，单件检测时间小于0.2秒", "铸件、钢板、纺织品的质量检测"),
        ("农产品质量安全追溯系统", ("区块链", "质量追溯", "一物一码", "农产品"), "计算机科学与技术", F.ELECTRONIC_INFO,
         "以一物一码和区块链存证记录生产、检测、流通全过程", "追溯信息不可篡改，查询响应小于1秒", "农产品生产企业和合作社"),
        ("井下人员精确定位", ("UWB", "精确定位", "物联网", "安全监测"), "信息与通信工程", F.ELECTRONIC_INFO,
         "采用UWB基站与惯性导航融合定位", "定位精度0.3 m，支持千人同时在线", "煤矿井下和隧道施工"),
        ("中小企业MES与ERP集成", ("MES", "ERP", "数字化车间", "系统集成"), "计算机科学与技术", F.ELECTRONIC_INFO,
         "基于低代码平台实现生产执行与经营管理数据贯通", "订单交付周期缩短20%，库存周转提高25%", "中小制造企业数字化转型"),
        ("智慧农业环境监测物联网", ("物联网", "环境监测", "传感器", "远程控制"), "信息与通信工程", F.ELECTRONIC_INFO,
         "部署温湿度、光照和土壤墒情传感网络并联动卷帘灌溉", "人工巡检减少70%", "温室大棚和果园"),
        ("供热管网智能调控", ("供热管网", "水力平衡", "智能调控", "负荷预测"), "控制科学与工程", F.NEW_ENERGY,
         "以室温采集和负荷预测驱动二次网水力平衡调节", "供热单耗降低10%，用户室温达标率98%", "城市集中供热"),
        ("文旅景区数字化导览", ("数字化", "增强现实", "智慧景区", "导览"), "计算机科学与技术", F.HITECH_SERVICES,
         "以三维重建和增强现实复原古建筑场景", "游客停留时间增加25%", "古城、古村落和博物馆"),
        ("电力负荷短期预测", ("负荷预测", "机器学习", "电力系统", "需求响应"), "电气工程", F.ELECTRONIC_INFO,
         "融合气象与生产计划数据训练集成学习模型", "日前预测误差小于3%", "园区微电网和大用户用电管理"),
        ("工业控制系统安全防护", ("工控安全", "入侵检测", "白名单", "网络安全"), "计算机科学与技术", F.ELECTRONIC_INFO,
         "基于工控协议深度解析和白名单建立入侵检测", "误报率低于1%，不影响控制实时性", "化工、电力和水务的控制系统"),
    ),
    I.FUNCTIONAL_FOOD: (
        ("沙棘黄酮提取与饮料开发", ("沙棘", "黄酮", "果汁饮料", "稳定性"), "食品科学与工程", F.BIO_MEDICINE,
         "采用超声辅助提取黄酮并以复合稳定剂防止沉淀分层", "饮料货架期12个月不分层，黄酮保留率85%", "沙棘饮品和功能食品"),
        ("苦荞降糖功能食品", ("苦荞", "芦丁", "餐后血糖", "低GI"), "食品科学与工程", F.BIO_MEDICINE,
         "以苦荞全粉复配抗性淀粉，控制芦丁降解", "产品GI值低于55", "控糖人群的主食和代餐"),
        ("益生菌发酵果蔬汁", ("益生菌", "乳酸菌", "发酵", "果蔬汁"), "食品科学与工程", F.BIO_MEDICINE,
         "筛选耐酸植物乳杆菌进行复合发酵", "活菌数超过10⁸ CFU/mL，风味柔和", "发酵饮品"),
        ("小米营养强化米制品", ("小米", "营养强化", "米制品", "挤压重组"), "食品科学与工程", F.BIO_MEDICINE,
         "以挤压重组技术添加铁锌和B族维生素", "营养素保留率90%以上，蒸煮品质接近原粮", "营养强化米和婴幼儿辅食"),
        ("燕麦β-葡聚糖提取", ("燕麦", "β-葡聚糖", "降血脂", "酶法提取"), "食品科学与工程", F.BIO_MEDICINE,
         "采用酶法去除淀粉与蛋白后醇沉纯化", "β-葡聚糖纯度达到80%，分子量可控", "降脂功能食品配料"),
        ("老陈醋功能成分与固态发酵", ("食醋", "固态发酵", "川芎嗪", "风味"), "食品科学与工程", F.BIO_MEDICINE,
         "解析醋醅微生物群落并优化控温翻醅工艺", "川芎嗪含量提高35%，发酵周期缩短", "食醋酿造企业"),
        ("药食同源代餐粉", ("药食同源", "代餐", "膳食纤维", "饱腹感"), "食品科学与工程", F.BIO_MEDICINE,
         "以山药、茯苓、薏苡仁等复配膳食纤维和蛋白", "冲调无结块，饱腹时间延长", "体重管理人群"),
        ("低GI杂粮挂面", ("杂粮挂面", "低GI", "面筋网络", "断条率"), "食品科学与工程", F.BIO_MEDICINE,
         "以谷朊粉和亲水胶体强化杂粮面团的面筋网络", "杂粮含量50%时断条率低于5%", "杂粮面制品生产"),
        ("红枣多糖抗氧化制品", ("红枣", "多糖", "抗氧化", "口服液"), "食品科学与工程", F.BIO_MEDICINE,
         "采用超滤与脱色纯化红枣多糖", "DPPH自由基清除率超过80%", "抗氧化口服液和饮品"),
        ("黑枸杞花青素稳定化", ("黑枸杞", "花青素", "微胶囊", "稳定性"), "食品科学与工程", F.BIO_MEDICINE,
         "以微胶囊包埋提高花青素的光热稳定性", "室温存放6个月保留率由40%提高到85%", "天然色素和功能饮品"),
    ),
}  # fmt: skip

PREFIXES = ("", "", "", "低成本", "高效", "绿色", "连续化", "规模化", "新型", "高性能")
SUFFIXES = (
    "技术",
    "关键技术",
    "关键技术及应用",
    "工艺",
    "工艺与装备",
    "技术集成与示范",
    "产业化技术",
    "技术研究",
)
STAGES = (
    "已完成实验室小试",
    "已完成中试验证",
    "已在合作企业示范应用",
    "已建成示范生产线",
    "已形成企业标准",
)

# Which industries each kind of institution works in (the first the most), by a word in its name.
PROFILES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("果树", (I.AGRI_PROCESSING, I.FUNCTIONAL_FOOD)),
    ("农业", (I.AGRI_PROCESSING, I.FUNCTIONAL_FOOD, I.GREEN, I.TCM, I.IT)),
    ("中医药", (I.TCM, I.FUNCTIONAL_FOOD)),
    ("能源", (I.GREEN, I.CARBON_MATERIALS, I.IT)),
    ("信息", (I.IT, I.HYDRAULICS)),
    ("工程", (I.HYDRAULICS, I.CARBON_MATERIALS, I.GREEN)),
    ("职业", (I.HYDRAULICS, I.AGRI_PROCESSING, I.IT)),
    ("师范", (I.IT, I.GREEN, I.CARBON_MATERIALS)),
    ("", (I.CARBON_MATERIALS, I.HYDRAULICS, I.IT, I.GREEN)),
)

# The enterprise demo user's demand and the achievement that answers it, in each side's own words.
PAIR: dict[str, dict[str, Any]] = {
    "achievement": {
        "title": "工程机械液压缸往复密封长寿命组合结构及耐磨密封材料",
        "abstract": (
            "针对液压缸活塞杆往复密封早期磨损、唇口老化导致外泄漏的问题，建立了往复密封摩擦磨损与油膜厚度"
            "计算模型。设计了聚氨酯主密封与填充聚四氟乙烯斯特封组合的多级密封结构，优化了沟槽尺寸和导向带布置，"
            "并研制了耐磨改性聚氨酯密封材料。台架试验表明，密封寿命由50万次提高到200万次以上，"
            "外泄漏量小于0.05 mL/100次。"
        ),
        "keywords": ["液压缸", "往复密封", "组合密封", "聚氨酯", "泄漏", "摩擦磨损"],
        "discipline": "机械工程",
        "field": F.ADVANCED_MANUFACTURING,
        "industry": I.HYDRAULICS,
        "maturity": 7,
        "modes": [TransferMode.LICENSE, TransferMode.CODEVELOPMENT],
        "price": Decimal("800000"),
        "patents": "ZL202210345678.9 一种液压缸用多级组合密封结构",
    },
    "demand": {
        "title": "农机油缸用不久就漏油，返修多",
        "description": (
            "我们厂给拖拉机和收割机配套生产油缸，用户反映用上三五个月就开始漏油、渗油，换了几家的密封件"
            "也不管用，售后返修越来越多。想找到办法让油缸不漏油、用得更久，降低返修率。"
        ),
        "field": F.ADVANCED_MANUFACTURING,
        "industry": I.HYDRAULICS,
        "budget": Decimal("500000"),
    },
}

# Demands in a firm's words: (title, description, industry, high-tech field).
PROBLEMS: tuple[tuple[str, str, str, str], ...] = (
    ("车厢板太重想减重", "我们生产自卸车车厢，车身太重导致油耗高、超载罚款多，想找又轻又结实的板材替代钢板。", I.CARBON_MATERIALS, F.NEW_MATERIALS),
    ("煤焦油卖不上价", "公司焦化副产的煤焦油沥青只能低价外卖，想找能把它做成高附加值产品的技术。", I.CARBON_MATERIALS, F.NEW_MATERIALS),
    ("灯具发热严重", "我们做大功率LED灯，灯体温度太高，光衰快、返修多，想找散热更好的材料或办法。", I.CARBON_MATERIALS, F.NEW_MATERIALS),
    ("车间有机废气有异味", "喷涂车间废气味道大，周边居民投诉，环保检查也过不了，想要投资不大的治理办法。", I.CARBON_MATERIALS, F.RESOURCES_ENVIRONMENT),
    ("煤矸石堆放占地", "矿上煤矸石越堆越多，占地还要交环保税，想找能大量消纳煤矸石做成产品的路子。", I.CARBON_MATERIALS, F.RESOURCES_ENVIRONMENT),
    ("电池充电慢续航短", "我们组装电动三轮车电池，客户嫌充电慢、跑不远，想提升电池容量。", I.CARBON_MATERIALS, F.NEW_ENERGY),
    ("刀具磨损太快", "旋耕机刀片在砂石地里用不了一季就磨秃，客户意见大，想让刀片更耐磨。", I.CARBON_MATERIALS, F.ADVANCED_MANUFACTURING),
    ("铸件强度不够易断", "我们做农机齿轮箱壳体和曲轴，有时出现断裂，想在不大改工艺的情况下提高强度。", I.CARBON_MATERIALS, F.NEW_MATERIALS),
    ("密封环磨损漏水", "水泵上的密封环用不久就磨坏漏水，想找更耐磨耐腐蚀的密封环材料。", I.CARBON_MATERIALS, F.NEW_MATERIALS),
    ("液压泵噪音大", "我们生产的齿轮泵噪音大，主机厂嫌吵，出口也受影响，想降噪。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("挖掘机操作不跟手", "客户反映我们装载机的操纵手柄动作不灵敏、有延迟，想改进控制阀。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("设备突然停机损失大", "液压站经常毫无征兆地坏掉，一停产就是好几天，想提前知道设备什么时候要出问题。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("工程机械油耗高", "我们的小型挖掘机比同行费油，客户算账不划算，想降低油耗。", I.HYDRAULICS, F.NEW_ENERGY),
    ("铸件砂眼气孔多", "阀体铸件加工后常发现砂眼和气孔，废品率高，想找出原因并改进。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("零件加工尺寸不稳", "机床早上和下午加工出来的零件尺寸不一样，精密件合格率低。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("纺纱车间用工多", "细纱车间挡车工招不到人，断头全靠人巡，想减少用工。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("拖拉机作业跑偏", "合作社大面积播种时拖拉机走不直，重播漏播多，想让农机自己开直线。", I.HYDRAULICS, F.ELECTRONIC_INFO),
    ("焊工难招焊缝质量不稳", "油缸筒焊接靠老师傅，人难招，焊缝质量时好时坏。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("减速机齿轮坏得快", "矿用减速机齿轮用不到一年就点蚀损坏，想延长使用寿命。", I.HYDRAULICS, F.ADVANCED_MANUFACTURING),
    ("黄芪产品附加值低", "我们收购的黄芪主要卖原料，利润薄，想开发提取物产品。", I.TCM, F.BIO_MEDICINE),
    ("连翘叶浪费", "基地每年剪下大量连翘叶没用上，想做成能卖的产品。", I.TCM, F.BIO_MEDICINE),
    ("颗粒剂批次不稳定", "我们生产的中药颗粒每批颜色和含量差别大，药监抽检有风险。", I.TCM, F.BIO_MEDICINE),
    ("党参产量低品质差", "合作社种的党参个头小、卖不上价，想提高产量和品质。", I.TCM, F.BIO_MEDICINE),
    ("饮片炒制全凭经验", "饮片炒制靠老师傅看火候，每批质量不一样，想把工艺定下来。", I.TCM, F.BIO_MEDICINE),
    ("药材真假难分", "收购药材时分不清产地和掺假，吃过亏，想有快速鉴别的办法。", I.TCM, F.BIO_MEDICINE),
    ("提取后药渣难处理", "厂里每天产生几十吨药渣，拉走处理费用高，想变废为宝。", I.TCM, F.RESOURCES_ENVIRONMENT),
    ("想做助眠产品", "公司想开发一款帮助睡眠的保健食品，需要有依据的配方和原料。", I.TCM, F.BIO_MEDICINE),
    ("谷子旱年减产", "山区种的谷子一遇干旱就减产，想要更抗旱的好品种。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("大棚用水用肥多", "温室番茄浇水施肥凭感觉，肥料花钱多，果子品质还不稳定。", I.AGRI_PROCESSING, F.RESOURCES_ENVIRONMENT),
    ("苹果放不住烂得多", "冷库里的苹果放到春节后就开始发面、烂果，损失大。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("杂粮产品口感差", "我们的杂粮粉冲出来有颗粒、口感粗，年轻人不爱吃。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("养牛成本高长得慢", "牛场饲料越来越贵，牛长得慢，出栏周期长，想降成本。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("猪场拉稀死猪多", "冬季猪场仔猪拉稀，发现晚了死亡多，想能尽早查出病因。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("果园虫害打药多", "果园一年要打十几遍药，成本高，出口还怕农残超标。", I.AGRI_PROCESSING, F.RESOURCES_ENVIRONMENT),
    ("地块返碱出苗差", "承包的地有一片返碱，种啥都出苗不好，想把地改良好。", I.AGRI_PROCESSING, F.RESOURCES_ENVIRONMENT),
    ("玉米冻了不好吃", "速冻玉米解冻后发硬不甜，颜色也发暗，客户退货。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("红枣烘干发黑", "红枣烘干后颜色发黑、耗电多，想改进烘干方法。", I.AGRI_PROCESSING, F.BIO_MEDICINE),
    ("焦化废水排放不达标", "厂里废水处理后化学需氧量还是超标，环保压力大。", I.GREEN, F.RESOURCES_ENVIRONMENT),
    ("锅炉烟气氮氧化物超标", "厂里燃煤锅炉排放的氮氧化物超标，要求限期整改。", I.GREEN, F.RESOURCES_ENVIRONMENT),
    ("车间热量白白浪费", "烘干车间排出的热风温度很高，白白浪费，蒸汽费用却很高。", I.GREEN, F.NEW_ENERGY),
    ("村里污水没处理", "我们承接乡村污水治理项目，需要占地小、好维护的处理设备。", I.GREEN, F.RESOURCES_ENVIRONMENT),
    ("养殖场粪便处理难", "养殖场粪污处理不了，周边有异味，想变废为宝。", I.GREEN, F.NEW_ENERGY),
    ("光伏板脏了发电少", "屋顶光伏板落灰多，发电量下降，人工清洗又贵又危险。", I.GREEN, F.NEW_ENERGY),
    ("矿井水外排浪费", "矿上每天外排大量矿井水，同时生产用水还要买，想处理后自己用。", I.GREEN, F.RESOURCES_ENVIRONMENT),
    ("电厂灰渣没销路", "电厂粉煤灰堆积，想找能大量用掉它的建材产品。", I.GREEN, F.RESOURCES_ENVIRONMENT),
    ("厂房冬天冷夏天热", "新建厂房保温效果差，冬季采暖费用高，想用更保温又好装的墙板。", I.GREEN, F.NEW_ENERGY),
    ("电费太高", "厂里风机水泵多，常年满负荷运转，电费占成本比重太大。", I.GREEN, F.NEW_ENERGY),
    ("设备坏了才修", "我们车间设备多，总是坏了才修，想用数据提前发现问题。", I.IT, F.ELECTRONIC_INFO),
    ("产品外观靠人眼挑", "铸件表面缺陷全靠工人看，漏检多、人又累。", I.IT, F.ELECTRONIC_INFO),
    ("客户要查产品来源", "超市要求我们的小米能查到种植和加工全过程。", I.IT, F.ELECTRONIC_INFO),
    ("井下找人难", "井下出了情况不能马上知道人在哪里，安全管理有隐患。", I.IT, F.ELECTRONIC_INFO),
    ("生产计划乱库存多", "订单一多生产就乱，库存积压和缺料同时存在。", I.IT, F.ELECTRONIC_INFO),
    ("大棚管理靠人跑", "几十个大棚每天要人挨个去看温度、开关风口，人手不够。", I.IT, F.ELECTRONIC_INFO),
    ("小区有的热有的冷", "供热公司收到很多投诉，有的楼太热开窗，有的楼不达标。", I.IT, F.NEW_ENERGY),
    ("景区游客看不懂", "古城景区游客走马观花，留不住人，想让讲解更吸引人。", I.IT, F.HITECH_SERVICES),
    ("用电超需量罚款", "园区经常用电超过申报需量被罚款，想提前预判负荷。", I.IT, F.ELECTRONIC_INFO),
    ("控制系统怕被攻击", "厂里控制系统联网后担心被病毒攻击停产。", I.IT, F.ELECTRONIC_INFO),
    ("沙棘饮料沉淀分层", "我们的沙棘汁放一段时间就沉淀分层，经销商退货。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("想做控糖主食", "公司想开发适合糖尿病人吃的主食产品。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("果蔬汁想做发酵款", "想在果蔬汁产品线上增加发酵饮品，但不懂菌种和工艺。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("小米卖不上价", "我们的小米品质好但只能按原粮卖，想做营养更好的深加工产品。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("燕麦产品同质化", "燕麦片同质化严重，想开发有功能宣称的配料和产品。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("陈醋发酵周期长", "醋厂发酵周期长、每批风味不一样，想缩短周期稳定品质。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("代餐粉冲不开", "我们的代餐粉冲调时结块，饱腹感也不够。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("杂粮面条容易断", "杂粮面条一煮就断、浑汤，杂粮一多就做不成。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
    ("枸杞饮品褪色", "黑枸杞饮品见光就褪色，颜色不好看影响销量。", I.FUNCTIONAL_FOOD, F.BIO_MEDICINE),
)  # fmt: skip

OPENERS = ("", "我公司", "我们是一家中小企业，", "企业现状：", "")
CLOSERS = (
    "",
    "希望与高校合作解决。",
    "可以合作开发或购买技术。",
    "预算可以商量，希望尽快落地。",
    "欢迎有相关成果的团队联系。",
)


def _owners() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY).order_by("pk"))


def _profile(organisation: Organisation) -> tuple[str, ...]:
    for word, industries in PROFILES:
        if word in organisation.name:
            return industries
    return PROFILES[-1][1]


def _shares(rng: Random, owners: list[Organisation], total: int) -> list[tuple[Organisation, int]]:
    """How many achievements each institution owns: the university demo user's a good share (30%), the
    others by a weight drawn once, adding up to `total`."""
    main = next((o for o in owners if o.name == UNIVERSITY), owners[0])
    rest = [o for o in owners if o != main]
    main_count = round(total * UNIVERSITY_SHARE) if rest else total
    weights = [rng.uniform(0.5, 2.0) for _ in rest]
    left = total - main_count
    counts = [int(left * w / sum(weights)) for w in weights] if rest else []
    for index in range(left - sum(counts)):
        counts[index % len(counts)] += 1
    return [(main, main_count), *zip(rest, counts, strict=True)]


def _abstract(rng: Random, core: Core) -> str:
    _name, keywords, _discipline, _field, method, effect, use = core
    sentences = [
        f"本成果面向{use}，{method}。",
        f"{rng.choice(('试验表明', '经检测', '应用结果显示', '与传统工艺相比'))}，{effect}。",
    ]
    if rng.random() < 0.7:
        offer = rng.choice(
            ("可提供技术许可和中试支持", "可与企业合作开发", "适合中小企业技术改造", "可提供成套工艺包")
        )
        sentences.append(f"{rng.choice(STAGES)}，{offer}。")
    if rng.random() < 0.3:
        sentences.append(f"围绕{keywords[0]}和{keywords[-1]}形成了成套技术，具备转化条件。")
    return "".join(sentences)


def _achievement_rows(rng: Random, as_of: date) -> list[Any]:
    owners = _owners()
    if not owners:
        return []
    teams: dict[int, list[ResearchTeam]] = {}
    for research_team in ResearchTeam.objects.order_by("pk"):
        teams.setdefault(research_team.organisation_id, []).append(research_team)
    make = Rows(Achievement)
    rows: list[Any] = []
    pair_owner = next((o for o in owners if "晋中学院" in o.name), owners[0])
    rows.append(
        make(
            owner_id=pair_owner.pk,
            number=PAIR_ACHIEVEMENT,
            title=PAIR["achievement"]["title"],
            abstract=PAIR["achievement"]["abstract"],
            keywords=PAIR["achievement"]["keywords"],
            discipline=PAIR["achievement"]["discipline"],
            field=PAIR["achievement"]["field"],
            industry=PAIR["achievement"]["industry"],
            maturity=PAIR["achievement"]["maturity"],
            transfer_modes=list(PAIR["achievement"]["modes"]),
            expected_price=PAIR["achievement"]["price"],
            team_text="液压传动与密封技术团队",
            patents=PAIR["achievement"]["patents"],
            published_on=date(2025, 3, 18),
            status=AchievementStatus.ACTIVE,
            updated_at=_moment(as_of),
        )
    )
    titles = {rows[0].title}
    shares = _shares(rng, owners, ACHIEVEMENTS - 1)
    sequence = {year: 0 for year in range(2019, as_of.year + 1)}
    sequence[2025] = 1
    for owner, count in shares:
        profile = _profile(owner)
        for _n in range(count):
            industry = profile[0] if rng.random() < 0.5 else rng.choice(profile)
            core = rng.choice(CORES[industry])
            prefix = "" if core[0][0] in "高低新" else rng.choice(PREFIXES)
            title = f"{prefix}{core[0]}{rng.choice(SUFFIXES)}"
            while title in titles:
                title = f"{rng.choice(PREFIXES[3:])}{core[0]}{rng.choice(SUFFIXES)}"
                if title in titles:
                    title = f"{title}（{rng.choice(('二期', '改进型', '示范版', '升级版'))}）"
            titles.add(title)
            published = as_of - timedelta(days=rng.randrange(30, 365 * 6))
            sequence[published.year] += 1
            own_teams = teams.get(owner.pk, [])
            team: ResearchTeam | None = rng.choice(own_teams) if own_teams and rng.random() < 0.6 else None
            keywords = list(core[1])
            rng.shuffle(keywords)
            keywords = keywords[: rng.randint(3, len(keywords))]
            modes = sorted(rng.sample(list(TransferMode.values), rng.randint(1, 3)))
            maturity = min(9, max(2, round(rng.gauss(5.5, 1.5))))
            rows.append(
                make(
                    owner_id=owner.pk,
                    number=f"CG-{published.year}-{sequence[published.year]:04d}",
                    title=title,
                    abstract=_abstract(rng, core),
                    keywords=keywords,
                    discipline=core[2],
                    field=core[3],
                    industry=industry,
                    maturity=maturity,
                    transfer_modes=modes,
                    expected_price=(None if rng.random() < 0.35 else Decimal(rng.randrange(5, 600) * 10_000)),
                    team_id=team.pk if team else None,
                    team_text=team.name if team else "",
                    patents=(
                        f"ZL{published.year - rng.randint(1, 3)}10{rng.randrange(10**6, 10**7)}.{rng.randint(0, 9)}"
                        if rng.random() < 0.55
                        else ""
                    ),
                    published_on=published,
                    status=AchievementStatus.WITHDRAWN if rng.random() < 0.04 else AchievementStatus.ACTIVE,
                    updated_at=_moment(as_of),
                )
            )
    return rows


def _moment(day: date) -> Any:
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _own_firm() -> Enterprise | None:
    user = User.objects.filter(username="enterprise").select_related("organisation").first()
    code = user.organisation.credit_code if user and user.organisation else ""
    return Enterprise.objects.filter(credit_code=code).first() if code else None


def _demand_rows(rng: Random, as_of: date) -> list[Any]:
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:3000])
    if not firms:
        return []
    make = Rows(Demand)
    rows: list[Any] = []
    own = _own_firm()
    if own is not None:
        rows.append(
            make(
                enterprise_id=own.pk,
                number=PAIR_DEMAND,
                title=PAIR["demand"]["title"],
                description=PAIR["demand"]["description"],
                field=PAIR["demand"]["field"],
                industry=PAIR["demand"]["industry"],
                budget=PAIR["demand"]["budget"],
                deadline=date(2025, 12, 31),
                published_on=date(2025, 4, 15),
                status=DemandStatus.OPEN,
                updated_at=_moment(as_of),
            )
        )
    chosen = rng.sample(firms, min(len(firms), DEMANDS))
    for n in range(DEMANDS - len(rows)):
        title, description, industry, field = PROBLEMS[n % len(PROBLEMS)]
        if n >= len(PROBLEMS):
            title = f"{title}（{rng.choice(('急', '长期', '二期', '扩产'))}）"
        text = f"{rng.choice(OPENERS)}{description}{rng.choice(CLOSERS)}"
        published = as_of - timedelta(days=rng.randrange(10, 540))
        deadline = published + timedelta(days=rng.choice((90, 180, 365)))
        rows.append(
            make(
                enterprise_id=chosen[n % len(chosen)],
                number=f"XQ-{published.year}-{n + 2:04d}",
                title=title,
                description=text,
                field=field,
                industry=industry,
                budget=None if rng.random() < 0.3 else Decimal(rng.randrange(5, 300) * 10_000),
                deadline=deadline if rng.random() < 0.8 else None,
                published_on=published,
                status=(
                    DemandStatus.CLOSED if deadline < as_of and rng.random() < 0.5 else DemandStatus.OPEN
                ),
                updated_at=_moment(as_of),
            )
        )
    return rows


def _deals(rng: Random, as_of: date, demands: list[Demand], achievements: list[Achievement]) -> int:
    """Deals between demands and achievements of the same industry: some contacted, some negotiating,
    some dropped (signing needs a registered contract: see the module's docstring)."""
    by_industry: dict[str, list[Achievement]] = {}
    for achievement in achievements:
        if achievement.status == AchievementStatus.ACTIVE and achievement.number != PAIR_ACHIEVEMENT:
            by_industry.setdefault(achievement.industry, []).append(achievement)
    managers = list(TechManager.objects.order_by("pk").values_list("pk", flat=True))
    candidates = [d for d in demands if d.number != PAIR_DEMAND and by_industry.get(d.industry)]
    plan = [DealStatus.CONTACTED] * 5 + [DealStatus.NEGOTIATING] * 5 + [DealStatus.DROPPED] * 3
    deals: list[Any] = []
    events: list[Any] = []
    make, log = Rows(Deal), Rows(DealEvent)
    for n, (status, demand) in enumerate(
        zip(plan, rng.sample(candidates, min(len(plan), len(candidates))), strict=False)
    ):
        achievement = rng.choice(by_industry[demand.industry])
        opened = max(demand.published_on, as_of - timedelta(days=rng.randrange(20, 200)))
        closed = opened + timedelta(days=rng.randrange(10, 60)) if status == DealStatus.DROPPED else None
        deals.append(
            make(
                number=f"DJ-{opened.year}-{n + 1:04d}",
                demand_id=demand.pk,
                achievement_id=achievement.pk,
                tech_manager_id=rng.choice(managers) if managers and rng.random() < 0.8 else None,
                status=status,
                opened_on=opened,
                closed_on=min(closed, as_of) if closed else None,
                note="",
            )
        )
    insert(Deal, deals, need_ids=True)
    for deal in deals:
        steps = [("", DealStatus.CONTACTED, deal.opened_on, "技术经理人组织双方首次接洽")]
        if deal.status == DealStatus.NEGOTIATING:
            steps.append(
                (
                    DealStatus.CONTACTED,
                    DealStatus.NEGOTIATING,
                    deal.opened_on + timedelta(days=7),
                    "双方就许可方式和价格开始洽谈",
                )
            )
        if deal.status == DealStatus.DROPPED:
            steps.append((DealStatus.CONTACTED, DealStatus.DROPPED, deal.closed_on, "企业暂缓技改计划"))
        for before, after, day, comment in steps:
            events.append(
                log(
                    deal_id=deal.pk,
                    from_status=before,
                    to_status=after,
                    at=_moment(day),
                    by_id=None,
                    comment=comment,
                )
            )
    insert(DealEvent, events)
    return len(deals)


def build(rng: Random, *, as_of: date) -> dict[str, int]:
    """Store the area's demo records; returns what was stored, by kind."""
    achievements = _achievement_rows(rng, as_of)
    insert(Achievement, achievements, need_ids=True)
    demands = _demand_rows(rng, as_of)
    insert(Demand, demands, need_ids=True)
    deals = _deals(rng, as_of, demands, achievements)
    return {"achievements": len(achievements), "demands": len(demands), "deals": deals}


SIGNED = 3


def sign_deals(rng: Random, *, as_of: date) -> int:
    """Signed deals, for after the technology market's area has built its contracts: for a few registered
    contracts that name an achievement and a buyer firm of the registry, the buyer's demand (made here when
    it has none) and a deal brokered to that contract, its three moves logged. Returns how many."""
    from rainforest.techmarket.choices import Status as ContractStatus
    from rainforest.techmarket.models import Contract

    contracts = list(
        Contract.objects.filter(
            status=ContractStatus.REGISTERED,
            achievement__isnull=False,
            buyer_enterprise__isnull=False,
            deals__isnull=True,
        )
        .select_related("achievement")
        .order_by("pk")[:50]
    )
    signed = 0
    for contract in rng.sample(contracts, min(SIGNED, len(contracts))):
        achievement = contract.achievement
        assert achievement is not None and contract.buyer_enterprise_id is not None
        opened = contract.signed_on - timedelta(days=rng.randrange(30, 90))
        demand = Demand.objects.create(
            enterprise_id=contract.buyer_enterprise_id,
            number=f"XQ-{opened.year}-9{signed + 1:03d}",
            title=f"寻求{achievement.keywords[0] if achievement.keywords else '相关'}技术合作",
            description=f"企业在生产中遇到与{achievement.title}相关的技术问题，希望引进成熟技术。",
            field=achievement.field,
            industry=achievement.industry,
            published_on=opened - timedelta(days=rng.randrange(10, 60)),
            status=DemandStatus.MATCHED,
        )
        deal = Deal.objects.create(
            number=f"DJ-{opened.year}-9{signed + 1:03d}",
            demand=demand,
            achievement=achievement,
            tech_manager_id=contract.tech_manager_id,
            status=DealStatus.SIGNED,
            opened_on=opened,
            closed_on=min(contract.signed_on, as_of),
            contract=contract,
            amount=contract.tech_transaction_amount,
        )
        DealEvent.objects.bulk_create(
            [
                DealEvent(deal=deal, from_status="", to_status=DealStatus.CONTACTED, at=_moment(opened)),
                DealEvent(
                    deal=deal,
                    from_status=DealStatus.CONTACTED,
                    to_status=DealStatus.NEGOTIATING,
                    at=_moment(opened + timedelta(days=10)),
                ),
                DealEvent(
                    deal=deal,
                    from_status=DealStatus.NEGOTIATING,
                    to_status=DealStatus.SIGNED,
                    at=_moment(contract.signed_on),
                    comment=f"签订技术合同 {contract.number}",
                ),
            ]
        )
        signed += 1
    return signed
