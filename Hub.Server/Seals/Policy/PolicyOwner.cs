namespace Hub.Server.Seals.Policy;

/// <summary>An organisation as group policy needs it: id, path and name.</summary>
internal sealed record PolicyOwner(Guid Id, string Path, string Name);
