using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Npgsql;

namespace Hub.Server.Seals;

/// <summary>
/// Binds electronic seals to their signing certificate: one issued by the Hub CA for the legal entity (its key created
/// and kept, wrapped, in the key store), or one imported from a licensed CA as PKCS#12. A seal's earlier Hub-issued
/// certificate is revoked as superseded once the new one is bound, so one seal has one key in force (DESIGN.md §1,
/// art. 13 (1)–(2): creation data that belongs to the holder and no one else).
/// </summary>
internal sealed class SealCertificates(NpgsqlDataSource db, HubTrust trust, TimeProvider time)
{
    /// <summary>Validity of a seal certificate the Hub CA issues, as for other enterprise certificates.</summary>
    public static TimeSpan Validity => PartyCertificates.Validity;

    /// <summary>Issues a certificate for the seal's entity from the Hub CA and binds it to the seal.</summary>
    public async Task<SealOutcome<Seal>> IssueAsync(Guid sealId, Guid? actorId, CancellationToken cancellationToken)
    {
        var seal = await SealStore.GetAsync(db, sealId, cancellationToken);
        if (Unbindable(seal, sealId) is { } refusal)
        {
            return refusal;
        }

        if (seal!.Type == SealType.Personal)
        {
            // A person's certificate is issued after real-name verification (identity API), never on an administrator's word.
            return new SealRefusal(SealRefusalKind.Conflict, "personal-seal-certificate",
                $"{seal.Name} is a personal seal; its certificate comes from the person's identity verification, or import one.");
        }

        var holder = (await SealStore.HolderAsync(db, sealId, cancellationToken))!;
        await trust.EnsureAuthorityAsync(cancellationToken);
        var issued = await trust.Authority.IssueAsync(Subject(seal, holder), CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, Validity, cancellationToken);
        return await BindAsync(seal, issued, actorId, cancellationToken);
    }

    /// <summary>
    /// Imports a PKCS#12 from a licensed CA (exactly one key; an end-entity certificate that allows signing, valid now,
    /// with its chain to a root) and binds it to the seal. A refused file stores nothing and leaves the seal as it was.
    /// </summary>
    public async Task<SealOutcome<Seal>> ImportAsync(Guid sealId, ReadOnlyMemory<byte> pkcs12, string password, Guid? actorId,
        CancellationToken cancellationToken)
    {
        var seal = await SealStore.GetAsync(db, sealId, cancellationToken);
        if (Unbindable(seal, sealId) is { } refusal)
        {
            return refusal;
        }

        IssuedCertificate imported;
        try
        {
            imported = await trust.Authority.ImportPkcs12Async(pkcs12, password, CertificateKind.Organisation, null, cancellationToken);
        }
        catch (CertificateAuthorityException exception)
        {
            return new SealRefusal(SealRefusalKind.Invalid, "pkcs12-refused", exception.Message);
        }

        return await BindAsync(seal!, imported, actorId, cancellationToken);
    }

    /// <summary>The subject of an entity seal's certificate: the seal by name, the entity, its USCC as serialNumber.</summary>
    internal static string Subject(Seal seal, SealHolder holder)
    {
        // RFC 4514 escaping is not needed once the two separators are replaced: names are validated free of control characters.
        static string Plain(string text) => text.Replace(",", "，", StringComparison.Ordinal).Replace("+", "＋", StringComparison.Ordinal);
        var name = Plain(holder.OrganisationName);
        return $"CN={name} {seal.Type.Chinese()}, O={name}" + (holder.CreditCode is null ? "" : $", SERIALNUMBER={holder.CreditCode}") + ", C=CN";
    }

    private static SealRefusal? Unbindable(Seal? seal, Guid sealId) => seal switch
    {
        null => SealRefusal.SealNotFound(sealId),
        { Medium: SealMedium.Physical } => new SealRefusal(SealRefusalKind.Conflict, "seal-physical", $"{seal.Name} is a physical seal; it has no certificate."),
        { Status: SealStatus.Revoked } => new SealRefusal(SealRefusalKind.Conflict, "seal-revoked", $"{seal.Name} is revoked ({seal.StatusReason})."),
        _ => null,
    };

    private async Task<SealOutcome<Seal>> BindAsync(Seal before, IssuedCertificate certificate, Guid? actorId, CancellationToken cancellationToken)
    {
        var bound = await SealStore.BindCertificateAsync(db, before.Id, certificate.SerialNumber, certificate.SigningKeyId, certificate.IsExternal, actorId,
            time.GetUtcNow(), cancellationToken);
        if (bound.Refusal is not null)
        {
            // Revoked meanwhile: the certificate just issued belongs to no seal and must not stay valid.
            await RevokeIfOursAsync(certificate.SerialNumber, cancellationToken);
            return bound;
        }

        if (before.CertificateSerial is { } previous && previous != certificate.SerialNumber)
        {
            await RevokeIfOursAsync(previous, cancellationToken);
        }

        return bound;
    }

    private async Task RevokeIfOursAsync(string serial, CancellationToken cancellationToken)
    {
        var existing = await trust.Authority.GetCertificateAsync(serial, cancellationToken);
        if (!existing.IsExternal)
        {
            try
            {
                await trust.Authority.RevokeAsync(serial, X509RevocationReason.Superseded, CancellationToken.None);
            }
            catch (CertificateAuthorityException)
            {
                // Revoked already (by an operator or an earlier attempt): the outcome wanted holds.
            }
        }
    }
}
