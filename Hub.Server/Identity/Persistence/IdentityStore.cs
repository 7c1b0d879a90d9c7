using Hub.Activities.Identity;
using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Hub.Server.Evidence;
using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Server.Identity.Persistence;

/// <summary>
/// The identity use cases' store over <see cref="IdentityDbContext"/> (schema <c>identity</c>), plus the one read of
/// schema <c>hub</c> they need, an organisation's path, through <see cref="HubDbContext"/>. EF's failures become
/// typed <see cref="IdentityException"/>s here, so nothing above the store knows EF.
/// </summary>
internal sealed class IdentityStore(IdentityDbContext db, HubDbContext hub) : IIdentityStore
{
    public async Task<Person?> FindPersonAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Persons.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Person>> PersonsOfAsync(Guid organisationId, CancellationToken cancellationToken) =>
        await db.Persons.AsNoTracking().Where(p => p.OrganisationId == organisationId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);

    public Task<bool> IsIdNumberRegisteredAsync(Guid organisationId, byte[] idNumberLookup, CancellationToken cancellationToken) =>
        db.Persons.AnyAsync(p => p.OrganisationId == organisationId && EF.Property<byte[]?>(p, PersonConfiguration.IdNumberLookup) == idNumberLookup,
            cancellationToken);

    public async Task<IReadOnlyList<DateTimeOffset>> SmsCodesSentToMobileOfAsync(Person person, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var mobileLookup = db.Entry(person).Property<byte[]?>(PersonConfiguration.MobileLookup).CurrentValue;
        var sameNumber = db.Persons.Where(p => EF.Property<byte[]?>(p, PersonConfiguration.MobileLookup) == mobileLookup).Select(p => p.Id);
        return await db.Verifications.Where(v => v.Method == VerificationMethod.SmsCode && v.StartedAt > since && sameNumber.Contains(v.SubjectId))
            .Select(v => v.StartedAt).ToListAsync(cancellationToken);
    }

    public async Task<Enterprise?> FindEnterpriseAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Enterprises.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<IdentityVerification?> FindVerificationAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Verifications.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);

    public async Task<IReadOnlyList<IdentityVerification>> VerificationsOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.Verifications.AsNoTracking().Where(v => v.SubjectId == subjectId).OrderBy(v => v.StartedAt).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PartyCertificate>> CertificatesOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        await db.Certificates.AsNoTracking().Where(c => c.SubjectId == subjectId).OrderBy(c => c.IssuedAt).ToListAsync(cancellationToken);

    public Task<PartyCertificate?> NewestHubKeyCertificateAsync(Guid personId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Certificates.Where(c => c.SubjectId == personId && c.NotAfter > now && c.KeyId != null)
            .OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(cancellationToken);

    public Task<string?> OrganisationPathAsync(Guid organisationId, CancellationToken cancellationToken) =>
        hub.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Path).SingleOrDefaultAsync(cancellationToken);

    public void Add(Person person) => db.Persons.Add(person);

    public void Add(Enterprise enterprise) => db.Enterprises.Add(enterprise);

    public void Add(IdentityVerification verification) => db.Verifications.Add(verification);

    public void Add(PartyCertificate certificate) => db.Certificates.Add(certificate);

    public void Add(SigningKeyUse use) => db.SigningKeyUses.Add(use);

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A concluded verification enters the evidence chain in the same commit (Hub.Server/Evidence).
            await VerificationEvidence.SaveChangesAsync(db, cancellationToken);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            throw new IdentityException(IdentityFailure.ConcurrentChange,
                "Another request changed the same identity record at the same moment; nothing was saved.", exception);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new IdentityException(IdentityFailure.Duplicate, "The identity record exists already; nothing was saved.", exception);
        }
    }
}
