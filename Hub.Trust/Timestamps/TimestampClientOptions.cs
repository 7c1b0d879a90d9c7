using System.Security.Cryptography;

namespace Hub.Trust.Timestamps;

/// <summary>Configuration section <c>TimestampClient</c>: how <see cref="TimestampClient"/> asks a TSA.</summary>
public sealed class TimestampClientOptions
{
    /// <summary>The TSA's RFC 3161 HTTP endpoint. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Message-imprint hash for data the client hashes itself. Default SHA-256; SHA-1 and MD5 are refused.</summary>
    public HashAlgorithmName HashAlgorithm { get; set; } = HashAlgorithmName.SHA256;

    /// <summary>The TSA policy to request (TimeStampReq.reqPolicy); the token must carry it. Unset: the TSA's default, any policy accepted.</summary>
    public string? PolicyOid { get; set; }

    /// <summary>How long one request may take, connection and body included. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
