namespace Hub.Workflows.Expressions.Types;

/// <summary>The signatures of the supported standard functions (langdef "Standard definitions"), for the checker.
/// The evaluator dispatches on runtime values and must agree with this table.</summary>
internal static class StandardDeclarations
{
    private static readonly CelType A = CelType.Param("A");
    private static readonly CelType B = CelType.Param("B");

    internal static readonly IReadOnlyDictionary<string, CelType> TypeNames = new Dictionary<string, CelType>
    {
        ["int"] = CelType.Int,
        ["uint"] = CelType.Uint,
        ["double"] = CelType.Double,
        ["bool"] = CelType.Bool,
        ["string"] = CelType.String,
        ["bytes"] = CelType.Bytes,
        ["null_type"] = CelType.Null,
        ["dyn"] = CelType.Dyn,
        ["list"] = CelType.ListOf(CelType.Dyn),
        ["map"] = CelType.MapOf(CelType.Dyn, CelType.Dyn),
        ["type"] = CelType.TypeOf(CelType.Dyn),
        ["google.protobuf.Timestamp"] = CelType.Timestamp,
        ["google.protobuf.Duration"] = CelType.Duration,
    };

    internal static readonly ILookup<string, Overload> ByName = Build().ToLookup(o => o.Function);

    private static IEnumerable<Overload> Build()
    {
        static Overload G(string f, CelType result, params CelType[] p) => new(f, false, p, result);
        static Overload R(string f, CelType result, params CelType[] p) => new(f, true, p, result);

        CelType[] ordered = [CelType.Int, CelType.Uint, CelType.Double, CelType.String, CelType.Bytes, CelType.Bool, CelType.Timestamp, CelType.Duration];
        CelType[] numbers = [CelType.Int, CelType.Uint, CelType.Double];
        foreach (var op in new[] { "_<_", "_<=_", "_>_", "_>=_" })
        {
            foreach (var t in ordered)
            {
                yield return G(op, CelType.Bool, t, t);
            }

            // Cross-type numeric ordering (langdef "Numbers": comparisons across int, uint and double).
            foreach (var l in numbers)
            {
                foreach (var r in numbers.Where(r => r != l))
                {
                    yield return G(op, CelType.Bool, l, r);
                }
            }
        }

        yield return G("_==_", CelType.Bool, A, A);
        yield return G("_!=_", CelType.Bool, A, A);
        yield return G("_&&_", CelType.Bool, CelType.Bool, CelType.Bool);
        yield return G("_||_", CelType.Bool, CelType.Bool, CelType.Bool);
        yield return G("!_", CelType.Bool, CelType.Bool);
        yield return G("_?_:_", A, CelType.Bool, A, A);
        yield return G("-_", CelType.Int, CelType.Int);
        yield return G("-_", CelType.Double, CelType.Double);
        foreach (var t in numbers)
        {
            yield return G("_+_", t, t, t);
            yield return G("_-_", t, t, t);
            yield return G("_*_", t, t, t);
            yield return G("_/_", t, t, t);
        }

        yield return G("_%_", CelType.Int, CelType.Int, CelType.Int);
        yield return G("_%_", CelType.Uint, CelType.Uint, CelType.Uint);
        yield return G("_+_", CelType.String, CelType.String, CelType.String);
        yield return G("_+_", CelType.Bytes, CelType.Bytes, CelType.Bytes);
        yield return G("_+_", CelType.ListOf(A), CelType.ListOf(A), CelType.ListOf(A));
        yield return G("_+_", CelType.Timestamp, CelType.Timestamp, CelType.Duration);
        yield return G("_+_", CelType.Timestamp, CelType.Duration, CelType.Timestamp);
        yield return G("_+_", CelType.Duration, CelType.Duration, CelType.Duration);
        yield return G("_-_", CelType.Duration, CelType.Timestamp, CelType.Timestamp);
        yield return G("_-_", CelType.Timestamp, CelType.Timestamp, CelType.Duration);
        yield return G("_-_", CelType.Duration, CelType.Duration, CelType.Duration);
        yield return G("_[_]", A, CelType.ListOf(A), CelType.Int);
        yield return G("_[_]", B, CelType.MapOf(A, B), A);
        yield return G("@in", CelType.Bool, A, CelType.ListOf(A));
        yield return G("@in", CelType.Bool, A, CelType.MapOf(A, B));

        foreach (var t in new[] { CelType.String, CelType.Bytes, CelType.ListOf(A), CelType.MapOf(A, B) })
        {
            yield return G("size", CelType.Int, t);
            yield return R("size", CelType.Int, t);
        }

        foreach (var f in new[] { "contains", "startsWith", "endsWith", "matches" })
        {
            yield return R(f, CelType.Bool, CelType.String, CelType.String);
        }

        yield return G("matches", CelType.Bool, CelType.String, CelType.String);

        foreach (var f in new[] { "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek" })
        {
            yield return R(f, CelType.Int, CelType.Timestamp);
            yield return R(f, CelType.Int, CelType.Timestamp, CelType.String);
        }

        foreach (var f in new[] { "getHours", "getMinutes", "getSeconds", "getMilliseconds" })
        {
            yield return R(f, CelType.Int, CelType.Timestamp);
            yield return R(f, CelType.Int, CelType.Timestamp, CelType.String);
            yield return R(f, CelType.Int, CelType.Duration);
        }

        foreach (var t in new[] { CelType.Int, CelType.Uint, CelType.Double, CelType.String, CelType.Timestamp, CelType.Duration })
        {
            yield return G("int", CelType.Int, t);
        }

        foreach (var t in new[] { CelType.Int, CelType.Uint, CelType.Double, CelType.String })
        {
            yield return G("uint", CelType.Uint, t);
            yield return G("double", CelType.Double, t);
        }

        foreach (var t in new[] { CelType.Int, CelType.Uint, CelType.Double, CelType.Bool, CelType.String, CelType.Bytes, CelType.Timestamp, CelType.Duration })
        {
            yield return G("string", CelType.String, t);
        }

        yield return G("bytes", CelType.Bytes, CelType.Bytes);
        yield return G("bytes", CelType.Bytes, CelType.String);
        yield return G("bool", CelType.Bool, CelType.Bool);
        yield return G("bool", CelType.Bool, CelType.String);
        yield return G("dyn", CelType.Dyn, A);
        yield return G("type", CelType.TypeOf(A), A);
        yield return G("timestamp", CelType.Timestamp, CelType.Timestamp);
        yield return G("timestamp", CelType.Timestamp, CelType.String);
        yield return G("timestamp", CelType.Timestamp, CelType.Int);
        yield return G("duration", CelType.Duration, CelType.Duration);
        yield return G("duration", CelType.Duration, CelType.String);
    }
}
