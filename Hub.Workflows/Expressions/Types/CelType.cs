namespace Hub.Workflows.Expressions.Types;

internal enum CelKind
{
    Dyn,
    Error,
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Timestamp,
    Duration,
    List,
    Map,
    Type,
    Object,
    TypeParam,
}

/// <summary>A CEL type as the checker sees it (langdef "Types"). <see cref="CelKind.Object"/> is a JSON Schema
/// object with known fields: at runtime it is a string-keyed map, but the checker can name missing fields.</summary>
internal sealed class CelType
{
    internal static readonly CelType Dyn = new(CelKind.Dyn);
    internal static readonly CelType Error = new(CelKind.Error);
    internal static readonly CelType Null = new(CelKind.Null);
    internal static readonly CelType Bool = new(CelKind.Bool);
    internal static readonly CelType Int = new(CelKind.Int);
    internal static readonly CelType Uint = new(CelKind.Uint);
    internal static readonly CelType Double = new(CelKind.Double);
    internal static readonly CelType String = new(CelKind.String);
    internal static readonly CelType Bytes = new(CelKind.Bytes);
    internal static readonly CelType Timestamp = new(CelKind.Timestamp);
    internal static readonly CelType Duration = new(CelKind.Duration);

    private CelType(CelKind kind, IReadOnlyList<CelType>? parameters = null, string? name = null,
        IReadOnlyDictionary<string, CelType>? fields = null)
    {
        Kind = kind;
        Parameters = parameters ?? [];
        Name = name;
        Fields = fields;
    }

    internal CelKind Kind { get; }
    internal IReadOnlyList<CelType> Parameters { get; }

    /// <summary>The type parameter's name, or the object's path (e.g. <c>input.vendor</c>).</summary>
    internal string? Name { get; }

    internal IReadOnlyDictionary<string, CelType>? Fields { get; }

    internal bool IsDynOrError => Kind is CelKind.Dyn or CelKind.Error;

    internal static CelType ListOf(CelType element) => new(CelKind.List, [element]);

    internal static CelType MapOf(CelType key, CelType value) => new(CelKind.Map, [key, value]);

    internal static CelType TypeOf(CelType type) => new(CelKind.Type, [type]);

    internal static CelType Param(string name) => new(CelKind.TypeParam, name: name);

    internal static CelType Object(string path, IReadOnlyDictionary<string, CelType> fields) =>
        new(CelKind.Object, name: path, fields: fields);

    /// <summary>The name CEL's <c>type()</c> reports for a value of this type.</summary>
    internal string RuntimeName => Kind switch
    {
        CelKind.List => "list",
        CelKind.Map or CelKind.Object => "map",
        CelKind.Type => "type",
        CelKind.Null => "null_type",
        CelKind.Timestamp => "google.protobuf.Timestamp",
        CelKind.Duration => "google.protobuf.Duration",
        _ => ToString(),
    };

    public override string ToString() => Kind switch
    {
        CelKind.Dyn => "dyn",
        CelKind.Error => "*error*",
        CelKind.Null => "null_type",
        CelKind.Bool => "bool",
        CelKind.Int => "int",
        CelKind.Uint => "uint",
        CelKind.Double => "double",
        CelKind.String => "string",
        CelKind.Bytes => "bytes",
        CelKind.Timestamp => "google.protobuf.Timestamp",
        CelKind.Duration => "google.protobuf.Duration",
        CelKind.List => $"list({Parameters[0]})",
        CelKind.Map => $"map({Parameters[0]}, {Parameters[1]})",
        CelKind.Type => $"type({Parameters[0]})",
        CelKind.Object => $"object({Name})",
        _ => Name ?? "?",
    };

    /// <summary>Structural equality of types (objects compare by identity: each schema node is its own type).</summary>
    internal bool SameAs(CelType other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Kind != other.Kind || Kind == CelKind.Object || Parameters.Count != other.Parameters.Count)
        {
            return false;
        }

        if (Kind == CelKind.TypeParam)
        {
            return Name == other.Name;
        }

        for (var i = 0; i < Parameters.Count; i++)
        {
            if (!Parameters[i].SameAs(other.Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a value of <paramref name="b"/> may stand where <paramref name="a"/> is expected, in either
    /// direction: <c>dyn</c> goes with everything, and <c>null</c> compares with everything.</summary>
    internal static bool Compatible(CelType a, CelType b)
    {
        if (a.IsDynOrError || b.IsDynOrError || a.Kind == CelKind.Null || b.Kind == CelKind.Null)
        {
            return true;
        }

        if (a.Kind == CelKind.Object || b.Kind == CelKind.Object)
        {
            var other = a.Kind == CelKind.Object ? b : a;
            return ReferenceEquals(a, b) || other.Kind == CelKind.Object
                || (other.Kind == CelKind.Map && Compatible(other.Parameters[0], String));
        }

        if (a.Kind != b.Kind || a.Parameters.Count != b.Parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Parameters.Count; i++)
        {
            if (!Compatible(a.Parameters[i], b.Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The common type of list elements or ternary branches: the type itself when all agree, else dyn.</summary>
    internal static CelType Join(CelType a, CelType b)
    {
        if (a.SameAs(b))
        {
            return a;
        }

        if (a.Kind == CelKind.Error || b.Kind == CelKind.Error)
        {
            return a.Kind == CelKind.Error ? b : a;
        }

        return Dyn;
    }
}
