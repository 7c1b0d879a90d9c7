namespace Hub.Server.Authorisation;

/// <summary>Claim types the Hub puts in its principals.</summary>
internal static class HubClaims
{
    /// <summary>The user id of a signed-in person.</summary>
    public const string UserId = "hub:user";

    /// <summary>The security stamp the session was issued under.</summary>
    public const string SecurityStamp = "hub:stamp";

    /// <summary>The row id of the API key a system signed with.</summary>
    public const string ApiKey = "hub:api-key";
}
