"""LanguageTool on this machine: found or fetched, started, supervised, stopped.

- `installation`: which LanguageTool is installed and where (ours from Maven Central, or the
  one language-tool-python downloaded).
- `install`: fetches it with `mvn` and builds the class-data archive (`cds`).
- `java`: finds a Java 17+.
- `process`: one JVM that we start and stop; it dies with its parent (a death pipe).
- `shared`: the command line's shared server: find it, start it on demand, stop it, its state.
- `supervisor`: the process that owns the shared server's JVM, restarts it, stops it when idle.
- `wire`: HTTP to a server with a deadline on the whole answer and a size limit.
- `status`: what `doctor` and `languagetool status` report.

Checking texts is `letterwriter.grammar`'s job; this package never parses a check's answer.
"""
