using System.Security.Cryptography.Pkcs;
using Hub.Server.Evidence;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Evidence;

/// <summary>
/// Tampering with the evidence chain as a superuser — the one role that can — is found at the right entry, both by the
/// verifier and by <c>./hub evidence verify</c> (run as a process, as an operator runs it): an edited field or hash, a
/// deleted middle row or tail, reordered rows, a re-pointed link, a rewrite that recomputed every later hash, and a
/// forged anchor token. Every chain here has eight entries and an anchor over entry 8.
/// </summary>
public sealed class EvidenceVerificationTests
{
    [Fact]
    public async Task Verify_UntouchedAnchoredChain_IsIntactAndTheCliSummarisesIt()
    {
        await using var chain = await AnchoredChainAsync();
        var report = await chain.VerifyAsync();
        Assert.Null(report.Break);
        Assert.Equal((8L, 1L, 8L, 8L), (report.Entries, report.Anchors, report.HeadSeq, report.LastAnchoredSeq!.Value));

        var cli = await HubProcess.RunAsync("evidence", "verify", "--connection", chain.Superuser);
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.StartsWith($"evidence chain intact: 8 entries, head 8 {Convert.ToHexStringLower(report.HeadHash!)}, 1 anchor, the last at entry 8",
            cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DetailsOfAMiddleEntryEdited_NamesThatEntryAsEdited()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("""UPDATE hub.evidence_log SET details = '{"number":3,"decision":"reject"}' WHERE seq = 4""");
        await AssertBrokenAsync(chain, EvidenceBreakKind.Edited, 4, "evidence entry 4 was edited: its stored hash");
    }

    [Fact]
    public async Task Verify_HashOfAMiddleEntryEdited_NamesThatEntryAsEdited()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("UPDATE hub.evidence_log SET entry_hash = sha256('forged'::bytea) WHERE seq = 5");
        await AssertBrokenAsync(chain, EvidenceBreakKind.Edited, 5, "evidence entry 5 was edited:");
    }

