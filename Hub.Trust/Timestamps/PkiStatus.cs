namespace Hub.Trust.Timestamps;

/// <summary>PKIStatus (RFC 3161 §2.4.2).</summary>
internal enum PkiStatus
{
    Granted = 0,
    GrantedWithMods = 1,
    Rejection = 2,
    Waiting = 3,
    RevocationWarning = 4,
    RevocationNotification = 5,
}
