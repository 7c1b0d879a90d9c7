namespace Hub.Activities.Identity.Protection;

/// <summary>Protected identity data cannot be read: its key was erased (crypto-shredded), retired, or the bytes were altered.</summary>
public sealed class PersonalDataException(string message) : IdentityException(IdentityFailure.PersonalDataUnreadable, message);
