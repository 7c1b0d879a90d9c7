using System.Net.Http.Json;
using Hub.Server.Tests.Identity;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;

namespace Hub.Server.Tests.Api;

/// <summary>
/// Every API endpoint, with a request that addresses another subsidiary's data. The access tests run each entry
/// unauthenticated and cross-organisation; a test fails when the server has an endpoint this table lacks, so a
/// new endpoint cannot ship without its access being proven.
/// </summary>
internal static class EndpointCatalogue
{
    /// <summary>What a cross-organisation caller must get.</summary>
    public enum CrossOrganisation
    {
        /// <summary>403 and nothing changed.</summary>
        Forbidden,

        /// <summary>200, but nothing of the other subsidiary in the answer.</summary>
        Narrowed,

        /// <summary>The endpoint is about the caller only (sign-out, me) or anonymous.</summary>
        NotApplicable,
    }

    public sealed record Entry(string Method, string Route, bool Anonymous, CrossOrganisation Cross,
        Func<Targets, HttpRequestMessage> Request);

    /// <summary>Ids of Alpha's data that Beta's callers must not reach.</summary>
    public sealed record Targets(TestGroup Group, Guid AlphaAssignmentId, string AlphaKeyId, WorkflowTargets Workflow,
        IdentityTargets Identity, HubServerFixture Hub, Hub.Server.Tests.Documents.DocumentTargets Documents,
        Hub.Server.Tests.Documents.TemplateTargets Templates);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("POST", "/api/auth/sign-in", true, CrossOrganisation.NotApplicable,
            _ => Json(HttpMethod.Post, "/api/auth/sign-in", new { userName = "nobody", password = "x" })),
        new("POST", "/api/auth/sign-out", false, CrossOrganisation.NotApplicable,
            _ => new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out")),
        new("GET", "/api/auth/me", false, CrossOrganisation.NotApplicable,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/auth/me")),
        new("GET", "/api/organisations/", false, CrossOrganisation.Narrowed,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/organisations")),
        new("GET", "/api/organisations/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/organisations/{t.Group.Alpha.Id}")),
        new("POST", "/api/organisations/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/organisations",
                new { parentId = t.Group.Alpha.Id, kind = "Department", name = "越权部门" })),
        new("GET", "/api/organisations/{id}/users", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/organisations/{t.Group.Alpha.Id}/users")),
        new("POST", "/api/users/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/users", new
            {
                organisationId = t.Group.AlphaDepartment.Id, userName = "intruder." + Guid.NewGuid().ToString("N")[..6],
                displayName = "Intruder", password = "long enough password",
                roles = new[] { new { role = "Applicant", organisationId = t.Group.AlphaDepartment.Id } },
            })),
        new("GET", "/api/users/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/users/{t.Group["alpha.member"].Id}")),
        new("POST", "/api/users/{id}/roles", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/users/{t.Group["alpha.member"].Id}/roles",
                new { role = "Approver", organisationId = t.Group.AlphaDepartment.Id })),
        new("DELETE", "/api/users/{id}/roles/{assignmentId}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Delete,
                $"/api/users/{t.Group["alpha.member"].Id}/roles/{t.AlphaAssignmentId}")),
        new("GET", "/api/organisations/{id}/api-keys/", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/organisations/{t.Group.Alpha.Id}/api-keys")),
        new("POST", "/api/organisations/{id}/api-keys/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/organisations/{t.Group.Alpha.Id}/api-keys",
                new { name = "intruder", roles = new[] { "Applicant" } })),
        new("DELETE", "/api/api-keys/{keyId}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Delete, $"/api/api-keys/{t.AlphaKeyId}")),
        new("GET", "/api/activities", false, CrossOrganisation.NotApplicable,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/activities")),
        new("GET", "/api/workflow-definitions/", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions?organisationId={t.Group.Alpha.Id}")),
        new("GET", "/api/workflow-definitions/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{t.Workflow.PublishedId}")),
        new("GET", "/api/workflow-definitions/{id}/export", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-definitions/{t.Workflow.PublishedId}/export")),
        new("POST", "/api/workflow-definitions/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/workflow-definitions", new { organisationId = t.Group.Alpha.Id,
                document = WorkflowDocuments.Approval(t.Workflow.DefinitionId, Random.Shared.Next(100, 1_000_000), [new { kind = "user", value = "alpha.admin" }]) })),
        new("POST", "/api/workflow-definitions/import", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/workflow-definitions/import", new { organisationId = t.Group.Alpha.Id,
                document = WorkflowDocuments.Approval(t.Workflow.DefinitionId, Random.Shared.Next(100, 1_000_000), [new { kind = "user", value = "alpha.admin" }]) })),
        new("POST", "/api/workflow-definitions/validate", false, CrossOrganisation.NotApplicable,
            _ => Json(HttpMethod.Post, "/api/workflow-definitions/validate", new { document = WorkflowDocuments.Delay("v", "PT1S") })),
        new("POST", "/api/workflow-definitions/{id}/publish", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-definitions/{t.Workflow.DraftId}/publish")),
        new("POST", "/api/workflow-definitions/{id}/retire", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-definitions/{t.Workflow.PublishedId}/retire")),
        new("POST", "/api/workflow-instances/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/workflow-instances", new { organisationId = t.Group.Alpha.Id, definitionId = t.Workflow.DefinitionId, input = new { } })),
        new("GET", "/api/workflow-instances/", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances?organisationId={t.Group.Alpha.Id}")),
        new("GET", "/api/workflow-instances/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances/{t.Workflow.InstanceId}")),
        new("GET", "/api/workflow-instances/{id}/journal", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/workflow-instances/{t.Workflow.InstanceId}/journal")),
        new("POST", "/api/workflow-instances/{id}/cancel", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/workflow-instances/{t.Workflow.CancelInstanceId}/cancel")),
        new("POST", "/api/workflow-signals", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/workflow-signals", new { organisationId = t.Group.Alpha.Id, name = "x", correlationKey = "y", ttlSeconds = 60 })),
        new("GET", "/api/tasks/", false, CrossOrganisation.NotApplicable,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/tasks")),
        new("POST", "/api/tasks/{id}/claim", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{t.Workflow.ClaimTaskId}/claim")),
        new("POST", "/api/tasks/{id}/decision", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/tasks/{t.Workflow.DecideTaskId}/decision", new { decision = "approve", comment = "同意" })),
        new("POST", "/api/tasks/{id}/delegate", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/tasks/{t.Workflow.DelegateTaskId}/delegate", new { userId = t.Group["alpha.member"].Id })),
        new("GET", "/api/notifications/", false, CrossOrganisation.NotApplicable,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/notifications")),
        new("POST", "/api/notifications/{id}/read", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/notifications/{t.Workflow.NotificationId}/read")),
        new("GET", "/api/incidents/", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/incidents?organisationId={t.Group.Alpha.Id}")),
        new("POST", "/api/incidents/{id}/retry", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{t.Workflow.RetryIncidentId}/retry")),
        new("POST", "/api/incidents/{id}/skip", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/incidents/{t.Workflow.SkipIncidentId}/skip", new { outcome = "Failed" })),
        new("POST", "/api/incidents/{id}/cancel", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{t.Workflow.CancelIncidentId}/cancel")),
        new("POST", "/api/identity/check-id", false, CrossOrganisation.NotApplicable,
            _ => Json(HttpMethod.Post, "/api/identity/check-id", new { number = "11010519491231002X" })),
        new("POST", "/api/identity/check-uscc", false, CrossOrganisation.NotApplicable,
            _ => Json(HttpMethod.Post, "/api/identity/check-uscc", new { code = "91350100M000100Y43" })),
        new("GET", "/api/identity/persons", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/identity/persons?organisationId={t.Group.Alpha.Id}")),
        new("POST", "/api/identity/persons", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/identity/persons", IdentityTargets.NewPersonBody(t.Hub))),
        new("GET", "/api/identity/persons/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/identity/persons/{t.Identity.Person.Id}")),
        new("PUT", "/api/identity/persons/{id}", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Put, $"/api/identity/persons/{t.Identity.Person.Id}",
                new { name = t.Identity.Person.Name, idNumber = t.Identity.Person.IdNumber, mobile = t.Identity.Person.Mobile })),
        new("DELETE", "/api/identity/persons/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Delete, $"/api/identity/persons/{t.Identity.ErasablePersonId}")),
        new("POST", "/api/identity/persons/{id}/verifications", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/identity/persons/{t.Identity.Person.Id}/verifications", new { method = "ThreeElement" })),
        new("POST", "/api/identity/verifications/{id}/complete", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/identity/verifications/{t.Identity.PendingVerificationId}/complete", new { code = "000000" })),
        new("POST", "/api/identity/persons/{id}/certificates", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/identity/persons/{t.Identity.Person.Id}/certificates")),
        new("POST", "/api/identity/persons/{id}/signatures", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, $"/api/identity/persons/{t.Identity.SignerId}/signatures",
                new { documentSha256 = t.Identity.DocumentSha256, authenticationId = t.Identity.FreshAuthenticationId })),
        new("POST", "/api/identity/enterprises/", false, CrossOrganisation.Forbidden,
            t => Json(HttpMethod.Post, "/api/identity/enterprises", IdentityTargets.NewEnterpriseBody(t.Hub, t.Identity.RepresentativeId))),
        new("GET", "/api/identity/enterprises/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/identity/enterprises/{t.Identity.EnterpriseId}")),
        new("POST", "/api/identity/enterprises/{id}/verifications", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/identity/enterprises/{t.Identity.VerifiableEnterpriseId}/verifications")),
        new("POST", "/api/identity/enterprises/{id}/certificates", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/identity/enterprises/{t.Identity.VerifiedEnterpriseId}/certificates")),
        new("GET", "/api/documents/", false, CrossOrganisation.Narrowed,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/documents")),
        new("GET", "/api/documents/{id}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{t.Documents.AlphaDocumentId}")),
        new("GET", "/api/documents/{id}/content", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{t.Documents.AlphaDocumentId}/content")),
        new("GET", "/api/templates/", false, CrossOrganisation.Narrowed,
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/templates")),
        new("POST", "/api/templates/", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, "/api/templates")
            {
                Content = Hub.Server.Tests.Documents.TemplateTargets.ShippedForm("alpha-" + Guid.NewGuid().ToString("N")[..8], t.Group.Alpha.Id),
            }),
        new("GET", "/api/templates/{name}", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/templates/{t.Templates.AlphaTemplate}")),
        new("GET", "/api/templates/{name}/content", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Get, $"/api/templates/{t.Templates.AlphaTemplate}/content")),
        new("POST", "/api/templates/{name}/preview", false, CrossOrganisation.Forbidden,
            t => new HttpRequestMessage(HttpMethod.Post, $"/api/templates/{t.Templates.AlphaTemplate}/preview?format=docx")),
    ];

    public static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body) };
}
