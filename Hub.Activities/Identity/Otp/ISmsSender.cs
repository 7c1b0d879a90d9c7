using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Otp;

/// <summary>A notification channel that delivers text messages to mobiles (an SMS gateway, or the development sink).</summary>
internal interface ISmsSender
{
    /// <summary>Delivers <paramref name="text"/> to <paramref name="mobile"/> of the person <paramref name="recipientId"/>.</summary>
    Task SendAsync(Guid recipientId, MobileNumber mobile, string text, CancellationToken cancellationToken);
}