    [Fact]
    public async Task Verify_MiddleEntryDeleted_NamesTheMissingEntry()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("DELETE FROM hub.evidence_log WHERE seq = 4");
        await AssertBrokenAsync(chain, EvidenceBreakKind.Deleted, 4, "evidence entry 4 was deleted: entry 5 follows entry 3; entry 4 is missing");
    }

    [Fact]
    public async Task Verify_LastEntriesDeleted_TheAnchorNamesTheFirstMissing()
    {
        // Without an anchor a shortened chain is still a valid chain; the anchor over entry 8 is what proves 7 and 8 existed.
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("DELETE FROM hub.evidence_log WHERE seq >= 7");
        await AssertBrokenAsync(chain, EvidenceBreakKind.Deleted, 7, "evidence entry 7 was deleted: the chain ends at entry 6");
    }

    [Fact]
    public async Task Verify_TwoEntriesSwapped_NamesTheFirstAsMoved()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync(
            "UPDATE hub.evidence_log SET seq = 1000 WHERE seq = 3",
            "UPDATE hub.evidence_log SET seq = 3 WHERE seq = 4",
            "UPDATE hub.evidence_log SET seq = 4 WHERE seq = 1000");
        await AssertBrokenAsync(chain, EvidenceBreakKind.Moved, 3, "evidence entry 3 was moved:", "as entry 4, not as entry 3");
    }

    [Fact]
    public async Task Verify_EntryRepointedWithARecomputedHash_NamesItAsRelinked()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("UPDATE hub.evidence_log SET previous_hash = (SELECT previous_hash FROM hub.evidence_log WHERE seq = 5) WHERE seq = 6");
        await RehashOnlyAsync(chain, 6);
        await AssertBrokenAsync(chain, EvidenceBreakKind.Relinked, 6, "evidence entry 6 was re-linked:");
    }

    [Fact]
    public async Task Verify_EditThenEveryLaterHashRecomputed_TheAnchorCatchesTheRewrite()
    {
        // The hashes alone cannot tell a consistent rewrite from the original; the TSA's signed statement of the head can.
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("""UPDATE hub.evidence_log SET details = '{"number":2,"decision":"reject"}' WHERE seq = 3""");
        await chain.RehashFromAsync(3);
        await AssertBrokenAsync(chain, EvidenceBreakKind.AnchorMismatch, 8, "evidence entry 8 does not match its anchor:");
    }

    [Fact]
    public async Task Verify_AnchorTokenSignatureAltered_NamesTheAnchorInvalid()
    {
        await using var chain = await AnchoredChainAsync();
        // One bit of the TSA's signature value, found where it sits in the token's DER.
        await chain.ChangeTokenAsync(8, token =>
        {
            var cms = new SignedCms();
            cms.Decode(token);
            var signature = cms.SignerInfos[0].GetSignature();
            var at = token.AsSpan().IndexOf(signature);
            Assert.True(at > 0);
            token[at + signature.Length / 2] ^= 1;
            return token;
        });
        await AssertBrokenAsync(chain, EvidenceBreakKind.AnchorInvalid, 8, "evidence entry 8 has an invalid anchor:", "its token's signature does not verify");
    }

    [Fact]
    public async Task Verify_AnchorTokenTruncated_NamesTheAnchorInvalid()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.ChangeTokenAsync(8, token => token[..^10]);
        await AssertBrokenAsync(chain, EvidenceBreakKind.AnchorInvalid, 8, "evidence entry 8 has an invalid anchor:", "its token's signature does not verify (or it is no CMS SignedData)");
    }

    [Fact]
    public async Task Verify_AnchorTimeEdited_NamesTheAnchorInvalid()
    {
        await using var chain = await AnchoredChainAsync();
        await chain.TamperAsync("UPDATE hub.evidence_anchors SET anchored_at = anchored_at - interval '1 day'");
        await AssertBrokenAsync(chain, EvidenceBreakKind.AnchorInvalid, 8, "evidence entry 8 has an invalid anchor:", "its token was signed at");
    }

    [Fact]
    public async Task Anchor_UnchangedHead_AddsNothingAndANewHeadIsAnchored()
    {
        await using var chain = await AnchoredChainAsync();
        var again = await chain.Anchoring.AnchorAsync(CancellationToken.None);
        Assert.False(again.Added);
        Assert.Equal(8, again.Latest!.HeadSeq);
        Assert.Equal(1L, await chain.ScalarAsync("SELECT count(*) FROM hub.evidence_anchors"));

        await chain.AppendAsync(2);
        var next = await chain.Anchoring.AnchorAsync(CancellationToken.None);
        Assert.True(next.Added);
        Assert.Equal(10, next.Latest!.HeadSeq);
        var report = await chain.VerifyAsync();
        Assert.Null(report.Break);
        Assert.Equal((10L, 2L), (report.Entries, report.Anchors));
    }

    [Fact]
    public async Task Append_FortyInParallelFromSeveralConnections_ChainHasNoGapAndVerifies()
    {
        await using var chain = await EvidenceChain.CreateAsync();
        var seqs = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => chain.Log.AppendAsync(EvidenceChain.Act(i), CancellationToken.None))));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seqs.Order());
        Assert.True(await chain.ScalarAsync("SELECT count(DISTINCT pid) FROM pg_stat_activity WHERE datname = current_database() AND usename = '" + Hub.Server.Database.EmbeddedRoles.Runtime + "'") > 1,
            "the appends ran on more than one connection");
        var report = await chain.VerifyAsync();
        Assert.Null(report.Break);
        Assert.Equal(40L, report.Entries);
    }

    [Fact]
    public async Task RuntimeRole_UpdateDeleteOrTruncateTheChainOrItsAnchors_IsRefused()
    {
        await using var chain = await AnchoredChainAsync();
        await using var runtime = await chain.Runtime.OpenConnectionAsync();
        foreach (var sql in new[]
                 {
                     "UPDATE hub.evidence_log SET details = '{}' WHERE seq = 1", "DELETE FROM hub.evidence_log WHERE seq = 8", "TRUNCATE hub.evidence_log",
                     "UPDATE hub.evidence_anchors SET token = ''::bytea", "DELETE FROM hub.evidence_anchors", "TRUNCATE hub.evidence_anchors",
                 })
        {
            await using var command = new NpgsqlCommand(sql, runtime);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Null((await chain.VerifyAsync()).Break);
    }

    private static async Task<EvidenceChain> AnchoredChainAsync()
    {
        var chain = await EvidenceChain.CreateAsync();
        await chain.AppendAsync(8);
        var anchored = await chain.Anchoring.AnchorAsync(CancellationToken.None);
        Assert.True(anchored.Added);
        Assert.Equal(8, anchored.Latest!.HeadSeq);
        return chain;
    }

    // Recomputes one entry's own hash over its (tampered) fields, leaving the rest of the chain as it was.
    private static async Task RehashOnlyAsync(EvidenceChain chain, long seq)
    {
        await using var db = NpgsqlDataSource.Create(chain.Superuser);
        EvidenceEntry entry;
        await using (var snapshot = await EvidenceChainSnapshot.OpenAsync(db, CancellationToken.None))
        {
            entry = await snapshot.EntriesAsync(CancellationToken.None).SingleAsync(e => e.Seq == seq);
        }

        await chain.TamperAsync(
            $"UPDATE hub.evidence_log SET entry_hash = '\\x{Convert.ToHexStringLower(entry.HashAt(seq, entry.PreviousHash))}'::bytea WHERE seq = {seq}");
    }

    private static async Task AssertBrokenAsync(EvidenceChain chain, EvidenceBreakKind kind, long seq, string line, string? detail = null)
    {
        var report = await chain.VerifyAsync();
        Assert.NotNull(report.Break);
        Assert.Equal((kind, seq), (report.Break.Kind, report.Break.Seq));
        Assert.StartsWith(line, report.Break.Line, StringComparison.Ordinal);
        if (detail is not null)
        {
            Assert.True(report.Break.Line.Contains(detail, StringComparison.Ordinal), report.Break.Line);
        }

        var cli = await HubProcess.RunAsync("evidence", "verify", "--connection", chain.Superuser);
        Assert.Equal(3, cli.ExitCode);
        Assert.Equal("hub: " + report.Break.Line, cli.Error.Trim());
        Assert.Equal("", cli.Output.Trim());
    }
}
