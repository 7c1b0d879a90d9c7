namespace Hub.Server.Seals;

/// <summary>An organisation that holds seals in its own name: the group or a subsidiary.</summary>
internal sealed record LegalEntity(Guid Id, string Path, string Name, bool IsGroup, string? CreditCode, string? LegalRepresentative);
