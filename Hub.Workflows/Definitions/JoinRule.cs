using System.Text.Json;
using Hub.Workflows.Activities.Core;

namespace Hub.Workflows.Definitions;

/// <summary>How a node joins its inbound branches: a Join node by its literal mode, any other node with several
/// inbound edges as "all activated branches".</summary>
internal readonly record struct JoinRule(JoinMode Mode, int Quorum)
{
    public static JoinRule Of(NodeDefinition node)
    {
        if (node.Type != "Join")
        {
            return new(JoinMode.All, 0);
        }

        var mode = node.Inputs.TryGetValue("mode", out var m) && m.Literal is { ValueKind: JsonValueKind.String } s
            && Enum.TryParse<JoinMode>(s.GetString(), true, out var parsed) ? parsed : JoinMode.All;
        var quorum = node.Inputs.TryGetValue("quorum", out var q) && q.Literal is { ValueKind: JsonValueKind.Number } n
            && n.TryGetInt32(out var i) ? i : 0;
        return new(mode, mode == JoinMode.FirstWins ? 1 : quorum);
    }
}
