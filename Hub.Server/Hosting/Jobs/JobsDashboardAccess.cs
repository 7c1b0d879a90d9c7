using Hangfire.Dashboard;
using Hub.Activities.Organisations;
using Hub.Server.Authorisation;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Hosting.Jobs;

/// <summary>
/// The jobs dashboard is for HQ administrators only. Authentication is required by the endpoint itself (401 without a
/// caller); an authenticated caller without HqAdmin is refused here, which Hangfire answers with 403.
/// </summary>
internal sealed class JobsDashboardAccess : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var caller = await http.RequestServices.GetRequiredService<CallerResolver>()
            .ResolveAsync(http.User, http.RequestAborted);
        return caller is not null && caller.Roles.Any(role => role.Role == Role.HqAdmin);
    }
}
