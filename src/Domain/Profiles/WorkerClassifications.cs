namespace Changai.Domain.Profiles;

/// <summary>职业技能等级 (national vocational skill levels), plus the special-ability certificate.</summary>
public enum SkillLevel
{
    None,
    /// <summary>五级/初级工</summary>
    Level5,
    /// <summary>四级/中级工</summary>
    Level4,
    /// <summary>三级/高级工</summary>
    Level3,
    /// <summary>二级/技师</summary>
    Level2,
    /// <summary>一级/高级技师</summary>
    Level1,
    /// <summary>特级技师</summary>
    PrincipalTechnician,
    /// <summary>首席技师</summary>
    ChiefTechnician,
    /// <summary>专项职业能力证书</summary>
    SpecialAbility,
}

public enum EmploymentForm
{
    /// <summary>签订劳动合同</summary>
    LabourContract,
    /// <summary>劳务派遣</summary>
    Dispatched,
    /// <summary>新就业形态（平台、货车司机、快递员、外卖骑手等）</summary>
    NewEmploymentForm,
    /// <summary>个体经营、灵活就业（不受雇于企业）</summary>
    SelfEmployed,
}

public enum NewEmploymentKind
{
    TruckDriver,
    Courier,
    FoodDeliveryRider,
    RideHailingDriver,
    HouseholdService,
    Other,
}

/// <summary>GB/T 4754-2017 sections, with their Chinese names.</summary>
public static class IndustrySections
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["A"] = "农、林、牧、渔业", ["B"] = "采矿业", ["C"] = "制造业", ["D"] = "电力、热力、燃气及水生产和供应业",
        ["E"] = "建筑业", ["F"] = "批发和零售业", ["G"] = "交通运输、仓储和邮政业", ["H"] = "住宿和餐饮业",
        ["I"] = "信息传输、软件和信息技术服务业", ["J"] = "金融业", ["K"] = "房地产业", ["L"] = "租赁和商务服务业",
        ["M"] = "科学研究和技术服务业", ["N"] = "水利、环境和公共设施管理业", ["O"] = "居民服务、修理和其他服务业",
        ["P"] = "教育", ["Q"] = "卫生和社会工作", ["R"] = "文化、体育和娱乐业", ["S"] = "公共管理、社会保障和社会组织",
        ["T"] = "国际组织",
    };

    public static bool IsValid(string? section) => section is not null && Names.ContainsKey(section);
}
