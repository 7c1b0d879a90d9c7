using System.Security.Cryptography;
using Hub.Trust.Signing;

namespace Hub.Activities.Seals.Statements;

/// <summary>A statement ready to travel with a seal (see <see cref="ApprovalStatements.Prepare"/>).</summary>
/// <param name="Json">The canonical JSON that was signed.</param>
/// <param name="SignedAttribute">The seal's signed attribute holding the JSON's SHA-256.</param>
/// <param name="Attachment">The platform-signed statement as the file the seal carries.</param>
public sealed record PreparedApprovalStatement(byte[] Json, AsnEncodedData SignedAttribute, SignatureAttachment Attachment);
