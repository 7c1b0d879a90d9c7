using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Server.Seals.Policy;

/// <summary>How rules, requests, seals and explanations are written as JSON in the policy tables: camelCase with enums
/// by name, so a stored row reads the same to a person and survives a reordering of an enum.</summary>
internal static class PolicyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
