/// The fixed cast of the demo company: regions, products, segments and the words its
/// names are made of. The generator draws everything else from these.
enum DemoCast {
    struct Region {
        let name: String
        let cities: [String]
        /// Relative sales volume at the start of the history.
        let size: Double
        /// Yearly growth of volume (−0.15 is a 15% decline a year).
        let growth: Double
        let teams: Int
        /// Mean customer lifetime in years; short where the region is losing customers.
        let customerLifetime: Double
        /// How many customers arrive during the history, relative to an ordinary region.
        let arrivals: Double
        /// Added to every survey score of the region.
        let satisfaction: Double
    }

    // 华东 largest; 西南 growing fastest; 东北 declining and losing customers;
    // 西北 with low satisfaction and more complaints.
    static let regions: [Region] = [
        Region(
            name: "华东", cities: ["上海", "杭州", "南京", "苏州", "宁波"], size: 1.00, growth: 0.08, teams: 3, customerLifetime: 6,
            arrivals: 1.0, satisfaction: 0.1),
        Region(
            name: "华南", cities: ["广州", "深圳", "东莞", "厦门", "佛山"], size: 0.78, growth: 0.06, teams: 3, customerLifetime: 6,
            arrivals: 1.0, satisfaction: 0.0),
        Region(
            name: "华北", cities: ["北京", "天津", "石家庄", "济南", "太原"], size: 0.66, growth: 0.03, teams: 3,
            customerLifetime: 6, arrivals: 0.9, satisfaction: 0.0),
        Region(
            name: "华中", cities: ["武汉", "长沙", "郑州", "南昌", "合肥"], size: 0.46, growth: 0.05, teams: 2, customerLifetime: 6,
            arrivals: 1.0, satisfaction: 0.0),
        Region(
            name: "西南", cities: ["成都", "重庆", "昆明", "贵阳", "南宁"], size: 0.36, growth: 0.32, teams: 2, customerLifetime: 7,
            arrivals: 2.2, satisfaction: 0.05),
        Region(
            name: "西北", cities: ["西安", "兰州", "银川", "西宁", "乌鲁木齐"], size: 0.22, growth: 0.04, teams: 2,
            customerLifetime: 5, arrivals: 1.0, satisfaction: -0.75),
        Region(
            name: "东北", cities: ["沈阳", "大连", "长春", "哈尔滨", "鞍山"], size: 0.32, growth: -0.16, teams: 2,
            customerLifetime: 1.6, arrivals: 0.25, satisfaction: -0.1),
    ]

    static let teamSuffixes = ["一组", "二组", "三组"]

    struct Product {
        let name: String
        let category: String
        let unitPrice: Double
        /// How often it appears on an order line, relative to the others.
        let popularity: Double
    }

    static let categoryMargin: [String: Double] = [
        "软件": 0.72, "硬件": 0.22, "云服务": 0.46, "耗材": 0.30, "服务": 0.52,
    ]

