using System.Reflection;
using System.Text;

namespace Hub.Trust.Tests;

/// <summary>
/// Describes the public types and members of one Hub.Trust namespace as sorted lines, the format of the checked-in
/// <c>PublicApi.txt</c> files (STYLE.md §6), so any change to a public surface shows up in that file's diff.
/// </summary>
internal static class PublicApiListing
{
    /// <summary>Compares the namespace's surface with <c>Hub.Trust/{folder}/PublicApi.txt</c>; returns the actual listing.</summary>
    public static string AssertMatches(string folder)
    {
        var listed = Path.Combine(RepositoryRoot(), "Hub.Trust", folder, "PublicApi.txt");
        var actual = Describe(typeof(Hub.Trust.Pdf.PdfReader).Assembly, "Hub.Trust." + folder);
        Assert.True(File.Exists(listed), $"{listed} is missing; its content would be:\n{actual}");
        Assert.Equal(File.ReadAllText(listed).ReplaceLineEndings("\n"), actual);
        return actual;
    }

    public static string Describe(Assembly assembly, string ns)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t.Namespace == ns))
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
