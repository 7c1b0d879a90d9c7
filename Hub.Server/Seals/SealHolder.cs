namespace Hub.Server.Seals;

/// <summary>Who a seal's certificate and drawn appearance name.</summary>
/// <param name="OrganisationName">The holder's registered name.</param>
/// <param name="CreditCode">Its unified social credit code (the taxpayer number on an invoice seal); null for a department.</param>
/// <param name="LegalRepresentative">Its legal representative's name (drawn on the legal-representative seal).</param>
/// <param name="PersonName">For a personal seal, the person's display name.</param>
internal sealed record SealHolder(string OrganisationName, string? CreditCode, string? LegalRepresentative, string? PersonName);
