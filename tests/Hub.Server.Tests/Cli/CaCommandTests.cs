using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Cli;

/// <summary><c>hub ca …</c> issues certificates OpenSSL accepts, and revocation reaches the CRL; the verbs run in the
/// data directory's embedded database, like <c>hub serve</c>.</summary>
public sealed class CaCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-ca-test-").FullName;

    [Fact]
    public async Task Ca_InitIssueRevokeCrl_OpenSslVerifiesThenRejectsTheRevokedCertificate()
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var data = Path.Combine(_work, "data");
        Assert.Equal(0, (await HubProcess.RunAsync("ca", "init", "--data-dir", data)).ExitCode);
        var again = await HubProcess.RunAsync("ca", "init", "--data-dir", data);
        Assert.Contains("CA already exists.", again.Output, StringComparison.Ordinal);

        var p12 = Path.Combine(_work, "seal.p12");
        var issued = await HubProcess.RunAsync("ca", "issue", "--data-dir", data, "--subject", "CN=华东贸易有限公司, O=华东贸易有限公司, C=CN",
            "--kind", "org", "--key", "p256", "--out", p12, "--password", "seal-pw");
        Assert.True(issued.ExitCode == 0, issued.Error);
        var serial = issued.Output.Split(' ')[1];

        var chain = Path.Combine(_work, "chain.pem");
        Assert.Equal(0, (await HubProcess.RunAsync("ca", "chain", "--data-dir", data, "--out", chain)).ExitCode);
        var certificate = Path.Combine(_work, "seal.pem");
        Assert.Equal(0, (await ExternalTool.RunAsync("openssl", "pkcs12", "-in", p12, "-passin", "pass:seal-pw", "-clcerts", "-nokeys", "-out", certificate)).ExitCode);
        var verified = await ExternalTool.RunAsync("openssl", "verify", "-CAfile", chain, certificate);
        Assert.True(verified.ExitCode == 0, verified.Output);

        Assert.Equal(0, (await HubProcess.RunAsync("ca", "revoke", "--data-dir", data, serial, "--reason", "KeyCompromise")).ExitCode);
        var crl = Path.Combine(_work, "issuing.crl");
        Assert.Equal(0, (await HubProcess.RunAsync("ca", "crl", "--data-dir", data, "--out", crl)).ExitCode);
        var listed = await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crl, "-noout", "-text");
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains($"Serial Number: {serial}", listed.Output, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", listed.Output, StringComparison.Ordinal);
        // The CA's state is in the data directory's database, shared with a running server; no state file is left.
        Assert.False(File.Exists(Path.Combine(data, "ca", "ca-state.json")));
        var crlPem = Path.Combine(_work, "issuing.crl.pem");
        Assert.Equal(0, (await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crl, "-out", crlPem)).ExitCode);
        var rejected = await ExternalTool.RunAsync("openssl", "verify", "-crl_check", "-CAfile", chain, "-CRLfile", crlPem, certificate);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("certificate revoked", rejected.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ca_WhileServeRuns_CliAndServerShareOneCa()
    {
        // The CLI attaches to the cluster `hub serve` runs and works in the same database: what it issues and revokes
        // is what the server publishes, and both hand out one chain.
        var data = Path.Combine(_work, "data");
        var url = $"http://127.0.0.1:{Hub.Server.Database.LoopbackPort.AnyFree()}";
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        using var serve = HubProcess.Start("serve", "--data-dir", data, "--urls", url, "--no-demo");
        try
        {
            await WaitReadyAsync(client, serve);
            var served = await client.GetStringAsync("/ca/chain.pem");

            var issued = await HubProcess.RunAsync("ca", "issue", "--data-dir", data, "--subject", "CN=Shared, O=Hub Test", "--kind", "person",
                "--key", "p256", "--out", Path.Combine(_work, "person.p12"), "--password", "pw");
            Assert.True(issued.ExitCode == 0, issued.Error);
            var serial = issued.Output.Split(' ')[1];
            Assert.Equal(0, (await HubProcess.RunAsync("ca", "revoke", "--data-dir", data, serial, "--reason", "Superseded")).ExitCode);
            var chain = Path.Combine(_work, "chain.pem");
            Assert.Equal(0, (await HubProcess.RunAsync("ca", "chain", "--data-dir", data, "--out", chain)).ExitCode);

            Assert.Equal(served.Trim(), (await File.ReadAllTextAsync(chain)).Trim());
            var entries = System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder.Load(
                await client.GetByteArrayAsync("/ca/crl"), out _);
            Assert.True(entries.RemoveEntry(Convert.FromHexString(serial)), $"the server's CRL lists {serial}, revoked through the CLI");
        }
        finally
        {
            serve.Signal("TERM");
            await serve.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Ca_MalformedStateFileOfAnEarlierHub_OneLineNamingTheFile()
    {
        var data = Path.Combine(_work, "data");
        var stateFile = Path.Combine(data, "ca", "ca-state.json");
        Directory.CreateDirectory(Path.GetDirectoryName(stateFile)!);
        await File.WriteAllTextAsync(stateFile, "{ \"Hierarchy\": 12 }");

        var (code, _, error) = await HubProcess.RunAsync("ca", "chain", "--data-dir", data, "--out", Path.Combine(_work, "chain.pem"));

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => !l.StartsWith("warn: Hub.Server.Database[", StringComparison.Ordinal));
        Assert.StartsWith($"hub: CA state file '{stateFile}' is not valid: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was imported.", line, StringComparison.Ordinal);
        Assert.True(File.Exists(stateFile));
        Assert.False(File.Exists(Path.Combine(_work, "chain.pem")));
    }

    [Theory]
    [InlineData(2, "ca", "issue", "--subject", "CN=x", "--kind", "robot", "--out", "x.p12", "--password", "p")]
    [InlineData(2, "ca", "issue", "--subject", "CN=x", "--kind", "org", "--out", "x.p12", "--password", "")]
    [InlineData(2, "ca", "issue", "--subject", "CN=x", "--kind", "org", "--out", "x.p12", "--password", "p", "--days", "0")]
    [InlineData(1, "ca", "revoke", "ABCDEF")]
    [InlineData(1, "ca", "issue", "--subject", "not a DN", "--kind", "org", "--out", "x.p12", "--password", "p")]
    [InlineData(1, "ca", "crl", "--out", "/no/such/directory/x.crl")]
    public async Task Ca_BadInput_OneLineAndNothingWritten(int exitCode, params string[] arguments)
    {
        var data = Path.Combine(_work, "data");
        var (code, _, error) = await HubProcess.RunAsync([.. arguments.Select(a => a == "x.p12" ? Path.Combine(_work, a) : a), "--data-dir", data]);
        Assert.Equal(exitCode, code);
        // The verbs start the data directory's embedded PostgreSQL, which may note what it changed (a log line of its
        // own); the failure itself is one line.
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => !l.StartsWith("warn: Hub.Server.Database[", StringComparison.Ordinal));
        Assert.StartsWith("hub: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "x.p12")));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static async Task WaitReadyAsync(HttpClient client, HubProcess hub)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "hub serve did not become ready:\n" + hub.Output + hub.Error);
            await Task.Delay(200);
        }
    }
}
