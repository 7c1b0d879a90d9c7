using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;

namespace Hub.Server.Cli.Pdf;

/// <summary>The texts of <c>pdf sign</c> that go on the seal; each null when not given.</summary>
internal sealed record SealTexts(string? Organisation, string? SealName, string? Code, string? TaxpayerNumber);

/// <summary>Turns <c>--appearance</c>, <c>--org-name</c>, <c>--seal-name</c>, <c>--seal-code</c> and <c>--taxpayer-number</c> into a drawn seal.</summary>
internal static class SealAppearanceArguments
{
    public static SealAppearance? Create(string kind, SealTexts texts, X509Certificate2 certificate)
    {
        var organisation = texts.Organisation;
        var sealKind = kind switch
        {
            "none" => (SealKind?)null,
            "contract" => SealKind.Contract,
            "finance" => SealKind.Finance,
            "invoice" => SealKind.Invoice,
            "legal-rep" => SealKind.LegalRepresentative,
            "personal" => SealKind.Personal,
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
            return SealAppearances.Render(new SealDescription(sealKind.Value, name) { SealName = texts.SealName, Code = texts.Code, TaxpayerNumber = texts.TaxpayerNumber });
        }
        catch (ArgumentException exception)
        {
            throw new CommandLineFailure("seal text (--org-name, --seal-name, --seal-code, --taxpayer-number): " + exception.Message, 2);
        }
        catch (FileNotFoundException exception)
        {
            throw new CommandLineFailure(exception.Message);
        }
    }
}
