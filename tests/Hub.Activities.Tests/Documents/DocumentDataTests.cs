using System.Text.Json;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Evidence;

namespace Hub.Activities.Tests.Documents;

/// <summary>Binding the recorded decisions into a document's data: they replace what the data held, and nothing else moves.</summary>
public sealed class DocumentDataTests
{
    private static readonly EvidenceApproval[] Decisions =
    [
        new("部门负责人审批", "陈采购部经理", "同意", "差旅标准内", new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero)),
        new("财务审批", "郑华东财务", "驳回", "", new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)),
    ];

    [Fact]
    public void WithDecisions_ObjectWithTypedApprovals_ReplacedByTheRecordedOnesInOrder()
    {
        var data = JsonDocument.Parse("""{"requestNo":"BX-1","approvals":[{"step":"部门负责人","approver":"李建国","decision":"同意"}]}""").RootElement;

        var bound = DocumentData.WithDecisions(data, "approvals", Decisions)!.Value;

        Assert.Equal("BX-1", bound.GetProperty("requestNo").GetString());
        var approvals = bound.GetProperty("approvals").EnumerateArray().ToList();
        Assert.Equal(["陈采购部经理", "郑华东财务"], approvals.Select(a => a.GetProperty("approver").GetString()));
        Assert.Equal(("部门负责人审批", "同意", "差旅标准内", "2026-12-07T01:02:03.0000000+00:00"), (approvals[0].GetProperty("step").GetString(),
            approvals[0].GetProperty("decision").GetString(), approvals[0].GetProperty("comment").GetString(), approvals[0].GetProperty("decidedAt").GetString()));
        Assert.DoesNotContain("李建国", bound.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithDecisions_NoDecisionsYet_AnEmptyTable()
    {
        var bound = DocumentData.WithDecisions(JsonDocument.Parse("{}").RootElement, "approvals", [])!.Value;

        Assert.Equal(JsonValueKind.Array, bound.GetProperty("approvals").ValueKind);
        Assert.Equal(0, bound.GetProperty("approvals").GetArrayLength());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void WithDecisions_DataNotAnObject_Null(string json) =>
        Assert.Null(DocumentData.WithDecisions(JsonDocument.Parse(json).RootElement, "approvals", Decisions));

    [Theory]
    [InlineData("approvals", true)]
    [InlineData("_table2", true)]
    [InlineData("2approvals", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    [InlineData("审批", false)]
    public void IsPropertyName_LettersDigitsUnderscore(string name, bool valid) => Assert.Equal(valid, DocumentData.IsPropertyName(name));

    [Fact]
    public void IsPropertyName_LongerThan64_Refused() => Assert.False(DocumentData.IsPropertyName(new string('a', 65)));
}
