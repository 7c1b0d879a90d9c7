using System.Security.Cryptography;

namespace Hub.Trust.Keys;

/// <summary>Generation, identification and PKCS#8 decoding of the supported key types.</summary>
internal static class AsymmetricKeys
{
    public static AsymmetricAlgorithm Generate(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => RSA.Create(2048),
        KeyAlgorithm.Rsa3072 => RSA.Create(3072),
        KeyAlgorithm.Rsa4096 => RSA.Create(4096),
        KeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        KeyAlgorithm.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    public static KeyAlgorithm Identify(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa when rsa.KeySize == 2048 => KeyAlgorithm.Rsa2048,
        RSA rsa when rsa.KeySize == 3072 => KeyAlgorithm.Rsa3072,
        RSA rsa when rsa.KeySize == 4096 => KeyAlgorithm.Rsa4096,
        RSA rsa => throw new KeyStoreException($"RSA keys of {rsa.KeySize} bits are not supported; use 2048, 3072 or 4096."),
        ECDsa ec => IdentifyCurve(ec),
        _ => throw new KeyStoreException($"Key type {key.GetType().Name} is not supported; use RSA or ECDSA."),
    };

    public static AsymmetricAlgorithm ImportPkcs8(KeyAlgorithm algorithm, ReadOnlySpan<byte> pkcs8)
    {
        AsymmetricAlgorithm key = algorithm is KeyAlgorithm.EcdsaP256 or KeyAlgorithm.EcdsaP384 ? ECDsa.Create() : RSA.Create();
        try
        {
            switch (key)
            {
                case RSA rsa:
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    break;
                case ECDsa ec:
                    ec.ImportPkcs8PrivateKey(pkcs8, out _);
                    break;
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static byte[] SignHash(AsymmetricAlgorithm key, ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm) => key switch
    {
        RSA rsa => rsa.SignHash(hash.ToArray(), hashAlgorithm, RSASignaturePadding.Pkcs1),
        ECDsa ec => ec.SignHash(hash.ToArray(), DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new KeyStoreException($"Key type {key.GetType().Name} cannot sign."),
    };

    private static KeyAlgorithm IdentifyCurve(ECDsa ec)
    {
        var oid = ec.ExportParameters(false).Curve.Oid;
        return oid.Value switch
        {
            "1.2.840.10045.3.1.7" => KeyAlgorithm.EcdsaP256,
            "1.3.132.0.34" => KeyAlgorithm.EcdsaP384,
            _ => throw new KeyStoreException($"Elliptic curve '{oid.FriendlyName ?? oid.Value}' is not supported; use P-256 or P-384."),
        };
    }
}
