namespace Hub.Server.Database;

/// <summary>The embedded PostgreSQL could not be created, started or stopped; the message says why.</summary>
public sealed class EmbeddedPostgresException(string message) : Exception(message);
