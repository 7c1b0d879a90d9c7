using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Activities.Seals;
using Hub.Server.Api.Seals;
using Hub.Server.Seals.Stores;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary><c>hub seal list | freeze</c>: the seal ledger from the shell, as the platform (the operator at the machine
/// sees every seal; a freeze is recorded in the evidence chain with the platform as actor).</summary>
internal static class SealCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var command = new Command("seal", "The seal ledger: list seals, freeze one.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Freeze());
        return command;
    }

    private static Command List()
    {
        var data = DataDirectoryOption.Create();
        var organisation = new Option<string>("--organisation") { Description = "Only seals of this organisation (name or id) and below it." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List seals with their status, medium and certificate or device.") { data, organisation, json };
        command.SetAction(async (parsed, cancellationToken) => await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: false, services: null,
            async services =>
            {
                var db = services.GetRequiredService<NpgsqlDataSource>();
                string? subtree = null;
                if (parsed.GetValue(organisation) is { } wanted)
                {
                    var paths = await SealStore.OrganisationPathsAsync(db, wanted, cancellationToken);
                    subtree = paths.Count switch
                    {
                        1 => paths[0],
                        0 => throw new CommandLineFailure($"No organisation is named or has the id '{wanted}'.", 2),
                        _ => throw new CommandLineFailure($"{paths.Count} organisations are named '{wanted}'; give its id.", 2),
                    };
                }

                // The platform reads the whole tree: every path starts with the empty prefix.
                var seals = await SealStore.ListAsync(db, [""], subtree, cancellationToken);
                if (parsed.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(seals.Select(SealResponse.From), Json));
                    return 0;
                }

                foreach (var seal in seals)
                {
                    var binding = seal.Medium == SealMedium.Physical ? $"device {seal.DeviceId}" : seal.CertificateSerial is { } serial ? $"certificate {serial}" : "no certificate";
                    Console.Out.WriteLine($"{seal.Id}  {seal.Status,-7}  {seal.Medium,-10}  {seal.Name}  ({binding})");
                }

                return 0;
            }, cancellationToken));
        return command;
    }

    private static Command Freeze()
    {
        var data = DataDirectoryOption.Create();
        var id = new Argument<Guid>("ID") { Description = "The seal's id (see `hub seal list`)." };
        var reason = new Option<string>("--reason") { Description = "Why it is frozen (kept with the seal and in the evidence chain).", Required = true };
        var command = new Command("freeze", "Freeze a seal: no use passes until an administrator thaws it.") { data, id, reason };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var why = parsed.GetValue(reason)?.Trim();
            if (string.IsNullOrEmpty(why) || why.Length > 500 || why.Any(char.IsControl))
            {
                throw new CommandLineFailure("--reason must be 1 to 500 characters without control characters.", 2);
            }

            return await CommandNode.RunAsync(parsed.GetValue(data)!, seedDemo: false, services: null, async services =>
            {
                var frozen = await SealStore.ChangeStatusAsync(services.GetRequiredService<NpgsqlDataSource>(), parsed.GetValue(id), SealStatus.Frozen, why, null,
                    services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
                if (frozen.Refusal is { } refusal)
                {
                    throw new CommandLineFailure($"{refusal.Code}: {refusal.Message}", refusal.Kind == Seals.SealRefusalKind.NotFound ? 2 : 1);
                }

                Console.Out.WriteLine($"frozen {frozen.Value!.Id}  {frozen.Value.Name}: {why}");
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
