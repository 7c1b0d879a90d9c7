using Hub.Activities.Identifiers;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Hub.Activities.Organisations;
using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Seeding;

/// <summary>
/// The demo employee the shipped labour contract is signed by: 刘思远 (fictitious, the name the contract's sample data
/// carries), registered in 华南制造's 人力资源部 where <c>south.hr</c> starts the flow, verified by three elements against
/// the local identity provider and holding a personal certificate whose key the Hub keeps, so the flow's fresh SMS
/// authentication and personal signature work on a first start. Only when the local provider serves (a real provider
/// does not know a fictitious person); runs on every start and does only what is missing.
/// </summary>
internal sealed class DemoEmployeeSeeder(HubDbContext hub, PersonRegistry persons, PersonVerifications verifications, PartyCertificates certificates,
    IServiceProvider services, TimeProvider time, ILogger<DemoEmployeeSeeder> logger)
{
    /// <summary>The demo employee's name and the department that registers them.</summary>
    public const string EmployeeName = "刘思远", Department = "人力资源部";

    // Fictitious, check character computed (GB 11643); docs/seals.md lists the demo persons.
    private const string IdFirst17 = "31011519950623004", Mobile = "13800010004";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<LocalIdentityProvider>() is not { } local || await DepartmentAsync(cancellationToken) is not { } department)
        {
            return;
        }

        var idNumber = IdFirst17 + ResidentIdNumber.CheckCharacter(IdFirst17);
        local.Registry.Add(new LocalTestPerson(EmployeeName, idNumber, Mobile));
        var person = await FindAsync(department, cancellationToken);
        try
        {
            if (person is null)
            {
                ResidentIdNumber.TryParse(idNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var id, out _);
                MobileNumber.TryParse(Mobile, out var mobile, out _);
                person = await persons.RegisterAsync(department, null, new PersonalDetails(EmployeeName, id!, mobile!), cancellationToken);
            }

            if (!person.IsVerified(time.GetUtcNow(), AssuranceLevel.Substantial))
            {
                var verification = await verifications.StartAsync(person, VerificationMethod.ThreeElement, new VerificationStart(), VerificationPurposes.Identity,
                    cancellationToken);
                if (verification.Status != VerificationStatus.Verified)
                {
                    // The demo must not stop the node from serving; the labour contract's signature step will refuse, saying why.
                    Log.DemoEmployeeNotVerified(logger, person.Id, verification.Status.ToString());
                    return;
                }
            }

            if ((await persons.CertificatesOfAsync(person.Id, cancellationToken)).All(c => c.KeyId is null || c.NotAfter <= time.GetUtcNow()))
            {
                await certificates.IssueToPersonAsync(person, null, null, cancellationToken);
                Log.DemoEmployeeSeeded(logger, person.Id);
            }
        }
        catch (IdentityException exception) when (exception.Failure is IdentityFailure.Duplicate or IdentityFailure.ConcurrentChange)
        {
            // Another node seeding at the same moment got there first; it finishes the employee.
        }
    }

    private async Task<Guid?> DepartmentAsync(CancellationToken cancellationToken)
    {
        var south = await hub.Organisations.AsNoTracking()
            .Where(o => o.Name == DemoGroupSeeder.SouthName && o.Kind == OrganisationKind.Subsidiary).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        return south is null ? null : await hub.Organisations.AsNoTracking()
            .Where(o => o.ParentId == south && o.Name == Department).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
    }

    // Persons are found by masked name only (the ID number is stored encrypted); the demo department registers no other 刘*.
    private async Task<Person?> FindAsync(Guid department, CancellationToken cancellationToken) =>
        (await persons.PersonsOfAsync(department, cancellationToken)).FirstOrDefault(p => p.MaskedName == PersonalDataMask.Name(EmployeeName)) is { } found
            ? await persons.FindAsync(found.Id, cancellationToken)
            : null;
}
