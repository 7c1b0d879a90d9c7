using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Auth;

/// <summary>A person's sign-in.</summary>
internal sealed record SignInRequest(string? UserName, string? Password) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("userName", UserName, 64);
        // Passwords may contain anything but must be bounded: hashing a megabyte is a denial of service.
        if (string.IsNullOrEmpty(Password))
        {
            errors.Add("password", "'password' is required.");
        }
        else if (Password.Length > 256)
        {
            errors.Add("password", "'password' must be at most 256 characters.");
        }
    }
}
