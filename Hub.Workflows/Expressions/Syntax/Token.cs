namespace Hub.Workflows.Expressions.Syntax;

internal enum TokenKind
{
    End,
    Identifier,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    True,
    False,
    Null,
    In,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Dot,
    Comma,
    Colon,
    Question,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    AndAnd,
    OrOr,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

/// <summary>A lexical token. Integer literals keep their magnitude in <see cref="Magnitude"/> so the parser can accept
/// <c>-9223372036854775808</c>; strings and bytes keep their decoded value.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text)
{
    internal ulong Magnitude { get; init; }
    internal double Number { get; init; }
    internal string? StringValue { get; init; }
    internal byte[]? BytesValue { get; init; }

    /// <summary>A field name written in backticks, which may only follow a dot.</summary>
    internal bool Quoted { get; init; }
}
