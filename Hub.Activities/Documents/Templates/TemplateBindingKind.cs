namespace Hub.Activities.Documents.Templates;

/// <summary>What a content-control tag or merge text asks of the renderer.</summary>
internal enum TemplateBindingKind
{
    /// <summary>Replace the content with a formatted value: tag <c>path|format</c> or <c>field:path|format</c>, or merge
    /// text <c>{{path|format}}</c>.</summary>
    Field,

    /// <summary>Copy the content once per list element: tag <c>repeat:path</c>.</summary>
    Repeat,

    /// <summary>Keep the content only when a CEL condition is true: tag <c>if:expression</c>.</summary>
    If,

    /// <summary>Replace the picture inside the content with image bytes from data: tag <c>image:path</c>.</summary>
    Image,
}
