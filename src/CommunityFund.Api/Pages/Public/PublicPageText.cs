namespace CommunityFund.Api.Pages.Public;

/// <summary>The public page's words in one language: Chinese first, English by <c>?lang=en</c>.</summary>
internal sealed record PublicPageText(string Lang, string HtmlLang, string Title, string Intro, string Switch, string SwitchLang, string SwitchHref,
    string Overview, string Month, string In, string Shares, string Donations, string SelfFinancing, string Granted, string Flow, string From, string To, string Amount,
    string SharesBy, string Organisation, string Date, string Donor, string Anonymous, string Restriction, string Activity, string Grants, string Project, string Purpose,
    string Restrictions, string Received, string Spent, string Available, string Agreements, string Space, string NominalRent, string FairValueForgone, string Service,
    string Owed, string Delivered, string Corrections, string NoCorrections, string Sequence, string What, string Why, string When, string Verify, string None,
    string Residents, string Kept, string ChartsNote, string Lease, string Swap, string Operator, string Beneficiaries, string PublishedAt, string VerifySteps,
    string PublicKey, string Download, string NotPublishedTitle, string NotPublished)
{
    internal static PublicPageText Zh { get; } = new("zh", "zh-CN", "社区基金公示", "以下数字均来自社区已结账并签名发布的月份；未发布的月份不会出现。居民从不具名；捐赠人仅在本人同意时具名。",
        "English", "en", "?lang=en",
        "资金收支（按月）", "月份", "收入合计", "服务机构缴纳的5%", "捐赠", "自我造血", "资助支出", "本月资金流向", "来源", "去向", "金额",
        "服务机构缴纳的5%（按机构）", "机构", "日期", "捐赠人", "匿名", "限定用途", "活动", "资助（按项目）", "项目", "用途",
        "限定性资金", "收到", "已用", "可用", "场地租赁与资源置换", "空间或资源", "名义租金", "放弃的公允价值（每月）", "服务",
        "应提供", "已提供", "更正说明", "本月发布后无更正。", "序号", "更正内容", "原因", "时间", "如何核验", "无",
        "居民付款", "服务机构留存", "图表需要启用 JavaScript；每个图表旁的表格列出相同的数字。", "一元租赁", "资源置换", "运营机构", "受益居民", "发布时间",
        "下载该月的发布文件（JSON），按以下步骤核验：", "枢纽的公钥", "发布文件", "尚无公示", "该社区尚未发布任何月份，或没有这个账本。");

    internal static PublicPageText En { get; } = new("en", "en", "Community fund: public accounts", "Every figure below comes from a month the community closed and published, signed; months not yet published never appear. Residents are never named; donors only with their consent.",
        "中文", "zh", "?lang=zh",
        "Money in and out by month", "Month", "Money in", "5% from providers", "Donations", "Self-financing", "Grants paid", "Where the month's money went", "From", "To", "Amount",
        "The 5% received from each provider organisation", "Organisation", "Date", "Donor", "Anonymous", "Restriction", "Activity", "Grants by project", "Project", "Purpose",
        "Restricted funds", "Received", "Spent", "Available", "Leases and swaps", "Space or resources", "Nominal rent", "Fair value forgone per month", "Service",
        "Owed", "Delivered", "Corrections (更正说明)", "No corrections since this month was published.", "Sequence", "What changed", "Why", "When", "How to verify", "None",
        "Residents' payments", "Kept by providers", "The charts need JavaScript; the table beside each chart has the same figures.", "Nominal lease", "Resource swap", "Operator", "Residents reached", "Published at",
        "Download the month's publication (JSON) and check it:", "The hub's public key", "publication", "Nothing published yet", "This community has not published a month yet, or there is no such ledger.");

    /// <summary>The words for a request's <c>lang</c> query value.</summary>
    internal static PublicPageText For(string? lang) => string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase) ? En : Zh;

    /// <summary>A month's heading.</summary>
    internal string MonthName(NodaTime.YearMonth month) => Lang == "zh"
        ? $"{month.Year}年{month.Month}月"
        : System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month.Month) + " " + month.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A self-financing activity's name.</summary>
    internal string ActivityName(string source) => (source, Lang) switch
    {
        ("CharitySupermarketSale", "zh") => "公益超市",
        ("CharitySupermarketSale", _) => "Charity supermarket",
        ("CaringParking", "zh") => "爱心停车场",
        ("CaringParking", _) => "Caring parking",
        ("CharityMarketBooth", "zh") => "公益市集摊位费",
        ("CharityMarketBooth", _) => "Charity market booths",
        ("CharityMarketSale", "zh") => "公益市集销售",
        ("CharityMarketSale", _) => "Charity market sales",
        ("SpotDonation", "zh") => "活动现场捐赠",
        ("SpotDonation", _) => "Spot donations at events",
        _ => source,
    };
}