    static let products: [Product] = [
        Product(name: "企业版ERP", category: "软件", unitPrice: 68_000, popularity: 0.6),
        Product(name: "CRM专业版", category: "软件", unitPrice: 32_000, popularity: 1.0),
        Product(name: "财务软件", category: "软件", unitPrice: 12_000, popularity: 1.4),
        Product(name: "协同办公套件", category: "软件", unitPrice: 8_800, popularity: 1.8),
        Product(name: "数据分析平台", category: "软件", unitPrice: 45_000, popularity: 0.7),
        Product(name: "人力资源系统", category: "软件", unitPrice: 26_000, popularity: 0.8),
        Product(name: "服务器", category: "硬件", unitPrice: 38_000, popularity: 1.0),
        Product(name: "存储阵列", category: "硬件", unitPrice: 52_000, popularity: 0.5),
        Product(name: "交换机", category: "硬件", unitPrice: 9_800, popularity: 1.2),
        Product(name: "工作站", category: "硬件", unitPrice: 16_800, popularity: 0.9),
        Product(name: "笔记本电脑", category: "硬件", unitPrice: 6_800, popularity: 2.2),
        Product(name: "显示器", category: "硬件", unitPrice: 1_200, popularity: 2.0),
        Product(name: "打印机", category: "硬件", unitPrice: 2_600, popularity: 1.5),
        Product(name: "云主机年包", category: "云服务", unitPrice: 15_000, popularity: 1.5),
        Product(name: "对象存储年包", category: "云服务", unitPrice: 6_000, popularity: 1.2),
        Product(name: "数据库服务年包", category: "云服务", unitPrice: 22_000, popularity: 0.9),
        Product(name: "安全防护年包", category: "云服务", unitPrice: 18_000, popularity: 1.0),
        Product(name: "CDN流量包", category: "云服务", unitPrice: 3_000, popularity: 1.3),
        Product(name: "硒鼓", category: "耗材", unitPrice: 480, popularity: 2.5),
        Product(name: "打印纸", category: "耗材", unitPrice: 120, popularity: 3.0),
        Product(name: "网线", category: "耗材", unitPrice: 60, popularity: 1.6),
        Product(name: "移动硬盘", category: "耗材", unitPrice: 680, popularity: 1.8),
        Product(name: "键鼠套装", category: "耗材", unitPrice: 150, popularity: 2.0),
        Product(name: "U盘", category: "耗材", unitPrice: 45, popularity: 1.5),
        Product(name: "实施服务", category: "服务", unitPrice: 20_000, popularity: 0.9),
        Product(name: "运维服务年包", category: "服务", unitPrice: 24_000, popularity: 0.8),
        Product(name: "培训课程", category: "服务", unitPrice: 3_800, popularity: 1.4),
        Product(name: "定制开发", category: "服务", unitPrice: 60_000, popularity: 0.4),
        Product(name: "数据迁移", category: "服务", unitPrice: 12_000, popularity: 0.6),
        Product(name: "安全评估", category: "服务", unitPrice: 16_000, popularity: 0.6),
    ]

    struct Segment {
        let name: String
        /// Share of customers.
        let share: Double
        /// How often one of its customers orders, relative to a small one.
        let orderWeight: Double
        /// Multiplier on quantities.
        let quantity: Double
        /// Chance that an order is a deal won through the opportunity pipeline.
        let dealChance: Double
        /// Mean days from an opportunity's creation to its close.
        let cycleDays: Double
        /// Channel weights: 直销, 渠道, 线上.
        let channels: [Double]
    }

    static let channels = ["直销", "渠道", "线上"]

    static let segments: [Segment] = [
        Segment(
            name: "大客户", share: 0.10, orderWeight: 6, quantity: 3, dealChance: 0.45, cycleDays: 75,
            channels: [0.8, 0.2, 0]),
        Segment(
            name: "中型客户", share: 0.30, orderWeight: 2.2, quantity: 1.6, dealChance: 0.22, cycleDays: 40,
            channels: [0.4, 0.45, 0.15]),
        Segment(
            name: "小微客户", share: 0.60, orderWeight: 1, quantity: 1, dealChance: 0.08, cycleDays: 16,
            channels: [0.1, 0.4, 0.5]),
    ]

    static let industries = ["制造", "零售", "金融", "互联网", "医疗", "教育", "物流", "能源", "地产", "政务"]

    // Names: rep names are surname + given name, unique; customer names are city + brand + trade + form.
    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "萧", "田", "董", "潘",
    ]
    static let givenNames = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
        "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强", "雪梅", "子涵", "浩然", "欣怡", "宇轩", "梓萱",
        "俊杰", "思远", "佳琪", "文博", "嘉怡", "晨曦", "一鸣", "雨桐",
    ]
    static let brandWords = [
        "恒达", "华信", "天成", "鼎盛", "瑞丰", "中泰", "宏图", "博远", "金桥", "新元", "汇通", "长虹", "东方",
        "海纳", "卓越", "晨光", "明德", "远航", "正大", "安泰", "万象", "星辰", "盛世", "凯旋", "佳禾", "永信",
        "智联", "启明", "同创", "方圆", "润泽", "锦程", "云帆", "立信", "顺达", "嘉和",
    ]
    static let tradeWords = ["科技", "贸易", "制造", "实业", "电子", "信息", "物流", "医疗", "教育", "建设", "能源", "商贸"]
    static let companyForms = ["有限公司", "股份有限公司", "集团"]
}
