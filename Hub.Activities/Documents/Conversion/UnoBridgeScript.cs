namespace Hub.Activities.Documents.Conversion;

/// <summary>
/// The Python program that drives one warm LibreOffice over its own UNO API (python3-uno, run by /usr/bin/python3):
/// it connects to the soffice process through a named pipe, then converts one document per line of JSON read from
/// stdin ({"in": path, "out": path}) and answers one line of JSON ({"ok": true} or {"ok": false, "error": …}).
/// Documents load hidden, read-only, with macros never executed and links never updated; the PDF export embeds
/// the fonts, including the standard 14 (writer_pdf_Export filter data EmbedStandardFonts).
/// </summary>
internal static class UnoBridgeScript
{
    public const string FileName = "hub_uno_bridge.py";

    public const string Source = """
        import json
        import sys
        import time

        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException


        def prop(name, value):
            p = PropertyValue()
            p.Name = name
            p.Value = value
            return p


        def connect(pipe, seconds):
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            deadline = time.monotonic() + seconds
            while True:
                try:
                    ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
                except NoConnectException:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)


        def convert(desktop, source, target):
            # MacroExecutionMode 0 = NEVER_EXECUTE, UpdateDocMode 0 = NO_UPDATE (no external links fetched).
            load = (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0))
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load)
            if doc is None:
                raise RuntimeError("LibreOffice could not open the document")
            try:
                data = uno.Any("[]com.sun.star.beans.PropertyValue", (
                    prop("EmbedStandardFonts", True),
                    prop("UseTaggedPDF", True),
                    prop("ExportFormFields", False),
                ))
                store = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", data))
                uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(target), store))
            finally:
                doc.close(True)


        def reply(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()


        def main():
            try:
                desktop = connect(sys.argv[1], float(sys.argv[2]))
            except Exception as e:
                reply({"ok": False, "error": "cannot reach LibreOffice: %s" % (getattr(e, "Message", "") or e)})
                return 1
            reply({"ok": True, "ready": True})
            for line in sys.stdin:
                request = json.loads(line)
                try:
                    convert(desktop, request["in"], request["out"])
                    reply({"ok": True})
                except Exception as e:
                    reply({"ok": False, "error": "%s: %s" % (type(e).__name__, getattr(e, "Message", "") or e)})
            return 0


        sys.exit(main())
        """;
}
