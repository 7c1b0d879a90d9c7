using Microsoft.Extensions.Logging;

namespace Hub.Server;

/// <summary>
/// Every log event of the server, with stable ids: 1000s database, 1100s seeding, 2000s security, 3000s HTTP, 4000s workflows, 5000s identity, 6000s documents, 7000s trust, 8100s evidence
/// (persons appear by id and masked forms only).
/// Messages carry identifiers and reasons, never secrets, passwords, signatures or request bodies.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Initialising embedded PostgreSQL cluster in {DataDirectory}")]
    public static partial void EmbeddedPostgresInitialising(ILogger logger, string dataDirectory);

    [LoggerMessage(1001, LogLevel.Information, "Embedded PostgreSQL listening on 127.0.0.1:{Port} ({DataDirectory})")]
    public static partial void EmbeddedPostgresStarted(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(1002, LogLevel.Information, "Embedded PostgreSQL stopped ({DataDirectory})")]
    public static partial void EmbeddedPostgresStopped(ILogger logger, string dataDirectory);

    [LoggerMessage(1003, LogLevel.Warning, "A PostgreSQL server (pid {Pid}) left by an earlier run is still up; stopping it before starting again")]
    public static partial void EmbeddedPostgresRecovering(ILogger logger, int pid);

    [LoggerMessage(1004, LogLevel.Warning, "Added search permission (o+x) to {Directory} so the postgres account can reach the data directory")]
    public static partial void EmbeddedPostgresOpenedPath(ILogger logger, string directory);

    [LoggerMessage(1005, LogLevel.Information, "Embedded PostgreSQL on 127.0.0.1:{Port} is run by another Hub process; using it ({DataDirectory})")]
    public static partial void EmbeddedPostgresAttached(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(1010, LogLevel.Information, "Applied migration {Version} {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(1011, LogLevel.Information, "Database schema is at version {Version}")]
    public static partial void MigrationsUpToDate(ILogger logger, int version);

    [LoggerMessage(1012, LogLevel.Information, "Granted the runtime role {Role} its rights (created now: {Created})")]
    public static partial void RuntimeRoleGranted(ILogger logger, string role, bool created);

    [LoggerMessage(1006, LogLevel.Information, "Embedded PostgreSQL role {Role} created")]
    public static partial void EmbeddedRoleCreated(ILogger logger, string role);

    [LoggerMessage(1020, LogLevel.Information, "Pruned {Count} API request nonces older than the replay window")]
    public static partial void NoncesPruned(ILogger logger, int count);

    [LoggerMessage(1100, LogLevel.Information, "Seeded the demo group '{GroupName}' with {UserCount} users")]
    public static partial void DemoGroupSeeded(ILogger logger, string groupName, int userCount);

    [LoggerMessage(1101, LogLevel.Information, "Seeded {SealCount} demo seals and {GrantCount} standing grants")]
    public static partial void DemoSealsSeeded(ILogger logger, int sealCount, int grantCount);

    [LoggerMessage(1102, LogLevel.Information, "Seeded the demo employee {PersonId}: verified, with a Hub-held personal certificate")]
    public static partial void DemoEmployeeSeeded(ILogger logger, Guid personId);

    [LoggerMessage(1103, LogLevel.Warning, "The demo employee {PersonId} could not be verified ({Status}); the labour contract's personal signature will be refused")]
    public static partial void DemoEmployeeNotVerified(ILogger logger, Guid personId, string status);

    [LoggerMessage(2000, LogLevel.Information, "User {UserId} signed in")]
    public static partial void SignedIn(ILogger logger, Guid userId);

    [LoggerMessage(2001, LogLevel.Warning, "Sign-in refused for user name '{UserName}': {Reason}")]
    public static partial void SignInRefused(ILogger logger, string userName, string reason);

    [LoggerMessage(2002, LogLevel.Warning, "Account {UserId} locked until {LockedUntil} after {Failures} failed sign-ins")]
    public static partial void AccountLockedOut(ILogger logger, Guid userId, DateTimeOffset lockedUntil, int failures);

    [LoggerMessage(2003, LogLevel.Warning, "API request authentication refused for key '{KeyId}': {Reason}")]
    public static partial void ApiKeyRefused(ILogger logger, string keyId, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "Unauthenticated call refused: {Method} {Path}")]
    public static partial void Unauthenticated(ILogger logger, string method, string path);

    [LoggerMessage(2005, LogLevel.Warning, "Access denied to {Caller} for {Method} {Path}: {Reason}")]
    public static partial void AccessDenied(ILogger logger, string caller, string method, string path, string reason);

    [LoggerMessage(2006, LogLevel.Information, "User {UserId} signed out")]
    public static partial void SignedOut(ILogger logger, Guid userId);

    [LoggerMessage(3000, LogLevel.Information, "{Method} {Path} -> {StatusCode} in {ElapsedMs:0.0} ms ({Caller})")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMs, string caller);

    [LoggerMessage(3001, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(4000, LogLevel.Information, "Work item {WorkItemId} ({Kind}) void: {Reason}")]
    public static partial void WorkVoid(ILogger logger, long workItemId, string kind, string reason);

    [LoggerMessage(4001, LogLevel.Warning, "Workflow work failed and stays due")]
    public static partial void WorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning, "Delivery {IdempotencyKey} attempt {Attempt} failed ({Error}); retrying after backoff")]
    public static partial void DeliveryRetrying(ILogger logger, string idempotencyKey, int attempt, string error);

    [LoggerMessage(4003, LogLevel.Warning, "Lost the lease of delivery {IdempotencyKey} while calling; another node repeats it under the same key")]
    public static partial void DeliveryLeaseLost(ILogger logger, string idempotencyKey);

    [LoggerMessage(5007, LogLevel.Warning, "Identity wrapping key rotated; {Count} data keys re-wrapped")]
    public static partial void IdentityKeysRotated(ILogger logger, int count);

    [LoggerMessage(5009, LogLevel.Information, "Signal {Signal} ({CorrelationKey}) sent for a concluded identity check; {Delivered} instances resumed")]
    public static partial void IdentitySignalSent(ILogger logger, string signal, string correlationKey, int delivered);

    [LoggerMessage(5012, LogLevel.Warning, "{Count} identity waits concluded without their signal (a node stopped, or nobody answered); signalled now")]
    public static partial void IdentityWaitsSwept(ILogger logger, int count);


    [LoggerMessage(6000, LogLevel.Warning, "Document activities will fail until LibreOffice is installed: {Reason}")]
    public static partial void ConverterUnavailable(ILogger logger, string reason);

    [LoggerMessage(6001, LogLevel.Information, "Converter pool warm: {Workers} LibreOffice workers in {ElapsedMs:0} ms")]
    public static partial void ConverterWarm(ILogger logger, int workers, double elapsedMs);

    [LoggerMessage(6002, LogLevel.Warning, "Converter warm-up failed; each worker starts again with its first document")]
    public static partial void ConverterWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(7000, LogLevel.Information, "CA state of {StateFile} imported into the database ({Certificates} certificates, {Revocations} revocations, {Designations} designations); the files are renamed *.imported")]
    public static partial void CaStateImported(ILogger logger, string stateFile, int certificates, int revocations, int designations);

    [LoggerMessage(7001, LogLevel.Information, "Files of {DataDirectory} imported into the database ({Keys} keys, {Documents} documents, {Archived} archived documents, {AuditLines} audit lines); the files are renamed *.imported")]
    public static partial void DataDirectoryImported(ILogger logger, string dataDirectory, int keys, int documents, int archived, int auditLines);

    [LoggerMessage(8100, LogLevel.Information, "Evidence chain anchored at entry {HeadSeq}")]
    public static partial void EvidenceAnchored(ILogger logger, long headSeq);
}
