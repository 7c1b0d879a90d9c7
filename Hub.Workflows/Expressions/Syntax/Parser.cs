using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Recursive-descent parser for the CEL grammar (langdef "Syntax"). Every nested sub-expression (parentheses,
/// arguments, list and map elements, ternary branches, unary chains) counts against <c>maxDepth</c>, so hostile
/// nesting fails with a positioned error instead of exhausting the stack.</summary>
internal sealed partial class Parser
{
    private readonly List<Token> tokens;
    private readonly int maxDepth;
    private int index;
    private int depth;

    private Parser(string source, int maxDepth)
    {
        tokens = new Lexer(source).Tokenize();
        this.maxDepth = maxDepth;
    }

    private Token Current => tokens[index];

    internal static Expr Parse(string source, int maxDepth)
    {
        var parser = new Parser(source, maxDepth);
        var expr = parser.ParseExpr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new CelSyntaxException($"unexpected '{parser.Current.Text}'", parser.Current.Position);
        }

        return expr;
    }

    private Token Advance() => tokens[index++];

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        index++;
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            var found = Current.Kind == TokenKind.End ? "end of expression" : $"'{Current.Text}'";
            throw new CelSyntaxException($"expected {what} but found {found}", Current.Position);
        }

        return Advance();
    }

    private void Enter(int position)
    {
        if (++depth > maxDepth)
        {
            throw new CelSyntaxException($"expression nesting exceeds the limit of {maxDepth}", position);
        }
    }

    private Expr ParseExpr()
    {
        Enter(Current.Position);
        var condition = ParseOr();
        if (Current.Kind == TokenKind.Question)
        {
            var at = Advance().Position;
            var whenTrue = ParseOr();
            Expect(TokenKind.Colon, "':'");
            var whenFalse = ParseExpr();
            condition = new CallExpr(at, null, Operators.Conditional, [condition, whenTrue, whenFalse]);
        }

        depth--;
        return condition;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr)
        {
            var at = Advance().Position;
            left = new CallExpr(at, null, Operators.LogicalOr, [left, ParseAnd()]);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseRelation();
        while (Current.Kind == TokenKind.AndAnd)
        {
            var at = Advance().Position;
            left = new CallExpr(at, null, Operators.LogicalAnd, [left, ParseRelation()]);
        }

        return left;
    }

    private Expr ParseRelation()
    {
        var left = ParseAddition();
        while (true)
        {
            var op = Current.Kind switch
            {
                TokenKind.Less => Operators.Less,
                TokenKind.LessEqual => Operators.LessEquals,
                TokenKind.Greater => Operators.Greater,
                TokenKind.GreaterEqual => Operators.GreaterEquals,
                TokenKind.EqualEqual => Operators.Equal,
                TokenKind.BangEqual => Operators.NotEqual,
                TokenKind.In => Operators.In,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }

            var at = Advance().Position;
            left = new CallExpr(at, null, op, [left, ParseAddition()]);
        }
    }

    private Expr ParseAddition()
    {
        var left = ParseMultiplication();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = Advance();
            var op = token.Kind == TokenKind.Plus ? Operators.Add : Operators.Subtract;
            left = new CallExpr(token.Position, null, op, [left, ParseMultiplication()]);
        }

        return left;
    }

    private Expr ParseMultiplication()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var token = Advance();
            var op = token.Kind switch
            {
                TokenKind.Star => Operators.Multiply,
                TokenKind.Slash => Operators.Divide,
                _ => Operators.Modulo,
            };
            left = new CallExpr(token.Position, null, op, [left, ParseUnary()]);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Current.Kind == TokenKind.Bang)
        {
            var at = Advance().Position;
            Enter(at);
            var operand = ParseUnary();
            depth--;
            return new CallExpr(at, null, Operators.LogicalNot, [operand]);
        }

        if (Current.Kind == TokenKind.Minus)
        {
            var at = Advance().Position;

            // A minus directly before a numeric literal is part of it, so -9223372036854775808 is a valid int.
            if (Current.Kind is TokenKind.Int or TokenKind.Double && !IsMemberContinuation(index + 1))
            {
                var literal = Advance();
                return literal.Kind == TokenKind.Double
                    ? new LiteralExpr(at, new DoubleValue(-literal.Number))
                    : literal.Magnitude <= 9223372036854775808UL
                        ? new LiteralExpr(at, new IntValue(unchecked((long)(0UL - literal.Magnitude))))
                        : throw new CelSyntaxException($"integer literal '-{literal.Text}' is out of range", at);
            }

            Enter(at);
            var operand = ParseUnary();
            depth--;
            return new CallExpr(at, null, Operators.Negate, [operand]);
        }

        return ParseMember();
    }

    private bool IsMemberContinuation(int at) => tokens[at].Kind is TokenKind.Dot or TokenKind.LeftBracket;

    private Expr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                var at = Advance().Position;
                var name = Expect(TokenKind.Identifier, "a field or method name").Text;
                if (Current.Kind == TokenKind.LeftParen)
                {
                    var args = ParseArguments();
                    expr = ExpandReceiverMacro(at, expr, name, args) ?? new CallExpr(at, expr, name, args);
                }
                else
                {
                    expr = new SelectExpr(at, expr, name, false);
                }
            }
            else if (Current.Kind == TokenKind.LeftBracket)
            {
                var at = Advance().Position;
                var key = ParseExpr();
                Expect(TokenKind.RightBracket, "']'");
                expr = new CallExpr(at, null, Operators.Index, [expr, key]);
            }
            else
            {
                return expr;
            }
        }
    }

    private List<Expr> ParseArguments()
    {
        Expect(TokenKind.LeftParen, "'('");
        var args = new List<Expr>();
        if (!Accept(TokenKind.RightParen))
        {
            do
            {
                args.Add(ParseExpr());
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen, "')'");
        }

        return args;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int:
                Advance();
                return token.Magnitude <= long.MaxValue
                    ? new LiteralExpr(token.Position, new IntValue((long)token.Magnitude))
                    : throw new CelSyntaxException($"integer literal '{token.Text}' is out of range", token.Position);
            case TokenKind.Uint:
                Advance();
                return new LiteralExpr(token.Position, new UintValue(token.Magnitude));
            case TokenKind.Double:
                Advance();
                return new LiteralExpr(token.Position, new DoubleValue(token.Number));
            case TokenKind.String:
                Advance();
                return new LiteralExpr(token.Position, new StringValue(token.StringValue!));
            case TokenKind.Bytes:
                Advance();
                return new LiteralExpr(token.Position, new BytesValue(token.BytesValue!));
            case TokenKind.True or TokenKind.False:
                Advance();
                return new LiteralExpr(token.Position, BoolValue.Of(token.Kind == TokenKind.True));
            case TokenKind.Null:
                Advance();
                return new LiteralExpr(token.Position, NullValue.Instance);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseExpr();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.LeftBrace:
                return ParseMap();
            case TokenKind.Dot or TokenKind.Identifier:
                return ParseIdentifier();
            case TokenKind.End:
                throw new CelSyntaxException("unexpected end of expression", token.Position);
            default:
                throw new CelSyntaxException($"unexpected '{token.Text}'", token.Position);
        }
    }

    private Expr ParseIdentifier()
    {
        var start = Current.Position;

        // A leading dot names the root scope; there are no containers here, so it only marks the name as absolute.
        Accept(TokenKind.Dot);
        var token = Expect(TokenKind.Identifier, "an identifier");
        if (token.Quoted || Lexer.IsReserved(token.Text))
        {
            throw new CelSyntaxException($"reserved identifier '{token.Text}'", token.Position);
        }

        if (Current.Kind == TokenKind.LeftParen)
        {
            var args = ParseArguments();
            return ExpandGlobalMacro(start, token.Text, args) ?? new CallExpr(start, null, token.Text, args);
        }

        if (Current.Kind == TokenKind.LeftBrace)
        {
            throw new CelSyntaxException(
                $"message construction '{token.Text}{{…}}' is not supported: the Hub has no protobuf messages", Current.Position);
        }

        return new IdentExpr(start, token.Text);
    }

    private Expr ParseList()
    {
        var at = Advance().Position;
        var elements = new List<Expr>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            elements.Add(ParseExpr());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RightBracket, "']'");
        return new ListExpr(at, elements);
    }

    private Expr ParseMap()
    {
        var at = Advance().Position;
        var entries = new List<MapEntryExpr>();
        while (Current.Kind != TokenKind.RightBrace)
        {
            var keyAt = Current.Position;
            var key = ParseExpr();
            Expect(TokenKind.Colon, "':'");
            entries.Add(new MapEntryExpr(keyAt, key, ParseExpr()));
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }

        Expect(TokenKind.RightBrace, "'}'");
        return new MapExpr(at, entries);
    }
}
