using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Api;

/// <summary>
/// Bad input to every endpoint that takes any: a ProblemDetails with a clear message (validation errors name every
/// field) and not one row changed.
/// </summary>
public sealed class BadInputTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private sealed record Case(string Endpoint, string Method, Func<TestGroup, string> Path, string? Body, int Status,
        string[] Expect, string ContentType = "application/json");

    private static readonly Guid Unknown = Guid.Parse("0e0e0e0e-0000-4000-8000-000000000000");

    private static readonly Case[] Cases =
    [
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "{}", 400, ["userName", "password"]),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "{\"userName\":", 400, ["JSON body is malformed"]),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "{\"userName\":5,\"password\":\"x\"}", 400, ["$.userName"]),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "{\"userName\":\"a\",\"password\":\"b\",\"admin\":true}", 400, ["'admin'"]),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "userName=a&password=b", 415, ["application/json"], "application/x-www-form-urlencoded"),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "", 400, ["JSON body is required"]),
        new("POST /api/auth/sign-in", "POST", _ => "/api/auth/sign-in", "{\"userName\":\"a\",\"password\":\"" + new string('p', 300) + "\"}", 400, ["at most 256"]),

        new("POST /api/organisations/", "POST", _ => "/api/organisations", "{}", 400, ["parentId", "name", "kind"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHA%\",\"kind\":\"Group\",\"name\":\"x\"}", 400, ["kind", "created only when the Hub is set up"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHA%\",\"kind\":\"Empire\",\"name\":\"x\"}", 400, ["$.kind"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%GROUP%\",\"kind\":\"Subsidiary\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y42\",\"legalRepresentative\":\"张三\"}", 400, ["creditCode", "check character is wrong (expected 3)"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%GROUP%\",\"kind\":\"Subsidiary\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y4I\"}", 400, ["creditCode", "legalRepresentative", "not allowed"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHA%\",\"kind\":\"Department\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y43\"}", 400, ["not a legal entity"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHADEPT%\",\"kind\":\"Subsidiary\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y43\",\"legalRepresentative\":\"张三\"}", 400, ["kind", "below a department"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"" + Unknown + "\",\"kind\":\"Department\",\"name\":\"x\"}", 400, ["parentId", "No organisation"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHA%\",\"kind\":\"Department\",\"name\":\"a\\u0000b\"}", 400, ["control characters"]),
        new("POST /api/organisations/", "POST", g => "/api/organisations", "{\"parentId\":\"%ALPHA%\",\"kind\":\"Department\",\"name\":\"" + new string('名', 201) + "\"}", 400, ["at most 200"]),

        new("GET /api/organisations/{id}", "GET", _ => "/api/organisations/not-a-guid", null, 400, ["'id' must be a UUID, not 'not-a-guid'"]),
        new("GET /api/organisations/{id}", "GET", _ => $"/api/organisations/{Unknown}", null, 404, ["No organisation"]),
        new("GET /api/organisations/{id}/users", "GET", _ => "/api/organisations/1234/users", null, 400, ["1234"]),
        new("GET /api/organisations/{id}/users", "GET", _ => $"/api/organisations/{Unknown}/users", null, 404, ["No organisation"]),

        new("POST /api/users/", "POST", _ => "/api/users", "{}", 400, ["organisationId", "userName", "displayName", "password"]),
        new("POST /api/users/", "POST", _ => "/api/users", "{\"organisationId\":\"%ALPHA%\",\"userName\":\"bad name!\",\"displayName\":\"x\",\"password\":\"short\",\"roles\":[{\"role\":\"Applicant\"},null]}", 400, ["userName", "password", "roles[0].organisationId", "roles[1]"]),
        new("POST /api/users/", "POST", _ => "/api/users", "{\"organisationId\":\"%ALPHA%\",\"userName\":\"new.user\",\"displayName\":\"x\",\"password\":\"long enough password\",\"roles\":[{\"role\":\"Applicant\",\"organisationId\":\"" + Unknown + "\"}]}", 400, ["roles[0].organisationId", "No organisation"]),
        new("POST /api/users/", "POST", _ => "/api/users", "{\"organisationId\":\"%ALPHA%\",\"userName\":\"ALPHA.member\",\"displayName\":\"x\",\"password\":\"long enough password\"}", 409, ["is taken"]),
        new("POST /api/users/", "POST", _ => "/api/users", "[1,2,3]", 400, ["JSON body is malformed"]),

        new("GET /api/users/{id}", "GET", _ => "/api/users/x", null, 400, ["'id' must be a UUID, not 'x'"]),
        new("GET /api/users/{id}", "GET", _ => $"/api/users/{Unknown}", null, 404, ["No user"]),
        new("POST /api/users/{id}/roles", "POST", g => $"/api/users/{g["alpha.member"].Id}/roles", "{}", 400, ["role", "organisationId"]),
        new("POST /api/users/{id}/roles", "POST", g => $"/api/users/{g["alpha.member"].Id}/roles", "{\"role\":\"Emperor\",\"organisationId\":\"%ALPHA%\"}", 400, ["$.role"]),
        new("POST /api/users/{id}/roles", "POST", g => $"/api/users/{g["alpha.member"].Id}/roles", "{\"role\":\"Applicant\",\"organisationId\":\"%ALPHADEPT%\"}", 409, ["already holds"]),
        new("POST /api/users/{id}/roles", "POST", _ => $"/api/users/{Unknown}/roles", "{\"role\":\"Applicant\",\"organisationId\":\"%ALPHA%\"}", 404, ["No user"]),
        new("DELETE /api/users/{id}/roles/{assignmentId}", "DELETE", g => $"/api/users/{g["alpha.member"].Id}/roles/nope", null, 400, ["'assignmentId' must be a UUID"]),
        new("DELETE /api/users/{id}/roles/{assignmentId}", "DELETE", g => $"/api/users/{g["alpha.member"].Id}/roles/{Unknown}", null, 404, ["no role assignment"]),

        new("GET /api/organisations/{id}/api-keys/", "GET", _ => "/api/organisations/zz/api-keys", null, 400, ["zz"]),
        new("GET /api/organisations/{id}/api-keys/", "GET", _ => $"/api/organisations/{Unknown}/api-keys", null, 404, ["No organisation"]),
        new("POST /api/organisations/{id}/api-keys/", "POST", _ => "/api/organisations/%ALPHA%/api-keys", "{}", 400, ["name", "roles"]),
        new("POST /api/organisations/{id}/api-keys/", "POST", _ => "/api/organisations/%ALPHA%/api-keys", "{\"name\":\"k\",\"roles\":[\"OrgAdmin\"]}", 400, ["cannot hold HqAdmin or OrgAdmin"]),
        new("POST /api/organisations/{id}/api-keys/", "POST", _ => $"/api/organisations/{Unknown}/api-keys", "{\"name\":\"k\",\"roles\":[\"Applicant\"]}", 404, ["No organisation"]),
        new("DELETE /api/api-keys/{keyId}", "DELETE", _ => "/api/api-keys/hk_unknown", null, 404, ["No API key"]),
        new("DELETE /api/api-keys/{keyId}", "DELETE", _ => "/api/api-keys/" + new string('k', 200), null, 404, ["No API key"]),
        new("POST /api/workflow-definitions/", "POST", _ => "/api/workflow-definitions", "{}", 400, ["organisationId", "document"]),
        new("POST /api/workflow-definitions/", "POST", _ => "/api/workflow-definitions", "{\"organisationId\":\"%ALPHA%\",\"document\":{\"id\":\"x\"}}", 400, ["document", "$"]),
        new("POST /api/workflow-definitions/import", "POST", _ => "/api/workflow-definitions/import", "{\"organisationId\":\"%ALPHA%\",\"document\":[]}", 400, ["'document' is required and must be a JSON object"]),
        new("POST /api/workflow-definitions/validate", "POST", _ => "/api/workflow-definitions/validate", "{}", 400, ["document"]),
        new("GET /api/workflow-definitions/{id}", "GET", _ => "/api/workflow-definitions/x", null, 400, ["'id' must be a UUID, not 'x'"]),
        new("GET /api/workflow-definitions/{id}", "GET", _ => $"/api/workflow-definitions/{Unknown}", null, 404, ["No workflow definition"]),
        new("GET /api/workflow-definitions/{id}/export", "GET", _ => $"/api/workflow-definitions/{Unknown}/export", null, 404, ["No workflow definition"]),
        new("POST /api/workflow-definitions/{id}/publish", "POST", _ => $"/api/workflow-definitions/{Unknown}/publish", null, 404, ["No workflow definition"]),
        new("POST /api/workflow-definitions/{id}/retire", "POST", _ => "/api/workflow-definitions/nope/retire", null, 400, ["'id' must be a UUID"]),
        new("POST /api/workflow-instances/", "POST", _ => "/api/workflow-instances", "{}", 400, ["organisationId", "definitionId", "input"]),
        new("POST /api/workflow-instances/", "POST", _ => "/api/workflow-instances", "{\"organisationId\":\"%ALPHA%\",\"definitionId\":\"no-such-flow\",\"input\":{}}", 400, ["No published definition 'no-such-flow'"]),
        new("GET /api/workflow-instances/", "GET", g => $"/api/workflow-instances?organisationId={g.Alpha.Id}&status=Sleeping", null, 400,
            ["'status' must be one of NotStarted, Running, Suspended, Completed, Faulted, Cancelled."]),
        new("GET /api/workflow-instances/{id}", "GET", _ => $"/api/workflow-instances/{Unknown}", null, 404, ["No workflow instance"]),
        new("GET /api/workflow-instances/{id}/journal", "GET", _ => $"/api/workflow-instances/{Unknown}/journal", null, 404, ["No workflow instance"]),
        new("POST /api/workflow-instances/{id}/cancel", "POST", _ => $"/api/workflow-instances/{Unknown}/cancel", null, 404, ["No workflow instance"]),
        new("POST /api/workflow-signals", "POST", _ => "/api/workflow-signals", "{}", 400, ["organisationId", "name", "correlationKey"]),
        new("POST /api/workflow-signals", "POST", _ => "/api/workflow-signals", "{\"organisationId\":\"%ALPHA%\",\"name\":\"n\",\"correlationKey\":\"k\",\"ttlSeconds\":0}", 400, ["ttlSeconds"]),
        new("GET /api/tasks/{id}", "GET", _ => $"/api/tasks/{Unknown}", null, 404, ["No task"]),
        new("POST /api/tasks/{id}/claim", "POST", _ => $"/api/tasks/{Unknown}/claim", null, 404, ["No task"]),
        new("POST /api/tasks/{id}/decision", "POST", _ => $"/api/tasks/{Unknown}/decision", "{\"decision\":\"maybe\"}", 400, ["'decision' must be one of approve, reject, return"]),
        new("POST /api/tasks/{id}/delegate", "POST", _ => $"/api/tasks/{Unknown}/delegate", "{}", 400, ["userId"]),
        new("POST /api/notifications/{id}/read", "POST", _ => "/api/notifications/x/read", null, 400, ["'id' must be a UUID, not 'x'"]),
        new("POST /api/notifications/{id}/read", "POST", _ => $"/api/notifications/{Unknown}/read", null, 404, ["No notification"]),
        new("GET /api/notifications/", "GET", _ => "/api/notifications?unread=maybe", null, 400, ["unread"]),
        new("POST /api/incidents/{id}/retry", "POST", _ => $"/api/incidents/{Unknown}/retry", null, 404, ["No incident"]),
        new("POST /api/incidents/{id}/skip", "POST", _ => $"/api/incidents/{Unknown}/skip", "{}", 400, ["outcome"]),
        new("POST /api/incidents/{id}/cancel", "POST", _ => $"/api/incidents/{Unknown}/cancel", null, 404, ["No incident"]),
        new("POST /api/identity/check-id", "POST", _ => "/api/identity/check-id", "{}", 400, ["number"]),
        new("POST /api/identity/check-id", "POST", _ => "/api/identity/check-id", "{\"number\":7}", 400, ["$.number"]),
        new("POST /api/identity/check-uscc", "POST", _ => "/api/identity/check-uscc", "{}", 400, ["code"]),
        new("GET /api/identity/persons", "GET", _ => "/api/identity/persons", null, 400, ["organisationId"]),
        new("POST /api/identity/persons", "POST", _ => "/api/identity/persons", "{}", 400, ["organisationId", "name", "idNumber", "mobile"]),
        new("POST /api/identity/persons", "POST", _ => "/api/identity/persons", "{\"organisationId\":\"%ALPHA%\",\"name\":\"张三\",\"idNumber\":\"110105194912310021\",\"mobile\":\"1381234567\"}", 400, ["check character is wrong (expected X)", "A mobile number has 11 digits."]),
        new("POST /api/identity/persons", "POST", _ => "/api/identity/persons", "{\"organisationId\":\"%ALPHA%\",\"name\":\"张三\",\"idNumber\":\"110105194913310021\",\"mobile\":\"13812345678\"}", 400, ["is not a calendar date"]),
        new("POST /api/identity/persons", "POST", _ => "/api/identity/persons", "{\"organisationId\":\"" + Unknown + "\",\"name\":\"张三\",\"idNumber\":\"11010519491231002X\",\"mobile\":\"13812345678\"}", 404, ["No organisation"]),
        new("GET /api/identity/persons/{id}", "GET", _ => "/api/identity/persons/x", null, 400, ["'id' must be a UUID, not 'x'"]),
        new("GET /api/identity/persons/{id}", "GET", _ => $"/api/identity/persons/{Unknown}", null, 404, ["No person"]),
        new("PUT /api/identity/persons/{id}", "PUT", _ => $"/api/identity/persons/{Unknown}", "{\"name\":\"张三\",\"idNumber\":\"11010519491231002X\",\"mobile\":\"13812345678\"}", 404, ["No person"]),
        new("PUT /api/identity/persons/{id}", "PUT", _ => $"/api/identity/persons/{Unknown}", "{\"name\":\"\",\"idNumber\":\"1\"}", 400, ["name", "idNumber", "mobile"]),
        new("DELETE /api/identity/persons/{id}", "DELETE", _ => $"/api/identity/persons/{Unknown}", null, 404, ["No person"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{}", 400, ["method"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{\"method\":\"Face\"}", 400, ["imageSha256"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{\"method\":\"ThreeElement\",\"documentSha256\":\"00\"}", 400, ["documentSha256", "SmsCode or UKey"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{\"method\":\"ThreeElement\"}", 404, ["No person"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{\"method\":\"Face\",\"imageSha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"certificationRequestSha256\":\"xyz\"}", 400, ["certificationRequestSha256", "64 hex digits", "key enrolment uses SmsCode or UKey"]),
        new("POST /api/identity/persons/{id}/verifications", "POST", _ => $"/api/identity/persons/{Unknown}/verifications", "{\"method\":\"SmsCode\",\"documentSha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"certificationRequestSha256\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}", 400, ["one signature or one key enrolment, not both"]),
        new("POST /api/identity/verifications/{id}/complete", "POST", _ => $"/api/identity/verifications/{Unknown}/complete", "{\"code\":\"12\",\"signature\":\"AA==\"}", 400, ["code", "certificate"]),
        new("POST /api/identity/verifications/{id}/complete", "POST", _ => $"/api/identity/verifications/{Unknown}/complete", "{\"code\":\"123456\"}", 404, ["No person verification"]),
        new("POST /api/identity/persons/{id}/certificates", "POST", _ => $"/api/identity/persons/{Unknown}/certificates", null, 404, ["No person"]),
        new("POST /api/identity/persons/{id}/signatures", "POST", _ => $"/api/identity/persons/{Unknown}/signatures", "{}", 400, ["documentSha256", "authenticationId"]),
        new("POST /api/identity/persons/{id}/signatures", "POST", _ => $"/api/identity/persons/{Unknown}/signatures", "{\"documentSha256\":\"" + new string('a', 64) + "\",\"authenticationId\":\"" + Unknown + "\"}", 404, ["No person"]),
        new("POST /api/identity/enterprises/", "POST", _ => "/api/identity/enterprises", "{}", 400, ["organisationId", "name", "creditCode", "legalRepresentativeId", "administratorUserId"]),
        new("POST /api/identity/enterprises/", "POST", _ => "/api/identity/enterprises", "{\"organisationId\":\"%ALPHA%\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y4I\",\"legalRepresentativeId\":\"" + Unknown + "\",\"administratorUserId\":\"" + Unknown + "\"}", 400, ["not allowed"]),
        new("POST /api/identity/enterprises/", "POST", _ => "/api/identity/enterprises", "{\"organisationId\":\"%ALPHA%\",\"name\":\"x\",\"creditCode\":\"91350100M000100Y43\",\"legalRepresentativeId\":\"" + Unknown + "\",\"administratorUserId\":\"" + Unknown + "\"}", 400, ["legalRepresentativeId", "administratorUserId"]),
        new("GET /api/identity/enterprises/{id}", "GET", _ => $"/api/identity/enterprises/{Unknown}", null, 404, ["No enterprise"]),
        new("POST /api/identity/enterprises/{id}/verifications", "POST", _ => $"/api/identity/enterprises/{Unknown}/verifications", null, 404, ["No enterprise"]),
        new("POST /api/identity/enterprises/{id}/certificates", "POST", _ => $"/api/identity/enterprises/{Unknown}/certificates", null, 404, ["No enterprise"]),
        new("POST /api/identity/enterprises/{id}/certificates", "POST", _ => "/api/identity/enterprises/nope/certificates", null, 400, ["'id' must be a UUID"]),
        new("POST /api/pdf/verify", "POST", _ => "/api/pdf/verify", "%PDF-1.7\n1 0 obj << /Type /Catalog", 422, ["Not a readable PDF"], "application/pdf"),
        new("POST /api/pdf/verify", "POST", _ => "/api/pdf/verify", "{\"pdf\":\"JVBERi0=\"}", 415, ["Send the PDF itself as the body, as application/pdf."]),
        new("GET /api/evidence/", "GET", g => $"/api/evidence?organisationId={g.Alpha.Id}&limit=0", null, 400, ["limit"]),
        new("GET /api/evidence/", "GET", _ => $"/api/evidence?organisationId={Unknown}", null, 404, ["No organisation"]),

        new("POST /api/seals/", "POST", _ => "/api/seals", "{}", 400, ["organisationId", "type", "medium"]),
        new("POST /api/seals/", "POST", _ => "/api/seals", "{\"organisationId\":\"%ALPHA%\",\"type\":\"Official\",\"medium\":\"Physical\"}", 400, ["deviceId"]),
        new("POST /api/seals/", "POST", _ => "/api/seals", "{\"organisationId\":\"%ALPHA%\",\"type\":\"Stamp\",\"medium\":\"Physical\"}", 400, ["$.type"]),
        new("POST /api/seals/", "POST", _ => "/api/seals", "{\"organisationId\":\"" + Unknown + "\",\"type\":\"Official\",\"medium\":\"Physical\",\"deviceId\":\"d\"}", 404, ["No organisation"]),
        new("GET /api/seals/{id}", "GET", _ => "/api/seals/x", null, 400, ["'id' must be a UUID"]),
        new("GET /api/seals/{id}", "GET", _ => $"/api/seals/{Unknown}", null, 404, ["does not exist"]),
        new("POST /api/seals/{id}/freeze", "POST", _ => $"/api/seals/{Unknown}/freeze", "{}", 400, ["reason"]),
        new("POST /api/seals/{id}/freeze", "POST", _ => $"/api/seals/{Unknown}/freeze", "{\"reason\":\"审计\"}", 404, ["does not exist"]),
        new("POST /api/seals/{id}/thaw", "POST", _ => $"/api/seals/{Unknown}/thaw", "{\"reason\":\"" + new string('x', 501) + "\"}", 400, ["at most 500"]),
        new("POST /api/seals/{id}/revoke", "POST", _ => $"/api/seals/{Unknown}/revoke", "{\"reason\":\"作废\"}", 404, ["does not exist"]),
        new("POST /api/seals/{id}/certificate", "POST", _ => $"/api/seals/{Unknown}/certificate", "{\"pkcs12\":\"***\",\"password\":\"p\"}", 400, ["base64"]),
        new("POST /api/seals/{id}/certificate", "POST", _ => $"/api/seals/{Unknown}/certificate", "{}", 404, ["does not exist"]),
        new("GET /api/seals/{id}/appearance", "GET", _ => $"/api/seals/{Unknown}/appearance", null, 404, ["does not exist"]),
        new("PUT /api/seals/{id}/appearance", "PUT", _ => $"/api/seals/{Unknown}/appearance", "not a png", 404, ["does not exist"], "image/png"),
        new("DELETE /api/seals/{id}/appearance", "DELETE", _ => $"/api/seals/{Unknown}/appearance", null, 404, ["does not exist"]),
        new("POST /api/seals/{id}/physical-uses", "POST", _ => $"/api/seals/{Unknown}/physical-uses", "{\"category\":\"Bad Category\",\"currency\":\"rmb\",\"amount\":-1}", 400, ["documentReference", "not a category name", "ISO 4217", "between 0 and"]),
        new("POST /api/seals/{id}/physical-uses", "POST", _ => $"/api/seals/{Unknown}/physical-uses", "{\"documentReference\":\"HT-1\",\"category\":\"expense\"}", 404, ["does not exist"]),
        new("POST /api/seal-grants/", "POST", _ => "/api/seal-grants", "{}", 400, ["sealId", "granteeKind", "grantee"]),
        new("POST /api/seal-grants/", "POST", _ => "/api/seal-grants", "{\"sealId\":\"" + Unknown + "\",\"granteeKind\":\"Role\",\"grantee\":\"Finance\",\"validFrom\":\"2026-01-02T00:00:00Z\",\"validUntil\":\"2026-01-01T00:00:00Z\"}", 400, ["'validUntil' must be after 'validFrom'"]),
        new("POST /api/seal-grants/", "POST", _ => "/api/seal-grants", "{\"sealId\":\"" + Unknown + "\",\"granteeKind\":\"Role\",\"grantee\":\"Finance\"}", 404, ["does not exist"]),
        new("GET /api/seal-grants/{id}", "GET", _ => $"/api/seal-grants/{Unknown}", null, 404, ["does not exist"]),
        new("POST /api/seal-grants/{id}/revoke", "POST", _ => $"/api/seal-grants/{Unknown}/revoke", "{}", 400, ["reason"]),
        new("POST /api/seal-grants/{id}/revoke", "POST", _ => $"/api/seal-grants/{Unknown}/revoke", "{\"reason\":\"调岗\"}", 404, ["does not exist"]),
        new("GET /api/seal-uses/", "GET", _ => $"/api/seal-uses?organisationId={Unknown}", null, 404, ["No organisation"]),
        new("GET /api/seal-uses/", "GET", _ => "/api/seal-uses?from=yesterday", null, 400, ["from"]),
        new("GET /api/seal-policies/", "GET", _ => "/api/seal-policies", null, 400, ["?organisation=ID"]),
        new("POST /api/seal-policies/", "POST", _ => "/api/seal-policies", "{}", 400, ["organisationId"]),
        new("POST /api/seal-policies/", "POST", _ => "/api/seal-policies", "{\"organisationId\":\"%ALPHA%\",\"name\":\"x\",\"kind\":\"Deny\",\"condition\":\"request.amout > 1.0\",\"explanationChinese\":\"x\",\"explanationEnglish\":\"x\"}", 422, ["condition", "amout"]),
        new("POST /api/seal-policies/", "POST", _ => "/api/seal-policies", "{\"organisationId\":\"%ALPHA%\",\"kind\":\"Bogus\"}", 400, ["$.kind"]),
        new("POST /api/seal-policies/", "POST", _ => "/api/seal-policies", "{\"organisationId\":\"" + Unknown + "\",\"kind\":\"Deny\"}", 404, ["No organisation"]),
        new("PUT /api/seal-policies/{id}", "PUT", _ => "/api/seal-policies/x", "{\"organisationId\":\"%ALPHA%\",\"name\":\"x\",\"kind\":\"Deny\",\"condition\":\"request.amout > 1.0\",\"explanationChinese\":\"x\",\"explanationEnglish\":\"x\"}", 400, ["'id' must be a UUID"]),
        new("PUT /api/seal-policies/{id}", "PUT", _ => $"/api/seal-policies/{Unknown}", "{\"organisationId\":\"%ALPHA%\",\"name\":\"x\",\"kind\":\"Deny\",\"condition\":\"request.amout > 1.0\",\"explanationChinese\":\"x\",\"explanationEnglish\":\"x\"}", 404, ["No policy rule"]),
        new("DELETE /api/seal-policies/{id}", "DELETE", _ => $"/api/seal-policies/{Unknown}", null, 404, ["No policy rule"]),
        new("GET /api/seal-policies/{id}/history", "GET", _ => $"/api/seal-policies/{Unknown}/history", null, 404, ["No policy rule"]),
        new("POST /api/seal-policies/explain", "POST", _ => "/api/seal-policies/explain", "{}", 400, ["organisationId", "sealType", "category"]),
        new("POST /api/seal-policies/explain", "POST", _ => "/api/seal-policies/explain", "{\"organisationId\":\"" + Unknown + "\",\"sealType\":\"Finance\",\"category\":\"x\"}", 404, ["No organisation"]),
        new("POST /api/seal-policies/dry-run", "POST", _ => "/api/seal-policies/dry-run", "{}", 400, ["organisationId", "added"]),
        new("POST /api/seal-policies/dry-run", "POST", _ => "/api/seal-policies/dry-run", "{\"organisationId\":\"%ALPHA%\",\"removed\":[\"" + Unknown + "\"],\"limit\":0}", 400, ["limit"]),
        new("POST /api/seal-policies/dry-run", "POST", _ => "/api/seal-policies/dry-run", "{\"organisationId\":\"%ALPHA%\",\"removed\":[\"" + Unknown + "\"]}", 422, ["removed[0]", "not a rule of this organisation"]),
        new("GET /api/documents/{id}", "GET", _ => $"/api/documents/{new string('0', 64)}", null, 404, ["No document"]),
        new("GET /api/documents/{id}/content", "GET", _ => "/api/documents/not-an-id/content", null, 404, ["No document not-an-id"]),
        new("POST /api/templates/", "POST", _ => "/api/templates", "{}", 415, ["Unsupported Media Type"]),
        new("GET /api/templates/{name}", "GET", _ => "/api/templates/no-such-template", null, 404, ["No template 'no-such-template'"]),
        new("GET /api/templates/{name}/content", "GET", _ => "/api/templates/expense-reimbursement/content?version=99", null, 404, ["has no version 99"]),
        new("POST /api/templates/{name}/preview", "POST", _ => "/api/templates/expense-reimbursement/preview?format=odt", null, 400, ["format", "pdf or docx"]),
        new("POST /api/templates/{name}/preview", "POST", _ => "/api/templates/expense-reimbursement/preview?format=docx", "{\"items\":", 400, ["not valid JSON"]),
        new("(none)", "GET", _ => "/api/no-such-route", null, 404, ["No such route"]),
        new("(none)", "PUT", _ => "/api/auth/me", "{}", 405, ["PUT is not allowed"]),
    ];

    [Fact]
    public void Cases_CoverEveryEndpointThatTakesInput()
    {
        var takingInput = EndpointCatalogue.All
            .Where(e => e.Route.Contains('{', StringComparison.Ordinal) && !e.Route.Contains("**", StringComparison.Ordinal) || e.Method == "POST")
            // Neither takes input: sign-out ends the caller's session, anchoring time-stamps the chain's head.
            .Where(e => e.Route is not "/api/auth/sign-out" and not "/api/evidence/anchors")
            .Select(e => $"{e.Method} {e.Route}");
        Assert.Empty(takingInput.Except(Cases.Select(c => c.Endpoint)));
    }

    [Fact]
    public async Task BadInput_EveryEndpoint_AnswersProblemDetailsAndWritesNothing()
    {
        using var admin = await hub.SignInAsync("hq.admin");
        foreach (var c in Cases)
        {
            var path = Resolve(c.Path(hub.Group));
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), path);
            if (c.Body is not null)
            {
                request.Content = new StringContent(Resolve(c.Body), Encoding.UTF8, c.ContentType);
            }

            var before = await DatabaseSnapshot.TakeAsync(hub.ConnectionString);
            using var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var label = $"{c.Method} {path} {c.Body}";
            Assert.True(c.Status == (int)response.StatusCode, $"{label}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(c.Status, problem.GetProperty("status").GetInt32());
            foreach (var expected in c.Expect)
            {
                Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{label}: expected '{expected}' in {text}");
            }

            Assert.DoesNotContain("Hub.Server", text, StringComparison.Ordinal);
            Assert.Equal(before, await DatabaseSnapshot.TakeAsync(hub.ConnectionString));
        }
    }

    private string Resolve(string text) => text
        .Replace("%GROUP%", hub.Group.Group.Id.ToString(), StringComparison.Ordinal)
        .Replace("%ALPHADEPT%", hub.Group.AlphaDepartment.Id.ToString(), StringComparison.Ordinal)
        .Replace("%ALPHA%", hub.Group.Alpha.Id.ToString(), StringComparison.Ordinal);
}
