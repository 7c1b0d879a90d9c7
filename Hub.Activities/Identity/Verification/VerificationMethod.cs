namespace Hub.Activities.Identity.Verification;

/// <summary>How a party's identity, or a person's control of a channel or key, is checked.</summary>
public enum VerificationMethod
{
    /// <summary>Name, ID number and mobile matched against the operators' and public security registers.</summary>
    ThreeElement,

    /// <summary>National network identity authentication: the person authorises a one-time credential in the national app.</summary>
    NetworkIdentity,

    /// <summary>A one-time code sent by SMS (RFC 6238 with a 5-minute step).</summary>
    SmsCode,

    /// <summary>A challenge signed with the private key of the person's certificate (UKey or software key).</summary>
    UKey,

    /// <summary>Face comparison with liveness against the photo of record.</summary>
    Face,

    /// <summary>Enterprise name, USCC and legal representative matched against the business register.</summary>
    EnterpriseRegister,
}
