using System.CommandLine;
using System.Globalization;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Protection;
using Hub.Server.Identity;
using Hub.Server.Identity.Persistence;
using Hub.Server.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Cli;

/// <summary>
/// <c>hub identity check-id NUMBER | check-uscc CODE</c>: checks identifiers offline. A valid one prints one line
/// (an ID number only masked) and exits 0; an invalid one prints the reason on stderr and exits 1.
/// <c>hub identity rotate-keys --connection CS [--lookup-key]</c>: rotates the identity wrapping key, and with
/// --lookup-key the lookup key too (all nodes must share the master key).
/// </summary>
internal static class IdentityCommand
{
    public static Command Create()
    {
        var command = new Command("identity", "Real-name identity: check identifiers.");
        command.Subcommands.Add(CheckId());
        command.Subcommands.Add(CheckCreditCode());
        command.Subcommands.Add(RotateKeys());
        return command;
    }

    private static Command CheckId()
    {
        var number = new Argument<string>("NUMBER") { Description = "An 18-character resident ID number (GB 11643)." };
        var command = new Command("check-id", "Check a resident ID number: check digit, birth date, area code.") { number };
        command.SetAction(parsed =>
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            if (!ResidentIdNumber.TryParse(parsed.GetValue(number), today, out var parsedNumber, out var problem))
            {
                throw new CommandLineFailure(problem!);
            }

            Console.Out.WriteLine($"valid {parsedNumber!.Masked} born {parsedNumber.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    private static Command CheckCreditCode()
    {
        var code = new Argument<string>("CODE") { Description = "An 18-character unified social credit code (GB 32100)." };
        var command = new Command("check-uscc", "Check a unified social credit code: alphabet and check character.") { code };
        command.SetAction(parsed =>
        {
            if (!UnifiedSocialCreditCode.TryParse(parsed.GetValue(code), out var parsedCode, out var problem))
            {
                throw new CommandLineFailure(problem!);
            }

            Console.Out.WriteLine($"valid {parsedCode!.Value}");
            return 0;
        });
        return command;
    }

    private static Command RotateKeys()
    {
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string.", Required = true };
        var data = DataDirectoryOption.Create();
        var lookup = new Option<bool>("--lookup-key") { Description = "Also rotate the lookup key: recompute every person's ID number and mobile hashes in one transaction." };
        var command = new Command("rotate-keys", "Add an identity wrapping key, re-wrap every person's data key with it, retire the old one.")
        {
            connection, data, lookup,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var services = new ServiceCollection();
            services.AddSingleton(NpgsqlDataSource.Create(parsed.GetValue(connection)!));
            services.AddDbContext<IdentityDbContext>((s, db) => db.UseNpgsql(s.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton(MasterKey.Load(parsed.GetValue(data)!));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IdentityKeys>();
            await using var provider = services.BuildServiceProvider();
            try
            {
                var rewrapped = await provider.GetRequiredService<IdentityKeys>().RotateAsync(cancellationToken);
                Console.Out.WriteLine($"rotated; {rewrapped} data keys re-wrapped");
                if (parsed.GetValue(lookup))
                {
                    var (version, persons) = await provider.GetRequiredService<IdentityKeys>().RotateLookupKeyAsync(cancellationToken);
                    Console.Out.WriteLine($"lookup key v{version}; {persons} persons' lookups recomputed");
                }

                return 0;
            }
            catch (Exception exception) when (exception is NpgsqlException or PersonalDataException or InvalidOperationException)
            {
                throw new CommandLineFailure(exception.Message);
            }
        });
        return command;
    }
}
