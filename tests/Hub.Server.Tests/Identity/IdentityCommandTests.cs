using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary><c>hub identity check-id | check-uscc</c>: one line out, the ID number only masked, exit codes that scripts can test.</summary>
public sealed class IdentityCommandTests
{
    [Fact]
    public async Task CheckId_ValidNumber_PrintsMaskedFormAndBirthDateOnly()
    {
        var result = await HubProcess.RunAsync("identity", "check-id", "11010519491231002X");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("valid 1*************002X born 1949-12-31", result.Output.Trim());
        Assert.DoesNotContain("11010519491231002X", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("110105194912310021", "hub: The resident ID number's check character is wrong (expected X).")]
    [InlineData("110105194913310021", "hub: The resident ID number's birth date (digits 7 to 14) is not a calendar date.")]
    [InlineData("abc", "hub: A resident ID number has 18 characters, not 3.")]
    public async Task CheckId_InvalidNumber_ExitsOneWithTheReason(string number, string expected)
    {
        var result = await HubProcess.RunAsync("identity", "check-id", number);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
        Assert.Equal("", result.Output.Trim());
    }

    [Theory]
    [InlineData("91350100M000100Y43", 0, "valid 91350100M000100Y43", "")]
    [InlineData("91350100M000100Y42", 1, "", "hub: The unified social credit code's check character is wrong (expected 3).")]
    [InlineData("91350100M000100Y4I", 1, "", "hub: Character 18 of the unified social credit code is not allowed (digits and upper-case letters except I, O, Z, S, V).")]
    public async Task CheckUscc_Vectors_AnswerAsIdentifiersMdSays(string code, int exitCode, string output, string error)
    {
        var result = await HubProcess.RunAsync("identity", "check-uscc", code);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(output, result.Output.Trim());
        Assert.Equal(error, result.Error.Trim());
    }

    [Fact]
    public async Task CheckId_MissingArgument_IsBadInput()
    {
        var result = await HubProcess.RunAsync("identity", "check-id");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hub: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKeys_TwiceThenWithAnotherMasterKey_RetiresOldKeysAndRefusesAForeignNode()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        var data = Directory.CreateTempSubdirectory("hub-identity-rotate-").FullName;
        try
        {
            foreach (var _ in new[] { 1, 2 })
            {
                var rotated = await HubProcess.RunAsync("identity", "rotate-keys", "--connection", connection, "--data-dir", data);
                Assert.True(rotated.ExitCode == 0, rotated.Error);
                Assert.Equal("rotated; 0 data keys re-wrapped", rotated.Output.Trim());
            }

            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                await using var keys = new NpgsqlCommand("SELECT string_agg(version || ':' || (retired_at IS NULL), ',' ORDER BY version) FROM identity.wrapping_keys", db);
                Assert.Equal("1:false,2:true", await keys.ExecuteScalarAsync());
            }

            var withLookup = await HubProcess.RunAsync("identity", "rotate-keys", "--connection", connection, "--data-dir", data, "--lookup-key");
            Assert.True(withLookup.ExitCode == 0, withLookup.Error);
            Assert.Equal("rotated; 0 data keys re-wrapped\nlookup key v2; 0 persons' lookups recomputed", withLookup.Output.Trim().ReplaceLineEndings("\n"));

            var foreign = await HubProcess.RunAsync("identity", "rotate-keys", "--connection", connection, "--data-dir", Path.Combine(data, "other"));
            Assert.Equal(1, foreign.ExitCode);
            Assert.Equal("hub: Identity wrapping key version 3 does not open under this node's master key; the nodes must share HUB_MASTER_KEY.", foreign.Error.Trim());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
