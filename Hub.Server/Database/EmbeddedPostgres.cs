using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Database;

/// <summary>
/// The Hub's private PostgreSQL cluster: created with <c>initdb</c> on first start, started with <c>pg_ctl</c>,
/// listening on 127.0.0.1 only (no Unix socket), with a generated superuser password kept 0600 beside it. The superuser
/// only makes the database and its two roles (<see cref="EmbeddedRoles"/>): the owner migrates, the Hub serves on the
/// runtime role.
/// PostgreSQL refuses to run as root, so as root every server command runs as the <c>postgres</c> user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "hub";
    private const string ConfigFileName = "hub.conf";
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _dataDirectory;
    private readonly string _binDirectory;
    private readonly string _secretFile;
    private readonly string _logFile;
    private readonly string _ownerFile;
    private readonly string _ownerSecretFile;
    private readonly string _runtimeSecretFile;
    private string? _ownerPassword;
    private string? _runtimePassword;
    private bool _started;

    /// <summary>Creates the handle; nothing runs until <see cref="StartAsync"/>.</summary>
    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _dataDirectory = Path.GetFullPath(options.DataDirectory);
        _binDirectory = options.BinDirectory ?? PostgresBinaries.Locate();
        var parent = Path.GetDirectoryName(_dataDirectory) ?? _dataDirectory;
        var leaf = Path.GetFileName(_dataDirectory);
        _secretFile = Path.Combine(parent, leaf + ".secret");
        _logFile = Path.Combine(parent, leaf + ".log");
        _ownerFile = Path.Combine(parent, leaf + ".owner");
        _ownerSecretFile = Path.Combine(parent, leaf + ".owner.secret");
        _runtimeSecretFile = Path.Combine(parent, leaf + ".runtime.secret");
    }

    /// <summary>The TCP port the cluster listens on, known after <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// True when another live Hub process already runs this cluster and this handle only connects to it (for
    /// example <c>./hub workflow run</c> while <c>./hub serve</c> runs); stopping then leaves the server running.
    /// </summary>
    public bool Attached { get; private set; }

    /// <summary>
    /// A connection string to the Hub's database as its owner (<see cref="EmbeddedRoles.Owner"/>), known after
    /// <see cref="StartAsync"/>: for migrating and for the CLI verbs' node, not for serving.
    /// </summary>
    public string ConnectionString => BuildConnectionString(_options.DatabaseName, EmbeddedRoles.Owner,
        _ownerPassword ?? throw new InvalidOperationException("The embedded PostgreSQL is not started."));

    /// <summary>A connection string to the Hub's database as <see cref="EmbeddedRoles.Runtime"/>, for serving.</summary>
    public string RuntimeConnectionString => BuildConnectionString(_options.DatabaseName, EmbeddedRoles.Runtime,
        _runtimePassword ?? throw new InvalidOperationException("The embedded PostgreSQL is not started."));

    /// <summary>
    /// The cluster's superuser, connected to <paramref name="database"/>: for making databases and roles (tests make a
    /// database per fixture), never for the Hub's own work.
    /// </summary>
    internal string SuperuserConnectionString(string database) => BuildConnectionString(database, SuperUser, ReadSecret());

    /// <summary>Initialises the cluster if needed, recovers a stale instance, starts it and creates the database.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dataDirectory)!);
        var asPostgresUser = Environment.IsPrivilegedProcess;
        if (asPostgresUser)
        {
            ServerAccount.EnsureTraversable(_dataDirectory, _logger);
        }

        if (!File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(asPostgresUser, cancellationToken);
        }

        if (await AttachOrRecoverAsync(cancellationToken))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            Port = attempt == 1 ? ChoosePort(ReadConfiguredPort()) : LoopbackPort.AnyFree();
            WriteServerConfiguration(Port);
            TouchLogFile(asPostgresUser);
            try
            {
                await RunServerCommandAsync("pg_ctl",
                    ["start", "-D", _dataDirectory, "-l", _logFile, "-w", "-t", "120", "-s"], cancellationToken);
                break;
            }
            catch (EmbeddedPostgresException) when (attempt < 3 && !LoopbackPort.IsFree(Port))
            {
                // Another process took the port between the check and the start (two Hubs or CLI verbs starting at
                // once on other data directories): start again on a port the system hands out.
            }
        }

        _started = true;
        var postmaster = ReadPostmasterPid() ?? throw new InvalidOperationException(
            $"PostgreSQL started but wrote no postmaster.pid in {_dataDirectory}; see {_logFile}.");
        var owner = _options.OwnerProcessId ?? Environment.ProcessId;
        File.WriteAllText(_ownerFile, $"{owner} {ProcessStart.Of(owner)}");
        StartWatchdog(postmaster, owner);
        Log.EmbeddedPostgresStarted(_logger, Port, _dataDirectory);

        await EnsureDatabaseAsync(cancellationToken);
    }

    /// <summary>Stops the cluster with a fast shutdown (open sessions are ended, work is checkpointed).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        NpgsqlConnection.ClearAllPools();
        File.Delete(_ownerFile);
        await RunServerCommandAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"],
            cancellationToken);
        Log.EmbeddedPostgresStopped(_logger, _dataDirectory);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task InitialiseAsync(bool asPostgresUser, CancellationToken cancellationToken)
    {
        Log.EmbeddedPostgresInitialising(_logger, _dataDirectory);
        // A half-made cluster from an interrupted initdb would be refused; start again from nothing.
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        Directory.CreateDirectory(_dataDirectory);
        File.SetUnixFileMode(_dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        WriteSecret(password);

        // initdb reads the password from a file the server account can read; it is removed right after.
        var passwordFile = Path.Combine(Path.GetTempPath(), "hub-initdb-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (asPostgresUser)
        {
            ServerAccount.GiveToServer(_dataDirectory);
            ServerAccount.GiveToServer(passwordFile);
        }

        try
        {
            await RunServerCommandAsync("initdb",
                ["-D", _dataDirectory, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile=" + passwordFile,
                 "-E", "UTF8", "--no-locale", "--no-instructions"], cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        var configuration = Path.Combine(_dataDirectory, "postgresql.conf");
        await File.AppendAllTextAsync(configuration,
            $"\n# Settings owned by the Hub (port, loopback only).\ninclude_if_exists = '{ConfigFileName}'\n",
            cancellationToken);
    }

    /// <summary>
    /// Attaches to a server that a live Hub runs on this data directory (returns true), or stops one left by a Hub
    /// that was killed so that this start owns the cluster again (returns false).
    /// </summary>
    private async Task<bool> AttachOrRecoverAsync(CancellationToken cancellationToken)
    {
        var pid = ReadPostmasterPid();
        if (pid is null || !PostmasterIsAlive(pid.Value))
        {
            // A postmaster.pid whose process is gone is recognised and replaced by PostgreSQL itself.
            return false;
        }

        if (OwnerIsAlive() && ReadConfiguredPort() is { } port)
        {
            Port = port;
            Attached = true;
            Log.EmbeddedPostgresAttached(_logger, Port, _dataDirectory);
            await EnsureDatabaseAsync(cancellationToken);
            return true;
        }

        Log.EmbeddedPostgresRecovering(_logger, pid.Value);
        try
        {
            await RunServerCommandAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"],
                cancellationToken);
        }
        catch (EmbeddedPostgresException) when (!PostmasterIsAlive(pid.Value))
        {
            // The dead Hub's watchdog stopped the server between our check and pg_ctl: it is down, as wanted.
        }

        // The postmaster removes its pid file before its last child exits; wait for the process itself.
        for (var waited = 0; PostmasterIsAlive(pid.Value) && waited < 600; waited++)
        {
            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    private bool OwnerIsAlive()
    {
        if (!File.Exists(_ownerFile))
        {
            return false;
        }

        // The start time guards against a reused pid: a new process with the old number is not the owner.
        var parts = File.ReadAllText(_ownerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var owner) &&
               ProcessStart.Of(owner) is { } started && started.ToString(CultureInfo.InvariantCulture) == parts[1];
    }

    private bool PostmasterIsAlive(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("postgres", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private int? ReadPostmasterPid()
    {
        try
        {
            using var reader = new StreamReader(Path.Combine(_dataDirectory, "postmaster.pid"));
            return int.TryParse(reader.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid : null;
        }
        catch (FileNotFoundException)
        {
            // No server, or one that is stopping right now (a dead Hub's watchdog may be stopping it).
            return null;
        }
    }

    private int? ReadConfiguredPort()
    {
        var file = Path.Combine(_dataDirectory, ConfigFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("port", StringComparison.Ordinal)
                && int.TryParse(trimmed.Split('=', 2)[1].Trim(), CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }
        }

        return null;
    }

    private int ChoosePort(int? configured)
    {
        // Keep the port of earlier runs when it is free, so logs and external tools stay stable.
        var first = configured ?? _options.PreferredPort;
        for (var port = first; port < first + 200; port++)
        {
            if (LoopbackPort.IsFree(port))
            {
                return port;
            }
        }

        return LoopbackPort.AnyFree();
    }

    private void WriteServerConfiguration(int port)
    {
        var file = Path.Combine(_dataDirectory, ConfigFileName);
        File.WriteAllText(file,
            "# Written by the Hub at every start.\n" +
            "listen_addresses = '127.0.0.1'\n" +
            $"port = {port.ToString(CultureInfo.InvariantCulture)}\n" +
            "unix_socket_directories = ''\n" +
            "max_connections = 200\n" +
            "shared_buffers = '128MB'\n" +
            // Each burst rewrites an instance row; after a checkpoint its first change logs the whole page. Fewer
            // volume-triggered checkpoints and compressed page images keep WAL flushes from stalling decisions
            // (bench/RESULTS.md, Workflows: the half-load tail was a checkpoint's WAL flush).
            "max_wal_size = '2GB'\n" +
            "checkpoint_timeout = '15min'\n" +
            "wal_compression = on\n" +
            "password_encryption = 'scram-sha-256'\n");
        if (Environment.IsPrivilegedProcess)
        {
            ServerAccount.GiveToServer(file);
        }
    }

    private void TouchLogFile(bool asPostgresUser)
    {
        if (!File.Exists(_logFile))
        {
            File.WriteAllText(_logFile, string.Empty);
        }

        File.SetUnixFileMode(_logFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (asPostgresUser)
        {
            ServerAccount.GiveToServer(_logFile);
        }
    }

    private void WriteSecret(string password)
    {
        var temporary = _secretFile + ".tmp";
        File.WriteAllText(temporary, password);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, _secretFile, overwrite: true);
    }

    private string ReadSecret() => File.ReadAllText(_secretFile).Trim();

    private string BuildConnectionString(string database, string user, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Password = password,
            MaxPoolSize = 50,
        }.ConnectionString;

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(SuperuserConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            _ownerPassword = await EmbeddedRoles.EnsureAsync(connection, EmbeddedRoles.Owner, _ownerSecretFile, _logger,
                cancellationToken);
            _runtimePassword = await EmbeddedRoles.EnsureAsync(connection, EmbeddedRoles.Runtime, _runtimeSecretFile, _logger,
                cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.AddWithValue(_options.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // Identifiers cannot be parameters; the name comes from our own options and is quoted.
                await using var create = new NpgsqlCommand(
                    $"CREATE DATABASE \"{_options.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\" OWNER {EmbeddedRoles.Owner}",
                    connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var database = new NpgsqlConnection(SuperuserConnectionString(_options.DatabaseName));
        await database.OpenAsync(cancellationToken);
        await EmbeddedRoles.HandToOwnerAsync(database, cancellationToken);
    }

    private void StartWatchdog(int postmasterPid, int owner)
    {
        // Detached (own session) so that it outlives a SIGKILLed Hub; it stops only the postmaster it was
        // started for, and only while that pid still runs on our data directory.
        var script =
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; " +
            "if grep -qF -- \"$3\" /proc/\"$2\"/cmdline 2>/dev/null; then kill -INT \"$2\"; fi";
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "sh", "-c", script, "hub-pg-watchdog",
                     owner.ToString(CultureInfo.InvariantCulture),
                     postmasterPid.ToString(CultureInfo.InvariantCulture), _dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog (setsid).");
    }

    private async Task RunServerCommandAsync(string tool, IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var executable = Path.Combine(_binDirectory, tool);
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", ServerAccount.Name, "--", executable } }
            : new ProcessStartInfo(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var detail = ((await error).Trim() + " " + (await output).Trim()).Trim();
            throw new EmbeddedPostgresException(
                $"{tool} {arguments[0]} failed (exit {process.ExitCode}): {detail} (server log: {_logFile})");
        }
    }
}
