using Hub.Trust.Signing;
using Hub.Trust.Tests.Pki;

namespace Hub.Trust.Tests.PublicApi;

/// <summary>The listing generator and the tracked file: what a line says, what is left out, and the diff a change produces.</summary>
public sealed class PublicApiListingTests
{
    [Fact]
    public void Lines_HubTrust_SignaturesWithNamesDefaultsNullabilityAndConstants()
    {
        var lines = new PublicApiListing(typeof(PdfSigner).Assembly).Lines();

        Assert.Contains("Hub.Trust.Signing.PdfSigner : public sealed class", lines);
        Assert.Contains(
            "Hub.Trust.Signing.PdfSigner.PdfSigner(Hub.Trust.Timestamps.ITimeStamper? timestamps = null, System.TimeProvider? time = null) : public constructor", lines);
        Assert.Contains(
            "Hub.Trust.Signing.PdfSigner.SealAsync(System.ReadOnlyMemory<byte> pdf, System.IO.Stream output, Hub.Trust.Signing.PdfSealRequest request, "
            + "System.Threading.CancellationToken cancellationToken = default) : public method -> System.Threading.Tasks.Task<string>", lines);
        Assert.Contains(
            "Hub.Trust.Signing.PdfSealRequest.Certificate : public required property { get; init; } -> System.Security.Cryptography.X509Certificates.X509Certificate2", lines);
        Assert.Contains("Hub.Trust.Timestamps.TimestampClient : public sealed class, Hub.Trust.Timestamps.ITimeStamper", lines);
        Assert.Contains("Hub.Trust.Timestamps.TimestampAuthority.RequestContentType : public const field -> string = \"application/timestamp-query\"", lines);
        Assert.Contains("Hub.Trust.Keys.KeyAlgorithm.EcdsaP256 : enum value = 3", lines);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
    }

    [Fact]
    public void Lines_HubTrust_LeavesOutInternalTypesMembersAndCompilerPlumbing()
    {
        var lines = new PublicApiListing(typeof(PdfSigner).Assembly).Lines();

        Assert.DoesNotContain(lines, l => l.StartsWith("Hub.Trust.Pdf.PdfReader", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(".TimestampSignatureAsync(", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("<Clone>$", StringComparison.Ordinal) || l.Contains(".get_", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_FileLacksOneLineAndHasAnother_ShowsBothAndHowToRegenerate()
    {
        using var directory = new TestDirectory();
        var path = directory.File("Api.txt");
        File.WriteAllText(path, "A : public sealed class\nA.Gone() : public method -> void\n");

        var difference = new PublicApiFile(path, update: false).Compare(["A : public sealed class", "A.New() : public method -> void"]);

        Assert.Equal(
            $"The public API differs from {path}:\n- A.Gone() : public method -> void\n+ A.New() : public method -> void\n"
            + "If the change is intended, rerun this test with HUB_UPDATE_PUBLIC_API=1 to rewrite the file, and commit its diff for review.\n",
            difference?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Compare_Update_RewritesTheFileWithTheListing()
    {
        using var directory = new TestDirectory();
        var path = directory.File("Api.txt");
        File.WriteAllText(path, "Old : public sealed class\n");

        var difference = new PublicApiFile(path, update: true).Compare(["A : public sealed class", "A.New() : public method -> void"]);

        Assert.Null(difference);
        Assert.Equal("A : public sealed class\nA.New() : public method -> void\n", File.ReadAllText(path));
        Assert.Null(new PublicApiFile(path, update: false).Compare(["A : public sealed class", "A.New() : public method -> void"]));
    }
}
