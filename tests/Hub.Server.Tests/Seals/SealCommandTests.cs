using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// <c>hub seal list | freeze</c> and <c>hub ca import --seal</c> as an operator runs them (the real process) on a data
/// directory whose demo group was seeded by a first CLI run.
/// </summary>
public sealed class SealCommandTests(CliDataDirectory data) : IClassFixture<CliDataDirectory>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // `workflow run` seeds the demo group (and with it the seal ledger) like `serve` does.
        var seeded = await HubProcess.RunAsync("workflow", "run", System.IO.Path.Combine(SharedData.RepositoryRoot(), "workflows", "expense-reimbursement.json"),
            "--input", "{\"requestNo\":\"BX-0\",\"amount\":10.0,\"form\":{}}", "--decide", "head=reject", "--data-dir", data.Path);
        Assert.True(seeded.ExitCode == 0, seeded.Error);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_ByOrganisationName_JsonOfThatSubsidiarysSealsOnly()
    {
        var (code, output, error) = await HubProcess.RunAsync("seal", "list", "--organisation", "华南制造有限公司", "--json", "--data-dir", data.Path);

        Assert.True(code == 0, error);
        var seals = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, seals.Count);
        Assert.All(seals, s => Assert.Equal("华南制造有限公司", s.GetProperty("organisationName").GetString()));
        Assert.Contains(seals, s => s.GetProperty("medium").GetString() == "Physical" && s.GetProperty("deviceId").GetString() == "HN-STAMP-0001");
    }

    [Fact]
    public async Task Freeze_ASeal_ListShowsItFrozen_UnknownSealAndMissingReasonExitWithOneLine()
    {
        var listed = JsonDocument.Parse((await HubProcess.RunAsync("seal", "list", "--organisation", "华东贸易有限公司", "--json", "--data-dir", data.Path)).Output)
            .RootElement.EnumerateArray().First(s => s.GetProperty("typeName").GetString() == "公章" && s.GetProperty("status").GetString() == "Active");
        var id = listed.GetProperty("id").GetString()!;

        var frozen = await HubProcess.RunAsync("seal", "freeze", id, "--reason", "集团审计冻结", "--data-dir", data.Path);
        var text = await HubProcess.RunAsync("seal", "list", "--organisation", "华东贸易有限公司", "--data-dir", data.Path);
        var unknown = await HubProcess.RunAsync("seal", "freeze", Guid.NewGuid().ToString(), "--reason", "x", "--data-dir", data.Path);
        var blank = await HubProcess.RunAsync("seal", "freeze", id, "--reason", " ", "--data-dir", data.Path);

        Assert.True(frozen.ExitCode == 0, frozen.Error);
        Assert.Contains(text.Output.Split('\n'), line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains("Frozen", StringComparison.Ordinal));
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("hub: seal-not-found: Seal ", unknown.Error.Trim(), StringComparison.Ordinal);
        Assert.Single(unknown.Error.Trim().Split('\n'));
        Assert.Equal(2, blank.ExitCode);
    }

    [Fact]
    public async Task CaImport_LicensedPkcs12_BindsTheSeal_WrongPasswordRefusedWithExit2()
    {
        var seal = JsonDocument.Parse((await HubProcess.RunAsync("seal", "list", "--organisation", "华夏控股集团有限公司", "--json", "--data-dir", data.Path)).Output)
            .RootElement.EnumerateArray().First(s => s.GetProperty("typeName").GetString() == "合同专用章");
        using var licensed = new ExternalSealCa();
        var pkcs12 = System.IO.Path.Combine(data.Path, "licensed.p12");
        await File.WriteAllBytesAsync(pkcs12, licensed.SealPkcs12("华夏控股集团有限公司"));
        var password = System.IO.Path.Combine(data.Path, "licensed.pw");
        var wrong = System.IO.Path.Combine(data.Path, "wrong.pw");
        await File.WriteAllTextAsync(password, ExternalSealCa.Password + "\n");
        await File.WriteAllTextAsync(wrong, "guess\n");

        var refused = await HubProcess.RunAsync("ca", "import", "--seal", seal.GetProperty("id").GetString()!, "--pkcs12", pkcs12, "--password-file", wrong,
            "--data-dir", data.Path);
        var imported = await HubProcess.RunAsync("ca", "import", "--seal", seal.GetProperty("id").GetString()!, "--pkcs12", pkcs12, "--password-file", password,
            "--data-dir", data.Path);

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("hub: pkcs12-refused: The PKCS#12 cannot be opened", refused.Error.Trim(), StringComparison.Ordinal);
        Assert.True(imported.ExitCode == 0, imported.Error);
        var after = JsonDocument.Parse((await HubProcess.RunAsync("seal", "list", "--organisation", "华夏控股集团有限公司", "--json", "--data-dir", data.Path)).Output)
            .RootElement.EnumerateArray().Single(s => s.GetProperty("id").GetString() == seal.GetProperty("id").GetString());
        Assert.NotEqual(seal.GetProperty("certificateSerial").GetString(), after.GetProperty("certificateSerial").GetString());
        Assert.Contains(after.GetProperty("certificateSerial").GetString()!, imported.Output, StringComparison.Ordinal);
    }
}
