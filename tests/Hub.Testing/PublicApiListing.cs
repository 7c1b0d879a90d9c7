using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Hub.Testing;

/// <summary>
/// Lists what a library offers its users (STYLE.md §6): every exported type and every public or protected member, one
/// line each, sorted ordinally, with full type names, parameter names, defaults and nullability, because a change to
/// any of these can break a caller. Members a caller cannot reach (internal, private protected) and compiler plumbing
/// (accessors, <c>&lt;Clone&gt;$</c>) are left out. Knows nothing of Hub.Trust, so Hub.Workflows can track its surface the same way.
/// </summary>
/// <remarks>
/// Line shapes: <c>Ns.Type : public sealed class, Base, IInterface</c>; <c>Ns.Type.Member(Type name = default) : public static method -> Type</c>;
/// <c>Ns.Type.Property : public property { get; init; } -> Type</c>; <c>Ns.Enum.Value : enum value = 1</c>.
/// A type's line sorts before its members' because ' ' precedes '.'.
/// </remarks>
public sealed class PublicApiListing(Assembly assembly)
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly NullabilityInfoContext _nullability = new();

    /// <summary>The listing, one entry per line, sorted ordinally.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{TypeName(type)} : {TypeKind(type)}");
            foreach (var member in type.GetMembers(Declared))
            {
                if (Describe(type, member) is { } line)
                {
                    lines.Add(line);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private string? Describe(Type type, MemberInfo member)
    {
        var owner = TypeName(type);
        return member switch
        {
            _ when member.Name.Contains('<', StringComparison.Ordinal) => null,
            FieldInfo field when type.IsEnum => field.IsStatic
                ? $"{owner}.{field.Name} : enum value = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}"
                : null,
            FieldInfo field when Visible(field.IsPublic, field.IsFamily, field.IsFamilyOrAssembly) =>
                $"{owner}.{field.Name} : {Access(field.IsPublic)} {FieldModifiers(field)}field -> {Format(field.FieldType, _nullability.Create(field).ReadState, _nullability.Create(field))}"
                + (field.IsLiteral ? $" = {Literal(field.GetRawConstantValue())}" : string.Empty),
            ConstructorInfo constructor when Visible(constructor.IsPublic, constructor.IsFamily, constructor.IsFamilyOrAssembly) =>
                $"{owner}.{type.Name.Split('`')[0]}({Parameters(constructor)}) : {Access(constructor.IsPublic)} {(constructor.IsStatic ? "static " : string.Empty)}constructor",
            MethodInfo method when (!method.IsSpecialName || method.Name.StartsWith("op_", StringComparison.Ordinal))
                && Visible(method.IsPublic, method.IsFamily, method.IsFamilyOrAssembly) =>
                $"{owner}.{method.Name}{GenericArguments(method)}({Parameters(method)}) : {Access(method.IsPublic)} {MethodModifiers(method)}method -> {Return(method)}",
            PropertyInfo property when Accessors(property) is { Length: > 0 } accessors =>
                $"{owner}.{PropertyName(property)} : {Access(IsPublic(property))} {MethodModifiers((property.GetMethod ?? property.SetMethod)!)}"
                + $"{(property.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : string.Empty)}property {{ {accessors} }} -> "
                + Format(property.PropertyType, _nullability.Create(property).ReadState, _nullability.Create(property)),
            EventInfo @event when @event.AddMethod is { } add && Visible(add.IsPublic, add.IsFamily, add.IsFamilyOrAssembly) =>
                $"{owner}.{@event.Name} : {Access(add.IsPublic)} {MethodModifiers(add)}event -> {Format(@event.EventHandlerType!, null, null)}",
            _ => null,
        };
    }

    private static bool Visible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    private static string Access(bool isPublic) => isPublic ? "public" : "protected";

    private static string TypeKind(Type type)
    {
        if (type.IsEnum)
        {
            return $"public {(type.IsDefined(typeof(FlagsAttribute)) ? "flags " : string.Empty)}enum of {Format(Enum.GetUnderlyingType(type), null, null)}";
        }

        if (type.IsInterface)
        {
            return "public interface" + Bases(type);
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            return "public delegate";
        }

        // What the compiler adds to records only: a clone method for classes, PrintMembers for structs.
        var record = type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", Declared) is not null);
        var kind = type.IsValueType
            ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly " : string.Empty) + (record ? "record struct" : "struct")
            : (type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty) + (record ? "record" : "class");
        return "public " + kind + Bases(type);
    }

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(Format(baseType, null, null));
        }

        // Only the interfaces the type adds itself, not those its base or other interfaces bring.
        var inherited = (type.BaseType?.GetInterfaces() ?? []).Concat(type.GetInterfaces().SelectMany(i => i.GetInterfaces())).ToHashSet();
        bases.AddRange(type.GetInterfaces().Where(i => !inherited.Contains(i)).Select(i => Format(i, null, null)).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : ", " + string.Join(", ", bases);
    }

    private static string FieldModifiers(FieldInfo field) =>
        field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);

    private static string MethodModifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return method.IsAbstract ? string.Empty : "default ";
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        var overrides = method.GetBaseDefinition() != method;
        return overrides ? (method.IsFinal ? "sealed override " : "override ") : method.IsVirtual && !method.IsFinal ? "virtual " : string.Empty;
    }

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : string.Empty;

    private string Return(MethodInfo method)
    {
        var info = _nullability.Create(method.ReturnParameter);
        return Format(method.ReturnType, info.ReadState, info);
    }

    private string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private string Parameter(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        var prefix = string.Empty;
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute)))
        {
            prefix += "params ";
        }

        var info = _nullability.Create(parameter);
        var text = $"{prefix}{Format(type, info.WriteState, info)} {parameter.Name}";
        if (!parameter.HasDefaultValue)
        {
            return text;
        }

        // A struct's default (CancellationToken = default) has no constant; it reads as null.
        var value = parameter.RawDefaultValue;
        return $"{text} = {(value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : Literal(value))}";
    }

    private static string[] AccessorNames(PropertyInfo property)
    {
        var names = new List<string>();
        if (property.GetMethod is { } get && Visible(get.IsPublic, get.IsFamily, get.IsFamilyOrAssembly))
        {
            names.Add((get.IsPublic || !IsPublic(property) ? string.Empty : "protected ") + "get;");
        }

        if (property.SetMethod is { } set && Visible(set.IsPublic, set.IsFamily, set.IsFamilyOrAssembly))
        {
            var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            names.Add((set.IsPublic || !IsPublic(property) ? string.Empty : "protected ") + (init ? "init;" : "set;"));
        }

        return [.. names];
    }

    private static string Accessors(PropertyInfo property) => string.Join(" ", AccessorNames(property));

    private static bool IsPublic(PropertyInfo property) => property.GetMethod?.IsPublic == true || property.SetMethod?.IsPublic == true;

    private string PropertyName(PropertyInfo property)
    {
        var index = property.GetIndexParameters();
        return index.Length == 0 ? property.Name : $"this[{string.Join(", ", index.Select(Parameter))}]";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        bool flag => flag ? "true" : "false",
        char character => $"'{character}'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        DBNull or Missing => "default",
        _ => value.ToString() ?? "null",
    };

    /// <summary>A C# type name, fully qualified, with keywords for built-in types and <c>?</c> where nullable.</summary>
    private static string Format(Type type, NullabilityState? state, NullabilityInfo? info)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying, null, info?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        var mark = state == NullabilityState.Nullable && !type.IsValueType ? "?" : string.Empty;
        if (type.IsArray)
        {
            var element = info?.ElementType;
            return $"{Format(type.GetElementType()!, element?.ReadState, element)}[{new string(',', type.GetArrayRank() - 1)}]{mark}";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + mark;
        }

        if (Keyword(type) is { } keyword)
        {
            return keyword + mark;
        }

        var name = (type.IsNested ? Format(type.DeclaringType!, null, null) + "." : type.Namespace + ".") + type.Name.Split('`')[0];
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var nested = info?.GenericTypeArguments;
            name += "<" + string.Join(", ", arguments.Select((a, i) =>
                nested is { Length: > 0 } && i < nested.Length ? Format(a, nested[i].ReadState, nested[i]) : Format(a, null, null))) + ">";
        }

        return name + mark;
    }

    private static string TypeName(Type type) => Format(type, null, null);

    private static string? Keyword(Type type) => type.IsEnum ? null : Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Char => "char",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        TypeCode.String => "string",
        _ when type == typeof(object) => "object",
        _ when type == typeof(void) => "void",
        _ => null,
    };
}
