namespace Hub.Trust.Signing;

/// <summary>
/// A file carried with one signature: embedded in the same incremental update as the signature, associated with its
/// widget (<c>/AF</c>, ISO 32000-2 §14.13) and listed in the catalog's <c>/EmbeddedFiles</c>, so the seal's byte
/// range covers it and tools such as <c>pdfdetach</c> list it. The Hub embeds the platform-signed approval statement
/// this way. When read back by the verifier, the same record describes what the file holds.
/// </summary>
/// <param name="FileName">The file name shown by readers (<c>/F</c> and <c>/UF</c>); no path separators.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="MediaType">The MIME type (the embedded file's <c>/Subtype</c>), e.g. <c>application/pkcs7-mime</c>.</param>
/// <param name="Description">The <c>/Desc</c> text; empty for none.</param>
public sealed record SignatureAttachment(string FileName, byte[] Content, string MediaType, string Description)
{
    /// <summary>The largest attachment the signer embeds, in bytes (16 MiB): a seal carries statements, not archives.</summary>
    public const int MaxContentBytes = 16 * 1024 * 1024;
}
