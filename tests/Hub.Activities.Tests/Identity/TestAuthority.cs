using System.Security.Cryptography;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Activities.Tests.Identity;

/// <summary>A Hub CA in a temporary directory, for certificates the identity tests issue and sign with.</summary>
public sealed class TestAuthority : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hub-identity-ca-");

    public TestAuthority()
    {
        Keys = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = Path.Combine(_directory.FullName, "keys"),
            MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            MasterKeyId = "test",
        });
        Authority = new CertificateAuthority(Keys, new FileCertificateAuthorityStore(Path.Combine(_directory.FullName, "ca")),
            new CertificateAuthorityOptions { RootSubject = "CN=Test Root, O=Hub", IssuingSubject = "CN=Test Issuing, O=Hub" }, TimeProvider.System);
    }

    internal IKeyStore Keys { get; }

    internal CertificateAuthority Authority { get; }

    internal CertificateAuthorityChain Chain { get; private set; } = null!;

    public async Task InitializeAsync() => Chain = await Authority.InitAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
