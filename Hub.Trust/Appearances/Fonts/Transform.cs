namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// An affine map <c>x' = A·x + C·y + E, y' = B·x + D·y + F</c>, the matrix convention of both TrueType composites
/// (OpenType 'glyf') and PDF (ISO 32000-1 §8.3.3).
/// </summary>
internal readonly record struct Transform(double A, double B, double C, double D, double E, double F)
{
    public static Transform Identity { get; } = new(1, 0, 0, 1, 0, 0);

    public (double X, double Y) Apply(double x, double y) => ((A * x) + (C * y) + E, (B * x) + (D * y) + F);

    /// <summary>Translates by (<paramref name="dx"/>, <paramref name="dy"/>) first, then applies this transform.</summary>
    public Transform Then(double dx, double dy) => this with { E = (A * dx) + (C * dy) + E, F = (B * dx) + (D * dy) + F };

    public (double X, double Y) Invert(double x, double y)
    {
        var determinant = (A * D) - (B * C);
        if (Math.Abs(determinant) < 1e-12)
        {
            throw new InvalidDataException("A composite glyph's component transform is singular, so its matched points cannot be placed.");
        }

        var (u, v) = (x - E, y - F);
        return (((D * u) - (C * v)) / determinant, ((A * v) - (B * u)) / determinant);
    }
}
