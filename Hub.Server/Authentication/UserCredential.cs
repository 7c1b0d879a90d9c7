namespace Hub.Server.Authentication;

/// <summary>
/// How a person proves who they are: a password hash (ASP.NET Core Identity's PBKDF2 format), the count of
/// consecutive failures and the lockout that follows them. Kept apart from the user so the domain never sees it.
/// </summary>
internal sealed class UserCredential
{
    /// <summary>Consecutive failures that lock the account.</summary>
    public const int MaxFailures = 5;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    private UserCredential()
    {
        PasswordHash = string.Empty;
    }

    public UserCredential(Guid userId, string passwordHash)
    {
        UserId = userId;
        PasswordHash = passwordHash;
        SecurityStamp = Guid.NewGuid();
    }

    public Guid UserId { get; private set; }

    public string PasswordHash { get; private set; }

    public int FailedSignIns { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>Changes whenever sessions issued so far must stop being accepted (password change, lockout).</summary>
    public Guid SecurityStamp { get; private set; }

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failure; returns true when this failure locked the account.</summary>
    public bool RecordFailure(DateTimeOffset now)
    {
        FailedSignIns++;
        if (FailedSignIns < MaxFailures)
        {
            return false;
        }

        LockedUntil = now + LockoutPeriod;
        FailedSignIns = 0;
        SecurityStamp = Guid.NewGuid();
        return true;
    }

    public void RecordSuccess()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    public void ChangePassword(string passwordHash)
    {
        PasswordHash = passwordHash;
        SecurityStamp = Guid.NewGuid();
    }
}
