using System.Reflection;
using System.Text;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// The public surface of Hub.Trust.Pdf is reviewed in Hub.Trust/Pdf/PublicApi.txt (STYLE.md §6): any change to it
/// shows up in that file's diff.
/// </summary>
public sealed class PdfPublicApiTests(ITestOutputHelper output)
{
    [Fact]
    public void PublicSurface_OfPdfNamespace_MatchesReviewedList()
    {
        var listed = Path.Combine(RepositoryRoot(), "Hub.Trust", "Pdf", "PublicApi.txt");
        var actual = Describe(typeof(PdfReader).Assembly);
        output.WriteLine(actual);
        Assert.Equal(File.ReadAllText(listed).ReplaceLineEndings("\n"), actual);
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.Namespace == "Hub.Trust.Pdf"))
        {
            var kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class"
                : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
            lines.Add($"{kind} {type.Name}");
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Declared))
            {
                var text = member switch
                {
                    ConstructorInfo c => $"{type.Name}({Parameters(c)})",
                    MethodInfo m when !m.IsSpecialName => $"{(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {type.Name}.{m.Name}({Parameters(m)})",
                    PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(p.PropertyType)} {type.Name}.{p.Name}{(p.GetIndexParameters().Length > 0 ? $"[{string.Join(", ", p.GetIndexParameters().Select(x => Name(x.ParameterType)))}]" : string.Empty)}",
                    FieldInfo f when type.IsEnum && f.IsStatic => $"{type.Name}.{f.Name}",
                    _ => null,
                };
                if (text is not null)
                {
                    lines.Add("  " + text);
                }
            }
        }

        var sorted = new StringBuilder();
        foreach (var block in Blocks(lines).OrderBy(b => b[0], StringComparer.Ordinal))
        {
            sorted.AppendLine(block[0]);
            foreach (var line in block.Skip(1).Order(StringComparer.Ordinal))
            {
                sorted.AppendLine(line);
            }
        }

        return sorted.ToString().ReplaceLineEndings("\n");
    }

    private static IEnumerable<List<string>> Blocks(List<string> lines)
    {
        List<string>? block = null;
        foreach (var line in lines)
        {
            if (!line.StartsWith(' '))
            {
                if (block is not null)
                {
                    yield return block;
                }

                block = [];
            }

            block!.Add(line);
        }

        if (block is not null)
        {
            yield return block;
        }
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType)));

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Hub.sln not found above " + AppContext.BaseDirectory);
    }
}
