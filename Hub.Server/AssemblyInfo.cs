// The Hub runs on Linux (Debian): it manages PostgreSQL processes and Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
