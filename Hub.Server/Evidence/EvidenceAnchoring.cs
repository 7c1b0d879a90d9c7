using System.Security.Cryptography;
using Hub.Server.Trust;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>What one anchoring did: whether it added an anchor, and the chain's latest anchor afterwards (null while the chain is empty).</summary>
internal sealed record AnchoringResult(bool Added, EvidenceAnchor? Latest);

/// <summary>
/// Anchors the evidence chain: has the Hub's TSA time-stamp <see cref="EvidenceHash.AnchorImprint"/> of the current
/// head and keeps the token. Runs hourly as the recurring job <c>evidence-anchoring</c> and on demand
/// (<c>POST /api/evidence/anchors</c>). A head anchored already is not anchored again; when two nodes anchor one head
/// at once, the first row stays and the other token is dropped. A TSA failure is an error, never an anchor without a
/// time-stamp.
/// </summary>
internal sealed class EvidenceAnchoring(NpgsqlDataSource db, HubTrust trust, ILogger<EvidenceAnchoring> logger)
{
    public async Task<AnchoringResult> AnchorAsync(CancellationToken cancellationToken)
    {
        var latest = await EvidenceAnchorStore.LatestAsync(db, cancellationToken);
        if (await EvidenceAnchorStore.HeadAsync(db, cancellationToken) is not var (seq, hash) || latest?.HeadSeq >= seq)
        {
            return new AnchoringResult(false, latest);
        }

        var stamper = await trust.TimeStamperAsync(cancellationToken);
        var token = await stamper.TimestampHashAsync(EvidenceHash.AnchorImprint(seq, hash), HashAlgorithmName.SHA256, cancellationToken);
        var anchor = new EvidenceAnchor(seq, hash, token.AsSignedCms().Encode(), EvidenceHash.Truncate(token.TokenInfo.Timestamp));
        if (!await EvidenceAnchorStore.TryAddAsync(db, anchor, cancellationToken))
        {
            return new AnchoringResult(false, await EvidenceAnchorStore.LatestAsync(db, cancellationToken));
        }

        Log.EvidenceAnchored(logger, seq);
        return new AnchoringResult(true, anchor);
    }
}
