using Hub.Trust.Appearances;

namespace Hub.Trust.Tests.Appearances;

/// <summary>One realistic description per seal kind, with names of typical length.</summary>
internal static class Samples
{
    public static SealDescription Official { get; } = new(SealKind.Official, "中华人民共和国示例科技有限公司") { Code = "3101150012345" };

    public static SealDescription Contract { get; } = new(SealKind.Contract, "上海示例贸易有限公司") { Code = "3101150012346" };

    public static SealDescription Finance { get; } = new(SealKind.Finance, "北京示例集团股份有限公司");

    public static SealDescription Invoice { get; } = new(SealKind.Invoice, "深圳示例电子商务有限公司") { TaxpayerNumber = "91440300MA5F123456", Code = "1" };

    public static SealDescription LegalRepresentative { get; } = new(SealKind.LegalRepresentative, "上海示例贸易有限公司") { SealName = "张三" };

    public static SealDescription Personal { get; } = new(SealKind.Personal, string.Empty) { SealName = "李小龙" };

    public static IReadOnlyDictionary<string, SealDescription> All { get; } = new Dictionary<string, SealDescription>
    {
        ["official"] = Official,
        ["contract"] = Contract,
        ["finance"] = Finance,
        ["invoice"] = Invoice,
        ["legal-representative"] = LegalRepresentative,
        ["personal"] = Personal,
    };
}
