using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Seals.Statements;
using Hub.Server.Api.Trust;
using Hub.Server.Tests.Cli;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Server.Tests.Trust;

/// <summary>
/// POST /api/pdf/verify: a PDF sealed through the Hub's CA with a platform-signed statement is explained (who approved
/// what, under which grant and policy); a swapped statement is flagged; bad input is a ProblemDetails.
/// </summary>
public sealed class PdfVerifyEndpointTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Verify_SealedThroughTheHubCa_ReportsTheApproval()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var statement = StatementSealing.StatementFor(pdf);
        var sealedPdf = await SealAsync(pdf, statement, swapped: false);
        using var client = await hub.SignInAsync("alpha.member");

        using var response = await client.PostAsync("/api/pdf/verify", Pdf(sealedPdf));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var report = JsonDocument.Parse(body);
        var approval = report.RootElement.GetProperty("signatures")[0].GetProperty("approval");
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean(), body);
        Assert.Equal("Valid", approval.GetProperty("status").GetString());
        Assert.Equal(HubTrust.PlatformSealSubject, approval.GetProperty("platformSigner").GetString());
        Assert.Equal(statement.GrantId, approval.GetProperty("statement").GetProperty("grantId").GetGuid());
        Assert.Equal("赵律师", approval.GetProperty("statement").GetProperty("decisions")[0].GetProperty("deciderName").GetString());
    }

    [Fact]
    public async Task Verify_SwappedStatement_NotOkAndSaysSo()
    {
        var pdf = PdfCommandTests.MinimalPdf();
        var sealedPdf = await SealAsync(pdf, StatementSealing.StatementFor(pdf), swapped: true);
        using var client = await hub.SignInAsync("beta.member");

        using var response = await client.PostAsync("/api/pdf/verify", Pdf(sealedPdf));

        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("DoesNotMatchSeal", report.RootElement.GetProperty("signatures")[0].GetProperty("approval").GetProperty("status").GetString());
        // The verification is an act of the chain: whose, of which file, and what it found.
        await using var db = Npgsql.NpgsqlDataSource.Create(hub.ConnectionString);
        await using var read = db.CreateCommand("SELECT kind, organisation_path, actor_id, details::jsonb ->> 'ok' FROM hub.evidence_log WHERE subject = $1");
        read.Parameters.AddWithValue("pdf:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sealedPdf)));
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the verification is not in the evidence chain");
        Assert.Equal(("verification", hub.Group.BetaDepartment.Path, hub.Group["beta.member"].Id, "false"),
            (reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3)));
    }

    [Fact]
    public async Task Verify_NotAPdfOrTooLargeOrAnonymous_ProblemDetails()
    {
        using var client = await hub.SignInAsync("alpha.member");

        using var notPdf = await client.PostAsync("/api/pdf/verify", Pdf("<html>not a pdf</html>"u8.ToArray()));
        using var empty = await client.PostAsync("/api/pdf/verify", Pdf([]));
        using var huge = await client.PostAsync("/api/pdf/verify", Pdf(new byte[PdfVerifyEndpoints.MaxPdfBytes + 1]));
        using var anonymous = hub.Anonymous();
        using var unauthenticated = await anonymous.PostAsync("/api/pdf/verify", Pdf(PdfCommandTests.MinimalPdf()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, notPdf.StatusCode);
        Assert.Equal("application/problem+json", notPdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Not a readable PDF", await notPdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private async Task<byte[]> SealAsync(byte[] pdf, ApprovalStatement statement, bool swapped)
    {
        var trust = hub.Service<HubTrust>();
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        var platform = await trust.PlatformSealCertificateAsync(CancellationToken.None);
        using var platformKey = await trust.Keys.OpenSigningKeyAsync(platform.SigningKeyId, CancellationToken.None);
        var seal = await trust.Authority.IssueAsync("CN=华南制造有限公司合同专用章, O=华南制造有限公司, C=CN", CertificateKind.Organisation, KeyAlgorithm.Rsa2048, TimeSpan.FromDays(30), CancellationToken.None);
        using var sealKey = await trust.Keys.OpenSigningKeyAsync(seal.SigningKeyId, CancellationToken.None);
        var prepared = ApprovalStatements.Prepare(statement, platform.Certificate, platformKey, platform.Chain);
        if (swapped)
        {
            prepared = prepared with { Attachment = ApprovalStatements.Prepare(StatementSealing.StatementFor(pdf), platform.Certificate, platformKey, platform.Chain).Attachment };
        }

        Assert.NotNull(chain.Root);
        return await StatementSealing.SealAsync(pdf, seal.Certificate, sealKey, seal.Chain, prepared);
    }

    private static ByteArrayContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
