using Hub.Activities.Organisations;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Authentication;

/// <summary>Outcome of a password check: the user, or why not.</summary>
internal sealed record SignInOutcome(User? User, UserCredential? Credential, string? Refusal);

/// <summary>
/// Checks a user name and password with ASP.NET Core Identity's hasher (PBKDF2), counting failures and locking the
/// account after <see cref="UserCredential.MaxFailures"/> in a row. Unknown names cost the same hashing work as
/// known ones and get the same answer, so the response does not reveal which names exist.
/// </summary>
internal sealed class PasswordSignIn(HubDbContext db, IPasswordHasher<User> hasher, TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private const string WrongCredentials = "The user name or password is wrong.";

    // A hash of a random password, verified against when the user name is unknown.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    private readonly ILogger _security = loggerFactory.CreateLogger("Hub.Server.Security");

    public async Task<SignInOutcome> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lowered = userName.ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName.ToLower() == lowered, cancellationToken);
        var credential = user is null
            ? null
            : await db.UserCredentials.SingleOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        if (user is null || credential is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            Log.SignInRefused(_security, userName, "unknown user name");
            return new SignInOutcome(null, null, WrongCredentials);
        }

        if (credential.IsLockedOut(now))
        {
            Log.SignInRefused(_security, userName, "account locked");
            return new SignInOutcome(null, null,
                $"The account is locked after repeated failed sign-ins; try again after {credential.LockedUntil:yyyy-MM-dd HH:mm} UTC or ask an administrator.");
        }

        var verdict = hasher.VerifyHashedPassword(user, credential.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            if (credential.RecordFailure(now))
            {
                Log.AccountLockedOut(_security, user.Id, credential.LockedUntil!.Value, UserCredential.MaxFailures);
            }

            await db.SaveChangesAsync(cancellationToken);
            Log.SignInRefused(_security, userName, "wrong password");
            return new SignInOutcome(null, null, WrongCredentials);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            credential.ChangePassword(hasher.HashPassword(user, password));
        }

        credential.RecordSuccess();
        await db.SaveChangesAsync(cancellationToken);
        Log.SignedIn(_security, user.Id);
        return new SignInOutcome(user, credential, null);
    }
}
