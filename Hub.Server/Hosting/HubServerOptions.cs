namespace Hub.Server.Hosting;

/// <summary>How one Hub node is started.</summary>
public sealed class HubServerOptions
{
    /// <summary>PostgreSQL connection string the node serves on (embedded or external): the runtime role.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema owner's connection string, used only at start to migrate and to grant the role of
    /// <see cref="ConnectionString"/> its rights, then closed. Unset: the node migrates with <see cref="ConnectionString"/>
    /// when the schema is behind (a single-role deployment) and otherwise only checks that it is current.
    /// </summary>
    public string? MigrationConnectionString { get; init; }

    /// <summary>Addresses to listen on, e.g. http://127.0.0.1:5080; several separated by ';'.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The directory for the Hub's files (demo credentials, later keys and archive). Default ./data.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Seed the demo group when the database holds no organisation yet.</summary>
    public bool SeedDemo { get; init; } = true;

    /// <summary>How this node runs workflow work. Unset: the defaults of <see cref="Workflows.WorkflowHostOptions"/>.</summary>
    internal Workflows.WorkflowHostOptions? Workflows { get; init; }

    /// <summary>Where the built designer lives. Unset: wwwroot beside the server binary, if present.</summary>
    public string? WebRoot { get; init; }

    /// <summary>The designer's directory when it has been built (holds index.html), otherwise null.</summary>
    public string? DesignerRoot
    {
        get
        {
            var root = WebRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot");
            return File.Exists(Path.Combine(root, "index.html")) ? root : null;
        }
    }
}
