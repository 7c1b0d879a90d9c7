using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Activities.Documents.Records;
using Hub.Server.Tests.Cli;
using Hub.Server.Tests.Documents;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Pki;
using Hub.Trust.Signing;
using Npgsql;

namespace Hub.Server.Tests.Api.Documents;

/// <summary>
/// The documents API on a real node: search scoped to the caller's subtrees with every filter, one record with its
/// signatures verified by Hub.Trust, and downloads entered in the evidence chain before the bytes go out.
/// </summary>
public sealed class DocumentApiTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Search_EachFilter_SelectsItsDocumentsNewestFirstWithinTheCallersScope()
    {
        var category = "cat-" + Guid.NewGuid().ToString("N")[..8];
        var a = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "a.pdf", category, "苏州恒远办公设备有限公司", "办公设备采购合同",
            createdAt: Day0);
        var b = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "b.pdf", category, "上海明德", "劳动合同",
            DocumentKind.Sealed, Day0.AddDays(1));
        var c = await DocumentTargets.KeepAsync(hub, hub.Group.AlphaDepartment.Id, hub.Group.AlphaDepartment.Path, "c.pdf", category, null, "报销单",
            createdAt: Day0.AddDays(2));
        var d = await DocumentTargets.KeepAsync(hub, hub.Group.Beta.Id, hub.Group.Beta.Path, "d.pdf", category, "苏州恒远办公设备有限公司", "采购合同",
            createdAt: Day0.AddDays(3));
        await hub.Service<Hub.Server.Documents.DocumentRecordStore>().MarkArchivedAsync(c.DocumentId, Day0.AddDays(5), CancellationToken.None);
        using var alpha = await hub.SignInAsync("alpha.admin");
        using var beta = await hub.SignInAsync("beta.admin");
        using var hq = await hub.SignInAsync("hq.admin");

        Assert.Equal([c.DocumentId, b.DocumentId, a.DocumentId], await IdsAsync(alpha, $"category={category}"));
        Assert.Equal([a.DocumentId], await IdsAsync(alpha, $"category={category}&counterparty=苏州恒远"));
        Assert.Equal([b.DocumentId], await IdsAsync(alpha, $"category={category}&status=sealed"));
        Assert.Equal([c.DocumentId], await IdsAsync(alpha, $"category={category}&status=archived"));
        Assert.Equal([a.DocumentId], await IdsAsync(alpha, $"category={category}&status=generated"));
        Assert.Equal([b.DocumentId], await IdsAsync(alpha, $"category={category}&from={Day0.AddHours(12):O}&to={Day0.AddHours(36):O}".Replace("+", "%2B")));
        Assert.Equal([a.DocumentId], await IdsAsync(alpha, $"category={category}&q=采购"));
        Assert.Equal([c.DocumentId], await IdsAsync(alpha, $"category={category}&organisationId={hub.Group.AlphaDepartment.Id}"));
        Assert.Equal([d.DocumentId], await IdsAsync(beta, $"category={category}"));
        Assert.Equal([d.DocumentId, c.DocumentId, b.DocumentId, a.DocumentId], await IdsAsync(hq, $"category={category}"));

        var page = await alpha.GetFromJsonAsync<JsonElement>($"/api/documents?category={category}&pageSize=2&page=2");
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(a.DocumentId, Assert.Single(page.GetProperty("documents").EnumerateArray()).GetProperty("id").GetString());
        var first = (await alpha.GetFromJsonAsync<JsonElement>($"/api/documents?category={category}&q=采购")).GetProperty("documents")[0];
        Assert.Equal(("苏州恒远办公设备有限公司", "办公设备采购合同", "a.pdf", "generated", hub.Group.Alpha.Id),
            (first.GetProperty("counterparty").GetString(), first.GetProperty("title").GetString(), first.GetProperty("fileName").GetString(),
                first.GetProperty("status").GetString(), first.GetProperty("organisationId").GetGuid()));
    }

    [Fact]
    public async Task Search_BadFiltersOrAnotherSubsidiary_RefusedWithProblems()
    {
        using var beta = await hub.SignInAsync("beta.admin");

        var bad = await beta.GetAsync("/api/documents?status=lost&pageSize=500&page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("'status' must be one of generated, sealed, evidence-report, archived.", errors.GetProperty("status")[0].GetString());
        Assert.Equal("'pageSize' must be between 1 and 200.", errors.GetProperty("pageSize")[0].GetString());
        Assert.Equal("'page' counts from 1.", errors.GetProperty("page")[0].GetString());
        var other = await beta.GetAsync($"/api/documents?organisationId={hub.Group.Alpha.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Get_SealedPdf_RecordWithTheSealVerifiedByTheHubsTrustAnchors()
    {
        var sealedPdf = await SealedPdfAsync();
        var record = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "sealed.pdf", kind: DocumentKind.Sealed,
            content: sealedPdf);
        using var alpha = await hub.SignInAsync("alpha.admin");

        var document = await alpha.GetFromJsonAsync<JsonElement>($"/api/documents/{record.DocumentId}");

        Assert.Equal("sealed", document.GetProperty("kind").GetString());
        var signature = Assert.Single(document.GetProperty("signatures").EnumerateArray());
        Assert.True(signature.GetProperty("acceptable").GetBoolean(), signature.ToString());
        Assert.True(signature.GetProperty("trusted").GetBoolean());
        Assert.Equal("WholeFile", signature.GetProperty("coverage").GetString());
        Assert.Contains("CN=Alpha 子公司合同专用章", signature.GetProperty("signer").GetString(), StringComparison.Ordinal);
        var missing = await alpha.GetAsync($"/api/documents/{new string('0', 64)}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Download_ChineseFileName_BytesWithDispositionAndTheDownloadInTheEvidenceChain()
    {
        var pdf = PdfCommandTests.MinimalPdf().Concat(System.Text.Encoding.ASCII.GetBytes("%" + Guid.NewGuid() + "\n")).ToArray();
        var record = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "采购合同 CG-2026.pdf", content: pdf);
        using var alpha = await hub.SignInAsync("alpha.admin");

        var response = await alpha.GetAsync($"/api/documents/{record.DocumentId}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("采购合同 CG-2026.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E9%87%87%E8%B4%AD%E5%90%88%E5%90%8C%20CG-2026.pdf", disposition.ToString(), StringComparison.Ordinal);
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        await using var read = db.CreateCommand("SELECT kind, organisation_path, actor_id, details FROM hub.evidence_log WHERE subject = $1");
        read.Parameters.AddWithValue("document:" + record.DocumentId);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the download is not in the evidence chain");
        Assert.Equal(("document-download", hub.Group.Alpha.Path, hub.Group["alpha.admin"].Id), (reader.GetString(0), reader.GetString(1), reader.GetGuid(2)));
        using var details = JsonDocument.Parse(reader.GetString(3));
        Assert.Equal(("采购合同 CG-2026.pdf", "api"), (details.RootElement.GetProperty("fileName").GetString(), details.RootElement.GetProperty("via").GetString()));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Get_TheRecordWithItsVerification_IsAViewInTheEvidenceChain()
    {
        var pdf = PdfCommandTests.MinimalPdf().Concat(System.Text.Encoding.ASCII.GetBytes("%" + Guid.NewGuid() + "\n")).ToArray();
        var record = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "报销单.pdf", content: pdf);
        using var alpha = await hub.SignInAsync("alpha.admin");

        var response = await alpha.GetAsync($"/api/documents/{record.DocumentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        await using var read = db.CreateCommand("SELECT kind, actor_id, details::jsonb ->> 'signatures' FROM hub.evidence_log WHERE subject = $1");
        read.Parameters.AddWithValue("document:" + record.DocumentId);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the view is not in the evidence chain");
        Assert.Equal(("document-view", hub.Group["alpha.admin"].Id, "0"), (reader.GetString(0), reader.GetGuid(1), reader.GetString(2)));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Download_EvidenceChainRefusesTheEntry_NoBytesGoOut()
    {
        var record = await DocumentTargets.KeepAsync(hub, hub.Group.Alpha.Id, hub.Group.Alpha.Path, "secret.txt");
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        // Only this document's acts are refused, so the rest of the chain is untouched for other tests.
        var trigger = "refuse_" + record.DocumentId[..12];
        await using (var install = db.CreateCommand($"""
            CREATE FUNCTION hub.{trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'evidence refused for the test'; END; $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON hub.evidence_log FOR EACH ROW
                WHEN (NEW.subject = 'document:{record.DocumentId}') EXECUTE FUNCTION hub.{trigger}();
            """))
        {
            await install.ExecuteNonQueryAsync();
        }

        using var alpha = await hub.SignInAsync("alpha.admin");
        var response = await alpha.GetAsync($"/api/documents/{record.DocumentId}/content");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("secret.txt ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<byte[]> SealedPdfAsync()
    {
        var trust = hub.Service<HubTrust>();
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        var seal = await trust.Authority.IssueAsync("CN=Alpha 子公司合同专用章, O=Alpha 子公司, C=CN", CertificateKind.Organisation,
            Hub.Trust.Keys.KeyAlgorithm.Rsa2048, TimeSpan.FromDays(30), CancellationToken.None);
        using var key = await trust.Keys.OpenSigningKeyAsync(seal.SigningKeyId, CancellationToken.None);
        using var sealedPdf = new MemoryStream();
        await new PdfSigner().SealAsync(PdfCommandTests.MinimalPdf(), sealedPdf,
            new PdfSealRequest { Certificate = seal.Certificate, PrivateKey = key, Chain = [chain.Issuing, chain.Root] });
        return sealedPdf.ToArray();
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/documents?" + query);
        return page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
    }
}
