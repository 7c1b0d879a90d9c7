using Hub.Activities.Identity;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Verification;
using Hub.Server.Api.Identity;
using Microsoft.AspNetCore.Http;

namespace Hub.Server.Tests.Identity;

/// <summary>The one mapping of identity refusals to HTTP: by code, every code an error, the message as the detail.</summary>
public sealed class IdentityProblemsTests
{
    [Theory]
    [InlineData(IdentityFailure.NotFound, 404)]
    [InlineData(IdentityFailure.WrongState, 409)]
    [InlineData(IdentityFailure.AuthenticationUnusable, 409)]
    [InlineData(IdentityFailure.Duplicate, 409)]
    [InlineData(IdentityFailure.ConcurrentChange, 409)]
    [InlineData(IdentityFailure.PersonalDataUnreadable, 409)]
    [InlineData(IdentityFailure.InvalidInput, 400)]
    [InlineData(IdentityFailure.CertificationRequestRefused, 400)]
    [InlineData(IdentityFailure.OutOfScope, 403)]
    [InlineData(IdentityFailure.RateLimited, 429)]
    public void From_Failure_AnswersItsStatusWithTheMessage(IdentityFailure failure, int status)
    {
        var problem = IdentityProblems.From(new IdentityException(failure, "Person 7 is Erased."), new DefaultHttpContext());

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal("Person 7 is Erased.", problem.ProblemDetails.Detail);
    }

    [Fact]
    public void From_EveryFailure_IsAnError()
    {
        foreach (var failure in Enum.GetValues<IdentityFailure>())
        {
            var problem = IdentityProblems.From(new IdentityException(failure, "refused"), new DefaultHttpContext());
            Assert.True(problem.StatusCode >= 400, $"{failure} answered {problem.StatusCode}");
        }
    }

    [Theory]
    [InlineData(true, 503, "Identity provider 'local' did not answer. Nobody was verified; start again later.")]
    [InlineData(false, 502, "Identity provider 'local' did not answer. Nobody was verified.")]
    public void From_ProviderFailure_SaysNobodyWasVerified(bool transient, int status, string detail)
    {
        var problem = IdentityProblems.From(new IdentityProviderException("Identity provider 'local' did not answer.", transient), new DefaultHttpContext());

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(detail, problem.ProblemDetails.Detail);
    }

    [Fact]
    public void From_RateLimit_SetsRetryAfterInWholeSeconds()
    {
        var context = new DefaultHttpContext();

        var problem = IdentityProblems.From(new IdentityRateLimitException("Too many codes for this mobile.", TimeSpan.FromSeconds(44.2)), context);

        Assert.Equal(429, problem.StatusCode);
        Assert.Equal("45", context.Response.Headers.RetryAfter.ToString());
    }
}
