namespace Hub.Activities.Identity.Providers.Local;

/// <summary>The local provider's register of test persons and enterprises; safe to change while it serves.</summary>
public sealed class LocalIdentityRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LocalTestPerson> _persons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LocalTestEnterprise> _enterprises = new(StringComparer.Ordinal);

    /// <summary>The register used by <c>./hub serve</c> in development: fictitious people with valid check digits
    /// (vectors from identifiers.md) and the demo group's enterprises.</summary>
    public static LocalIdentityRegistry Demo()
    {
        var registry = new LocalIdentityRegistry();
        registry.Add(new LocalTestPerson("张三", "11010519491231002X", "13800138000",
            FaceSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        registry.Add(new LocalTestPerson("李四", "440524188001010014", "13900139000", LocalPersonState.Deceased));
        registry.Add(new LocalTestPerson("王五", "330106200001011235", "13700137000", LocalPersonState.InvalidDocument));
        registry.Add(new LocalTestEnterprise("福建示例贸易有限公司", "91350100M000100Y43", "张三"));
        registry.Add(new LocalTestEnterprise("北京示例科技有限公司", "91110108063311121P", "张三", Deregistered: true));
        return registry;
    }

    /// <summary>Adds or replaces a person (keyed by ID number).</summary>
    public void Add(LocalTestPerson person)
    {
        lock (_gate)
        {
            _persons[person.IdNumber] = person;
        }
    }

    /// <summary>Adds or replaces an enterprise (keyed by credit code).</summary>
    public void Add(LocalTestEnterprise enterprise)
    {
        lock (_gate)
        {
            _enterprises[enterprise.CreditCode] = enterprise;
        }
    }

    internal LocalTestPerson? FindPerson(string idNumber)
    {
        lock (_gate)
        {
            return _persons.GetValueOrDefault(idNumber);
        }
    }

    internal LocalTestEnterprise? FindEnterprise(string creditCode)
    {
        lock (_gate)
        {
            return _enterprises.GetValueOrDefault(creditCode);
        }
    }
}
