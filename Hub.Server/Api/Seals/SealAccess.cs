using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Server.Authorisation;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Npgsql;

namespace Hub.Server.Api.Seals;

/// <summary>
/// Who may do what to a seal, by where it sits in the tree: anyone with a role over its holder reads it; an HqAdmin or
/// OrgAdmin over its holder administers it (register, certificate, appearance, grants, revoke); they and the
/// seal's own custodians may freeze it (stopping a seal is never harder than using it); a frozen seal is thawed only by
/// an administrator over the level that froze it (a subsidiary cannot lift HQ's freeze); only its custodians record
/// its physical uses. A seal outside every subtree of the caller is refused as forbidden, like other resources.
/// </summary>
internal static class SealAccess
{
    public enum Act
    {
        Read,
        Administer,
        Freeze,
        Thaw,
        RecordUse,
    }

    /// <summary>The level a freeze by <paramref name="caller"/> binds: the highest organisation above the seal the caller
    /// administers (group HQ for an HqAdmin), or null — the holder's own level — for a custodian.</summary>
    public static string? FreezingLevel(Caller caller, Seal seal) =>
        caller.Roles.Where(r => r.Role is Role.HqAdmin or Role.OrgAdmin && seal.OrganisationPath.StartsWith(r.OrganisationPath, StringComparison.Ordinal))
            .Select(r => r.OrganisationPath).OrderBy(p => p.Length).FirstOrDefault();

    /// <summary>The seal, or the refusal of <paramref name="act"/> on it.</summary>
    public static async Task<SealOutcome<Seal>> LoadAsync(NpgsqlDataSource db, Guid id, Caller caller, Act act, CancellationToken cancellationToken)
    {
        var seal = await SealStore.GetAsync(db, id, cancellationToken);
        if (seal is null)
        {
            return SealRefusal.SealNotFound(id);
        }

        return Allows(caller, seal, act) ? seal : Refusal(seal, act);
    }

    public static bool Allows(Caller caller, Seal seal, Act act)
    {
        var custodian = caller.Kind == CallerKind.Person && seal.Custodians.Contains(caller.Id);
        return act switch
        {
            Act.Read => caller.CanRead(seal.OrganisationPath),
            Act.Administer => caller.CanAdminister(seal.OrganisationPath),
            Act.Freeze => caller.CanAdminister(seal.OrganisationPath) || custodian,
            Act.Thaw => caller.CanAdminister(seal.FrozenByPath ?? seal.OrganisationPath),
            _ => custodian,
        };
    }

    private static SealRefusal Refusal(Seal seal, Act act) => new(SealRefusalKind.Forbidden, "out-of-scope", act switch
    {
        Act.Read => $"Seal {seal.Id} belongs to an organisation outside the caller's scope.",
        Act.Administer => $"Only an HqAdmin or OrgAdmin over {seal.OrganisationName} may do this to seal {seal.Id}.",
        Act.Freeze => $"Only an administrator over {seal.OrganisationName} or a custodian of seal {seal.Id} may freeze it.",
        Act.Thaw => $"{seal.Name} was frozen at a level above the caller's ({seal.FrozenByPath}); only an administrator over that level may thaw it.",
        _ => $"Only a custodian of seal {seal.Id} records its physical uses.",
    });
}
