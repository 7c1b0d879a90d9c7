using Hub.Trust.Verification;

namespace Hub.Activities.Evidence;

/// <summary>Everything an evidence report states, gathered by the host from its records and the verifier.</summary>
public sealed class EvidenceFacts
{
    /// <summary>The report's number, e.g. EV-2026-000123.</summary>
    public required string ReportNumber { get; init; }

    /// <summary>The document's title as shown.</summary>
    public required string DocumentTitle { get; init; }

    /// <summary>The sealed file's name.</summary>
    public required string DocumentFileName { get; init; }

    /// <summary>The sealed file's bytes: its SHA-256 and size are computed from them, never taken on trust.</summary>
    public required ReadOnlyMemory<byte> Document { get; init; }

    /// <summary>Parties with their identity verification.</summary>
    public IReadOnlyList<EvidenceParty> Parties { get; init; } = [];

    /// <summary>Every approval decision, in order.</summary>
    public IReadOnlyList<EvidenceApproval> Approvals { get; init; } = [];

    /// <summary>Every seal use, in order.</summary>
    public IReadOnlyList<EvidenceSealUse> SealUses { get; init; } = [];

    /// <summary>The verdicts of <see cref="PdfSignatureVerifier"/> for <see cref="Document"/>, one per signature.</summary>
    public required IReadOnlyList<PdfSignatureVerdict> Signatures { get; init; }
}
