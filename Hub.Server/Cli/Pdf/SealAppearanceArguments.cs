using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;

namespace Hub.Server.Cli.Pdf;

/// <summary>Turns <c>--appearance</c>, <c>--org-name</c> and <c>--seal-name</c> into a drawn seal.</summary>
internal static class SealAppearanceArguments
{
    public static SealAppearance? Create(string kind, string? organisation, string? sealName, X509Certificate2 certificate)
    {
        var sealKind = kind switch
        {
            "none" => (SealKind?)null,
            "contract" => SealKind.Contract,
            "finance" => SealKind.Finance,
            "invoice" => SealKind.Invoice,
            "legal-rep" => SealKind.LegalRepresentative,
            _ => SealKind.Official,
        };
        if (sealKind is null)
        {
            return null;
        }

        // Without --org-name the seal carries the certificate's organisation (O), else its common name.
        var name = organisation ?? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var subjectOrganisation = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .FirstOrDefault(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")?.GetSingleElementValue();
        name = organisation ?? subjectOrganisation ?? name;
        try
        {
            return SealAppearances.Render(new SealDescription(sealKind.Value, name) { SealName = sealName });
        }
        catch (ArgumentException exception)
        {
            throw new CommandLineFailure("--org-name/--seal-name: " + exception.Message, 2);
        }
        catch (FileNotFoundException exception)
        {
            throw new CommandLineFailure(exception.Message);
        }
    }
}
