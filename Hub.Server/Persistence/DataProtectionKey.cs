namespace Hub.Server.Persistence;

/// <summary>One ASP.NET Core Data Protection key ring element, shared by every node through the database.</summary>
internal sealed class DataProtectionKey
{
    private DataProtectionKey()
    {
        FriendlyName = string.Empty;
        Xml = string.Empty;
    }

    public DataProtectionKey(string friendlyName, string xml)
    {
        FriendlyName = friendlyName;
        Xml = xml;
    }

    public int Id { get; private set; }

    public string FriendlyName { get; private set; }

    public string Xml { get; private set; }
}
